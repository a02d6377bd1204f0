import StarCore
import Testing

private let recordPath = "assessments/XX/XX-0001/2026-03-14.json"

/// A sealed record with every applicable question answered; written canonically, its "factory" is on line 23
/// and its "questionnaire" on line 26.
private func finalRecord(_ id: String = "XX-0001/2026-03-14", pin: QuestionnairePin, amends: String? = nil) -> AssessmentRecord {
    let date = CalendarDate(String(id.split(separator: "/")[1].prefix(10)))!
    var record = AssessmentRecord(
        id: RecordID(id)!, kind: .assessment, status: .draft, questionnaire: pin, visit: Visit(start: date, end: date),
        assessors: [Assessor(id: "adv-sophea", gender: "female")],
        answers: [
            "CL.CHILD.1": RecordedAnswer(answer: .yesNo(false)), "WT.OT.1": RecordedAnswer(answer: .yesNo(true)),
            "WT.OT.2": RecordedAnswer(answer: .number(55)), "WT.OT.3": RecordedAnswer(answer: .choice("written")),
        ],
        amends: amends.flatMap(RecordID.init))
    record.seal()
    return record
}

/// A repository with one good final record.
private func cleanRepository() throws -> AssessmentRepository {
    let repo = try AssessmentRepository()
    _ = try repo.store.record(try repo.sheet(AssessmentRepository.complete), final: true)
    return repo
}

private func errors(_ repo: AssessmentRepository) -> [Diagnostic] {
    RepositoryValidator.validate(repo.repository, workers: 2).diagnostics.filter { $0.severity == .error }
}

@Suite struct RepositoryValidatorTests {
    @Test func aCleanRepositoryHasNoErrors() throws {
        let repo = try cleanRepository()
        defer { repo.remove() }
        let result = RepositoryValidator.validate(repo.repository, workers: 2)
        // The one remark is lint's about the fixture's one-question point, CL.CHILD.
        #expect(result.diagnostics.map { "\($0.severity) \($0.code)" } == ["warning thin-point"])
        #expect(result.recordCount == 1)
        #expect(result.questionnaireCount == 1)
    }

    @Test func manyRecordsOnSeveralWorkersAreAllChecked() throws {
        let repo = try cleanRepository()
        defer { repo.remove() }
        let pin = QuestionnairePin(repo.questionnaire)
        for day in 1...9 { try repo.store.write(finalRecord("XX-0001/2026-04-0\(day)", pin: pin), country: "XX", replacing: false) }
        try repo.scratch.write("{", to: "assessments/XX/XX-0001/2026-04-05.json")
        let result = RepositoryValidator.validate(repo.repository, workers: 4)
        #expect(result.recordCount == 10)
        #expect(result.diagnostics.filter { $0.severity == .error }.map(\.location.file) == ["assessments/XX/XX-0001/2026-04-05.json"])
    }

