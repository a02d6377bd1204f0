import Testing

@testable import StarCore

/// RecordCheck is the one full check of a record: `star validate`, aggregation and `load` see the same
/// findings, and the diagnostics a record shows are located where the record writes their keys.
@Suite struct RecordCheckTests {
    private let path = "assessments/XX/XX-0001/2026-03-14.json"

    @Test func aDraftShowsItsWarningsWhereTheAnswersAreWrittenAndAFinalRecordDropsThem() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        // WT.OT.2 applies only when WT.OT.1 is yes: answered anyway, a warning.
        _ = try repo.store.record(try repo.sheet(["CL.CHILD.1: no", "WT.OT.1: no", "WT.OT.2: 70"]), final: false)
        let store = repo.store
        let draft = store.fullCheck(store.parse(path))
        #expect(!draft.hasErrors)
        #expect(draft.diagnostics.map(\.code) == ["answer-not-applicable"])
        let text = try repo.scratch.read(path)
        let line = try 1 + #require(text.components(separatedBy: "\n").firstIndex { $0.hasPrefix("    \"WT.OT.2\":") })
        #expect(draft.diagnostics.map(\.location) == [SourceLocation(file: path, line: line, column: 5)])
        // The same findings whoever reads the record.
        let (loaded, diagnostics) = store.load(path)
        #expect(diagnostics == draft.diagnostics)
        #expect(try #require(loaded).check.findings.pointFindings == draft.findings?.pointFindings)
        #expect(RepositoryValidator.validate(repo.repository).diagnostics.filter { $0.location.file == path } == draft.diagnostics)

        _ = try store.finalize(path)
        let final = repo.store.fullCheck(repo.store.parse(path))
        #expect(final.diagnostics.isEmpty)
        #expect(final.findings?.pointFindings == draft.findings?.pointFindings)
    }

    @Test func anInvalidRecordHasNoFindingsAndEveryErrorIsLocated() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        _ = try repo.store.record(try repo.sheet(["CL.CHILD.1: no", "WT.OT.1: yes"]), final: false)
        let text = try repo.scratch.read(path)
        try repo.scratch.write(text.replacingOccurrences(of: "\"answer\": \"yes\"", with: "\"answer\": 12"), to: path)
        let check = repo.store.fullCheck(repo.store.parse(path))
        #expect(check.hasErrors)
        #expect(check.findings?.pointFindings == nil)
        let line = 1 + (try repo.scratch.read(path)).components(separatedBy: "\n").firstIndex { $0.hasPrefix("    \"WT.OT.1\":") }!
        #expect(check.diagnostics.map(\.code) == ["invalid-answer"])
        #expect(check.diagnostics.map(\.location) == [SourceLocation(file: path, line: line, column: 5)])
    }
}
