/// A strict JSON parser over UTF-8 bytes. Errors carry a 1-based line and column so a truncated or
/// hand-edited record is reported where it breaks.
public struct JSONParseError: Error, Sendable, Equatable {
    public var message: String
    public var line: Int
    public var column: Int
}

/// Eight bytes at a time, as one integer: comparing the ids of a record with those of its questionnaire, a
/// word per step instead of a byte.
enum ByteWord {
    static let highs: UInt64 = 0x8080_8080_8080_8080
    static let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    /// The eight bytes at `offset`, the first in the lowest bits.
    @inline(__always)
    static func load(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + offset).loadUnaligned(as: UInt64.self))
    }

    /// The number of bytes before the first byte of `x` that is not zero (8 when all are).
    @inline(__always)
    static func firstNonZero(_ x: UInt64) -> Int {
        // The high bit of each non-zero byte, without a carry from one byte into the next.
        let nonZero = (((x & lows) &+ lows) | x) & highs
        return nonZero.trailingZeroBitCount / 8
    }
}

/// The order of two byte strings (negative, zero, positive), as memcmp and then the shorter first; done in
/// place, a word at a time, because calling memcmp costs more than comparing the dozen bytes of a question id.
@inline(__always)
func compareBytes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
    let common = min(a.count, b.count)
    var offset = 0
    while offset + 8 <= common {
        let x = ByteWord.load(a, offset)
        let y = ByteWord.load(b, offset)
        if x != y {
            let first = ByteWord.firstNonZero(x ^ y)
            return Int(a[offset + first]) - Int(b[offset + first])
        }
        offset += 8
    }
    while offset < common {
        if a[offset] != b[offset] { return Int(a[offset]) - Int(b[offset]) }
        offset += 1
    }
    return a.count - b.count
}

/// Whether two byte strings are equal, compared a word at a time.
@inline(__always)
func bytesEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard a.count == b.count else { return false }
    var offset = 0
    while offset + 8 <= a.count {
        if ByteWord.load(a, offset) != ByteWord.load(b, offset) { return false }
        offset += 8
    }
    while offset < a.count {
        if a[offset] != b[offset] { return false }
        offset += 1
    }
    return true
}

