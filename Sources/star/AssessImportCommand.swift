import ArgumentParser
import StarCore

extension SubmissionSource: ExpressibleByArgument {}

struct AssessImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import tablet submissions (ODK Central, KoboToolbox) as draft records.",
        discussion: """
            Reads an export of submissions to a form made by 'star questionnaire xlsform': ODK Central's CSV, \
            its ZIP download or its OData JSON; KoboToolbox's CSV (';' or ',') or JSON. Each submission becomes \
            a draft record of its factory and visit, checked as a sheet is. A submission whose form does not \
            pin the committed compiled questionnaire is refused, a final record is never replaced, and a \
            submission imported before (known by its instance id) is left alone: importing the same export \
            twice changes nothing. Who submitted it and when are kept in submissions/<CC>/<factory>/.
            Problems are reported as file:row:column (the column's number; JSON: the submission's number).

            Examples:
              star assess import kh-garment.csv --format odk
              star assess import kh-garment.zip --format odk
              star assess import kh_garment_2026.csv --format kobo
              star assess import kh-garment.csv --format odk --sheets sheets/   # answer sheets to review first
              star assess finalize KH-0001/2026-03-14        # once the draft is complete
            """
    )

    @Argument(help: "The export file (.csv, .json or .zip).") var file: String
    @Option(help: "odk (ODK Central) or kobo (KoboToolbox).") var format: SubmissionSource
    @Option(
        help: ArgumentHelp(
            "Write each submission as an answer sheet in this folder instead of a draft record; record it with 'star assess record SHEET --final'.",
            valueName: "dir"))
    var sheets: String?
    @Option(
        help: ArgumentHelp(
            "The submissions' photos, when they are not in the export: KoboToolbox's attachments ZIP, or a folder of them. Stored as evidence of their questions.",
            valueName: "zip-or-dir"))
    var media: String?
    @OptionGroup var repositoryOptions: RepositoryOptions

    func run() throws {
        let repository = try repositoryOptions.repository()
        let path = Repository.absolutePath(file, relativeTo: Console.workingDirectory)
        let bytes = try FileStore.read(path)
        let (read, problems) = SubmissionExport.read(bytes, file: file, source: format)
        guard var export = read else {
            Console.diagnostics(problems, format: .text, asSideNote: true)
            throw ExitStatus.findings
        }
        let target: SubmissionImporter.Target = sheets.map { .sheets(directory: $0) } ?? .drafts
        let settings = try EvidenceSettings.load(repository)
        if let media {
            let found = try SubmissionMedia.read(Repository.absolutePath(media, relativeTo: Console.workingDirectory), limit: settings.maximum)
            for (name, bytes) in found.files { export.media.add(bytes, named: name) }
            export.media.problems.merge(found.problems) { first, _ in first }
        }
        let today = try repository.today()
        // Drafts, receipts and evidence links are written while no other command writes.
        let report = try locked(repository) {
            SubmissionImporter(store: AssessmentStore(repository: repository)).run(export, into: target, evidence: settings, today: today)
        }
        for imported in report.imported {
            switch imported.outcome {
            case .imported(let id, let path, let answers):
                let photos = imported.evidence.isEmpty ? "" : ", \(imported.evidence.count) photo\(imported.evidence.count == 1 ? "" : "s") as evidence"
                Console.out("imported: submission \(imported.submission) (\(imported.instance)) -> \(path), draft \(id), \(answers) answers\(photos)\n")
            case .alreadyImported(let id):
                Console.out("unchanged: submission \(imported.submission) (\(imported.instance)) was imported before, as \(id)\n")
            case .sheet(let path, let unchanged):
                Console.out("\(unchanged ? "unchanged" : "wrote"): submission \(imported.submission) (\(imported.instance)) -> \(path)\n")
            }
        }
        if !report.diagnostics.isEmpty { Console.diagnostics(report.diagnostics, format: .text, asSideNote: true) }
        let written = report.imported.filter { if case .alreadyImported = $0.outcome { false } else { true } }.count
        let refused = export.submissions.count - report.imported.count
        Console.error(
            "\(export.submissions.count) submission\(export.submissions.count == 1 ? "" : "s"): \(written) imported, \(report.imported.count - written) imported before, \(refused) not imported"
        )
        if report.diagnostics.hasErrors { throw ExitStatus.findings }
    }
}
