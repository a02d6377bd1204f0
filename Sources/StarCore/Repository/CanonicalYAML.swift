/// The one YAML writer for files star creates (factories, buyers, plans, consents): sorted keys, two-space
/// indent, trailing newline, and every string double-quoted, so `NO`, `yes` or `2026-03-14` can never be
/// re-read as anything but the text written.
public enum CanonicalYAML {
    public static func string(_ value: JSONValue, header: String? = nil) -> String {
        var out = header.map { $0.split(separator: "\n", omittingEmptySubsequences: false).map { "# \($0)" }.joined(separator: "\n") + "\n" } ?? ""
        write(value, indent: 0, into: &out)
        return out
    }

    static func write(_ value: JSONValue, indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        switch value {
        case .object(let fields) where !fields.isEmpty:
            for key in fields.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                let child = fields[key]!
                out += "\(pad)\(key):"
                if child.isBlock {
                    out += "\n"
                    write(child, indent: indent + 2, into: &out)
                } else {
                    out += " \(scalar(child))\n"
                }
            }
        case .array(let items) where !items.isEmpty:
            for item in items {
                if item.isBlock {
                    // A mapping inside a list: first key on the dash line.
                    var nested = ""
                    write(item, indent: indent + 2, into: &nested)
                    out += pad + "- " + nested.dropFirst(indent + 2)
                } else {
                    out += "\(pad)- \(scalar(item))\n"
                }
            }
        default:
            out += "\(pad)\(scalar(value))\n"
        }
    }

    static func scalar(_ value: JSONValue) -> String {
        switch value {
        case .null: "~"
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .double(let d): CanonicalJSON.formatDouble(d)
        case .string(let s): quoted(s)
        case .array: "[]"
        case .object: "{}"
        }
    }

    /// A double-quoted YAML string (JSON escapes are valid YAML double-quoted escapes).
    public static func quoted(_ s: String) -> String {
        var bytes: [UInt8] = []
        CanonicalJSON.writeString(s, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension JSONValue {
    fileprivate var isBlock: Bool {
        switch self {
        case .object(let fields): !fields.isEmpty
        case .array(let items): !items.isEmpty
        default: false
        }
    }
}
