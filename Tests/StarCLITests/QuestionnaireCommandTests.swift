import Foundation
import StarCore
import Testing

@Suite struct QuestionnaireCommandTests {
    @Test func lintIsCleanOnAValidRepository() throws {
        let star = try StarRunner(fixture: "minimal")
        defer { star.cleanUp() }
        try star.expectGolden("lint-clean", ["questionnaire", "lint", "--strict"])
    }

    @Test func lintReportsEveryProblemWithItsLocation() throws {
        let star = try StarRunner(fixture: "broken")
        defer { star.cleanUp() }
        try star.expectGolden("lint-broken", ["questionnaire", "lint"])
    }

    @Test func lintSpeaksJSONAndGitHub() throws {
        let star = try StarRunner(fixture: "broken")
        defer { star.cleanUp() }
        try star.expectGolden("lint-broken-json", ["questionnaire", "lint", "--format", "json"])
        try star.expectGolden("lint-broken-github", ["questionnaire", "lint", "--format", "github"])
    }

    @Test func strictTurnsWarningsIntoFailure() throws {
        let star = try StarRunner(fixture: "minimal")
        defer { star.cleanUp() }
        // A point with a single question is a warning.
        try FileManager.default.removeItem(atPath: star.path("questionnaires/XX/country.yaml"))
        try """
        star: questionnaire/1
        id: xx-garment
        version: "1"
        extends: base
        title: {en: "X"}
        languages: [en]
        questions:
          - {id: XX.WT.OT.1, point: WT.OT, type: yes-no, text: {en: "Overtime over the limit?"}, noncompliant-if: "yes", guidance: {en: "Time cards."}}
        """.write(toFile: star.path("questionnaires/XX/country.yaml"), atomically: true, encoding: .utf8)
        let relaxed = try star.run(["questionnaire", "lint"])
        #expect(relaxed.status == 0)
        #expect(relaxed.stdout.contains("warning: compliance point 'WT.OT' has a single question in 'xx-garment'"))
        let strict = try star.run(["questionnaire", "lint", "--strict"])
        #expect(strict.status == 1)
    }

