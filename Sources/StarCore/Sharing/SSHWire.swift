/// The SSH wire encoding (RFC 4251 section 5) that OpenSSH keys and signatures are made of: a `string` is a
/// big-endian uint32 length and that many bytes.
enum SSHWire {
    static func uint32(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    static func string(_ bytes: [UInt8]) -> [UInt8] {
        uint32(UInt32(bytes.count)) + bytes
    }

    static func string(_ text: String) -> [UInt8] {
        string(Array(text.utf8))
    }

    /// Reads fields in order; every read past the end is a refusal naming the field (`what`) and `context`.
    struct Reader {
        private let bytes: [UInt8]
        private var offset = 0
        /// What is being read, for messages: "the signature", "the public key".
        let context: String

        init(_ bytes: [UInt8], context: String) {
            self.bytes = bytes
            self.context = context
        }

        var isAtEnd: Bool { offset == bytes.count }
        var remaining: Int { bytes.count - offset }

        mutating func fixed(_ count: Int, _ what: String) throws(ConsentSigningError) -> [UInt8] {
            guard remaining >= count else { throw ConsentSigningError("\(context) is cut short: it ends inside its \(what)") }
            defer { offset += count }
            return Array(bytes[offset..<offset + count])
        }

        mutating func uint32(_ what: String) throws(ConsentSigningError) -> UInt32 {
            let b = try fixed(4, what)
            return UInt32(b[0]) << 24 | UInt32(b[1]) << 16 | UInt32(b[2]) << 8 | UInt32(b[3])
        }

        mutating func string(_ what: String) throws(ConsentSigningError) -> [UInt8] {
            let count = try uint32(what)
            guard Int(count) <= remaining else {
                throw ConsentSigningError("\(context) is cut short: its \(what) claims \(count) bytes, only \(remaining) follow")
            }
            return try fixed(Int(count), what)
        }

        /// A string field that must be printable text (a key type, a namespace, a hash name).
        mutating func text(_ what: String) throws(ConsentSigningError) -> String {
            let raw = try string(what)
            guard let text = String(validating: raw, as: UTF8.self), text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else {
                throw ConsentSigningError("\(context) has a \(what) that is not printable text")
            }
            return text
        }

        func expectEnd() throws(ConsentSigningError) {
            guard isAtEnd else {
                throw ConsentSigningError("\(context) has \(remaining) trailing bytes after its last field; star reads only exactly formed signatures and keys")
            }
        }
    }
}
