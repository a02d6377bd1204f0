extension RecordDocument {
    /// Where each of `keys` is written in a record file, found in one scan of its bytes, shallowest first: a
    /// top-level key of a canonical record (`"key":` two spaces into a line), then one nested once (four
    /// spaces: an answer's question id), then the first `"key":` anywhere. Line 1 for a key not found.
    static func locations(of keys: [String], in bytes: [UInt8], file: String) -> [SourceLocation] {
        let wanted = keys.map { Array($0.utf8) }
        // For each key: its best place so far (rank 0 two spaces in, 1 four spaces in, 2 anywhere).
        var found = [(rank: Int, line: Int, column: Int)?](repeating: nil, count: keys.count)
        var settled = 0
        bytes.withUnsafeBufferPointer { bytes in
            var line = 1
            var lineStart = 0
            // The last quote seen, with its line and column: a key is a quote, the key's bytes, a quote and ':'.
            var opening: (at: Int, line: Int, column: Int)?
            var index = 0
            while index < bytes.count, settled < keys.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\n") {
                    line += 1
                    lineStart = index + 1
                } else if byte == UInt8(ascii: "\"") {
                    if let start = opening, index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: ":") {
                        let written = UnsafeBufferPointer(rebasing: bytes[start.at + 1..<index])
                        for slot in wanted.indices where wanted[slot].count == written.count && (found[slot]?.rank ?? 3) > 0 {
                            guard wanted[slot].withUnsafeBufferPointer({ bytesEqual($0, written) }) else { continue }
                            let rank = Self.indentRank(before: start.at, in: bytes)
                            if rank < (found[slot]?.rank ?? 3) {
                                found[slot] = (rank, start.line, start.column)
                                if rank == 0 { settled += 1 }
                            }
                        }
                    }
                    opening = (index, line, index - lineStart + 1)
                }
                index += 1
            }
        }
        return found.map { place in place.map { SourceLocation(file: file, line: $0.line, column: $0.column) } ?? SourceLocation(file: file) }
    }

    /// 0 when the quote at `quote` follows a line break and exactly two spaces, 1 after exactly four, else 2.
    private static func indentRank(before quote: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var spaces = 0
        while spaces < quote, bytes[quote - 1 - spaces] == UInt8(ascii: " ") { spaces += 1 }
        guard spaces < quote, bytes[quote - 1 - spaces] == UInt8(ascii: "\n") else { return 2 }
        return spaces == 2 ? 0 : spaces == 4 ? 1 : 2
    }
}
