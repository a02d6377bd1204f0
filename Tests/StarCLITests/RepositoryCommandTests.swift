import Foundation
import Testing

@Suite struct RepositoryCommandTests {
    @Test func initCreatesTheLayout() throws {
        let star = try StarRunner()
        defer { star.cleanUp() }
        try star.expectGolden("init", ["init", "bw-cambodia", "--name", "Better Work Cambodia"])
        for folder in ["questionnaires", "questionnaires/compiled", "factories", "buyers", "assessments", "plans", "consents"] {
            #expect(FileManager.default.fileExists(atPath: star.path("bw-cambodia/\(folder)")), "missing \(folder)")
        }
        let settings = try String(contentsOfFile: star.path("bw-cambodia/star.yaml"), encoding: .utf8)
        #expect(settings.contains("name: \"Better Work Cambodia\""))
    }

    @Test func initRefusesAnExistingRepository() throws {
        let star = try StarRunner(fixture: "minimal")
        defer { star.cleanUp() }
        let before = try String(contentsOfFile: star.path("star.yaml"), encoding: .utf8)
        try star.expectGolden("init-existing", ["init"])
        #expect(try String(contentsOfFile: star.path("star.yaml"), encoding: .utf8) == before)
    }

    @Test func commandsFindTheRootFromASubdirectory() throws {
        let star = try StarRunner(fixture: "minimal")
        defer { star.cleanUp() }
        let output = try star.run(["questionnaire", "lint"], in: "questionnaires/XX")
        #expect(output.status == 0)
        #expect(output.stderr == "2 questionnaires checked: no problems\n")
    }

    @Test func noRepositorySaysWhereItLooked() throws {
        let star = try StarRunner()
        defer { star.cleanUp() }
        let output = try star.run(["questionnaire", "lint"])
        #expect(output.status == 66)
        #expect(output.stderr.hasPrefix("error: no star repository found (no star.yaml in the current directory or any parent). Looked in:\n  $REPO\n"))
        #expect(output.stderr.hasSuffix("Run 'star init' to create one, or pass --root DIR.\n"))
    }

    @Test func rootWithoutMarkerIsRefused() throws {
        let star = try StarRunner()
        defer { star.cleanUp() }
        try star.expectGolden("root-not-a-repository", ["questionnaire", "lint", "--root", "elsewhere"])
    }

    @Test func usageErrorsExit64() throws {
        let star = try StarRunner(fixture: "minimal")
        defer { star.cleanUp() }
        let output = try star.run(["questionnaire", "show"])
        #expect(output.status == 64)
        #expect(output.stderr.contains("Missing expected argument '<questionnaire>'"))
        let format = try star.run(["questionnaire", "lint", "--format", "xml"])
        #expect(format.status == 64)
        #expect(format.stderr.contains("The value 'xml' is invalid for '--format <format>'"))
    }

    @Test func aSymlinkedQuestionnairesFolderIsRefusedNotFollowed() throws {
        // A folder of the repository that links elsewhere could lead anywhere (git stores links): it is refused.
        let star = try StarRunner(fixture: "minimal")
        defer { star.cleanUp() }
        let fm = FileManager.default
        try fm.createDirectory(atPath: star.path("data"), withIntermediateDirectories: true)
        try fm.moveItem(atPath: star.path("star.yaml"), toPath: star.path("data/star.yaml"))
        try fm.moveItem(atPath: star.path("questionnaires"), toPath: star.path("shared"))
        try fm.createSymbolicLink(atPath: star.path("data/questionnaires"), withDestinationPath: "../shared")
        let output = try star.run(["questionnaire", "lint", "--root", "data"])
        #expect(output.status == 1)
        #expect(
            output.stdout == """
                questionnaires/XX/country.yaml:1:1: error: refused: the folder questionnaires on its path is a symbolic link; star reads only files inside the repository (replace the link with the folder itself) [refused-file]
                questionnaires/base.yaml:1:1: error: refused: the folder questionnaires on its path is a symbolic link; star reads only files inside the repository (replace the link with the folder itself) [refused-file]

                """)
        #expect(output.stderr == "2 errors, 0 warnings\n")
    }
}
