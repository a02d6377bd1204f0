import Foundation

/// Reads and writes assessment records under `assessments/<CC>/<factory>/`. Two advisors recording two
/// factories never touch the same file; a final record is never overwritten.
public struct AssessmentStore: Sendable {
    public let repository: Repository
    public let context: AssessmentContext

    public init(repository: Repository, context: AssessmentContext? = nil) {
        self.repository = repository
        self.context = context ?? .load(repository)
    }

    /// A record read and checked against the questionnaire it pins.
    public struct Loaded: Sendable {
        public var record: AssessmentRecord
        public var questionnaire: CompiledQuestionnaire
        public var factory: Factory
        public var check: AnswerCheck
    }

    // MARK: - Finding records

    /// Every record file, repository-relative, sorted.
    public func recordFiles() -> [String] {
        Self.recordFiles(in: repository)
    }

    static func recordFiles(in repository: Repository) -> [String] {
        recordFiles(in: recordWalk(in: repository))
    }

    /// The walk that finds them (paths relative to `assessments/`).
    static func recordWalk(in repository: Repository) -> FileStore.Walk {
        FileStore.walk(repository.path("assessments"), extensions: ["json"], statting: false)
    }

    /// The record files `walk` found, repository-relative.
    static func recordFiles(in walk: FileStore.Walk) -> [String] {
        walk.files.map { "assessments/" + $0.path }
    }

    /// The record file a user means: a path to a `.json` file, or a record id such as `KH-0001/2026-03-14`.
    public func resolve(_ reference: String, workingDirectory: String) -> Result<String, AnswerError> {
        if reference.hasSuffix(".json") {
            let absolute = Repository.absolutePath(reference, relativeTo: workingDirectory)
            guard FileStore.exists(absolute) else { return .failure(AnswerError("no record file \(reference)")) }
            return .success(repository.relative(absolute))
        }
        guard let id = RecordID(reference) else {
            return .failure(AnswerError("'\(reference)' is neither a record file (.json) nor a record id such as KH-0001/2026-03-14"))
        }
        if let country = context.factories[id.factory]?.country, FileStore.exists(repository.path(AssessmentRecord.path(country: country, id: id))) {
            return .success(AssessmentRecord.path(country: country, id: id))
        }
        return .failure(AnswerError("no record \(id); 'star assess list --factory \(id.factory)' shows that factory's records"))
    }

    /// Reads one record and checks it fully; the result is nil when it cannot be understood.
    public func load(_ file: String) -> (Loaded?, [Diagnostic]) {
        fullCheck(file: file).loaded
    }

    /// Reads and parses one record file, without checking it against anything.
    public func parse(_ file: String) -> (RecordDocument?, [Diagnostic]) {
        do throws(RepositoryError) {
            return RecordDocument.parse(try repository.read(file, limit: FileStore.Limit.record), file: file)
        } catch {
            return (nil, [Repository.diagnostic(for: error, file: file)])
        }
    }

    /// The one full check of a record, for every reader of records; its diagnostics are located when asked.
    public func fullCheck(_ parsed: (RecordDocument?, [Diagnostic])) -> RecordCheck {
        RecordCheck(parsed, context: context)
    }

    /// The same for the record file `bytes` (RecordCheck reads a file as star writes it straight for its questionnaire).
    public func fullCheck(_ bytes: [UInt8], file: String) -> RecordCheck {
        RecordCheck(bytes, file: file, context: context)
    }

    /// The same when CanonicalHeader has read the file's header already.
    func fullCheck(_ bytes: [UInt8], file: String, header: CanonicalHeader.Read?) -> RecordCheck {
        RecordCheck(bytes, file: file, context: context, header: header)
    }

    /// The same for the record `file`, read through `folders` when given (many records read at once).
    public func fullCheck(file: String, from folders: OpenedFolders? = nil) -> RecordCheck {
        do throws(RepositoryError) {
            let bytes =
                if let folders { try folders.read(file, limit: FileStore.Limit.record) } else { try repository.read(file, limit: FileStore.Limit.record) }
            return fullCheck(bytes, file: file)
        } catch {
            return fullCheck((nil, [Repository.diagnostic(for: error, file: file)]))
        }
    }

    /// The ids of a factory's records, oldest first.
    public func records(of factory: Factory) -> [RecordID] {
        let folder = "assessments/\(factory.country)/\(factory.id)"
        return FileStore.files(under: repository.path(folder), extensions: ["json"]).compactMap { name -> RecordID? in
            guard !name.contains("/"), let (date, sequence) = RecordID.parseName(name.dropLast(5)) else { return nil }
            return RecordID(factory: factory.id, date: date, sequence: sequence)
        }.sorted()
    }

    // MARK: - Recording

    public struct Recorded: Sendable {
        public var path: String
        public var loaded: Loaded
        /// A draft of the same visit was completed rather than a new record made.
        public var replacedDraft: Bool
        public var diagnostics: [Diagnostic]
    }

    public enum RecordingError: Error, Sendable {
        /// The sheet or record has errors; nothing was written.
        case invalid([Diagnostic])
        /// Writing would overwrite a final record, or the record is already final.
        case refused(String, notes: [String])
        case repository(RepositoryError)
    }

