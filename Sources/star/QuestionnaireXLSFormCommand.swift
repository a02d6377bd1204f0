import ArgumentParser
import StarCore

struct QuestionnaireXLSFormCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xlsform",
        abstract: "Write a committed compiled questionnaire as an XLSForm (.xlsx) for ODK and KoboToolbox.",
        discussion: """
            The form has a group per cluster and per compliance point, every question with its type, \
            'required' and 'relevant' (from 'when'), labels and hints in every language of the questionnaire, \
            and a visit group (factory, dates, kind, assessors). Its version pins the compiled questionnaire's \
            digest, so 'star assess import' knows which questions the answers belong to. See docs/field.md.

            Examples:
              star questionnaire xlsform kh-garment@2026.1 --out kh-garment-2026.1.xlsx
              (upload it to ODK Central or KoboToolbox; collect on tablets; export the submissions)
              star assess import kh-garment.csv --format odk
            """
    )

    @Argument(help: ArgumentHelp("The committed compiled questionnaire, as id@version.", valueName: "id@version"))
    var questionnaire: String

    @Option(help: ArgumentHelp("Where to write the .xlsx.", valueName: "file"))
    var out: String

    @Flag(help: "Add an optional photo (an image question) after each question; 'star assess import' stores it as evidence (docs/evidence.md).")
    var photos = false

    @OptionGroup var repositoryOptions: RepositoryOptions

    func run() throws {
        // Only a committed compiled form can be pinned by the records the submissions become.
        guard questionnaire.contains("@"), !questionnaire.hasSuffix(".json"), !questionnaire.hasSuffix(".yaml") else {
            throw usage("name a committed compiled questionnaire as id@version, such as kh-garment@2026.1 (see 'star questionnaire compile')")
        }
        let compiled = try loadQuestionnaire(questionnaire, repositoryOptions)
        let (made, diagnostics) = XLSForm.make(compiled, photos: photos)
        guard let form = made else {
            Console.diagnostics(diagnostics, format: .text)
            Console.error("error: \(questionnaire) cannot be written as an XLSForm; nothing was written")
            throw ExitStatus.findings
        }
        let bytes = try form.xlsx()
        let path = Repository.absolutePath(out, relativeTo: Console.workingDirectory)
        let outcome = try FileStore.write(bytes, to: path, policy: .replace)
        Console.error(
            "\(outcome == .unchanged ? "unchanged" : "wrote") \(out): \(compiled.questions.count) questions of \(compiled.id) \(compiled.version), form version \(form.fields.formVersion)"
        )
    }
}
