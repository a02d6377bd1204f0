import ArgumentParser
import Foundation
import StarCore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a star data repository.",
        discussion: """
            Creates star.yaml and the folders questionnaires/, factories/, buyers/, assessments/, plans/ and \
            consents/ in DIR (default: the current directory), plus a .gitignore for star's cache and lock and \
            a .gitattributes that lets git merge two branches' appends to consents, plans and access logs \
            (docs/collaboration.md). star.yaml names the programme's time zone (--timezone). Refuses when DIR \
            already holds a star.yaml.

            --questionnaires writes the questionnaires shipped inside star (the global core and each named \
            country's garment questionnaire) and compiles them, so a repository is ready to assess with the \
            binary alone. Shipped countries: \(ShippedQuestionnaires.countries.joined(separator: ", ")).

            Examples:
              star init bw-cambodia --questionnaires KH --timezone Asia/Phnom_Penh && cd bw-cambodia && git init
              star init synthesis --questionnaires KH,VN,HT
            """
    )

    @Argument(help: "Directory to create the repository in (created when missing).")
    var directory: String = "."

    @Option(help: "A name for the repository, stored in star.yaml.")
    var name: String?

    @Option(help: ArgumentHelp("The programme's time zone, an IANA name such as Asia/Phnom_Penh: what 'today' is for every default date.", valueName: "zone"))
    var timezone: String = "UTC"

    @Flag(help: "Route evidence files (evidence/sha256/) to Git LFS in .gitattributes, for a team that uses Git LFS (docs/evidence.md).")
    var lfs = false

    @Option(
        help: ArgumentHelp(
            "Write and compile the shipped questionnaires of these countries (\(ShippedQuestionnaires.countries.joined(separator: ", "))).",
            valueName: "CC[,CC]"))
    var questionnaires: String?

    func run() throws {
        let countries = questionnaires.map { FilterList($0).values }
        if let countries, case .failure(let error) = ShippedQuestionnaires.files(for: countries) { throw usage(error.message) }
        let path = Repository.absolutePath(directory, relativeTo: Console.workingDirectory)
        let repository = try Repository.initialize(at: path, name: name ?? (path as NSString).lastPathComponent, timeZone: timezone, evidenceInLFS: lfs)
        var written: [String] = []
        if let countries {
            switch try ShippedQuestionnaires.install(countries, in: repository) {
            case .success(let paths): written = paths
            case .failure(let error): throw usage(error.message)
            }
        }
        let questionnaireStep =
            written.isEmpty
            ? """
              1. add questionnaires: 'star init DIR --questionnaires KH' writes the shipped ones (countries:
                 \(ShippedQuestionnaires.countries.joined(separator: ", "))); or write a base and country files under questionnaires/
                 (docs/questionnaires.md); then 'star questionnaire lint' and 'star questionnaire compile'
            """
            : """
              1. the questionnaires are in place: \(written.joined(separator: ", "))
                 ('star questionnaire show ID' lists one; edit the sources, then 'star questionnaire compile')
            """
        Console.out(
            """
            Initialized a star repository in \(repository.root)
            Next:
            \(questionnaireStep)
              2. register factories: star factory add ID --name N --country CC --industry garment
              3. assess: star assess new --factory ID --date YYYY-MM-DD --output sheet.yaml, fill it in,
                 star assess record sheet.yaml --final
              4. check everything, as CI will: star validate

            """)
    }
}