    /// Turns a filled-in sheet into a record: a draft, or final when `final` (then every applicable question
    /// must be answered). Nothing is written when the sheet has errors.
    public func record(_ sheet: AnswerSheet, final: Bool) throws(RecordingError) -> Recorded {
        var (factory, plan, diagnostics) = context.resolve(
            factory: sheet.factory, pin: sheet.questionnaire,
            factoryLocation: sheet.factoryLocation, pinLocation: sheet.questionnaireLocation)
        diagnostics += sheet.problems
        guard let factory, let plan else { throw .invalid(diagnostics.sorted()) }
        let check = AnswerCheck(sheet.answers, against: plan, complete: final, location: sheet.location(of:))
        diagnostics += check.diagnostics
        if let amends = sheet.amends { diagnostics += checkAmends(amends, factory: factory, at: sheet.amendsLocation ?? SourceLocation(file: sheet.file)) }
        guard let visit = sheet.visit, !diagnostics.hasErrors else { throw .invalid(diagnostics.sorted()) }

        let (id, replacing) = try target(factory: factory, date: visit.start, kind: sheet.kind, amends: sheet.amends)
        var record = AssessmentRecord(
            id: id, kind: sheet.kind, status: .draft, questionnaire: sheet.questionnaire, visit: visit,
            assessors: sheet.assessors, answers: check.answers, amends: sheet.amends)
        if final { record.seal() }
        let path = try write(record, country: factory.country, replacing: replacing)
        return Recorded(
            path: path, loaded: Loaded(record: record, questionnaire: plan.questionnaire, factory: factory, check: check),
            replacedDraft: replacing, diagnostics: diagnostics.sorted())
    }

    /// Freezes a draft: every applicable question must be answered. The file is rewritten in place, final.
    public func finalize(_ file: String) throws(RecordingError) -> Loaded {
        let (loaded, diagnostics) = load(file)
        guard var loaded, !diagnostics.hasErrors else { throw .invalid(diagnostics) }
        guard loaded.record.status == .draft else {
            throw .refused(
                "\(loaded.record.id) is already final", notes: ["a correction is a new record: add 'amends: \(loaded.record.id)' to a sheet and record it"])
        }
        let unanswered = loaded.check.unanswered
        guard unanswered.isEmpty else {
            throw .invalid([
                .error(
                    "unanswered",
                    "\(unanswered.count) applicable question\(unanswered.count == 1 ? "" : "s") still without an answer: \(unanswered.prefix(8).joined(separator: ", "))\(unanswered.count > 8 ? ", ..." : "")",
                    at: SourceLocation(file: file), notes: ["answer them in the sheet and record it again, or continue with 'star assess interview'"])
            ])
        }
        loaded.record.seal()
        try write(loaded.record, country: loaded.factory.country, replacing: true)
        return loaded
    }

    /// Writes a record: a new file is created only if none exists (two advisors never overwrite each other);
    /// `replacing` is for a draft being completed.
    @discardableResult
    public func write(_ record: AssessmentRecord, country: String, replacing: Bool) throws(RecordingError) -> String {
        let path = AssessmentRecord.path(country: country, id: record.id)
        do {
            _ = try FileStore.write(CanonicalJSON.data(record.json), to: repository.path(path), policy: replacing ? .replace : .createOnly)
        } catch {
            throw .repository(error)
        }
        return path
    }

    /// The record an interview of this visit writes: the draft it resumes (loaded), or a new id.
    public func interviewTarget(factory: Factory, date: CalendarDate, kind: AssessmentKind) throws(RecordingError) -> (RecordID, Loaded?) {
        let (id, replacing) = try target(factory: factory, date: date, kind: kind, amends: nil)
        guard replacing else { return (id, nil) }
        let (loaded, diagnostics) = load(AssessmentRecord.path(country: factory.country, id: id))
        guard let loaded, !diagnostics.hasErrors else { throw .invalid(diagnostics) }
        return (id, loaded)
    }

    /// Where a new record of this visit goes: the first free `<date>[-N]`, or the draft it completes.
    /// A final record of the same visit is never replaced: a correction must say that it amends it.
    func target(factory: Factory, date: CalendarDate, kind: AssessmentKind, amends: RecordID?) throws(RecordingError) -> (RecordID, replacing: Bool) {
        var sequence = 1
        while true {
            let id = RecordID(factory: factory.id, date: date, sequence: sequence)
            let file = AssessmentRecord.path(country: factory.country, id: id)
            guard FileStore.exists(repository.path(file)) else { return (id, false) }
            if let bytes = try? repository.read(file, limit: FileStore.Limit.record), let existing = RecordDocument.parse(bytes, file: file).0?.header,
                existing.kind == kind, existing.amends == amends
            {
                if existing.status == .draft { return (id, true) }
                // The same sheet recorded again: a second correction amends the first one, not the original.
                throw .refused(
                    "\(id) is already recorded as final, and a final record is never overwritten",
                    notes: ["to correct it, put 'amends: \(id)' in the sheet and record it again: the correction becomes a new record"])
            }
            sequence += 1
        }
    }

    func checkAmends(_ amends: RecordID, factory: Factory, at location: SourceLocation) -> [Diagnostic] {
        guard amends.factory == factory.id else {
            return [.error("invalid-amends", "a record of \(factory.id) cannot amend \(amends), a record of another factory", at: location)]
        }
        let file = AssessmentRecord.path(country: factory.country, id: amends)
        guard let bytes = try? repository.read(file, limit: FileStore.Limit.record), let header = RecordDocument.parse(bytes, file: file).0?.header else {
            return [.error("invalid-amends", "amends \(amends), but there is no such record", at: location)]
        }
        guard header.status == .final else {
            return [.error("invalid-amends", "amends \(amends), which is a draft; complete the draft itself instead", at: location)]
        }
        return []
    }
}
