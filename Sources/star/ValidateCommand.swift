import ArgumentParser
import Foundation
import StarCore

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the whole repository; write nothing. This is what a country team's CI runs.",
        discussion: """
            Every file parses; questionnaires compile and their committed compiled forms match their sources; \
            frozen versions are unchanged; factories and records are where their ids say; every record is \
            valid against the compiled questionnaire it pins; a final record changed by hand is detected by \
            its digest. Diagnostics and exit codes are those of 'star questionnaire lint'.

            With --since REV (a git commit, branch or tag), also what git's history says: every entry of a \
            consent file, plan or access log at REV must still be there unchanged, and every final record at \
            REV must still be there byte for byte; each one changed or removed is an error \
            [history-rewritten]. This is the check on a pull request (docs/collaboration.md).

            Examples:
              star validate
              star validate --strict --format github     # in a GitHub Actions job
              star validate --since origin/main --format github     # on a pull request
            """
    )

    @OptionGroup var repositoryOptions: RepositoryOptions
    @OptionGroup var diagnosticOptions: DiagnosticOptions
    @Option(
        help: ArgumentHelp(
            "Also check that no entry of an append-only file and no final record was changed or removed since this git revision.", valueName: "rev"))
    var since: String?

    func run() throws {
        let repository = try repositoryOptions.repository()
        let showProgress = isatty(STDERR_FILENO) == 1
        @Sendable func report(_ done: Int, _ total: Int) { Console.progress("checking records: \(done)/\(total)") }
        let progress: (@Sendable (Int, Int) -> Void)? = showProgress ? report : nil
        var history: [Diagnostic] = []
        if let since {
            do { history = try HistoryCheck.check(repository, since: since) } catch { throw usage("--since: \(error.description)") }
        }
        var result = RepositoryValidator.validate(repository, progress: progress)
        result.diagnostics = (result.diagnostics + history).sorted()
        if showProgress { Console.progress(nil) }
        Console.diagnostics(result.diagnostics, format: diagnosticOptions.format)
        if diagnosticOptions.format == .text, result.diagnostics.isEmpty {
            Console.error("\(plural(result.questionnaireCount, "questionnaire")) and \(plural(result.recordCount, "record")) checked: no problems")
        }
        if diagnosticOptions.isFailure(result.diagnostics) { throw ExitStatus.findings }
    }
}

func plural(_ count: Int, _ noun: String) -> String {
    if count == 1 { return "\(count) \(noun)" }
    return noun.hasSuffix("y") ? "\(count) \(noun.dropLast())ies" : "\(count) \(noun)s"
}
