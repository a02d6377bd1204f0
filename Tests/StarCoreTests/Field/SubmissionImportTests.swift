import Foundation
import StarCore
import Testing
import ZIPFoundation

/// Imports exports shaped as ODK Central and KoboToolbox write them, into the garment test repository
/// (XX-0001; CL.CHILD.1, WT.OT.1, WT.OT.2 when WT.OT.1 == yes, WT.OT.3 choice written | none).
private struct ImportRepository {
    let repo: AssessmentRepository
    init() throws { repo = try AssessmentRepository() }
    var digest: String { repo.questionnaire.digest }
    var formVersion: String { FormFields.formVersion(of: repo.questionnaire) }
    let recordPath = "assessments/XX/XX-0001/2026-03-14.json"
    let receiptPath = "submissions/XX/XX-0001/6b0d4b5e-1c3e-4d8a-9f00-0a1b2c3d4e5f.json"

    /// ODK Central's CSV: group paths joined by '-', its metadata around the fields.
    func centralCSV(_ rows: [String]) -> String {
        let header =
            "SubmissionDate,start,end,deviceid,star_questionnaire,star_digest,visit-factory,visit-visit_start,visit-visit_end,visit-kind,"
            + "visit-visit_announced,visit-assessors,CL-CL_CHILD-CL_CHILD_1,WT-WT_OT-WT_OT_1,WT-WT_OT-WT_OT_2,WT-WT_OT-WT_OT_3,meta-instanceID,KEY,"
            + "SubmitterID,SubmitterName,AttachmentsPresent,AttachmentsExpected,Status,ReviewState,DeviceID,Edits,FormVersion"
        return ([header] + rows).joined(separator: "\r\n") + "\r\n"
    }

    /// One Central row: the answers to CL.CHILD.1, WT.OT.1, WT.OT.2, WT.OT.3.
    func centralRow(
        _ answers: String = "no,yes,55,written", instance: String = "uuid:6b0d4b5e-1c3e-4d8a-9f00-0a1b2c3d4e5f",
        digest: String? = nil, version: String? = nil, factory: String = "XX-0001"
    ) -> String {
        "2026-03-15T09:30:12.345Z,2026-03-14T08:01:00.000+07:00,2026-03-14T16:40:00.000+07:00,collect:Xy12,xx-garment@2026.1,\(digest ?? self.digest),"
            + "\(factory),2026-03-14,2026-03-15,assessment,no,adv-sophea:female adv-dara:male,\(answers),\(instance),\(instance),"
            + "7,Sophea Chan,0,0,,,collect:Xy12,0,\(version ?? formVersion)"
    }

    func importing(_ text: String, source: SubmissionSource = .odk, file: String = "export.csv") throws -> SubmissionImporter.Report {
        try importing(Array(text.utf8), source: source, file: file)
    }

    func importing(_ bytes: [UInt8], source: SubmissionSource = .odk, file: String = "export.csv") throws -> SubmissionImporter.Report {
        let (export, problems) = SubmissionExport.read(bytes, file: file, source: source)
        #expect(problems.isEmpty, "\(problems)")
        return SubmissionImporter(store: repo.store).run(try #require(export), today: .today)
    }

    func record() throws -> AssessmentStore.Loaded {
        let (loaded, diagnostics) = repo.store.load(recordPath)
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        return try #require(loaded)
    }

    func remove() { repo.remove() }
}

private func text(_ diagnostics: [Diagnostic]) -> String {
    DiagnosticRenderer.render(diagnostics, as: .text)
}

@Suite struct SubmissionImportTests {
    @Test func aCentralCSVSubmissionBecomesADraftOfItsVisit() throws {
        let repo = try ImportRepository()
        defer { repo.remove() }
        let report = try repo.importing(repo.centralCSV([repo.centralRow()]))
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        #expect(report.imported.map(\.outcome) == [.imported(RecordID("XX-0001/2026-03-14")!, path: repo.recordPath, answers: 4)])
        let loaded = try repo.record()
        #expect(loaded.record.status == .draft)
        #expect(loaded.record.visit == Visit(start: CalendarDate("2026-03-14")!, end: CalendarDate("2026-03-15")!, announced: false))
        #expect(loaded.record.assessors == [Assessor(id: "adv-sophea", gender: "female"), Assessor(id: "adv-dara", gender: "male")])
        #expect(loaded.record.typedAnswers == ["CL.CHILD.1": .yesNo(false), "WT.OT.1": .yesNo(true), "WT.OT.2": .number(55), "WT.OT.3": .choice("written")])
        #expect(loaded.check.unanswered.isEmpty)
    }

