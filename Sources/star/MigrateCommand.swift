import ArgumentParser
import StarCore

struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Rewrite consents, plans and access logs of older formats in the current one.",
        discussion: """
            consent/1, plan/1 and share-log/1 files become consent/2, plan/2 and share-log/2: one entry per \
            line, each with its own id and recording time, so that two branches' appends merge in git \
            (docs/collaboration.md). The meaning of every file is kept: old entries are given times in the \
            order they had. Also adds the merge=union lines to .gitattributes. Running it again changes \
            nothing. A file with errors is reported and left as it is (exit 1).

            Examples:
              star migrate --dry-run
              star migrate --format json
            """
    )

    @Flag(help: "Say what would change; write nothing.") var dryRun = false
    @Option(help: "text or json.") var format: ShowFormat = .text
    @OptionGroup var repositoryOptions: RepositoryOptions

    func run() throws {
        let repository = try repositoryOptions.repository()
        let (changes, diagnostics) = try locked(repository) { try Migration.run(repository, dryRun: dryRun) }
        switch format {
        case .json:
            Console.out(
                CanonicalJSON.string(
                    .object([
                        "changed": .array(changes.map { .object(["path": .string($0.path), "from": .string($0.from), "to": .string($0.to)]) }),
                        "written": .bool(!dryRun),
                        "diagnostics": .array(diagnostics.map(DiagnosticRenderer.json)),
                    ])))
        case .text:
            if !diagnostics.isEmpty { Console.diagnostics(diagnostics, format: .text, asSideNote: true) }
            for change in changes { Console.out("\(dryRun ? "would migrate" : "migrated") \(change.path): \(change.from) -> \(change.to)\n") }
            Console.error(changes.isEmpty ? "nothing to migrate" : "\(plural(changes.count, "file")) \(dryRun ? "to migrate" : "migrated")")
        }
        if diagnostics.hasErrors { throw ExitStatus.findings }
    }
}
