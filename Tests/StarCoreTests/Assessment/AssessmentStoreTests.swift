import Foundation
import StarCore
import Testing

private let recordPath = "assessments/XX/XX-0001/2026-03-14.json"
private let sheetFile = "sheets/XX-0001.yaml"

/// The message and notes of a `.refused` outcome, or nil for any other.
private func refusal(_ error: AssessmentStore.RecordingError?) -> (message: String, notes: [String])? {
    guard case .refused(let message, let notes) = error else { return nil }
    return (message, notes)
}

@Suite struct AssessmentStoreRecordTests {
    @Test func aDraftIsWrittenUnderItsCountryAndFactory() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        let recorded = try repo.store.record(try repo.sheet(["CL.CHILD.1: no"]), final: false)
        #expect(recorded.path == recordPath)
        #expect(!recorded.replacedDraft)
        #expect(recorded.diagnostics.isEmpty)
        #expect(recorded.loaded.record.status == .draft)
        #expect(recorded.loaded.record.digest == nil)
        #expect(try repo.scratch.read(recordPath) == CanonicalJSON.string(recorded.loaded.record.json))
        #expect(recorded.loaded.record.answers == ["CL.CHILD.1": RecordedAnswer(answer: .yesNo(false))])
    }

    @Test func reRecordingADraftReplacesIt() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        _ = try repo.store.record(try repo.sheet(["CL.CHILD.1: no"]), final: false)
        let again = try repo.store.record(try repo.sheet(["CL.CHILD.1: yes", "WT.OT.1: no"]), final: false)
        #expect(again.path == recordPath)
        #expect(again.replacedDraft)
        #expect(repo.store.records(of: repo.factory).map(\.description) == ["XX-0001/2026-03-14"])
        let (loaded, diagnostics) = repo.store.load(recordPath)
        #expect(diagnostics.isEmpty)
        #expect(loaded?.record.typedAnswers == ["CL.CHILD.1": .yesNo(true), "WT.OT.1": .yesNo(false)])
    }

    @Test func recordingFinalCompletesTheDraftOfTheSameVisit() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        _ = try repo.store.record(try repo.sheet(["CL.CHILD.1: no"]), final: false)
        let final = try repo.store.record(try repo.sheet(AssessmentRepository.complete), final: true)
        #expect(final.path == recordPath)
        #expect(final.replacedDraft)
        let (loaded, diagnostics) = repo.store.load(recordPath)
        #expect(diagnostics.isEmpty)
        #expect(loaded?.record.status == .final)
        #expect(loaded?.record.digest == "sha256:" + TestSHA256.hex(CanonicalJSON.data(final.loaded.record.contentJSON)))
    }

    @Test func finalRefusesUnansweredApplicableQuestions() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        let sheet = try repo.sheet(["CL.CHILD.1: no", "WT.OT.1: yes", "WT.OT.2: ~", "WT.OT.3: written"])
        let error = recordingError { () throws(AssessmentStore.RecordingError) in try repo.store.record(sheet, final: true) }
        #expect(
            invalidDiagnostics(error) == [
                .error(
                    "unanswered", "'WT.OT.2' applies but has no answer; a final record answers every applicable question",
                    at: SourceLocation(file: sheetFile, line: 9, column: 3))
            ])
        #expect(!repo.scratch.exists(recordPath))
    }

    @Test func theSameSheetIsAcceptedAsADraft() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        let recorded = try repo.store.record(try repo.sheet(["CL.CHILD.1: no", "WT.OT.1: yes", "WT.OT.2: ~"]), final: false)
        #expect(recorded.loaded.check.unanswered == ["WT.OT.2", "WT.OT.3"])
        #expect(recorded.diagnostics.isEmpty)
    }

    @Test func anInvalidAnswerIsRefusedAndNothingIsWritten() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        let sheet = try repo.sheet(["CL.CHILD.1: NO"])
        let error = recordingError { () throws(AssessmentStore.RecordingError) in try repo.store.record(sheet, final: false) }
        #expect(
            invalidDiagnostics(error) == [
                .error(
                    "invalid-answer", "'CL.CHILD.1' is a yes-no question; answer yes or no, found 'NO'",
                    at: SourceLocation(file: sheetFile, line: 7, column: 3))
            ])
        #expect(!repo.scratch.exists(recordPath))
    }

    @Test func anAnswerThatDoesNotApplyIsRecordedWithAWarning() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        let recorded = try repo.store.record(try repo.sheet(["CL.CHILD.1: no", "WT.OT.1: no", "WT.OT.2: 70"]), final: true)
        #expect(recorded.diagnostics.map(\.code) == ["answer-not-applicable"])
        #expect(recorded.diagnostics.map(\.location) == [SourceLocation(file: sheetFile, line: 9, column: 3)])
        // Once final, the warning could never be acted on: loading does not repeat it.
        #expect(repo.store.load(recordPath).1.isEmpty)
    }

    @Test func aFinalRecordIsNeverOverwritten() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        _ = try repo.store.record(try repo.sheet(AssessmentRepository.complete), final: true)
        let before = try repo.scratch.read(recordPath)
        let changed = try repo.sheet(["CL.CHILD.1: yes", "WT.OT.1: no"])
        for final in [true, false] {
            let error = recordingError { () throws(AssessmentStore.RecordingError) in try repo.store.record(changed, final: final) }
            #expect(refusal(error)?.message == "XX-0001/2026-03-14 is already recorded as final, and a final record is never overwritten")
            #expect(
                refusal(error)?.notes == [
                    "to correct it, put 'amends: XX-0001/2026-03-14' in the sheet and record it again: the correction becomes a new record"
                ])
        }
        #expect(try repo.scratch.read(recordPath) == before)
        #expect(repo.store.records(of: repo.factory).count == 1)
    }

    @Test func aFollowUpOnTheDayOfAFinalAssessmentIsANewRecord() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        _ = try repo.store.record(try repo.sheet(AssessmentRepository.complete), final: true)
        let followUp = try repo.store.record(try repo.sheet(["CL.CHILD.1: no"], kind: "follow-up"), final: false)
        #expect(followUp.path == "assessments/XX/XX-0001/2026-03-14-2.json")
        #expect(!followUp.replacedDraft)
    }

    @Test func anAmendmentBecomesTheNextRecordOfThatDay() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        _ = try repo.store.record(try repo.sheet(AssessmentRepository.complete), final: true)
        let before = try repo.scratch.read(recordPath)
        let correction = try repo.store.record(try repo.sheet(["CL.CHILD.1: yes", "WT.OT.1: no"], amends: "XX-0001/2026-03-14"), final: true)
        #expect(correction.path == "assessments/XX/XX-0001/2026-03-14-2.json")
        #expect(correction.loaded.record.id.description == "XX-0001/2026-03-14-2")
        #expect(correction.loaded.record.amends == RecordID("XX-0001/2026-03-14"))
        #expect(try repo.scratch.read(recordPath) == before)
        let (loaded, diagnostics) = repo.store.load(correction.path)
        #expect(diagnostics.isEmpty)
        #expect(loaded?.record.amends == RecordID("XX-0001/2026-03-14"))
    }

    @Test func aDraftAmendmentIsCompletedInPlace() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        _ = try repo.store.record(try repo.sheet(AssessmentRepository.complete), final: true)
        _ = try repo.store.record(try repo.sheet(["CL.CHILD.1: yes"], amends: "XX-0001/2026-03-14"), final: false)
        let completed = try repo.store.record(try repo.sheet(["CL.CHILD.1: yes", "WT.OT.1: no"], amends: "XX-0001/2026-03-14"), final: true)
        #expect(completed.path == "assessments/XX/XX-0001/2026-03-14-2.json")
        #expect(completed.replacedDraft)
    }

    @Test func amendingADraftIsAnError() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        _ = try repo.store.record(try repo.sheet(["CL.CHILD.1: no"]), final: false)
        let sheet = try repo.sheet(["CL.CHILD.1: yes"], amends: "XX-0001/2026-03-14")
        let error = recordingError { () throws(AssessmentStore.RecordingError) in try repo.store.record(sheet, final: false) }
        #expect(
            invalidDiagnostics(error) == [
                .error(
                    "invalid-amends", "amends XX-0001/2026-03-14, which is a draft; complete the draft itself instead",
                    at: SourceLocation(file: sheetFile, line: 9, column: 9))
            ])
        #expect(!repo.scratch.exists("assessments/XX/XX-0001/2026-03-14-2.json"))
    }

    @Test func amendingARecordOfAnotherFactoryIsAnError() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        let sheet = try repo.sheet(["CL.CHILD.1: yes"], amends: "XX-0002/2026-03-14")
        let error = recordingError { () throws(AssessmentStore.RecordingError) in try repo.store.record(sheet, final: false) }
        #expect(
            invalidDiagnostics(error) == [
                .error(
                    "invalid-amends", "a record of XX-0001 cannot amend XX-0002/2026-03-14, a record of another factory",
                    at: SourceLocation(file: sheetFile, line: 9, column: 9))
            ])
    }

    @Test func amendingAMissingRecordIsAnError() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        let sheet = try repo.sheet(["CL.CHILD.1: yes"], amends: "XX-0001/2026-03-01")
        let error = recordingError { () throws(AssessmentStore.RecordingError) in try repo.store.record(sheet, final: false) }
        #expect(
            invalidDiagnostics(error) == [
                .error("invalid-amends", "amends XX-0001/2026-03-01, but there is no such record", at: SourceLocation(file: sheetFile, line: 9, column: 9))
            ])
        #expect(!repo.scratch.exists(recordPath))
    }

    @Test func aSheetWithABrokenHeaderIsRefusedWithEveryProblemAtOnce() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        let text = repo.sheetText(["CL.CHILD.1: maybe"], start: "2026-02-30")
        let sheet = try #require(AnswerSheet.read(text, file: sheetFile, today: .today).0)
        let error = recordingError { () throws(AssessmentStore.RecordingError) in try repo.store.record(sheet, final: false) }
        #expect(
            invalidDiagnostics(error) == [
                .error(
                    "invalid-date", "visit start '2026-02-30' is not a date that exists; write YYYY-MM-DD",
                    at: SourceLocation(file: sheetFile, line: 5, column: 16)),
                .error(
                    "invalid-answer", "'CL.CHILD.1' is a yes-no question; answer yes or no, found 'maybe'",
                    at: SourceLocation(file: sheetFile, line: 7, column: 3)),
            ])
        #expect(!repo.scratch.exists("assessments/XX/XX-0001"))
    }

    @Test func anUnregisteredFactoryIsAnError() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        let sheet = try repo.sheet(["CL.CHILD.1: no"], factory: "XX-0009")
        let error = recordingError { () throws(AssessmentStore.RecordingError) in try repo.store.record(sheet, final: false) }
        #expect(
            invalidDiagnostics(error) == [
                .error(
                    "unknown-factory", "no factory 'XX-0009' is registered", at: SourceLocation(file: sheetFile, line: 2, column: 10),
                    notes: ["register it with 'star factory add XX-0009 --name ... --country ... --industry ...'"])
            ])
        #expect(!repo.scratch.exists("assessments/XX/XX-0009"))
    }

    @Test func aSheetMadeForAChangedQuestionnaireIsRefused() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        let sheet = try repo.sheet(["CL.CHILD.1: no"], digest: "sha256:0000")
        let error = recordingError { () throws(AssessmentStore.RecordingError) in try repo.store.record(sheet, final: false) }
        #expect(
            invalidDiagnostics(error) == [
                .error(
                    "questionnaire-mismatch",
                    "made for xx-garment 2026.1 with digest sha256:0000, but questionnaires/compiled/xx-garment/2026.1.json has digest \(repo.questionnaire.digest): the questionnaire changed since",
                    at: SourceLocation(file: sheetFile, line: 3, column: 16))
            ])
    }

    @Test func aFactoryOfAnotherCountryIsRefused() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        try FactoryRegistry(repository: repo.repository).add(Factory(id: "KH-0001", name: "Angkor", country: "KH", industry: "garment"))
        let sheet = try repo.sheet(["CL.CHILD.1: no"], factory: "KH-0001")
        let error = recordingError { () throws(AssessmentStore.RecordingError) in try repo.store.record(sheet, final: false) }
        #expect(
            invalidDiagnostics(error) == [
                .error(
                    "wrong-country", "xx-garment is the questionnaire of XX, but factory 'KH-0001' is in KH",
                    at: SourceLocation(file: sheetFile, line: 3, column: 16))
            ])
    }
}

