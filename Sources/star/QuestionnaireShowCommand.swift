import ArgumentParser
import StarCore

enum ShowFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

struct QuestionnaireShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a questionnaire's outline, or its full text in one language.",
        discussion: """
            Examples:
              star questionnaire show kh-garment                 # clusters, points, question counts
              star questionnaire show ht-garment --full --lang fr
              star questionnaire show vn-garment@2026.1 --format json
            """
    )

    @Argument(help: "An id, id@version, or a path to a .yaml source or compiled .json.")
    var questionnaire: String

    @Option(help: "Language of the texts (default: the questionnaire's first language).")
    var lang: String?

    @Flag(help: "Every question with its rule, guidance and legal references.")
    var full = false

    @Option(help: "text, or json (the compiled form).")
    var format: ShowFormat = .text

    @OptionGroup var repositoryOptions: RepositoryOptions

    func run() throws {
        let compiled = try loadQuestionnaire(questionnaire, repositoryOptions)
        if let lang, !compiled.languages.contains(lang) {
            throw usage("'\(compiled.id)' has no '\(lang)' texts; its languages are \(compiled.languages.joined(separator: ", "))")
        }
        let language = lang ?? compiled.languages.first ?? "en"
        switch format {
        case .json: Console.out(CanonicalJSON.string(compiled.json))
        case .text: Console.out(full ? QuestionnaireOutline.fullText(compiled, language: language) : QuestionnaireOutline.outline(compiled, language: language))
        }
    }
}

/// Resolves a QUESTIONNAIRE argument, printing the diagnostics and exiting 1 when it has errors.
func loadQuestionnaire(_ reference: String, _ options: RepositoryOptions) throws -> CompiledQuestionnaire {
    let repository = try options.repository()
    let library = QuestionnaireLibrary.load(from: repository)
    switch QuestionnaireReference.resolve(reference, repository: repository, library: library, workingDirectory: Console.workingDirectory) {
    case .success(let compiled):
        return compiled
    case .failure(.notFound(let message)):
        Console.error("error: \(message)")
        throw ExitStatus.usage
    case .failure(.invalid(let diagnostics)):
        Console.diagnostics(diagnostics, format: .text)
        Console.error("error: \(reference) has errors")
        throw ExitStatus.findings
    }
}
