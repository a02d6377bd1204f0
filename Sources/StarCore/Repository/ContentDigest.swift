import Crypto

/// `sha256:<hex>` digests. Compiled questionnaires and final records carry one over their canonical JSON
/// without the digest field, so a changed byte is noticed.
public enum ContentDigest {
    public static func of(_ value: JSONValue) -> String {
        of(bytes: CanonicalJSON.data(value))
    }

    public static func of<Bytes: Sequence<UInt8>>(bytes: Bytes) -> String {
        of(parts: [Array(bytes)[...]])
    }

    /// The digest of the parts one after the other, without joining them first.
    public static func of(parts: [ArraySlice<UInt8>]) -> String {
        var hasher = SHA256()
        for part in parts { part.withUnsafeBytes { hasher.update(bufferPointer: $0) } }
        return "sha256:" + hex(hasher.finalize())
    }

    static func hex<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
