import StarCore
import Testing

@Suite struct CanonicalJSONTests {
    @Test func keysAreSortedByCodePointWithTwoSpaceIndentAndATrailingNewline() {
        let value = JSONValue.object(["b": .int(1), "a": .object(["z": .null, "B": .bool(true)]), "é": .array([.int(1), .string("x")])])
        #expect(
            CanonicalJSON.string(value) == """
                {
                  "a": {
                    "B": true,
                    "z": null
                  },
                  "b": 1,
                  "é": [
                    1,
                    "x"
                  ]
                }

                """)
    }

    @Test func emptyContainersStayOnOneLine() {
        #expect(CanonicalJSON.string(.object(["a": .array([]), "b": .object([:])])) == "{\n  \"a\": [],\n  \"b\": {}\n}\n")
    }

    @Test func scalarDocumentEndsWithANewline() {
        #expect(CanonicalJSON.string(.string("x")) == "\"x\"\n")
    }

    @Test func stringsAreEscapedMinimally() {
        #expect(CanonicalJSON.string(.string("a\"b\\c\nd\re\tf\u{08}g\u{0C}h\u{01}i/j€😀")) == #""a\"b\\c\nd\re\tf\bg\fh\u0001i/j€😀""# + "\n")
    }

    @Test func integralNumbersHaveNoFractionalPart() {
        #expect(
            CanonicalJSON.string(.array([.int(61), .double(61), .double(-3), .double(2.5), .number(48), .number(0.25)]))
                == "[\n  61,\n  61,\n  -3,\n  2.5,\n  48,\n  0.25\n]\n")
    }

    @Test func nonFiniteNumbersBecomeNull() {
        #expect(CanonicalJSON.string(.array([.double(.infinity), .double(.nan)])) == "[\n  null,\n  null\n]\n")
    }

    @Test func outputIsStableWhateverTheInsertionOrder() {
        var first: [String: JSONValue] = [:]
        var second: [String: JSONValue] = [:]
        for key in ["m", "a", "z", "k", "b"] { first[key] = .string(key) }
        for key in ["b", "k", "z", "a", "m"] { second[key] = .string(key) }
        #expect(CanonicalJSON.data(.object(first)) == CanonicalJSON.data(.object(second)))
    }

    @Test func canonicalOutputParsesBackToTheSameValue() throws {
        let value = JSONValue.object(["text": .string("line\n\"quoted\" \u{1F}"), "n": .int(-7), "x": .double(0.125), "list": .array([.bool(false), .null])])
        #expect(try JSONParser.parse(CanonicalJSON.string(value)) == value)
    }
}
