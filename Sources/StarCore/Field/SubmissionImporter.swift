import Foundation

/// Turns the submissions of an ODK Central or KoboToolbox export into draft records (docs/field.md).
///
/// Each submission is read as an answer sheet would be and recorded through AssessmentStore, so it meets
/// every check a sheet meets and can never replace a final record. A submission is keyed on its instance
/// id: what was imported is kept in `submissions/<CC>/<factory>/<instance>.json` (SubmissionReceipt), with
/// the submitter and the times, and importing it again changes nothing.
public struct SubmissionImporter: Sendable {
    public let store: AssessmentStore

    public init(store: AssessmentStore) {
        self.store = store
    }

    public enum Outcome: Sendable, Equatable {
        /// A draft was written (or completed, when a Central edit replaced an earlier submission).
        case imported(RecordID, path: String, answers: Int)
        /// Imported before: nothing was written.
        case alreadyImported(RecordID)
        /// Written as an answer sheet (`unchanged`: the same sheet was there already).
        case sheet(path: String, unchanged: Bool)
    }

    /// What submissions become: draft records, or answer sheets in a folder, to be reviewed in an editor
    /// and recorded with `star assess record`.
    public enum Target: Sendable, Equatable {
        case drafts
        case sheets(directory: String)
    }

    public struct Imported: Sendable {
        public var submission: Int
        public var instance: String
        public var outcome: Outcome
        /// The digests of the photos stored as evidence of the draft's answers (docs/evidence.md).
        public var evidence: [String] = []
    }

    public struct Report: Sendable {
        public var imported: [Imported]
        /// Every problem, by row and column; a submission with an error is not imported, the others are.
        public var diagnostics: [Diagnostic]
    }

    /// - Parameter evidence: the caps photos are stored within (star.yaml's `evidence:`).
    /// `today` is the repository's (Repository.today()): a visit may not start after it.
    public func run(_ export: SubmissionExport, into target: Target = .drafts, evidence: EvidenceSettings = EvidenceSettings(), today: CalendarDate) -> Report {
        var report = Report(imported: [], diagnostics: [])
        var formFields: [String: FormFields] = [:]
        var usedColumns: Set<String> = []
        for submission in export.submissions {
            var problems: [Diagnostic] = []
            let outcome = importOne(
                submission, export: export, target: target, evidence: evidence, today: today, formFields: &formFields,
                usedColumns: &usedColumns, problems: &problems)
            // A row and a column number are found faster with the column's name beside them.
            let columnAt = Dictionary(submission.cells.values.map { ($0.location, $0.column) }, uniquingKeysWith: { a, _ in a })
            report.diagnostics += problems.map { problem in
                guard problem.location != submission.location, let column = columnAt[problem.location] else { return problem }
                var named = problem
                named.notes.insert("\(export.isJSON ? "field" : "column") '\(column)' of submission \(submission.number)", at: 0)
                return named
            }
            if let outcome { report.imported.append(outcome) }
        }
        // A column no form of these submissions has: a form from elsewhere, or a renamed field. Reported once.
        if !formFields.isEmpty {
            for (name, column) in export.columns.sorted(by: { $0.value.location < $1.value.location })
            where !usedColumns.contains(name) && !FormFields.Meta.all.contains(name) && !Self.isExportMetadata(name)
                && !formFields.values.contains(where: {
                    $0.questionOfField[name] != nil || $0.questionOfNoteField[name] != nil || $0.questionOfPhotoField[name] != nil
                })
            {
                report.diagnostics.append(
                    .warning(
                        "unknown-column", "column '\(column.column)' is not a field of \(formFields.keys.sorted().joined(separator: ", ")); it was ignored",
                        at: column.location))
            }
        }
        report.diagnostics.sort()
        return report
    }

