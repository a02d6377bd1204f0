import StarCore
import Testing

/// The error `JSONParser` reports for `text`, as `line:column: message`, or nil when it parses.
private func parseError(_ text: String) -> String? {
    do {
        _ = try JSONParser.parse(text)
        return nil
    } catch {
        return "\(error.line):\(error.column): \(error.message)"
    }
}

@Suite struct JSONParserTests {
    @Test func parsesEveryKindOfValue() throws {
        #expect(
            try JSONParser.parse(#" {"a": [1, -2.5, 1e2, true, false, null, "s"], "b": {}} "#)
                == .object([
                    "a": .array([.int(1), .double(-2.5), .double(100), .bool(true), .bool(false), .null, .string("s")]),
                    "b": .object([:]),
                ]))
    }

    @Test func integersStayIntegers() throws {
        #expect(try JSONParser.parse("61") == .int(61))
        #expect(try JSONParser.parse("61.0") == .double(61))
    }

    @Test func truncatedObjectIsReportedAtTheEnd() {
        #expect(parseError("{\n  \"a\": 1,\n  \"b\": [1, 2") == "3:13: unexpected end of file in an array")
    }

    @Test func truncatedStringIsReported() {
        #expect(parseError("{\"a\": \"abc") == "1:11: unterminated string")
    }

    @Test func emptyInputIsReported() {
        #expect(parseError("") == "1:1: unexpected end of file")
    }

    @Test func duplicateKeyIsReported() {
        #expect(parseError("{\"a\": 1,\n \"a\": 2}") == "2:7: duplicate key \"a\"")
    }

    @Test func badEscapeIsReported() {
        #expect(parseError(#"["ok", "a\x"]"#) == #"1:12: invalid escape in a string"#)
    }

    @Test func badUnicodeEscapeIsReported() {
        #expect(parseError(#""\u12G4""#) == #"1:6: invalid \u escape"#)
    }

    @Test func surrogatePairIsOneCharacter() throws {
        #expect(try JSONParser.parse(#""\ud83d\ude00 \u00e9""#) == .string("😀 é"))
    }

    @Test func loneHighSurrogateIsRejected() {
        #expect(parseError(#""\ud83d x""#) == "1:8: unpaired surrogate in a string")
    }

    @Test func loneLowSurrogateIsRejected() {
        #expect(parseError(#""\ude00""#) == #"1:8: invalid \u escape"#)
    }

    @Test func controlCharacterInAStringIsRejected() {
        #expect(parseError("\"a\tb\"") == "1:3: control character in a string")
    }

    @Test func columnsCountCharactersNotBytes() {
        #expect(parseError("{\"é\": 1 2}") == "1:9: expected ',' or '}' in an object")
    }

    @Test func trailingDataIsRejected() {
        #expect(parseError("{} {}") == "1:4: unexpected data after the JSON value")
    }

    @Test func trailingCommaIsRejected() {
        #expect(parseError("[1, 2,]") == "1:7: unexpected character ']'")
    }

    @Test func leadingZeroIsRejected() {
        #expect(parseError("012") == "1:2: unexpected data after the JSON value")
    }

    @Test func malformedNumbersAreRejected() {
        #expect(parseError("-") == "1:2: invalid number")
        #expect(parseError("1.") == "1:3: invalid number")
        #expect(parseError("1e+") == "1:4: invalid number")
    }

    @Test func misspeltLiteralIsRejected() {
        #expect(parseError("[tru]") == "1:2: invalid literal")
    }

    @Test func unquotedKeyIsRejected() {
        #expect(parseError("{a: 1}") == "1:2: expected a quoted key")
    }

    @Test func deepNestingIsRejected() {
        #expect(parseError(String(repeating: "[", count: 201) + String(repeating: "]", count: 201)) == "1:201: nesting too deep")
    }
}
