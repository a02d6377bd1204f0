import Foundation

/// `star validate`: every check over a whole repository, writing nothing. Questionnaires (as `lint`), the
/// registry, the compiled files, and every record against the compiled questionnaire it pins.
public enum RepositoryValidator {
    public struct Result: Sendable {
        public var diagnostics: [Diagnostic]
        public var recordCount: Int
        public var questionnaireCount: Int
    }

    /// - Parameter progress: called now and then with (records checked, records in all), from any thread.
    public static func validate(_ repository: Repository, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                                progress: (@Sendable (Int, Int) -> Void)? = nil) -> Result {
        let context = AssessmentContext.load(repository)
        var diagnostics = context.diagnostics + compiledFileProblems(repository)
        let store = AssessmentStore(repository: repository, context: context)
        let files = store.recordFiles()
        let results = checkRecords(files, store: store, workers: workers, progress: progress)
        var headers: [RecordID: AssessmentRecord] = [:]
        var pinned: [String: String] = [:]
        for (file, result) in zip(files, results) {
            diagnostics += result.diagnostics
            guard let header = result.header else { continue }
            headers[header.id] = header
            if header.status == .final, pinned["\(header.questionnaire.id)@\(header.questionnaire.version)"] == nil {
                pinned["\(header.questionnaire.id)@\(header.questionnaire.version)"] = file
            }
        }
        // The records were just read: the versions they pin come from this pass, not from a second scan.
        let library = QuestionnaireLibrary.load(from: repository)
        let publisher = QuestionnairePublisher(repository: repository, pinned: PinnedVersions(records: pinned))
        diagnostics += QuestionnaireLinter.lint(library, publisher: publisher).diagnostics
        for (file, result) in zip(files, results) {
            guard let amends = result.header?.amends, let header = result.header else { continue }
            if amends.factory != header.factory {
                diagnostics.append(.error("invalid-amends", "\(header.id) amends \(amends), a record of another factory", at: SourceLocation(file: file)))
            } else if !files.contains(where: { $0.hasSuffix("/\(amends.factory)/\(amends.name).json") }) {
                diagnostics.append(.error("invalid-amends", "\(header.id) amends \(amends), but there is no such record", at: SourceLocation(file: file)))
            } else if let target = headers[amends], target.status != .final {
                diagnostics.append(.error("invalid-amends", "\(header.id) amends \(amends), which is a draft", at: SourceLocation(file: file)))
            }
        }
        return Result(diagnostics: Array(Set(diagnostics)).sorted(), recordCount: files.count,
                      questionnaireCount: library.sources.count)
    }

    /// A compiled file must still carry the digest of its own content.
    static func compiledFileProblems(_ repository: Repository) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let folder = "questionnaires/compiled"
        for relative in FileStore.files(under: repository.path(folder), extensions: ["json"]) {
            let file = folder + "/" + relative
            do {
                let questionnaire = try CompiledQuestionnaire(json: try JSONParser.parse(try FileStore.read(repository.path(file))))
                if !questionnaire.digestIsValid {
                    diagnostics.append(.error("compiled-changed", "\(file) was edited by hand: its content no longer matches its digest",
                                              at: SourceLocation(file: file), notes: ["restore it from version control, or run 'star questionnaire compile'"]))
                }
                if file != QuestionnairePublisher.compiledPath(id: questionnaire.id, version: questionnaire.version) {
                    diagnostics.append(.error("misplaced-file", "compiled \(questionnaire.id) \(questionnaire.version) belongs in \(QuestionnairePublisher.compiledPath(id: questionnaire.id, version: questionnaire.version))",
                                              at: SourceLocation(file: file)))
                }
            } catch let error as JSONParseError {
                diagnostics.append(.error("invalid-json", "not valid JSON: \(error.message)", at: SourceLocation(file: file, line: error.line, column: error.column)))
            } catch {
                diagnostics.append(.error("compiled-format", "not a compiled questionnaire: \(error)", at: SourceLocation(file: file)))
            }
        }
        return diagnostics
    }

    struct RecordResult: Sendable {
        var header: AssessmentRecord?
        var diagnostics: [Diagnostic]
    }

    /// Checks records on `workers` threads; each record is read, checked and dropped, so memory stays flat.
    static func checkRecords(_ files: [String], store: AssessmentStore, workers: Int, progress: (@Sendable (Int, Int) -> Void)?) -> [RecordResult] {
        let results = ResultSlots(count: files.count)
        let workers = max(1, min(workers, files.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: files.count, by: workers) {
                let parsed = store.parse(files[index])
                results.set(index, RecordResult(header: parsed.0?.header, diagnostics: store.check(parsed).1))
                if worker == 0, let progress, index % 500 == 0 { progress(index, files.count) }
            }
        }
        return results.values
    }
}

/// One slot per record, each written by exactly one worker: no two threads touch the same slot.
private final class ResultSlots: @unchecked Sendable {
    private var slots: [RepositoryValidator.RecordResult?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: RepositoryValidator.RecordResult) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    var values: [RepositoryValidator.RecordResult] { slots.map { $0 ?? .init(header: nil, diagnostics: []) } }
}
