import ArgumentParser
import StarCore

struct RepositoryOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("The repository root (the directory holding star.yaml). Default: found by walking up from the current directory.", valueName: "dir"))
    var root: String?

    func repository() throws -> Repository {
        try Repository.discover(from: Console.workingDirectory, explicitRoot: root)
    }
}

extension DiagnosticFormat: ExpressibleByArgument {}

struct DiagnosticOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: text (path:line:column: severity: message [code]), json, or github (workflow annotations).")
    var format: DiagnosticFormat = .text

    @Flag(name: .long, help: "Treat warnings as errors (exit 1 when there are any).")
    var strict = false

    func isFailure(_ diagnostics: [Diagnostic]) -> Bool {
        diagnostics.hasErrors || (strict && diagnostics.hasWarnings)
    }
}

/// A date option: `YYYY-MM-DD`, a day that exists, parsed once here for every command.
extension CalendarDate: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(argument)
    }
}

/// A date option given as text (the commands of `share` and `consent`; the others take a CalendarDate option).
func parseDate(_ text: String, _ option: String) throws -> CalendarDate {
    guard let date = CalendarDate(text) else { throw usage("\(option) '\(text)' is not a date that exists; write YYYY-MM-DD") }
    return date
}

/// A comma-separated list option (`--country "KH, VN"`): split, spaces trimmed; a list that names nothing is
/// refused here. Whether the values are known is the core's to say (FilterList.checked).
extension FilterList: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(argument)
        if values.isEmpty { return nil }
    }
}