@Suite struct AssessmentStoreFinalizeTests {
    @Test func finalizingACompleteDraftSealsItInPlace() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        _ = try repo.store.record(try repo.sheet(AssessmentRepository.complete), final: false)
        let finalized = try repo.store.finalize(recordPath)
        #expect(finalized.record.status == .final)
        #expect(finalized.record.digest == "sha256:" + TestSHA256.hex(CanonicalJSON.data(finalized.record.contentJSON)))
        #expect(try repo.scratch.read(recordPath) == CanonicalJSON.string(finalized.record.json))
        let (loaded, diagnostics) = repo.store.load(recordPath)
        #expect(diagnostics.isEmpty)
        #expect(loaded?.record == finalized.record)
    }

    @Test func finalizingADraftWithOpenQuestionsListsThem() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        _ = try repo.store.record(try repo.sheet(["CL.CHILD.1: no", "WT.OT.1: yes"]), final: false)
        let error = recordingError { () throws(AssessmentStore.RecordingError) in try repo.store.finalize(recordPath) }
        #expect(
            invalidDiagnostics(error) == [
                .error(
                    "unanswered", "2 applicable questions still without an answer: WT.OT.2, WT.OT.3", at: SourceLocation(file: recordPath),
                    notes: ["answer them in the sheet and record it again, or continue with 'star assess interview'"])
            ])
        #expect(repo.store.load(recordPath).0?.record.status == .draft)
    }

    @Test func finalizingAFinalRecordIsRefused() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        _ = try repo.store.record(try repo.sheet(AssessmentRepository.complete), final: true)
        let before = try repo.scratch.read(recordPath)
        let error = recordingError { () throws(AssessmentStore.RecordingError) in try repo.store.finalize(recordPath) }
        #expect(refusal(error)?.message == "XX-0001/2026-03-14 is already final")
        #expect(refusal(error)?.notes == ["a correction is a new record: add 'amends: XX-0001/2026-03-14' to a sheet and record it"])
        #expect(try repo.scratch.read(recordPath) == before)
    }

    @Test func finalizingAMissingFileIsAnError() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        let diagnostics = invalidDiagnostics(recordingError { () throws(AssessmentStore.RecordingError) in try repo.store.finalize(recordPath) })
        #expect(diagnostics?.map(\.code) == ["unreadable-file"])
        #expect(diagnostics?.map(\.location) == [SourceLocation(file: recordPath)])
        #expect(diagnostics?.first?.message == "cannot read the file: no such file")
    }
}