    private func importOne(
        _ submission: SubmissionExport.Submission, export: SubmissionExport, target: Target, evidence settings: EvidenceSettings,
        today: CalendarDate, formFields: inout [String: FormFields],
        usedColumns: inout Set<String>, problems: inout [Diagnostic]
    ) -> Imported? {
        let cells = submission.cells
        func text(_ name: String) -> String? {
            cells[name].flatMap { $0.value.string ?? CanonicalJSON.string($0.value).trimmingCharacters(in: .whitespacesAndNewlines) }
        }
        func at(_ name: String) -> SourceLocation { cells[name]?.location ?? submission.location }
        func error(_ code: String, _ message: String, _ location: SourceLocation, notes: [String] = []) {
            problems.append(.error(code, message, at: location, notes: notes))
        }
        let meta = SubmissionMetadata(cells: cells, source: export.source)
        if let overflow = submission.overflow {
            error("csv-syntax", "this row has more fields than the header has columns", overflow)
        }
        guard let instance = meta.instanceID else {
            error(
                "missing-key",
                "submission \(submission.number) has no instance id (\(export.source == .odk ? "meta-instanceID or KEY" : "_uuid or meta/instanceID")), by which an import knows it again",
                submission.location)
            return nil
        }
        if let rejection = meta.rejection {
            problems.append(
                .warning("rejected-submission", "submission \(submission.number) (\(instance)) was \(rejection); it is not imported", at: submission.location))
            return nil
        }
        let instanceName = SubmissionReceipt.fileName(of: instance)
        if instanceName == nil {
            error("invalid-id", "instance id '\(instance)' cannot name a file: expected uuid:<letters, digits and '-'>", at("instanceID"))
        }

        // Which compiled questionnaire the form was made from, and that it is that exact content.
        guard let pinText = text(FormFields.Meta.questionnaire) else {
            error(
                "questionnaire-mismatch",
                "submission \(submission.number) has no '\(FormFields.Meta.questionnaire)': it was not collected with a form made by 'star questionnaire xlsform'",
                submission.location, notes: export.source == .kobo ? ["export from KoboToolbox with 'XML values and headers', not labels"] : [])
            return nil
        }
        let parts = pinText.split(separator: "@", maxSplits: 1).map(String.init)
        guard parts.count == 2, let compiled = store.context.compiled[pinText] else {
            error(
                "questionnaire-mismatch", "the form was made from \(pinText), which is not a committed compiled questionnaire of this repository",
                at(FormFields.Meta.questionnaire),
                notes: ["compile and commit it, or import into the repository the form was made from"])
            return nil
        }
        let fields: FormFields
        if let known = formFields[pinText] {
            fields = known
        } else {
            let (made, diagnostics) = FormFields.make(compiled)
            guard let made else {
                problems += diagnostics
                return nil
            }
            fields = made
            formFields[pinText] = fields
        }
        let digest = text(FormFields.Meta.digest)
        if digest != compiled.digest {
            error(
                "questionnaire-mismatch",
                "the form pins \(digest.map { "digest \($0)" } ?? "no digest"), but the committed \(compiled.id) \(compiled.version) has \(compiled.digest): the form was made from other content",
                at(FormFields.Meta.digest), notes: ["submissions are imported only into the exact questionnaire their form was made from"])
        }
        if let version = meta.formVersion, version != fields.formVersion {
            error(
                "questionnaire-mismatch",
                "the submission was made with form version '\(version)', but \(compiled.id) \(compiled.version) is form version '\(fields.formVersion)'",
                meta.formVersionLocation ?? submission.location)
        }

        // The visit: what a sheet's header holds.
        let factoryID = text(FormFields.Meta.factory)
        if factoryID == nil { error("missing-key", "submission \(submission.number) names no factory ('\(FormFields.Meta.factory)')", submission.location) }
        if let factoryID, let problem = Identifier.problem(with: factoryID, as: .factory) { error("invalid-id", problem, at(FormFields.Meta.factory)) }
        func date(_ name: String) -> CalendarDate? {
            guard let value = text(name) else { return nil }
            // A tool may add a time to a date; the day is what a visit keeps.
            let day = value.count > 10 && value.dropFirst(10).first == "T" ? String(value.prefix(10)) : value
            guard let date = CalendarDate(day) else {
                error("invalid-date", "'\(value)' is not a date that exists; expected YYYY-MM-DD", at(name))
                return nil
            }
            return date
        }
        let start = date(FormFields.Meta.visitStart)
        if start == nil, text(FormFields.Meta.visitStart) == nil {
            error("missing-key", "submission \(submission.number) has no first day of the visit ('\(FormFields.Meta.visitStart)')", submission.location)
        }
        var visit: Visit?
        if let start {
            let end = date(FormFields.Meta.visitEnd) ?? start
            var announced: Bool?
            if let value = text(FormFields.Meta.announced) {
                if value == "yes" || value == "no" {
                    announced = value == "yes"
                } else {
                    error("invalid-value", "'\(FormFields.Meta.announced)' takes yes or no, found '\(value)'", at(FormFields.Meta.announced))
                }
            }
            visit = Visit(start: start, end: end, announced: announced)
            if let problem = visit?.problem(today: today) { error("invalid-date", problem, at(FormFields.Meta.visitEnd)) }
        }
        var kind = AssessmentKind.assessment
        if let value = text(FormFields.Meta.kind) {
            if let parsed = AssessmentKind(rawValue: value) {
                kind = parsed
            } else {
                error(
                    "invalid-value", "kind must be one of \(AssessmentKind.allCases.map(\.rawValue).joined(separator: ", ")), found '\(value)'",
                    at(FormFields.Meta.kind))
            }
        }
        var assessors: [Assessor] = []
        for item in (text(FormFields.Meta.assessors) ?? "").split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\n" || $0 == ";" }) {
            let parts = item.split(separator: ":", maxSplits: 1).map(String.init)
            let assessor = Assessor(id: parts[0], gender: parts.count == 2 ? parts[1] : nil)
            for problem in assessor.problems { error("invalid-value", problem, at(FormFields.Meta.assessors)) }
            assessors.append(assessor)
        }

