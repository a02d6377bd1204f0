import StarCore
import Testing

private let unknownKey = Diagnostic.error(
    "unknown-key", "unknown key 'guidnce' in a question", at: SourceLocation(file: "KH/kh.yaml", line: 10, column: 5),
    notes: ["did you mean 'guidance'?"])
private let thinPoint = Diagnostic.warning(
    "thin-point", "compliance point 'CL.CHILD' has a single question", at: SourceLocation(file: "core.yaml", line: 24, column: 9))

@Suite struct DiagnosticRendererTests {
    @Test func textIsPathLineColumnSeverityMessageAndCode() {
        #expect(
            DiagnosticRenderer.render([unknownKey], as: .text) == """
                KH/kh.yaml:10:5: error: unknown key 'guidnce' in a question [unknown-key]
                  note: did you mean 'guidance'?

                """)
    }

    @Test func diagnosticsAreSortedByLocation() {
        #expect(DiagnosticRenderer.render([thinPoint, unknownKey], as: .text).hasPrefix("KH/kh.yaml:10:5"))
        let later = Diagnostic.error("x", "x", at: SourceLocation(file: "a.yaml", line: 10, column: 1))
        let earlier = Diagnostic.error("x", "x", at: SourceLocation(file: "a.yaml", line: 9, column: 30))
        #expect([later, earlier].sorted() == [earlier, later])
    }

    @Test func jsonCarriesTheSameFields() throws {
        #expect(
            try JSONParser.parse(DiagnosticRenderer.render([unknownKey], as: .json))
                == .array([
                    .object([
                        "severity": .string("error"), "code": .string("unknown-key"), "message": .string("unknown key 'guidnce' in a question"),
                        "file": .string("KH/kh.yaml"), "line": .int(10), "column": .int(5), "notes": .array([.string("did you mean 'guidance'?")]),
                    ])
                ]))
    }

    @Test func githubAnnotationEscapesItsProperties() {
        let diagnostic = Diagnostic.error("yaml-syntax", "50% done:\nstop", at: SourceLocation(file: "a:b,c.yaml", line: 2, column: 3))
        #expect(
            DiagnosticRenderer.render([diagnostic], as: .github)
                == "::error file=a%3Ab%2Cc.yaml,line=2,col=3,title=yaml-syntax::50%25 done:%0Astop [yaml-syntax]\n")
    }

    @Test func summaryCountsErrorsAndWarnings() {
        #expect(DiagnosticRenderer.summary([unknownKey, thinPoint, unknownKey]) == "2 errors, 1 warning")
        #expect(DiagnosticRenderer.summary([]) == "0 errors, 0 warnings")
    }
}
