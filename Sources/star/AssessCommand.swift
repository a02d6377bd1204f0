import ArgumentParser
import StarCore

struct AssessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess",
        abstract: "Record factory assessments: answer sheets, records, findings.",
        discussion: """
            A visit, step by step:
              star assess new --factory KH-0001 --date 2026-03-14 --output KH-0001.yaml
              (fill in KH-0001.yaml offline, in any text editor)
              star assess record KH-0001.yaml            # a draft; record again as often as needed
              star assess record KH-0001.yaml --final    # or: star assess finalize KH-0001/2026-03-14
              star assess show KH-0001/2026-03-14

            Or answer question by question on a terminal: star assess interview --factory KH-0001 --date 2026-03-14
            Records are written to assessments/<CC>/<factory>/<date>[-N].json. A final record is never
            overwritten; a correction is a new record whose sheet says 'amends: <record id>'.
            """,
        subcommands: [
            AssessNewCommand.self, AssessRecordCommand.self, AssessFinalizeCommand.self, AssessShowCommand.self,
            AssessListCommand.self, AssessInterviewCommand.self, AssessImportCommand.self,
        ]
    )
}

extension AssessmentKind: ExpressibleByArgument {}

/// The options that name a visit: shared by `new` and `interview`.
struct VisitOptions: ParsableArguments {
    @Option(help: "The factory id (see 'star factory list').") var factory: String
    @Option(help: ArgumentHelp("id, id@version, or omitted for the one compiled questionnaire made for the factory's country and industry.", valueName: "id"))
    var questionnaire: String?
    @Option(help: ArgumentHelp("First day of the visit.", valueName: "YYYY-MM-DD")) var date: CalendarDate
    @Option(help: ArgumentHelp("Last day of the visit (default: the first).", valueName: "YYYY-MM-DD")) var end: CalendarDate?
    @Option(help: "assessment, follow-up or self-assessment.") var kind: AssessmentKind = .assessment
    @Option(help: "Language of the questions and guidance (default: the questionnaire's first).") var lang: String?

    func resolve(_ context: AssessmentContext, today: CalendarDate) throws -> PlannedVisit {
        try context.plannedVisit(factory: factory, questionnaire: questionnaire, start: date, end: end, language: lang, today: today)
    }
}

struct AssessNewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Write a blank answer sheet to fill in offline.",
        discussion: """
            The sheet holds every question, grouped by cluster and compliance point, with its text, guidance, \
            how non-compliance is decided and when it applies, as comments in the chosen language.

            Examples:
              star assess new --factory KH-0001 --date 2026-03-14 --end 2026-03-15 --output KH-0001-2026.yaml
              star assess new --factory HT-0002 --date 2026-05-04 --lang fr > visite.yaml
              star assess new --factory VN-0003 --date 2026-09-01 --kind self-assessment --output self.yaml
            """
    )

    @OptionGroup var visit: VisitOptions
    @Option(help: ArgumentHelp("A final record this visit corrects.", valueName: "record-id")) var amends: String?
    @Option(help: ArgumentHelp("Write the sheet here (never over an existing file) instead of to standard output.", valueName: "file"))
    var output: String?
    @OptionGroup var repositoryOptions: RepositoryOptions

    func run() throws {
        let repository = try repositoryOptions.repository()
        let resolved = try visit.resolve(.load(repository), today: repository.today())
        let amendsID = try amends.map { text in
            guard let id = RecordID(text) else { throw usage("--amends '\(text)' is not a record id such as KH-0001/2026-03-14") }
            return id
        }
        let sheet = AnswerSheet.blank(
            for: resolved.questionnaire, factory: resolved.factory, kind: visit.kind, visit: resolved.visit,
            language: resolved.language, amends: amendsID)
        guard let output else { return Console.out(sheet) }
        let path = Repository.absolutePath(output, relativeTo: Console.workingDirectory)
        // A sheet at that path may already hold a morning's answers: never replace it, even with the same text.
        if FileStore.exists(path) {
            throw StarError(.refused, "\(output) already exists; choose another --output, or record that sheet with 'star assess record \(output)'")
        }
        try FileStore.write(sheet, to: path, policy: .createOnly)
        Console.error(
            "wrote \(output): \(resolved.questionnaire.questions.count) questions of \(resolved.questionnaire.id) \(resolved.questionnaire.version) in \(resolved.language)"
        )
    }
}