        // The answers, by question id, each located at its cell.
        var answers: [String: RawAnswer] = [:]
        var locations: [String: SourceLocation] = [:]
        var photos: [(question: String, file: String, location: SourceLocation)] = []
        for (name, cell) in cells {
            if let question = fields.questionOfField[name] {
                usedColumns.insert(name)
                answers[question, default: RawAnswer(value: nil)].value = cell.value
                locations[question] = cell.location
            } else if let question = fields.questionOfNoteField[name] {
                usedColumns.insert(name)
                answers[question, default: RawAnswer(value: nil)].note = cell.value.string ?? CanonicalJSON.string(cell.value).trimmingCharacters(in: .newlines)
                if locations[question] == nil { locations[question] = cell.location }
            } else if let question = fields.questionOfPhotoField[name] {
                usedColumns.insert(name)
                if let file = cell.value.string, !file.isEmpty { photos.append((question, file, cell.location)) }
            }
        }
        photos.sort { $0.location < $1.location }

        guard let factoryID, let visit, let instanceName else {
            return nil
        }
        let sheet = AnswerSheet(
            file: export.file, factory: factoryID, questionnaire: QuestionnairePin(compiled), kind: kind, language: nil, visit: visit,
            assessors: assessors, amends: nil, amendsLocation: nil, answers: answers, answerLocations: locations,
            factoryLocation: at(FormFields.Meta.factory), questionnaireLocation: at(FormFields.Meta.questionnaire),
            problems: problems)

        if case .sheets(let directory) = target {
            if let first = photos.first {
                problems.append(
                    .warning(
                        "photo-not-imported",
                        "submission \(submission.number) has \(photos.count) photo\(photos.count == 1 ? "" : "s"); photos are stored as evidence only when submissions are imported as drafts",
                        at: first.location, notes: ["import without --sheets, or add them with 'star evidence add' once the sheet is recorded"]))
            }
            return writeSheet(
                sheet, instance: instance, name: instanceName, meta: meta, export: export, directory: directory,
                submission: submission, problems: &problems)
        }

        // Known again by its instance id: imported before, nothing to do, whatever became of the draft since.
        let factory = store.context.factories[factoryID]
        if let factory {
            let receiptPath = SubmissionReceipt.path(country: factory.country, factory: factory.id, instance: instanceName)
            if let receipt = SubmissionReceipt.read(store.repository.path(receiptPath)) {
                return Imported(submission: submission.number, instance: instance, outcome: .alreadyImported(receipt.record))
            }
            // A draft of the same visit is replaced only when it came from the submission this one edits.
            if !problems.hasErrors {
                do {
                    let (id, replacing) = try store.target(factory: factory, date: visit.start, kind: kind, amends: nil)
                    if replacing {
                        let receipts = SubmissionReceipt.all(in: store.repository, country: factory.country, factory: factory.id).filter { $0.record == id }
                        if receipts.isEmpty {
                            error(
                                "draft-exists", "\(id) is a draft made from a sheet or an interview; the submission would replace its answers",
                                submission.location,
                                notes: ["finish that draft with 'star assess record' or 'star assess finalize', or delete it, then import again"])
                        } else if !receipts.contains(where: { meta.deprecatedID != nil && $0.instance == meta.deprecatedID }) {
                            error(
                                "draft-exists", "\(id) is already the draft of submission \(receipts[0].instance); two submissions of one visit are not merged",
                                submission.location,
                                notes: [
                                    "edit the first submission in ODK Central or KoboToolbox (an edit replaces it), or give this visit's records another kind"
                                ])
                        }
                    }
                } catch {
                    problems += Self.diagnostics(of: error, at: submission.location)
                }
            }
        }
        guard !problems.hasErrors else {
            // Refused as a whole, but its answers are still checked: every problem is told at once.
            if let plan = store.context.plans[pinText] {
                problems += AnswerCheck(sheet.answers, against: plan, complete: false, location: sheet.location(of:)).diagnostics
            }
            return nil
        }