@Suite struct AssessmentStoreLoadTests {
    /// A final record as recorded: its digest line is 22 (four answers, one assessor).
    private func finalRecord(_ repo: AssessmentRepository) throws -> String {
        _ = try repo.store.record(try repo.sheet(AssessmentRepository.complete), final: true)
        return try repo.scratch.read(recordPath)
    }

    @Test func aHandEditedFinalRecordIsDetected() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        let text = try finalRecord(repo)
        try repo.scratch.write(text.replacingOccurrences(of: "\"answer\": 55", with: "\"answer\": 50"), to: recordPath)
        let (_, diagnostics) = repo.store.load(recordPath)
        #expect(
            diagnostics == [
                .error(
                    "record-changed", "final record XX-0001/2026-03-14 was changed after it was finalized: its content no longer matches its digest",
                    at: SourceLocation(file: recordPath, line: 22, column: 3),
                    notes: ["restore it from version control (git checkout -- \(recordPath)); a correction is a new record that amends it"])
            ])
    }

    @Test func aFinalRecordWithoutItsDigestIsDetected() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        let text = try finalRecord(repo)
        let withoutDigest = text.split(separator: "\n", omittingEmptySubsequences: false).filter {
            !$0.contains("\"digest\": \"sha256:") || $0.hasPrefix("    ")
        }
        try repo.scratch.write(withoutDigest.joined(separator: "\n"), to: recordPath)
        let (_, diagnostics) = repo.store.load(recordPath)
        #expect(
            diagnostics == [
                .error(
                    "record-changed", "a final record must carry its digest; this one has none, so it may have been edited by hand",
                    at: SourceLocation(file: recordPath, line: 31, column: 3),
                    notes: ["restore it from version control, or record a correction that amends it"])
            ])
    }

    @Test func aFinalRecordEditedBackToDraftIsDetected() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        let text = try finalRecord(repo)
        try repo.scratch.write(
            text.replacingOccurrences(of: "\"status\": \"final\"", with: "\"status\": \"draft\"")
                .replacingOccurrences(of: "\"answer\": 55", with: "\"answer\": 50"), to: recordPath)
        let (_, diagnostics) = repo.store.load(recordPath)
        #expect(diagnostics.map(\.code) == ["record-changed"])
        #expect(
            diagnostics.map(\.message) == [
                "record XX-0001/2026-03-14 says it is a draft but carries the digest of a final record: a final record was reopened by hand"
            ])
        #expect(diagnostics.map(\.severity) == [.error])
        #expect(recordingError { () throws(AssessmentStore.RecordingError) in try repo.store.finalize(recordPath) } != nil)
        #expect(try repo.scratch.read(recordPath).contains("\"answer\": 50"), "finalize wrote nothing")
    }

    @Test func aRecordInTheWrongFolderIsDetected() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        let text = try finalRecord(repo)
        let misplaced = "assessments/XX/XX-0001/2026-03-15.json"
        try repo.scratch.write(text, to: misplaced)
        let (_, diagnostics) = repo.store.load(misplaced)
        #expect(diagnostics.map(\.code) == ["misplaced-file"])
        #expect(diagnostics.map(\.message) == ["record XX-0001/2026-03-14 of a factory in XX belongs in assessments/XX/XX-0001/2026-03-14.json"])
        #expect(diagnostics.map(\.location.file) == [misplaced])
        // The record's "id" is on line 24; the assessor's "id" (line 19) comes first in the file.
        #expect(diagnostics.map(\.location.line) == [24])
    }

    @Test func aDraftWithADigestIsAFinalRecordReopened() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        _ = try repo.store.record(try repo.sheet(["CL.CHILD.1: no"]), final: false)
        let text = try repo.scratch.read(recordPath).replacingOccurrences(of: "  \"factory\":", with: "  \"digest\": \"sha256:00\",\n  \"factory\":")
        try repo.scratch.write(text, to: recordPath)
        let (_, diagnostics) = repo.store.load(recordPath)
        #expect(diagnostics.map(\.code) == ["record-changed"])
        #expect(diagnostics.map(\.location.line) == [23])
    }

    @Test func aRecordOfAnUnregisteredFactoryCannotBeChecked() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        let text = try finalRecord(repo).replacingOccurrences(of: "XX-0001", with: "XX-0009")
        let file = "assessments/XX/XX-0009/2026-03-14.json"
        try repo.scratch.write(text, to: file)
        let (loaded, diagnostics) = repo.store.load(file)
        #expect(loaded == nil)
        #expect(
            diagnostics.filter { $0.code == "unknown-factory" } == [
                .error(
                    "unknown-factory", "no factory 'XX-0009' is registered", at: SourceLocation(file: file, line: 23, column: 3),
                    notes: ["register it with 'star factory add XX-0009 --name ... --country ... --industry ...'"])
            ])
    }

    @Test func recordsOfAFactoryComeOldestFirst() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        _ = try repo.store.record(try repo.sheet(["CL.CHILD.1: no"], start: "2026-03-14"), final: false)
        _ = try repo.store.record(try repo.sheet(["CL.CHILD.1: no"], start: "2025-11-02"), final: false)
        _ = try repo.store.record(try repo.sheet(["CL.CHILD.1: no"], kind: "follow-up", start: "2026-03-14"), final: false)
        try repo.scratch.write("{}", to: "assessments/XX/XX-0001/notes.json")
        #expect(repo.store.records(of: repo.factory).map(\.description) == ["XX-0001/2025-11-02", "XX-0001/2026-03-14", "XX-0001/2026-03-14-2"])
    }
}

