import ArgumentParser
import Foundation
import StarCore

extension Export.Table: ExpressibleByArgument {}
extension Export.Format: ExpressibleByArgument {}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Tidy tables of every record's findings, for DuckDB, PostgreSQL or a data lake.",
        discussion: """
            Three tables: records (one row per record), points (per record and compliance point), questions \
            (per record and question), each finding compliant, non-compliant, not-applicable or unanswered. \
            Every valid record is exported, drafts and self-assessments included, with the columns that \
            reproduce star's selection in SQL (docs/scale.md).

            Examples:
              star export --format csv --out export/          # export/records.csv, points.csv, questions.csv
              star export --table points --format ndjson > points.ndjson   # one table to standard output
            """
    )

    @Option(help: "ndjson (one JSON object per line) or csv.") var format: Export.Format = .ndjson
    @Option(help: ArgumentHelp("Write all three tables into this directory (never over existing files).", valueName: "dir")) var out: String?
    @Option(help: "Without --out: the table to write to standard output (records, points or questions).") var table: Export.Table = .points
    @OptionGroup var repositoryOptions: RepositoryOptions

    func run() throws {
        let store = AssessmentStore(repository: try repositoryOptions.repository())
        let onTerminal = isatty(STDERR_FILENO) == 1
        @Sendable func report(_ done: Int, _ total: Int) { Console.progress("reading records: \(done)/\(total)") }
        let index = RecordIndex.load(store, progress: onTerminal ? report : nil)
        if onTerminal { Console.progress(nil) }
        guard let out else {
            Export.write(table, as: format, index: index, context: store.context) { Console.out($0) }
            return
        }
        let directory = Repository.absolutePath(out, relativeTo: Console.workingDirectory)
        let paths = Export.Table.allCases.map { (table: $0, path: (directory as NSString).appendingPathComponent("\($0.rawValue).\(format.rawValue)")) }
        if let existing = paths.first(where: { FileStore.exists($0.path) }) {
            throw StarError(.refused, "\(existing.path) already exists; export into an empty directory")
        }
        for (table, path) in paths {
            let stream = try FileStore.Stream(creating: path)
            do {
                try Export.write(table, as: format, index: index, context: store.context) { try stream.write($0) }
                try stream.commit()
            } catch {
                stream.discard()
                throw error
            }
        }
        Console.error(
            "wrote \(paths.map { ($0.path as NSString).lastPathComponent }.joined(separator: ", ")) to \(out) (\(plural(index.summaries.filter(\.isValid).count, "record")))"
        )
    }
}
