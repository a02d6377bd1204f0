import ArgumentParser
import Foundation
import StarCore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a star data repository.",
        discussion: """
            Creates star.yaml and the folders questionnaires/, factories/, buyers/, assessments/, plans/ and \
            consents/ in DIR (default: the current directory), plus a .gitignore for star's cache. Refuses \
            when DIR already holds a star.yaml.

            Example:
              star init bw-cambodia && cd bw-cambodia && git init
            """
    )

    @Argument(help: "Directory to create the repository in (created when missing).")
    var directory: String = "."

    @Option(help: "A name for the repository, stored in star.yaml.")
    var name: String?

    func run() throws {
        let path = Repository.absolutePath(directory, relativeTo: Console.workingDirectory)
        let repository = try withRepositoryErrors {
            try Repository.initialize(at: path, name: name ?? (path as NSString).lastPathComponent)
        }
        Console.out("""
            Initialized a star repository in \(repository.root)
            Next: add questionnaires under questionnaires/ (a base such as core.yaml and country files extending it),
            then run 'star questionnaire lint' and 'star questionnaire compile'.

            """)
    }
}