@Suite struct AssessmentStoreResolveTests {
    @Test func aRecordIsFoundByItsID() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        _ = try repo.store.record(try repo.sheet(["CL.CHILD.1: no"]), final: false)
        #expect(try repo.store.resolve("XX-0001/2026-03-14", workingDirectory: "/").get() == recordPath)
    }

    @Test func aRecordIsFoundByItsPathFromAnyFolder() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        _ = try repo.store.record(try repo.sheet(["CL.CHILD.1: no"]), final: false)
        #expect(try repo.store.resolve(recordPath, workingDirectory: repo.repository.root).get() == recordPath)
        #expect(try repo.store.resolve("XX-0001/2026-03-14.json", workingDirectory: repo.repository.path("assessments/XX")).get() == recordPath)
        #expect(try repo.store.resolve("../XX-0001/./2026-03-14.json", workingDirectory: repo.repository.path("assessments/XX/XX-0001")).get() == recordPath)
    }

    @Test func aMissingRecordFileIsAnError() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        #expect(failure(repo.store.resolve("nothing.json", workingDirectory: repo.repository.root)) == "no record file nothing.json")
    }

    @Test func aMissingRecordIDPointsToTheList() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        #expect(
            failure(repo.store.resolve("XX-0001/2026-01-01", workingDirectory: "/"))
                == "no record XX-0001/2026-01-01; 'star assess list --factory XX-0001' shows that factory's records")
        #expect(
            failure(repo.store.resolve("XX-0009/2026-01-01", workingDirectory: "/"))
                == "no record XX-0009/2026-01-01; 'star assess list --factory XX-0009' shows that factory's records")
    }

    @Test func somethingThatIsNeitherIsAnError() throws {
        let repo = try AssessmentRepository()
        defer { repo.remove() }
        #expect(
            failure(repo.store.resolve("XX-0001", workingDirectory: "/"))
                == "'XX-0001' is neither a record file (.json) nor a record id such as KH-0001/2026-03-14")
    }

    private func failure(_ result: Result<String, AnswerError>) -> String? {
        guard case .failure(let error) = result else { return nil }
        return error.message
    }
}