    @Test func withSheetsEachSubmissionBecomesASheetToRecordFinal() throws {
        let repo = try ImportRepository()
        defer { repo.remove() }
        let folder = repo.repo.repository.path("sheets")
        let csv = repo.centralCSV([repo.centralRow("no,yes,55,written") + ",\"payroll: week 9\""])
            .replacingOccurrences(of: ",FormVersion", with: ",FormVersion,WT-WT_OT-WT_OT_2_note")
        let (export, _) = SubmissionExport.read(Array(csv.utf8), file: "export.csv", source: .odk)
        let written = SubmissionImporter(store: repo.repo.store).run(try #require(export), into: .sheets(directory: folder), today: .today)
        let path = folder + "/XX-0001-2026-03-14-6b0d4b5e.yaml"
        #expect(written.diagnostics.isEmpty, "\(written.diagnostics)")
        #expect(written.imported.map(\.outcome) == [.sheet(path: path, unchanged: false)])
        #expect(!repo.repo.scratch.exists(repo.recordPath), "a sheet, not a record")
        #expect(!repo.repo.scratch.exists(repo.receiptPath), "the record made from the sheet later is the sheet's")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("# From ODK Central submission uuid:6b0d4b5e-1c3e-4d8a-9f00-0a1b2c3d4e5f, sent by Sophea Chan at 2026-03-15T09:30:12.345Z\n"))
        #expect(text.contains("\n  WT.OT.2: 55\n") && text.contains("\n  CL.CHILD.1: no\n") && text.contains("\n  WT.OT.3: written\n"))
        let (sheet, problems) = AnswerSheet.read(text, file: "sheets/XX-0001.yaml", today: .today)
        #expect(problems.isEmpty, "\(problems)")
        let recorded = try repo.repo.store.record(try #require(sheet), final: true)
        #expect(recorded.loaded.record.answers["WT.OT.2"] == RecordedAnswer(answer: .number(55), note: "payroll: week 9"))
        #expect(recorded.loaded.record.assessors.map(\.id) == ["adv-sophea", "adv-dara"])
        // Again: the same sheet is left as it is; an edited one is never replaced.
        let again = SubmissionImporter(store: repo.repo.store).run(try #require(export), into: .sheets(directory: folder), today: .today)
        #expect(again.imported.map(\.outcome) == [.sheet(path: path, unchanged: true)])
        try (text + "# checked with HR\n").write(toFile: path, atomically: true, encoding: .utf8)
        let edited = SubmissionImporter(store: repo.repo.store).run(try #require(export), into: .sheets(directory: folder), today: .today)
        #expect(
            edited.diagnostics.map(\.message) == ["\(path) exists and differs from this submission's sheet; it may hold corrections, so it is not replaced"])
    }

    @Test func theReceiptKeepsWhoSubmittedAndWhen() throws {
        let repo = try ImportRepository()
        defer { repo.remove() }
        _ = try repo.importing(repo.centralCSV([repo.centralRow()]))
        let receipt = try #require(SubmissionReceipt.read(repo.repo.repository.path(repo.receiptPath)))
        #expect(receipt.instance == "uuid:6b0d4b5e-1c3e-4d8a-9f00-0a1b2c3d4e5f")
        #expect(receipt.source == .odk)
        #expect(receipt.record == RecordID("XX-0001/2026-03-14"))
        #expect(receipt.questionnaire == QuestionnairePin(repo.repo.questionnaire))
        #expect(receipt.submitter == "Sophea Chan")
        #expect(receipt.submitted == "2026-03-15T09:30:12.345Z")
        #expect(receipt.started == "2026-03-14T08:01:00.000+07:00")
        #expect(receipt.ended == "2026-03-14T16:40:00.000+07:00")
        #expect(receipt.device == "collect:Xy12")
        #expect(receipt.replaces == nil)
    }

    @Test func importingTheSameExportTwiceChangesNothing() throws {
        let repo = try ImportRepository()
        defer { repo.remove() }
        let csv = repo.centralCSV([repo.centralRow()])
        _ = try repo.importing(csv)
        let record = try repo.repo.scratch.read(repo.recordPath)
        let receipt = try repo.repo.scratch.read(repo.receiptPath)
        let again = try repo.importing(csv)
        #expect(again.diagnostics.isEmpty)
        #expect(again.imported.map(\.outcome) == [.alreadyImported(RecordID("XX-0001/2026-03-14")!)])
        #expect(try repo.repo.scratch.read(repo.recordPath) == record)
        #expect(try repo.repo.scratch.read(repo.receiptPath) == receipt)
    }

    @Test func aBlankCellIsAnUnansweredQuestion() throws {
        let repo = try ImportRepository()
        defer { repo.remove() }
        let report = try repo.importing(repo.centralCSV([repo.centralRow("no,no,,")]))
        #expect(report.diagnostics.isEmpty)
        #expect(try repo.record().record.typedAnswers == ["CL.CHILD.1": .yesNo(false), "WT.OT.1": .yesNo(false)])
    }

    @Test func quotedCellsMayHoldCommasQuotesAndLineBreaks() throws {
        let repo = try ImportRepository()
        defer { repo.remove() }
        let row = repo.centralRow().replacingOccurrences(of: "adv-sophea:female adv-dara:male", with: "\"adv-sophea:female,\nadv-dara:male\"")
        let report = try repo.importing(repo.centralCSV([row]))
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        #expect(try repo.record().record.assessors.map(\.id) == ["adv-sophea", "adv-dara"])
    }

    @Test func aNoteColumnBecomesTheAnswersNote() throws {
        let repo = try ImportRepository()
        defer { repo.remove() }
        let csv = repo.centralCSV([repo.centralRow() + ",\"payroll week 9, line 3\""]).replacingOccurrences(
            of: ",FormVersion", with: ",FormVersion,WT-WT_OT-WT_OT_2_note")
        let report = try repo.importing(csv)
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        #expect(try repo.record().record.answers["WT.OT.2"] == RecordedAnswer(answer: .number(55), note: "payroll week 9, line 3"))
    }

    @Test func aSubmissionRejectedInReviewIsNotImported() throws {
        let repo = try ImportRepository()
        defer { repo.remove() }
        let rejected = repo.centralRow().replacingOccurrences(of: ",0,0,,,collect", with: ",0,0,,rejected,collect")
        let report = try repo.importing(repo.centralCSV([rejected]))
        #expect(report.imported.isEmpty)
        #expect(
            text(report.diagnostics)
                == "export.csv:2:1: warning: submission 1 (uuid:6b0d4b5e-1c3e-4d8a-9f00-0a1b2c3d4e5f) was rejected in ODK Central's review; it is not imported [rejected-submission]\n"
        )
        #expect(!repo.repo.scratch.exists(repo.recordPath))
    }

    @Test func kobosCSVWithSemicolonsAndSlashedGroupsIsRead() throws {
        let repo = try ImportRepository()
        defer { repo.remove() }
        let csv = """
            start;end;star_questionnaire;star_digest;visit/factory;visit/visit_start;visit/visit_end;visit/kind;visit/visit_announced;visit/assessors;\
            CL/CL_CHILD/CL_CHILD_1;WT/WT_OT/WT_OT_1;WT/WT_OT/WT_OT_2;WT/WT_OT/WT_OT_3;meta/instanceID;_id;_uuid;_submission_time;_validation_status;\
            _notes;_status;_submitted_by;__version__;_tags;_index
            2026-03-14T08:01:00.000+07:00;2026-03-14T16:40:00.000+07:00;xx-garment@2026.1;\(repo.digest);XX-0001;2026-03-14;;assessment;;adv-dara:male;\
            yes;yes;"61";none;uuid:6b0d4b5e-1c3e-4d8a-9f00-0a1b2c3d4e5f;1234;6b0d4b5e-1c3e-4d8a-9f00-0a1b2c3d4e5f;2026-03-15T09:30:12;;;submitted_via_web;dara;vQ8zWm3;;1

            """
        let report = try repo.importing(csv, source: .kobo)
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        let loaded = try repo.record()
        #expect(loaded.record.typedAnswers == ["CL.CHILD.1": .yesNo(true), "WT.OT.1": .yesNo(true), "WT.OT.2": .number(61), "WT.OT.3": .choice("none")])
        #expect(loaded.check.findings.questions["WT.OT.2"] == .nonCompliant)
        let receipt = try #require(SubmissionReceipt.read(repo.repo.repository.path(repo.receiptPath)))
        #expect((receipt.source, receipt.submitter, receipt.submitted) == (.kobo, "dara", "2026-03-15T09:30:12"))
    }

    @Test func anyGroupSeparatorChosenInKoboIsUnderstood() throws {
        let repo = try ImportRepository()
        defer { repo.remove() }
        let csv = """
            "star_questionnaire","star_digest","visit.factory","visit.visit_start","CL.CL_CHILD.CL_CHILD_1","meta.instanceID","_submission_time"
            "xx-garment@2026.1","\(repo.digest)","XX-0001","2026-03-14","yes","uuid:6b0d4b5e-1c3e-4d8a-9f00-0a1b2c3d4e5f","2026-03-15T09:30:12"

            """
        let report = try repo.importing(csv, source: .kobo)
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        #expect(try repo.record().record.typedAnswers == ["CL.CHILD.1": .yesNo(true)])
    }

    @Test func aSpreadsheetExportIsRefusedWithTheWayOut() throws {
        let form = try #require(XLSForm.make(try garmentQuestionnaire()).0)
        let (_, problems) = SubmissionExport.read(try form.xlsx(), file: "export.xlsx", source: .kobo)
        #expect(text(problems) == "export.xlsx:1:1: error: this is a spreadsheet (.xlsx); export the submissions as CSV or JSON instead [unreadable-file]\n")
    }

    @Test func kobosExportWithoutGroupNamesIsReadToo() throws {
        let repo = try ImportRepository()
        defer { repo.remove() }
        let csv = """
            star_questionnaire,star_digest,factory,visit_start,kind,CL_CHILD_1,WT_OT_1,_uuid,_submission_time
            xx-garment@2026.1,\(repo.digest),XX-0001,2026-03-14,assessment,no,no,6b0d4b5e-1c3e-4d8a-9f00-0a1b2c3d4e5f,2026-03-15T09:30:12

            """
        let report = try repo.importing(csv, source: .kobo)
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        #expect(try repo.record().record.typedAnswers == ["CL.CHILD.1": .yesNo(false), "WT.OT.1": .yesNo(false)])
    }

    @Test func centralsODataJSONIsRead() throws {
        let repo = try ImportRepository()
        defer { repo.remove() }
        let json = """
            {"@odata.context": "https://central.example/v1/projects/1/forms/xx-garment.svc/$metadata#Submissions",
             "value": [{"__id": "uuid:6b0d4b5e-1c3e-4d8a-9f00-0a1b2c3d4e5f", "start": "2026-03-14T08:01:00.000+07:00",
                        "star_questionnaire": "xx-garment@2026.1", "star_digest": "\(repo.digest)",
                        "visit": {"factory": "XX-0001", "visit_start": "2026-03-14", "visit_end": null, "kind": "assessment", "assessors": "adv-sophea"},
                        "CL": {"CL_CHILD": {"CL_CHILD_1": "no"}}, "WT": {"WT_OT": {"WT_OT_1": "yes", "WT_OT_2": 12.5, "WT_OT_3": "written"}},
                        "meta": {"instanceID": "uuid:6b0d4b5e-1c3e-4d8a-9f00-0a1b2c3d4e5f"},
                        "__system": {"submissionDate": "2026-03-15T09:30:12.345Z", "submitterId": "7", "submitterName": "Sophea Chan",
                                     "attachmentsPresent": 0, "attachmentsExpected": 0, "status": null, "reviewState": null,
                                     "deviceId": "collect:Xy12", "edits": 0, "formVersion": "\(repo.formVersion)"}}]}
            """
        let report = try repo.importing(json, file: "export.json")
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        #expect(try repo.record().record.typedAnswers["WT.OT.2"] == .number(12.5))
        #expect(SubmissionReceipt.read(repo.repo.repository.path(repo.receiptPath))?.submitter == "Sophea Chan")
    }

    @Test func kobosJSONIsRead() throws {
        let repo = try ImportRepository()
        defer { repo.remove() }
        let json = """
            {"count": 1, "next": null, "previous": null, "results": [
              {"_id": 1234, "formhub/uuid": "0af1", "start": "2026-03-14T08:01:00.000+07:00", "star_questionnaire": "xx-garment@2026.1",
               "star_digest": "\(repo.digest)", "visit/factory": "XX-0001", "visit/visit_start": "2026-03-14", "visit/kind": "follow-up",
               "CL/CL_CHILD/CL_CHILD_1": "no", "WT/WT_OT/WT_OT_1": "no", "__version__": "vQ8zWm3",
               "meta/instanceID": "uuid:6b0d4b5e-1c3e-4d8a-9f00-0a1b2c3d4e5f", "_uuid": "6b0d4b5e-1c3e-4d8a-9f00-0a1b2c3d4e5f",
               "_attachments": [], "_status": "submitted_via_web", "_geolocation": [null, null], "_submission_time": "2026-03-15T09:30:12",
               "_tags": [], "_notes": [], "_validation_status": {}, "_submitted_by": "dara"}]}
            """
        let report = try repo.importing(json, source: .kobo, file: "export.json")
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        #expect(try repo.record().record.kind == .followUp)
        let notApproved = json.replacingOccurrences(
            of: #""_validation_status": {}"#,
            with: #""_validation_status": {"uid": "validation_status_not_approved", "label": "Not Approved", "by_whom": "lead"}"#
        )
        .replacingOccurrences(of: "6b0d4b5e-1c3e-4d8a-9f00-0a1b2c3d4e5f", with: "7c1e5c6f-2d4f-4e9b-8a11-1b2c3d4e5f60")
        let skipped = try repo.importing(notApproved, source: .kobo, file: "export.json")
        #expect(skipped.imported.isEmpty)
        #expect(skipped.diagnostics.map(\.code) == ["rejected-submission"])
    }

    @Test func centralsZIPDownloadIsRead() throws {
        let repo = try ImportRepository()
        defer { repo.remove() }
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in [("xx-garment.csv", repo.centralCSV([repo.centralRow()])), ("xx-garment-repeat.csv", "KEY\n")] {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        let report = try repo.importing([UInt8](try #require(archive.data)), file: "xx-garment.zip")
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        #expect(report.imported.count == 1)
    }

    @Test func aFormOfOtherContentIsRefused() throws {
        let repo = try ImportRepository()
        defer { repo.remove() }
        let report = try repo.importing(repo.centralCSV([repo.centralRow(digest: "sha256:0000")]))
        #expect(report.imported.isEmpty)
        #expect(
            text(report.diagnostics) == """
                export.csv:2:6: error: the form pins digest sha256:0000, but the committed xx-garment 2026.1 has \(repo.digest): the form was made from other content [questionnaire-mismatch]
                  note: column 'star_digest' of submission 1
                  note: submissions are imported only into the exact questionnaire their form was made from

                """)
        #expect(!repo.repo.scratch.exists(repo.recordPath))
    }

    @Test func aFormVersionThatIsNotThePinnedOneIsRefused() throws {
        let repo = try ImportRepository()
        defer { repo.remove() }
        let report = try repo.importing(repo.centralCSV([repo.centralRow(version: "2026.1+000000000000")]))
        #expect(
            text(report.diagnostics) == """
                export.csv:2:27: error: the submission was made with form version '2026.1+000000000000', but xx-garment 2026.1 is form version '\(repo.formVersion)' [questionnaire-mismatch]
                  note: column 'FormVersion' of submission 1

                """)
    }

    @Test func aQuestionnaireThatIsNotCommittedIsRefused() throws {
        let repo = try ImportRepository()
        defer { repo.remove() }
        let report = try repo.importing(repo.centralCSV([repo.centralRow().replacingOccurrences(of: "xx-garment@2026.1", with: "xx-garment@2027.1")]))
        #expect(
            text(report.diagnostics) == """
                export.csv:2:5: error: the form was made from xx-garment@2027.1, which is not a committed compiled questionnaire of this repository [questionnaire-mismatch]
                  note: column 'star_questionnaire' of submission 1
                  note: compile and commit it, or import into the repository the form was made from

                """)
    }

    @Test func everyProblemIsToldByRowAndColumn() throws {
        let repo = try ImportRepository()
        defer { repo.remove() }
        let second = repo.centralRow("maybe,yes,many,written", instance: "uuid:7c1e5c6f-2d4f-4e9b-8a11-1b2c3d4e5f60")
            .replacingOccurrences(of: "2026-03-14,2026-03-15,assessment", with: "2026-03-20,2026-02-30,visit")
        let report = try repo.importing(repo.centralCSV([repo.centralRow(), second]))
        #expect(report.imported.count == 1)
        #expect(
            text(report.diagnostics) == """
                export.csv:3:9: error: '2026-02-30' is not a date that exists; expected YYYY-MM-DD [invalid-date]
                  note: column 'visit-visit_end' of submission 2
                export.csv:3:10: error: kind must be one of assessment, follow-up, self-assessment, found 'visit' [invalid-value]
                  note: column 'visit-kind' of submission 2
                export.csv:3:13: error: 'CL.CHILD.1' is a yes-no question; answer yes or no, found 'maybe' [invalid-answer]
                  note: column 'CL-CL_CHILD-CL_CHILD_1' of submission 2
                export.csv:3:15: error: 'WT.OT.2' takes a number, found 'many' [invalid-answer]
                  note: column 'WT-WT_OT-WT_OT_2' of submission 2

                """)
    }

    @Test func anUnknownFactoryIsToldAtItsCell() throws {
        let repo = try ImportRepository()
        defer { repo.remove() }
        let report = try repo.importing(repo.centralCSV([repo.centralRow(factory: "XX-0099")]))
        #expect(
            text(report.diagnostics).hasPrefix(
                "export.csv:2:7: error: no factory 'XX-0099' is registered [unknown-factory]\n  note: column 'visit-factory' of submission 1\n"))
    }