        do {
            let recorded = try store.record(sheet, final: false)
            problems += recorded.diagnostics.filter { $0.severity != .error }
            let id = recorded.loaded.record.id
            let receipt = SubmissionReceipt(
                instance: instance, source: export.source, record: id, questionnaire: QuestionnairePin(compiled),
                submitter: meta.submitter, submitted: meta.submitted, started: text(FormFields.Meta.start),
                ended: text(FormFields.Meta.end), device: text(FormFields.Meta.deviceID), replaces: meta.deprecatedID)
            let receiptPath = SubmissionReceipt.path(country: recorded.loaded.factory.country, factory: recorded.loaded.factory.id, instance: instanceName)
            do {
                _ = try FileStore.write(CanonicalJSON.data(receipt.json), to: store.repository.path(receiptPath), policy: .replace)
            } catch {
                problems.append(.error("io-error", "the draft \(id) was written, but its receipt could not be: \(error)", at: submission.location))
            }
            let stored = storePhotos(
                photos, of: id, factory: recorded.loaded.factory, export: export, instance: instance, by: meta.submitter,
                settings: settings, problems: &problems)
            return Imported(
                submission: submission.number, instance: instance,
                outcome: .imported(id, path: recorded.path, answers: recorded.loaded.record.answers.count), evidence: stored)
        } catch {
            problems += Self.diagnostics(of: error, at: submission.location)
            return nil
        }
    }

    /// Stores each photo of a draft just written as the evidence of its question (EvidenceStore), and returns
    /// their digests. A photo that is not in the export's media, or that evidence may not be (too large, not
    /// what its name says), is a warning: the draft stands without it.
    private func storePhotos(
        _ photos: [(question: String, file: String, location: SourceLocation)], of record: RecordID, factory: Factory,
        export: SubmissionExport, instance: String, by submitter: String?, settings: EvidenceSettings,
        problems: inout [Diagnostic]
    ) -> [String] {
        let tool = export.source == .odk ? "ODK Central" : "KoboToolbox"
        let evidence = EvidenceStore(store: store)
        var stored: [String] = []
        for photo in photos {
            guard let bytes = export.media.files[photo.file] else {
                let reason = export.media.problems[photo.file] ?? "it is not in the export's media"
                problems.append(
                    .warning(
                        "photo-missing", "the photo \(photo.file) of \(photo.question) was not stored as evidence: \(reason)", at: photo.location,
                        notes: export.media.files.isEmpty
                            ? [
                                "export the submissions with their media (ODK Central: the ZIP with media files; KoboToolbox: give its attachments with --media)"
                            ] : []))
                continue
            }
            do throws(EvidenceStore.Failure) {
                let added = try evidence.add(
                    bytes, named: photo.file, to: .question(record: record, question: photo.question), of: factory,
                    caption: "Photo from \(tool) submission \(instance)", by: submitter ?? tool, settings: settings)
                stored.append(added.digest)
                if let warning = added.warning { problems.append(.warning("evidence-large", warning, at: photo.location)) }
            } catch {
                problems.append(
                    .warning(
                        "photo-refused", "the photo \(photo.file) of \(photo.question) was not stored as evidence: \(error.description)", at: photo.location))
            }
        }
        return stored
    }

    /// The sheet of a submission, written only when its answers pass the checks a sheet meets; never over
    /// a sheet that differs (it may hold the advisor's corrections).
    private func writeSheet(
        _ sheet: AnswerSheet, instance: String, name: String, meta: SubmissionMetadata, export: SubmissionExport, directory: String,
        submission: SubmissionExport.Submission, problems: inout [Diagnostic]
    ) -> Imported? {
        let (factory, plan, resolved) = store.context.resolve(
            factory: sheet.factory, pin: sheet.questionnaire,
            factoryLocation: sheet.factoryLocation, pinLocation: sheet.questionnaireLocation)
        problems += resolved
        guard let factory, let plan, let visit = sheet.visit else { return nil }
        problems += AnswerCheck(sheet.answers, against: plan, complete: false, location: sheet.location(of:)).diagnostics
        guard !problems.hasErrors else { return nil }
        let tool = export.source == .odk ? "ODK Central" : "KoboToolbox"
        let provenance = "From \(tool) submission \(instance)" + (meta.submitter.map { ", sent by \($0)" } ?? "") + (meta.submitted.map { " at \($0)" } ?? "")
        let text = SubmissionSheet.text(questionnaire: plan.questionnaire, factory: factory, sheet: sheet, provenance: provenance)
        let file = "\(factory.id)-\(visit.start)-\(name.prefix(8)).yaml"
        let path = (directory as NSString).appendingPathComponent(file)
        do {
            let outcome = try FileStore.write(text, to: path, policy: .createOnly)
            return Imported(submission: submission.number, instance: instance, outcome: .sheet(path: path, unchanged: outcome == .unchanged))
        } catch .alreadyExists {
            problems.append(
                .error(
                    "sheet-exists", "\(path) exists and differs from this submission's sheet; it may hold corrections, so it is not replaced",
                    at: submission.location, notes: ["record that sheet, or move it away and import again"]))
        } catch {
            problems.append(.error("io-error", "\(error)", at: submission.location))
        }
        return nil
    }

    private static func diagnostics(of error: AssessmentStore.RecordingError, at location: SourceLocation) -> [Diagnostic] {
        switch error {
        case .invalid(let diagnostics): diagnostics
        case .refused(let message, let notes): [.error("final-record", message, at: location, notes: notes)]
        case .repository(let error): [.error("io-error", "\(error)", at: location)]
        }
    }

    /// Columns the tools add of their own: never a field of the form.
    static func isExportMetadata(_ name: String) -> Bool {
        name.hasPrefix("_") || SubmissionMetadata.toolColumns.contains(name)
    }
}

