import Testing

@testable import StarCore

/// JSONParser is strict: a string that is not well-formed UTF-8 is refused where it breaks, never read as
/// U+FFFD, and the record readers built on it refuse the same bytes the same way.
@Suite struct JSONParserUTF8Tests {
    private func error(_ bytes: [UInt8]) -> String? {
        do {
            _ = try JSONParser.parse(bytes)
            return nil
        } catch {
            return "\(error.line):\(error.column): \(error.message)"
        }
    }

    private func string(_ inside: [UInt8]) -> [UInt8] { Array("{\n  \"note\": \"ab".utf8) + inside + Array("cd\"\n}".utf8) }

    @Test func wellFormedCharactersOfEveryLengthAreRead() throws {
        #expect(try JSONParser.parse(Array("\"é ត្រួត 𝄞 \\u00e9\"".utf8)) == .string("é ត្រួត 𝄞 é"))
    }

    @Test func aStrayOrMalformedByteIsRefusedWhereItIs() {
        #expect(error(string([0xFF])) == "2:14: invalid UTF-8 in a string (byte 0xFF)")
        #expect(error(string([0x80])) == "2:14: invalid UTF-8 in a string (byte 0x80)")
        #expect(error(string([0xC0, 0xAF])) == "2:14: invalid UTF-8 in a string (byte 0xC0)")
        let cut = "invalid UTF-8 in a string (byte 0xE2 begins a sequence that is cut short or malformed)"
        #expect(error(string([0xE2, 0x82])) == "2:14: \(cut)")
        // After an escape the slow path validates the same way.
        #expect(error(Array("\"\\n".utf8) + [0xE2, 0x82] + Array("\"".utf8)) == "1:4: \(cut)")
        // A surrogate written in UTF-8, an overlong form, a code point above U+10FFFF.
        #expect(error(string([0xED, 0xA0, 0x80])) == "2:14: invalid UTF-8 in a string (byte 0xED begins a sequence that is cut short or malformed)")
        #expect(error(string([0xE0, 0x80, 0xAF])) == "2:14: invalid UTF-8 in a string (byte 0xE0 begins a sequence that is cut short or malformed)")
        #expect(error(string([0xF4, 0x90, 0x80, 0x80])) == "2:14: invalid UTF-8 in a string (byte 0xF4 begins a sequence that is cut short or malformed)")
        // Cut short by the end of the file.
        #expect(error(Array("\"a".utf8) + [0xF0, 0x9F]) == "1:3: invalid UTF-8 in a string (byte 0xF0 begins a sequence that is cut short or malformed)")
    }

    @Test func aRecordWithInvalidUTF8InANoteIsOneLocatedError() {
        let record =
            Array("{\n  \"answers\": {\n    \"CL.CHILD.1\": {\n      \"answer\": \"no\",\n      \"note\": \"payroll ".utf8) + [0xFF]
            + Array("\"\n    }\n  }\n}\n".utf8)
        let (document, diagnostics) = RecordDocument.parse(record, file: "r.json")
        #expect(document == nil)
        #expect(
            diagnostics == [
                .error("invalid-json", "not valid JSON: invalid UTF-8 in a string (byte 0xFF)", at: SourceLocation(file: "r.json", line: 5, column: 24))
            ])
    }
}
