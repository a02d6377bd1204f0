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
    public static func validate(
        _ repository: Repository, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) -> Result {
        // What the records are checked against, and their list, on two threads: one lists the record files (a
        // long walk of the file system) while the other reads the factories (both on every core) and the
        // compiled questionnaires. A third compiles the questionnaire sources and checks the compiled files,
        // which only the lint at the end needs: it shares the cores with the records' check rather than make
        // it wait.
        let listing = Parallel.Background { AssessmentStore.recordWalk(in: repository) }
        let linting = Parallel.Background {
            let library = QuestionnaireLibrary.load(from: repository)
            return (library, QuestionnaireLinter.compile(library), compiledFileProblems(repository))
        }
        let context = AssessmentContext.load(repository)
        let walk = listing.result
        let files = AssessmentStore.recordFiles(in: walk)
        PhaseTimings.mark("record files listed")
        var diagnostics = context.diagnostics + followUpFileProblems(repository, context: context)
        PhaseTimings.mark("follow-ups read")
        diagnostics += BuyerRegistry(repository: repository).load().diagnostics
        PhaseTimings.mark("buyers read")
        // The walk that listed the records saw every entry of their folders: they are not walked again.
        diagnostics += RepositoryScan.problems(repository, walked: ["assessments": walk])
        PhaseTimings.mark("repository scanned")
        let store = AssessmentStore(repository: repository, context: context)
        diagnostics += EvidenceValidator.problems(repository, store: store)
        PhaseTimings.mark("evidence checked")
        let results = checkRecords(files, store: store, workers: workers, progress: progress)
        PhaseTimings.mark("records checked")
        var isFinal: [RecordID: Bool] = [:]
        isFinal.reserveCapacity(results.count)
        var pinned: [String: String] = [:]
        for (file, result) in zip(files, results) {
            diagnostics += result.diagnostics
            guard let record = result.record else { continue }
            isFinal[record.id] = record.pins != nil
            if let pins = record.pins, pinned[pins] == nil { pinned[pins] = file }
        }
        let (library, compiled, compiledProblems) = linting.result
        diagnostics += compiledProblems
        // The records were just read: the versions they pin come from this pass, not from a second scan.
        let publisher = QuestionnairePublisher(repository: repository, pinned: PinnedVersions(records: pinned))
        diagnostics += QuestionnaireLinter.lint(compiled, publisher: publisher).diagnostics
        PhaseTimings.mark("questionnaires linted")
        // What a file's name ends with from the slash before its folder: "/<factory>/<name>.json".
        let fileEndings = Set(
            files.compactMap { file -> Substring? in
                guard let slash = file.utf8.lastIndex(of: UInt8(ascii: "/")), let folderSlash = file.utf8[..<slash].lastIndex(of: UInt8(ascii: "/")) else {
                    return nil
                }
                return file[folderSlash...]
            })
        for (file, result) in zip(files, results) {
            guard let record = result.record, let amends = record.amends else { continue }
            if amends.factory != record.id.factory {
                diagnostics.append(.error("invalid-amends", "\(record.id) amends \(amends), a record of another factory", at: SourceLocation(file: file)))
            } else if !fileEndings.contains(Substring("/\(amends.factory)/\(amends.name).json")) {
                diagnostics.append(.error("invalid-amends", "\(record.id) amends \(amends), but there is no such record", at: SourceLocation(file: file)))
            } else if isFinal[amends] == false {
                diagnostics.append(.error("invalid-amends", "\(record.id) amends \(amends), which is a draft", at: SourceLocation(file: file)))
            }
        }
        return Result(
            diagnostics: Array(Set(diagnostics)).sorted(), recordCount: files.count,
            questionnaireCount: library.sources.count)
    }

    /// A compiled file must still carry the digest of its own content.
    static func compiledFileProblems(_ repository: Repository) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let folder = "questionnaires/compiled"
        for relative in FileStore.files(under: repository.path(folder), extensions: ["json"]) {
            let file = folder + "/" + relative
            let bytes: [UInt8]
            do throws(RepositoryError) {
                bytes = try repository.read(file, limit: FileStore.Limit.compiled)
            } catch {
                diagnostics.append(Repository.diagnostic(for: error, file: file))
                continue
            }
            do {
                let questionnaire = try CompiledQuestionnaire(json: try JSONParser.parse(bytes))
                if !questionnaire.digestIsValid {
                    diagnostics.append(
                        .error(
                            "compiled-changed", "\(file) was edited by hand: its content no longer matches its digest",
                            at: SourceLocation(file: file), notes: ["restore it from version control, or run 'star questionnaire compile'"]))
                }
                if file != QuestionnairePublisher.compiledPath(id: questionnaire.id, version: questionnaire.version) {
                    diagnostics.append(
                        .error(
                            "misplaced-file",
                            "compiled \(questionnaire.id) \(questionnaire.version) belongs in \(QuestionnairePublisher.compiledPath(id: questionnaire.id, version: questionnaire.version))",
                            at: SourceLocation(file: file)))
                }
            } catch let error as JSONParseError {
                diagnostics.append(
                    .error("invalid-json", "not valid JSON: \(error.message)", at: SourceLocation(file: file, line: error.line, column: error.column)))
            } catch {
                diagnostics.append(.error("compiled-format", "not a compiled questionnaire: \(error)", at: SourceLocation(file: file)))
            }
        }
        return diagnostics
    }

    struct RecordResult: Sendable {
        /// What the checks across records need of a record that could be read.
        var record: Summary?
        var diagnostics: [Diagnostic]

        struct Summary: Sendable {
            var id: RecordID
            /// A final record's pinned questionnaire, as `id@version`; nil for a draft.
            var pins: String?
            var amends: RecordID?
        }
    }

    /// Checks records on `workers` threads; each record is read, checked and dropped, so memory stays flat.
    static func checkRecords(_ files: [String], store: AssessmentStore, workers: Int, progress: (@Sendable (Int, Int) -> Void)?) -> [RecordResult] {
        let folders = OpenedFolders(aboveFoldersOf: files, in: store.repository)
        return Parallel.map(count: files.count, workers: workers) { index in
            let check = store.fullCheck(file: files[index], from: folders)
            if let progress, index % 500 == 0 { progress(index, files.count) }
            let summary = check.document.map(\.header).map { header in
                RecordResult.Summary(
                    id: header.id, pins: header.status == .final ? "\(header.questionnaire.id)@\(header.questionnaire.version)" : nil,
                    amends: header.amends)
            }
            return RecordResult(record: summary, diagnostics: check.diagnostics)
        }
    }
}