/// What the tool says about a submission, under the names each tool gives it.
struct SubmissionMetadata {
    var instanceID: String?
    var deprecatedID: String?
    var submitter: String?
    var submitted: String?
    var formVersion: String?
    var formVersionLocation: SourceLocation?
    /// Why the tool's reviewer turned the submission down, if they did: such a submission is not imported.
    var rejection: String?

    static let toolColumns: Set<String> = [
        "SubmissionDate", "submissionDate", "KEY", "SubmitterID", "SubmitterName", "submitterId", "submitterName",
        "AttachmentsPresent", "AttachmentsExpected", "attachmentsPresent", "attachmentsExpected", "Status", "status",
        "ReviewState", "reviewState", "DeviceID", "deviceId", "Edits", "edits", "FormVersion", "formVersion",
        "updatedAt", "createdAt", "deletedAt", "instanceID", "instanceName", "deprecatedID", "rootUuid", "uuid", "context",
        "odata.context", "audit", "userAgent", "validation_status",
    ]

    init(cells: [String: SubmissionExport.Cell], source: SubmissionSource) {
        func first(_ names: [String]) -> String? {
            for name in names { if let value = cells[name]?.value.string, !value.isEmpty { return value } }
            return nil
        }
        switch source {
        case .odk:
            instanceID = first(["instanceID", "KEY", "__id"])
            submitter = first(["SubmitterName", "submitterName", "SubmitterID", "submitterId"])
            submitted = first(["SubmissionDate", "submissionDate"])
            formVersion = first(["FormVersion", "formVersion"])
            formVersionLocation = cells["FormVersion"]?.location ?? cells["formVersion"]?.location
        case .kobo:
            // `_uuid` is the instance id without its `uuid:` prefix; `__version__` is Kobo's own, not the form's.
            instanceID = first(["instanceID"]) ?? first(["_uuid"]).map { "uuid:" + $0 }
            submitter = first(["_submitted_by"])
            submitted = first(["_submission_time"])
        }
        deprecatedID = first(["deprecatedID"])
        switch source {
        case .odk:
            if first(["ReviewState", "reviewState"]) == "rejected" { rejection = "rejected in ODK Central's review" }
        case .kobo:
            // In a CSV the validation status is its label, in the JSON an object with its uid.
            let status = cells["_validation_status"].map { $0.value["uid"]?.string ?? $0.value.string ?? "" }
            if status == "validation_status_not_approved" || status == "Not Approved" { rejection = "not approved in KoboToolbox's validation" }
        }
    }
}