/// Reads through an unsafe buffer: `star validate` parses every record of a repository, and array
/// bounds checks and copy-on-write checks on every byte cost more than the parsing itself.
public struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        let result = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONParseError) in try parse(buffer) }
        }
        return try result.get()
    }

    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    static func parse(_ buffer: UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser(bytes: buffer)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        try parser.expectEnd()
        return value
    }

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    func error(_ message: String) -> JSONParseError {
        var line = 1
        var column = 1
        for byte in UnsafeBufferPointer(rebasing: bytes[..<min(index, bytes.count)]) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return JSONParseError(message: message, line: line, column: column)
    }

    /// Only whitespace may follow the value.
    mutating func expectEnd() throws(JSONParseError) {
        skipWhitespace()
        if index != bytes.count { throw error("unexpected data after the JSON value") }
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// The next byte, when there is one.
    var next: UInt8? { index < bytes.count ? bytes[index] : nil }

    // For readers of one known shape of document (RecordDocument), which fall back to the general parser when
    // the document has another shape.

    /// Steps over `byte` when it is next.
    @inline(__always)
    mutating func skip(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Steps over `text` when it comes next, byte for byte.
    @inline(__always)
    mutating func skip(_ text: StaticString) -> Bool {
        let expected = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        guard index + expected.count <= bytes.count,
            bytesEqual(UnsafeBufferPointer(rebasing: bytes[index..<index + expected.count]), expected)
        else { return false }
        index += expected.count
        return true
    }

    /// The bytes between the quotes of the string that comes next, when it is printable ASCII without escapes.
    mutating func plainASCIIString() -> Range<Int>? {
        guard skip(UInt8(ascii: "\"")) else { return nil }
        let start = index
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                index += 1
                return start..<index - 1
            case UInt8(ascii: "\\"), 0..<0x20, 0x80...: return nil
            default: index += 1
            }
        }
        return nil
    }

    /// Whether the bytes of `a` come before those of `b`.
    @inline(__always)
    func precedes(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        compareBytes(UnsafeBufferPointer(rebasing: bytes[a]), UnsafeBufferPointer(rebasing: bytes[b])) < 0
    }

    mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth < 200 else { throw error("nesting too deep") }
        guard index < bytes.count else { throw error("unexpected end of file") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectWord("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectWord("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectWord("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("unexpected character '\(String(decoding: [bytes[index]], as: UTF8.self))'")
        }
    }

    private mutating func expectWord(_ word: StaticString) throws(JSONParseError) {
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard index + expected.count <= bytes.count, bytes[index..<index + expected.count].elementsEqual(expected) else {
            throw error("invalid literal")
        }
        index += expected.count
    }

    private mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
        var fields: [String: JSONValue] = [:]
        try readObject(isRepeated: { fields[$0] != nil }) { parser, key throws(JSONParseError) in
            fields[key] = try parser.parseValue(depth: depth + 1)
        }
        return .object(fields)
    }

    /// Reads the object that starts at the parser, member by member: `member` is called with each key when the
    /// parser stands at its value, and must read that value (at depth + 1). `isRepeated` is asked first, so a
    /// repeated key is reported where its value starts. Lets a caller keep the members in its own form.
    mutating func readObject(
        isRepeated: (String) -> Bool,
        member: (inout JSONParser, String) throws(JSONParseError) -> Void
    ) throws(JSONParseError) {
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of file in an object") }
            guard bytes[index] == UInt8(ascii: "\"") else { throw error("expected a quoted key") }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after key \"\(key)\"") }
            index += 1
            skipWhitespace()
            if isRepeated(key) { throw error("duplicate key \"\(key)\"") }
            try member(&self, key)
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of file in an object") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return
            }
            throw error("expected ',' or '}' in an object")
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
        index += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            items.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of file in an array") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(items)
            }
            throw error("expected ',' or ']' in an array")
        }
    }

    mutating func parseString() throws(JSONParseError) -> String {
        index += 1
        let start = index
        // Fast path: no escapes. UTF-8 is validated in the same scan: a strict parser refuses what
        // String(decoding:) would turn into U+FFFD.
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= 0x80 {
                try stepOverMultibyteCharacter()
                continue
            }
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            index += 1
        }
        guard index < bytes.count else { throw error("unterminated string") }
        if bytes[index] == UInt8(ascii: "\"") {
            defer { index += 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        }
        var scalars = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: scalars, as: UTF8.self)
            }
            if byte < 0x20 { throw error("control character in a string") }
            if byte >= 0x80 {
                let start = index
                try stepOverMultibyteCharacter()
                scalars.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                continue
            }
            if byte != UInt8(ascii: "\\") {
                scalars.append(byte)
                index += 1
                continue
            }
            index += 1
            guard index < bytes.count else { break }
            let escaped = bytes[index]
            index += 1
            switch escaped {
            case UInt8(ascii: "\""): scalars.append(0x22)
            case UInt8(ascii: "\\"): scalars.append(0x5C)
            case UInt8(ascii: "/"): scalars.append(0x2F)
            case UInt8(ascii: "b"): scalars.append(0x08)
            case UInt8(ascii: "f"): scalars.append(0x0C)
            case UInt8(ascii: "n"): scalars.append(0x0A)
            case UInt8(ascii: "r"): scalars.append(0x0D)
            case UInt8(ascii: "t"): scalars.append(0x09)
            case UInt8(ascii: "u"):
                var code = try parseHex4()
                if (0xD800..<0xDC00).contains(code) {
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                        throw error("unpaired surrogate in a string")
                    }
                    index += 2
                    let low = try parseHex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate in a string") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape") }
                scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
            default: throw error("invalid escape in a string")
            }
        }
        throw error("unterminated string")
    }

    /// Steps over the character of two to four bytes that starts at the parser, refusing anything that is
    /// not well-formed UTF-8 (a stray continuation byte, a truncated or overlong sequence, a surrogate, a
    /// code point above U+10FFFF), located at the byte where it starts.
    private mutating func stepOverMultibyteCharacter() throws(JSONParseError) {
        let lead = bytes[index]
        let count: Int
        let second: ClosedRange<UInt8>
        switch lead {
        case 0xC2...0xDF: (count, second) = (2, 0x80...0xBF)
        case 0xE0: (count, second) = (3, 0xA0...0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (count, second) = (3, 0x80...0xBF)
        case 0xED: (count, second) = (3, 0x80...0x9F)
        case 0xF0: (count, second) = (4, 0x90...0xBF)
        case 0xF1...0xF3: (count, second) = (4, 0x80...0xBF)
        case 0xF4: (count, second) = (4, 0x80...0x8F)
        default: throw error("invalid UTF-8 in a string (byte 0x\(String(lead, radix: 16, uppercase: true)))")
        }
        guard index + count <= bytes.count, second.contains(bytes[index + 1]),
            (2..<count).allSatisfy({ bytes[index + $0] & 0xC0 == 0x80 })
        else {
            throw error("invalid UTF-8 in a string (byte 0x\(String(lead, radix: 16, uppercase: true)) begins a sequence that is cut short or malformed)")
        }
        index += count
    }

    private mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid \\u escape")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    private func isDigit(_ index: Int) -> Bool {
        index < bytes.count && bytes[index] &- UInt8(ascii: "0") < 10
    }

    private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = index
        var isInteger = true
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard isDigit(index) else { throw error("invalid number") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            let digits = index
            while isDigit(index) { index += 1 }
            guard index > digits else { throw error("invalid number") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            let digits = index
            while isDigit(index) { index += 1 }
            guard index > digits else { throw error("invalid number") }
        }
        if isInteger, let value = integer(start..<index) { return .int(value) }
        guard let value = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)) else {
            throw error("invalid number")
        }
        return .double(value)
    }

    /// The value of an optional minus and digits, without making a String; nil when it does not fit an Int
    /// (it is then read as a Double).
    private func integer(_ range: Range<Int>) -> Int? {
        var position = range.lowerBound
        let negative = bytes[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        var value = 0
        while position < range.upperBound {
            let digit = Int(bytes[position] &- UInt8(ascii: "0"))
            let (shifted, overflowShift) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowAdd) = negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            if overflowShift || overflowAdd { return nil }
            value = next
            position += 1
        }
        return value
    }
}