    @Test func aTamperedFinalRecordIsOneError() throws {
        let repo = try cleanRepository()
        defer { repo.remove() }
        let text = try repo.scratch.read(recordPath)
        try repo.scratch.write(text.replacingOccurrences(of: "\"answer\": \"written\"", with: "\"answer\": \"none\""), to: recordPath)
        #expect(
            errors(repo) == [
                .error(
                    "record-changed", "final record XX-0001/2026-03-14 was changed after it was finalized: its content no longer matches its digest",
                    at: SourceLocation(file: recordPath, line: 22, column: 3),
                    notes: ["restore it from version control (git checkout -- \(recordPath)); a correction is a new record that amends it"])
            ])
    }

    @Test func aRecordPinningAMissingCompiledVersionIsOneError() throws {
        let repo = try cleanRepository()
        defer { repo.remove() }
        let pin = QuestionnairePin(id: "xx-garment", version: "2026.9", digest: repo.questionnaire.digest)
        let path = try repo.store.write(finalRecord("XX-0001/2026-04-01", pin: pin), country: "XX", replacing: false)
        #expect(
            errors(repo) == [
                .error(
                    "questionnaire-mismatch",
                    "no compiled questionnaire xx-garment 2026.9 (questionnaires/compiled/xx-garment/2026.9.json); compiled versions: 2026.1",
                    at: SourceLocation(file: path, line: 26, column: 3))
            ])
    }

    @Test func aRecordPinningAnotherDigestIsOneError() throws {
        let repo = try cleanRepository()
        defer { repo.remove() }
        let pin = QuestionnairePin(id: "xx-garment", version: "2026.1", digest: "sha256:0000")
        let path = try repo.store.write(finalRecord("XX-0001/2026-04-01", pin: pin), country: "XX", replacing: false)
        #expect(
            errors(repo) == [
                .error(
                    "questionnaire-mismatch",
                    "made for xx-garment 2026.1 with digest sha256:0000, but questionnaires/compiled/xx-garment/2026.1.json has digest \(repo.questionnaire.digest): the questionnaire changed since",
                    at: SourceLocation(file: path, line: 26, column: 3))
            ])
    }

    @Test func aRecordOfAnUnknownFactoryIsOneError() throws {
        let repo = try cleanRepository()
        defer { repo.remove() }
        let path = try repo.store.write(finalRecord("XX-0009/2026-04-01", pin: QuestionnairePin(repo.questionnaire)), country: "XX", replacing: false)
        #expect(path == "assessments/XX/XX-0009/2026-04-01.json")
        #expect(
            errors(repo) == [
                .error(
                    "unknown-factory", "no factory 'XX-0009' is registered", at: SourceLocation(file: path, line: 23, column: 3),
                    notes: ["register it with 'star factory add XX-0009 --name ... --country ... --industry ...'"])
            ])
    }

    @Test func aTruncatedRecordIsOneErrorWhereItBreaks() throws {
        let repo = try cleanRepository()
        defer { repo.remove() }
        let text = try repo.scratch.read(recordPath)
        // Cut inside line 10, just after `"answer": ` of WT.OT.2.
        let cut = text.range(of: "\"answer\": 55")!.lowerBound
        try repo.scratch.write(String(text[..<cut]) + "\"answer\": ", to: recordPath)
        #expect(errors(repo) == [.error("invalid-json", "not valid JSON: unexpected end of file", at: SourceLocation(file: recordPath, line: 10, column: 17))])
    }

    @Test func aHandEditedCompiledFileIsOneError() throws {
        let repo = try cleanRepository()
        defer { repo.remove() }
        let compiled = QuestionnairePublisher.compiledPath(id: "xx-garment", version: "2026.1")
        let text = try repo.scratch.read(compiled)
        try repo.scratch.write(text.replacingOccurrences(of: "Highest weekly hours", with: "Weekly hours"), to: compiled)
        #expect(
            errors(repo).filter { $0.code == "compiled-changed" } == [
                .error(
                    "compiled-changed", "\(compiled) was edited by hand: its content no longer matches its digest",
                    at: SourceLocation(file: compiled),
                    notes: ["restore it from version control, or run 'star questionnaire compile'"])
            ])
    }

    @Test func anAmendmentOfADraftIsOneError() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        _ = try repo.store.record(try repo.sheet(["CL.CHILD.1: no"]), final: false)
        let path = try repo.store.write(
            finalRecord("XX-0001/2026-03-14-2", pin: QuestionnairePin(repo.questionnaire), amends: "XX-0001/2026-03-14"),
            country: "XX", replacing: false)
        #expect(errors(repo) == [.error("invalid-amends", "XX-0001/2026-03-14-2 amends XX-0001/2026-03-14, which is a draft", at: SourceLocation(file: path))])
    }

    @Test func anAmendmentOfAMissingRecordIsOneError() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        let path = try repo.store.write(
            finalRecord("XX-0001/2026-03-14-2", pin: QuestionnairePin(repo.questionnaire), amends: "XX-0001/2026-03-14"),
            country: "XX", replacing: false)
        #expect(
            errors(repo) == [
                .error("invalid-amends", "XX-0001/2026-03-14-2 amends XX-0001/2026-03-14, but there is no such record", at: SourceLocation(file: path))
            ])
    }
}
