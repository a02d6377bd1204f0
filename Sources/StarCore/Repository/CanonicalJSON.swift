/// The one JSON writer: sorted keys (by code point), two-space indent, trailing newline, no escaped slashes.
/// Re-running a command on unchanged input therefore changes no byte. Writes UTF-8 bytes directly: it is
/// on the path of every compile and every record.
public enum CanonicalJSON {
    public static func data(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(value, indent: 0, into: &out)
        out.append(0x0A)
        return out
    }

    public static func string(_ value: JSONValue) -> String {
        String(decoding: data(value), as: UTF8.self)
    }

    static func write(_ value: JSONValue, indent: Int, into out: inout [UInt8]) {
        switch value {
        case .null: out += "null".utf8
        case .bool(let b): out += (b ? "true" : "false").utf8
        case .int(let i): out += String(i).utf8
        case .double(let d): out += (d.isFinite ? formatDouble(d) : "null").utf8
        case .string(let s): writeString(s, into: &out)
        case .array(let items):
            if items.isEmpty {
                out += "[]".utf8
                return
            }
            out += "[\n".utf8
            for (index, item) in items.enumerated() {
                spaces(indent + 2, &out)
                write(item, indent: indent + 2, into: &out)
                out += (index == items.count - 1 ? "\n" : ",\n").utf8
            }
            spaces(indent, &out)
            out.append(UInt8(ascii: "]"))
        case .object(let fields):
            if fields.isEmpty {
                out += "{}".utf8
                return
            }
            out += "{\n".utf8
            // UTF-8 byte order is code point order.
            let keys = fields.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, key) in keys.enumerated() {
                spaces(indent + 2, &out)
                writeString(key, into: &out)
                out += ": ".utf8
                write(fields[key]!, indent: indent + 2, into: &out)
                out += (index == keys.count - 1 ? "\n" : ",\n").utf8
            }
            spaces(indent, &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func spaces(_ count: Int, _ out: inout [UInt8]) {
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count))
    }

    static func formatDouble(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 9e15 { return String(Int(d)) }
        return "\(d)"
    }

    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += "\\\"".utf8
            case UInt8(ascii: "\\"): out += "\\\\".utf8
            case 0x0A: out += "\\n".utf8
            case 0x0D: out += "\\r".utf8
            case 0x09: out += "\\t".utf8
            case 0x08: out += "\\b".utf8
            case 0x0C: out += "\\f".utf8
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += "\\u00".utf8
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
