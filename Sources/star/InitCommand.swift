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

            Example:
              star init bw-cambodia --timezone Asia/Phnom_Penh && cd bw-cambodia && git init
            """
    )

    @Argument(help: "Directory to create the repository in (created when missing).")
    var directory: String = "."

    @Option(help: "A name for the repository, stored in star.yaml.")
    var name: String?

    @Option(help: ArgumentHelp("The programme's time zone, an IANA name such as Asia/Phnom_Penh: what 'today' is for every default date.", valueName: "zone"))
    var timezone: String = "UTC"

    func run() throws {
        let path = Repository.absolutePath(directory, relativeTo: Console.workingDirectory)
        let repository = try withRepositoryErrors {
            try Repository.initialize(at: path, name: name ?? (path as NSString).lastPathComponent, timeZone: timezone)
        }
        Console.out("""
            Initialized a star repository in \(repository.root)
            Next:
              1. add questionnaires under questionnaires/: copy the shipped ones (the questionnaires/ folder of
                 star's source tree: core.yaml, KH/, VN/, HT/, compiled/) or write a base and country files;
                 then 'star questionnaire lint' and 'star questionnaire compile'
              2. register factories: star factory add ID --name N --country CC --industry garment
              3. assess: star assess new --factory ID --date YYYY-MM-DD --output sheet.yaml, fill it in,
                 star assess record sheet.yaml --final
              4. check everything, as CI will: star validate

            """)
    }
}