struct AssessRecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Check a filled-in answer sheet and record it.",
        discussion: """
            Checks every answer against the compiled questionnaire the sheet was made for (types, options, \
            dates, relevance), computes the findings, and writes assessments/<CC>/<factory>/<date>.json. \
            Without --final the record is a draft: record the same sheet again as you complete it. With \
            --final every applicable question must be answered, and the record can no longer change.
            Nothing is written when the sheet has errors.

            Examples:
              star assess record KH-0001.yaml
              star assess record KH-0001.yaml --final
            """
    )

    @Argument(help: "The answer sheet (YAML).") var sheet: String
    @Flag(help: "Record it as final: complete, and never to be changed.") var final = false
    @Option(help: "text, or json (the findings report).") var format: ShowFormat = .text
    @OptionGroup var repositoryOptions: RepositoryOptions

    func run() throws {
        let repository = try repositoryOptions.repository()
        let path = Repository.absolutePath(sheet, relativeTo: Console.workingDirectory)
        let text = try FileStore.readText(path, limit: FileStore.Limit.document)
        let (parsed, problems) = AnswerSheet.read(text, file: sheet, today: try repository.today())
        guard let parsed else {
            Console.diagnostics(problems, format: .text, asSideNote: true)
            throw ExitStatus.findings
        }
        let store = AssessmentStore(repository: repository)
        let recorded = try locked(repository) { try store.record(parsed, final: final) }
        if !recorded.diagnostics.isEmpty { Console.diagnostics(recorded.diagnostics, format: .text, asSideNote: true) }
        let report = AssessmentReport(recorded.loaded, language: parsed.language ?? recorded.loaded.questionnaire.languages.first ?? "en")
        let status = recorded.loaded.record.status
        Console.error(
            "\(recorded.replacedDraft ? "updated" : "wrote") \(recorded.path) (\(status.rawValue)"
                + (status == .draft ? ", \(recorded.loaded.check.unanswered.count) applicable questions unanswered)" : ")"))
        switch format {
        case .json: Console.out(CanonicalJSON.string(report.json))
        case .text: Console.out(report.text())
        }
    }
}

/// Resolves a RECORD argument (a path or an id) to a repository-relative file.
func recordFile(_ reference: String, _ store: AssessmentStore) throws -> String {
    switch store.resolve(reference, workingDirectory: Console.workingDirectory) {
    case .success(let file): return file
    case .failure(let error): throw usage(error.message)
    }
}

struct AssessFinalizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finalize",
        abstract: "Freeze a draft record once every applicable question is answered.",
        discussion: """
            Examples:
              star assess finalize KH-0001/2026-03-14
              star assess finalize assessments/KH/KH-0001/2026-03-14.json
            """
    )

    @Argument(help: "A record id (KH-0001/2026-03-14) or its file.") var record: String
    @OptionGroup var repositoryOptions: RepositoryOptions

    func run() throws {
        let store = AssessmentStore(repository: try repositoryOptions.repository())
        let file = try recordFile(record, store)
        let loaded = try locked(store.repository) { try store.finalize(file) }
        Console.error("\(loaded.record.id) is final (\(loaded.record.digest ?? ""))")
    }
}

struct AssessShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a record's findings by cluster and point, and every non-compliance.",
        discussion: """
            The JSON gives every question's and every point's finding (compliant, non-compliant, \
            not-applicable, or unanswered in a draft) with the answer, note and legal references.

            Examples:
              star assess show KH-0001/2026-03-14
              star assess show KH-0001/2026-03-14 --points
              star assess show assessments/HT/HT-0002/2026-05-04.json --lang fr --format json
            """
    )

    @Argument(help: "A record id (KH-0001/2026-03-14) or its file.") var record: String
    @Flag(help: "List every compliance point's finding under its cluster.") var points = false
    @Option(help: "Language of the texts (default: the questionnaire's first).") var lang: String?
    @Option(help: "text or json.") var format: ShowFormat = .text
    @OptionGroup var repositoryOptions: RepositoryOptions

    func run() throws {
        let store = AssessmentStore(repository: try repositoryOptions.repository())
        let file = try recordFile(record, store)
        let (loaded, diagnostics) = store.load(file)
        if !diagnostics.isEmpty { Console.diagnostics(diagnostics, format: .text, asSideNote: true) }
        guard let loaded else { throw ExitStatus.findings }
        if let lang, !loaded.questionnaire.languages.contains(lang) {
            throw usage("'\(loaded.questionnaire.id)' has no '\(lang)' texts; its languages are \(loaded.questionnaire.languages.joined(separator: ", "))")
        }
        let report = AssessmentReport(loaded, language: lang ?? loaded.questionnaire.languages.first ?? "en")
        switch format {
        case .json: Console.out(CanonicalJSON.string(report.json))
        case .text: Console.out(report.text(details: points))
        }
        if diagnostics.hasErrors { throw ExitStatus.findings }
    }
}

struct AssessListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List records, newest last.",
        discussion: """
            Examples:
              star assess list --factory KH-0001
              star assess list --country KH,VN --format json
            """
    )

    @Option(help: "Only this factory's records.") var factory: String?
    @Option(help: ArgumentHelp("Only factories of these countries (comma-separated codes).", valueName: "CC[,CC]")) var country: FilterList?
    @Option(help: "text or json.") var format: ShowFormat = .text
    @OptionGroup var repositoryOptions: RepositoryOptions

    func run() throws {
        let store = AssessmentStore(repository: try repositoryOptions.repository())
        let (records, diagnostics) = try store.listing(factory: factory, countries: country)
        if !diagnostics.isEmpty { Console.diagnostics(diagnostics, format: .text, summary: false, asSideNote: true) }
        switch format {
        case .json: Console.out(CanonicalJSON.string(.array(records.map(\.json))))
        case .text:
            for record in records { Console.out(record.line + "\n") }
            if records.isEmpty { Console.error("no records") }
        }
        if diagnostics.hasErrors { throw ExitStatus.findings }
    }
}
