import ArgumentParser
import Foundation
import StarCore

@main
struct StarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "star",
        abstract: "Labour-standards compliance for garment supply chains: questionnaires, assessments, remediation, sharing and rates.",
        discussion: """
            star works on a data repository: a directory with star.yaml, found by walking up from the current \
            directory (or given with --root). Every file is plain YAML or canonical JSON, one entity per file, \
            so the repository lives happily in git.

            Exit codes: 0 clean, 1 findings (errors, or warnings with --strict), 64 usage error, \
            66 no repository found, 73 refused to overwrite a file, 74 I/O failure.

            STAR_TIMINGS=1 in the environment prints where a long command (validate, aggregate) spends its \
            time, on stderr.
            """,
        version: "0.1.0",
        subcommands: [InitCommand.self, QuestionnaireCommand.self, FactoryCommand.self, BuyerCommand.self, AssessCommand.self, ValidateCommand.self, MigrateCommand.self, AggregateCommand.self, ExportCommand.self, RemediateCommand.self, PiccCommand.self, ShareCommand.self, ConsentCommand.self, KeysCommand.self, ReportCommand.self]
    )

    /// As ParsableCommand's, after hooking up STAR_TIMINGS=1 (where a long command spends its time, on stderr).
    static func main() {
        if ProcessInfo.processInfo.environment["STAR_TIMINGS"] == "1" {
            PhaseTimings.sink = { phase, milliseconds in Console.error("timing: \(milliseconds) ms \(phase)") }
        }
        main(nil)
    }
}
