import ArgumentParser
import StarCore

struct RepositoryOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The repository root (the directory holding star.yaml). Default: found by walking up from the current directory.", valueName: "dir"))
    var root: String?

    func repository() throws -> Repository {
        try withRepositoryErrors { try Repository.discover(from: Console.workingDirectory, explicitRoot: root) }
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

/// A `--country` list (spaces trimmed) checked against the countries of the registered factories: an
/// unknown code is a usage error naming the known ones, never an empty result.
func countryFilter(_ text: String?, among factories: some Sequence<Factory>) throws -> Set<String>? {
    guard let text else { return nil }
    let list = FilterList(text)
    if let problem = list.problem(option: "--country", known: Set(factories.map(\.country)), what: "countries of the registered factories") {
        throw usage(problem)
    }
    return list.set
}