    @Test func aSubmissionWithoutInstanceIDOrPinIsRefused() throws {
        let repo = try ImportRepository()
        defer { repo.remove() }
        let csv = "visit-factory,CL-CL_CHILD-CL_CHILD_1\nXX-0001,no\n"
        let report = try repo.importing(csv)
        #expect(
            text(report.diagnostics)
                == "export.csv:2:1: error: submission 1 has no instance id (meta-instanceID or KEY), by which an import knows it again [missing-key]\n")
        let pinless = try repo.importing("meta-instanceID,CL-CL_CHILD-CL_CHILD_1\nuuid:6b0d4b5e-1c3e-4d8a-9f00-0a1b2c3d4e5f,no\n")
        #expect(
            text(pinless.diagnostics)
                == "export.csv:2:1: error: submission 1 has no 'star_questionnaire': it was not collected with a form made by 'star questionnaire xlsform' [questionnaire-mismatch]\n"
        )
    }

    @Test func aHostileInstanceIDNeverBecomesAPath() throws {
        let repo = try ImportRepository()
        defer { repo.remove() }
        let report = try repo.importing(repo.centralCSV([repo.centralRow(instance: "uuid:../../../etc/passwd")]))
        #expect(report.imported.isEmpty)
        #expect(
            text(report.diagnostics) == """
                export.csv:2:17: error: instance id 'uuid:../../../etc/passwd' cannot name a file: expected uuid:<letters, digits and '-'> [invalid-id]
                  note: column 'meta-instanceID' of submission 1

                """)
        #expect(!FileManager.default.fileExists(atPath: repo.repo.repository.path("etc")))
    }

    @Test func aColumnOfNoFieldIsWarnedAboutOnce() throws {
        let repo = try ImportRepository()
        defer { repo.remove() }
        let csv = repo.centralCSV([
            repo.centralRow() + ",12",
            repo.centralRow(instance: "uuid:7c1e5c6f-2d4f-4e9b-8a11-1b2c3d4e5f60").replacingOccurrences(
                of: "2026-03-14,2026-03-15", with: "2026-04-01,2026-04-01") + ",3",
        ])
        .replacingOccurrences(of: ",FormVersion", with: ",FormVersion,WT-WT_OT-WT_OT_9")
        let report = try repo.importing(csv)
        #expect(report.imported.count == 2)
        #expect(
            text(report.diagnostics)
                == "export.csv:1:28: warning: column 'WT-WT_OT-WT_OT_9' is not a field of xx-garment@2026.1; it was ignored [unknown-column]\n")
    }

    @Test func aFinalRecordIsNeverWrittenOver() throws {
        let repo = try ImportRepository()
        defer { repo.remove() }
        _ = try repo.repo.store.record(try repo.repo.sheet(AssessmentRepository.complete), final: true)
        let final = try repo.repo.scratch.read(repo.recordPath)
        let report = try repo.importing(repo.centralCSV([repo.centralRow()]))
        #expect(report.imported.isEmpty)
        #expect(
            text(report.diagnostics) == """
                export.csv:2:1: error: XX-0001/2026-03-14 is already recorded as final, and a final record is never overwritten [final-record]
                  note: to correct it, put 'amends: XX-0001/2026-03-14' in the sheet and record it again: the correction becomes a new record

                """)
        #expect(try repo.repo.scratch.read(repo.recordPath) == final)
        #expect(!repo.repo.scratch.exists(repo.receiptPath))
    }

    @Test func aDraftMadeFromASheetIsNotReplaced() throws {
        let repo = try ImportRepository()
        defer { repo.remove() }
        _ = try repo.repo.store.record(try repo.repo.sheet(["CL.CHILD.1: yes"]), final: false)
        let report = try repo.importing(repo.centralCSV([repo.centralRow()]))
        #expect(
            report.diagnostics.map(\.message) == ["XX-0001/2026-03-14 is a draft made from a sheet or an interview; the submission would replace its answers"])
        #expect(try repo.record().record.typedAnswers == ["CL.CHILD.1": .yesNo(true)])
    }

    @Test func aSecondSubmissionOfOneVisitIsRefusedButACentralEditReplacesTheDraft() throws {
        let repo = try ImportRepository()
        defer { repo.remove() }
        _ = try repo.importing(repo.centralCSV([repo.centralRow()]))
        let other = "uuid:7c1e5c6f-2d4f-4e9b-8a11-1b2c3d4e5f60"
        let second = try repo.importing(repo.centralCSV([repo.centralRow("yes,no,,", instance: other)]))
        #expect(
            second.diagnostics.map(\.message) == [
                "XX-0001/2026-03-14 is already the draft of submission uuid:6b0d4b5e-1c3e-4d8a-9f00-0a1b2c3d4e5f; two submissions of one visit are not merged"
            ])
        // An edit in Central is a new instance naming the one it replaces in meta-deprecatedID.
        let edit = repo.centralCSV([repo.centralRow("yes,no,,", instance: other) + ",uuid:6b0d4b5e-1c3e-4d8a-9f00-0a1b2c3d4e5f"])
            .replacingOccurrences(of: ",FormVersion", with: ",FormVersion,meta-deprecatedID")
        let edited = try repo.importing(edit)
        #expect(edited.diagnostics.isEmpty, "\(edited.diagnostics)")
        #expect(try repo.record().record.typedAnswers == ["CL.CHILD.1": .yesNo(true), "WT.OT.1": .yesNo(false)])
        #expect(
            SubmissionReceipt.read(repo.repo.repository.path("submissions/XX/XX-0001/7c1e5c6f-2d4f-4e9b-8a11-1b2c3d4e5f60.json"))?.replaces
                == "uuid:6b0d4b5e-1c3e-4d8a-9f00-0a1b2c3d4e5f")
    }

    @Test func anExportThatCannotBeReadIsOneError() {
        let (_, unclosed) = SubmissionExport.read(Array("a,b\n\"x,y\n".utf8), file: "export.csv", source: .odk)
        #expect(text(unclosed) == "export.csv:2:1: error: a quoted field that starts here is never closed [csv-syntax]\n")
        let (_, json) = SubmissionExport.read(Array("{\"count\": 1}".utf8), file: "export.json", source: .kobo)
        #expect(
            text(json)
                == "export.json:1:1: error: the export must be a list of submissions, or an object with 'value' (ODK Central) or 'results' (KoboToolbox) [wrong-type]\n"
        )
    }
}
