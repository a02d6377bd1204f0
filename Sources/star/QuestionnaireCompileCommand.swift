import ArgumentParser
import StarCore

struct QuestionnaireCompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Resolve, check and write compiled questionnaires.",
        discussion: """
            Writes questionnaires/compiled/<id>/<version>.json: canonical JSON with every question under its \
            cluster and point, parameters substituted, each question's origin, and a sha256 digest. Unchanged \
            input writes nothing. A version pinned by a final assessment is frozen: changing its content \
            without a new version number is an error. Nothing is written for a questionnaire with errors.

            Examples:
              star questionnaire compile                       # every questionnaire that can be assessed
              star questionnaire compile questionnaires/KH/garment.yaml
            """
    )

    @Argument(help: "Source files or questionnaire ids to compile. Default: all non-abstract questionnaires.")
    var questionnaires: [String] = []

    @OptionGroup var repositoryOptions: RepositoryOptions
    @OptionGroup var diagnosticOptions: DiagnosticOptions

    func run() throws {
        let repository = try repositoryOptions.repository()
        let compilation = try locked(repository) {
            try QuestionnaireCompilation.run(questionnaires, in: repository, workingDirectory: Console.workingDirectory)
        }
        switch diagnosticOptions.format {
        case .json:
            Console.out(
                CanonicalJSON.string(
                    .object([
                        "outputs": .array(compilation.outputs.map(\.json)),
                        "diagnostics": .array(compilation.diagnostics.map(DiagnosticRenderer.json)),
                    ])))
        case .text, .github:
            Console.diagnostics(compilation.diagnostics, format: diagnosticOptions.format)
            if !compilation.lines.isEmpty { Console.out(compilation.lines.joined(separator: "\n") + "\n") }
        }
        if diagnosticOptions.isFailure(compilation.diagnostics) { throw ExitStatus.findings }
    }
}