    @Test func compileWritesCanonicalJSONOnceAndThenNothing() throws {
        let star = try StarRunner(fixture: "minimal")
        defer { star.cleanUp() }
        try star.expectGolden("compile", ["questionnaire", "compile"])
        let path = star.path("questionnaires/compiled/xx-garment/2026.1.json")
        let compiled = try String(contentsOfFile: path, encoding: .utf8)
        let goldenURL = StarRunner.testsDirectory.appendingPathComponent("Golden/xx-garment-2026.1.json")
        if ProcessInfo.processInfo.environment["STAR_RECORD_GOLDEN"] != nil { try compiled.write(to: goldenURL, atomically: true, encoding: .utf8) }
        let golden = try String(contentsOf: goldenURL, encoding: .utf8)
        #expect(compiled == golden)
        let modified = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
        try star.expectGolden("compile-again", ["questionnaire", "compile"])
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date == modified)
        #expect(!FileManager.default.fileExists(atPath: star.path("questionnaires/compiled/base")), "abstract questionnaires are not written")
    }

    @Test func compileWritesNothingForAQuestionnaireWithErrors() throws {
        let star = try StarRunner(fixture: "broken")
        defer { star.cleanUp() }
        let output = try star.run(["questionnaire", "compile", "questionnaires/XX/country.yaml"])
        #expect(output.status == 1)
        #expect(output.stdout.contains("questionnaires/XX/country.yaml:8:16: error: parameter 'minimum_age' is a number, found 'fifteen' [wrong-type]"))
        #expect(!FileManager.default.fileExists(atPath: star.path("questionnaires/compiled")))
    }

    @Test func aPinnedVersionIsFrozen() throws {
        let star = try StarRunner(fixture: "minimal")
        defer { star.cleanUp() }
        #expect(try star.run(["questionnaire", "compile"]).status == 0)
        try FileManager.default.createDirectory(atPath: star.path("assessments/XX/XX-0001"), withIntermediateDirectories: true)
        try """
        {"star": "assessment/1", "id": "XX-0001/2026-03-14", "factory": "XX-0001", "kind": "assessment", "status": "final",
         "questionnaire": {"id": "xx-garment", "version": "2026.1", "digest": "sha256:0"}, "answers": {}}
        """.write(toFile: star.path("assessments/XX/XX-0001/2026-03-14.json"), atomically: true, encoding: .utf8)
        let country = star.path("questionnaires/XX/country.yaml")
        let source = try String(contentsOfFile: country, encoding: .utf8)
        // Moving lines keeps the content: still allowed, and the frozen file is left as it is.
        try ("# a comment that shifts every line\n" + source).write(toFile: country, atomically: true, encoding: .utf8)
        try star.expectGolden("compile-frozen-unchanged", ["questionnaire", "compile"])
        let pinnedDigest = try JSONParser.parse(String(contentsOfFile: star.path("questionnaires/compiled/xx-garment/2026.1.json"), encoding: .utf8))["digest"]!
            .string!
        #expect(try star.run(["questionnaire", "compile"]).stdout.contains(String(pinnedDigest.prefix(19))), "the pinned digest is the one shown")
        // Changing the content without a new version is refused.
        try source.replacingOccurrences(of: "+ 12", with: "+ 16").write(toFile: country, atomically: true, encoding: .utf8)
        try star.expectGolden("compile-frozen-changed", ["questionnaire", "compile"])
        try star.expectGolden("lint-frozen-changed", ["questionnaire", "lint"])
        // Deleting the frozen file does not let a changed compile take its place.
        let frozenPath = star.path("questionnaires/compiled/xx-garment/2026.1.json")
        let frozenBytes = try Data(contentsOf: URL(fileURLWithPath: frozenPath))
        try FileManager.default.removeItem(atPath: frozenPath)
        try star.expectGolden("compile-frozen-missing", ["questionnaire", "compile"])
        #expect(!FileManager.default.fileExists(atPath: frozenPath))
        try frozenBytes.write(to: URL(fileURLWithPath: frozenPath))
        // A new version number publishes the change.
        try source.replacingOccurrences(of: "+ 12", with: "+ 16").replacingOccurrences(of: "version: \"2026.1\"", with: "version: \"2026.2\"")
            .write(toFile: country, atomically: true, encoding: .utf8)
        let output = try star.run(["questionnaire", "compile"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("created: questionnaires/compiled/xx-garment/2026.2.json"))
    }

    @Test func showOutlinesAndPrintsFullText() throws {
        let star = try StarRunner(fixture: "minimal")
        defer { star.cleanUp() }
        try star.expectGolden("show-outline", ["questionnaire", "show", "xx-garment"])
        try star.expectGolden("show-full-fr", ["questionnaire", "show", "base", "--full", "--lang", "fr"])
        try star.expectGolden("show-unknown-language", ["questionnaire", "show", "xx-garment", "--lang", "fr"])
        try star.expectGolden("show-unknown-id", ["questionnaire", "show", "yy-garment"])
        try star.expectGolden("show-missing-compiled", ["questionnaire", "show", "xx-garment@2025.1"])
    }

    @Test func diffListsChangesPerPoint() throws {
        let star = try StarRunner(fixture: "minimal")
        defer { star.cleanUp() }
        #expect(try star.run(["questionnaire", "compile"]).status == 0)
        let country = star.path("questionnaires/XX/country.yaml")
        var source = try String(contentsOfFile: country, encoding: .utf8)
        source = source.replacingOccurrences(of: "Do workers work overtime?", with: "Do any workers work overtime?")
            .replacingOccurrences(of: "minimum_age: 14", with: "minimum_age: 15")
            .replacingOccurrences(of: "+ 12", with: "+ 10")
        source = source.replacingOccurrences(
            of: "alter:\n",
            with: """
                  - id: XX.WT.OT.3
                    point: WT.OT
                    type: yes-no
                    text: {en: "Is overtime voluntary?"}
                    noncompliant-if: "no"
                    guidance: {en: "Interview 10 workers."}
                alter:

                """)
        try source.write(toFile: country, atomically: true, encoding: .utf8)
        try star.expectGolden("diff", ["questionnaire", "diff", "xx-garment@2026.1", "questionnaires/XX/country.yaml"])
        let json = try star.run(["questionnaire", "diff", "xx-garment@2026.1", "xx-garment", "--format", "json"])
        let parsed = try JSONParser.parse(json.stdout)
        let changes = parsed["questions"]?.array?.map { "\($0["question"]!.string!):\($0["changes"]!.array!.map { $0.string! }.joined(separator: ","))" }
        #expect(Set(changes ?? []) == ["CL.CHILD.1:reworded", "XX.WT.OT.1:reworded", "XX.WT.OT.2:rule-changed", "XX.WT.OT.3:added"])
    }

    @Test func anUnreadableFileIsAFindingAndTheOthersAreStillChecked() throws {
        let star = try StarRunner(fixture: "minimal")
        defer { star.cleanUp() }
        try Data([0x74, 0x69, 0x74, 0x6C, 0x65, 0x3A, 0x20, 0x63, 0x61, 0x66, 0xE9, 0x0A]).write(
            to: URL(fileURLWithPath: star.path("questionnaires/latin1.yaml")))
        let output = try star.run(["questionnaire", "lint"])
        #expect(output.status == 1)
        #expect(output.stdout == "questionnaires/latin1.yaml:1:1: error: cannot read the file: the file is not valid UTF-8 [unreadable-file]\n")
        #expect(output.stderr == "1 error, 0 warnings\n")
    }
}
