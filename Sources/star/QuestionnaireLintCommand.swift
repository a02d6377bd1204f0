import ArgumentParser
import StarCore

struct QuestionnaireLintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check every questionnaire; write nothing. This is what CI runs.",
        discussion: """
            Reports every problem in one run as path:line:column: error|warning: message [code], sorted by \
            location, and warns when a committed compiled form is out of date with its sources.

            Examples:
              star questionnaire lint
              star questionnaire lint --strict --format github     # in a GitHub Actions job
            """
    )

    @OptionGroup var repositoryOptions: RepositoryOptions
    @OptionGroup var diagnosticOptions: DiagnosticOptions

    func run() throws {
        let repository = try repositoryOptions.repository()
        let library = QuestionnaireLibrary.load(from: repository)
        let publisher = QuestionnairePublisher(repository: repository, pinned: PinnedVersions.scan(repository))
        let diagnostics = QuestionnaireLinter.lint(library, publisher: publisher).diagnostics + [library.emptiness(in: repository)].compactMap { $0 }
        // Notes (what translations still lack) are information, not problems: they never fail the run.
        let notes = diagnostics.filter { $0.severity == .note }.count
        Console.diagnostics(diagnostics, format: diagnosticOptions.format, summary: notes < diagnostics.count)
        if diagnosticOptions.format == .text, notes == diagnostics.count {
            Console.error(
                "\(library.sources.count) questionnaires checked: no problems"
                    + (notes == 0 ? "" : " (\(notes) note\(notes == 1 ? "" : "s") on untranslated texts)"))
        }
        if diagnosticOptions.isFailure(diagnostics) { throw ExitStatus.findings }
    }
}
