import Foundation
import Testing

/// The minimal fixture with its questionnaire compiled and one factory registered: ready to assess.
private func assessable() throws -> StarRunner {
    let star = try StarRunner(fixture: "minimal")
    #expect(try star.run(["questionnaire", "compile"]).status == 0)
    #expect(try star.run(["factory", "add", "XX-0001", "--name", "Xland Shirts", "--country", "XX", "--industry", "garment"]).status == 0)
    return star
}

/// A filled-in sheet for XX-0001 on `date`, with the pin taken from a blank sheet star wrote.
private func sheet(_ star: StarRunner, date: String = "2026-03-14", answers: String, extra: String = "") throws -> String {
    let blank = try star.run(["assess", "new", "--factory", "XX-0001", "--date", date]).stdout
    let pin = try #require(blank.split(separator: "\n").first { $0.hasPrefix("questionnaire: ") })
    return """
        star: answer-sheet/1
        factory: XX-0001
        \(pin)
        kind: assessment
        visit: {start: \(date), end: \(date), announced: false}
        assessors: [{id: adv-sophea, gender: female}]
        \(extra)answers:
        \(answers)
        notes:
          XX.WT.OT.2: "payroll week 9"

        """
}

private let complete = """
      CL.CHILD.1: no
      CL.CHILD.2: "no"
      XX.WT.OT.1: yes
      XX.WT.OT.2: 61
    """

private func read(_ star: StarRunner, _ relative: String) throws -> String {
    try String(contentsOfFile: star.path(relative), encoding: .utf8)
}

@Suite struct AssessCommandTests {
    @Test func newWritesASheetWithEveryQuestionExplained() throws {
        let star = try assessable()
        defer { star.cleanUp() }
        try star.expectGolden("assess-new", ["assess", "new", "--factory", "XX-0001", "--date", "2026-03-14", "--end", "2026-03-15"])
        #expect(try star.run(["assess", "new", "--factory", "XX-0001", "--date", "2026-03-14", "--output", "s.yaml"]).status == 0)
        let filled = try read(star, "s.yaml").replacingOccurrences(of: "CL.CHILD.1: ~", with: "CL.CHILD.1: no")
        try filled.write(toFile: star.path("s.yaml"), atomically: true, encoding: .utf8)
        try star.expectGolden("assess-new-existing-output", ["assess", "new", "--factory", "XX-0001", "--date", "2026-03-14", "--output", "s.yaml"])
        #expect(try read(star, "s.yaml") == filled)
        try star.expectGolden("assess-new-bad-input", ["assess", "new", "--factory", "XX-0001", "--date", "2026-02-30"])
        try star.expectGolden("assess-new-unknown-factory", ["assess", "new", "--factory", "../XX-0001", "--date", "2026-03-14"])
        try star.expectGolden("assess-new-unknown-language", ["assess", "new", "--factory", "XX-0001", "--date", "2026-03-14", "--lang", "km"])
        try star.expectGolden("assess-new-ends-before-start", ["assess", "new", "--factory", "XX-0001", "--date", "2026-03-14", "--end", "2026-03-13"])
    }

    @Test func aDraftIsCompletedThenFinalAndNeverOverwritten() throws {
        let star = try assessable()
        defer { star.cleanUp() }
        try sheet(star, answers: "  CL.CHILD.1: no\n  CL.CHILD.2: ~\n  XX.WT.OT.1: yes\n  XX.WT.OT.2: ~")
            .write(toFile: star.path("s.yaml"), atomically: true, encoding: .utf8)
        try star.expectGolden("assess-record-draft", ["assess", "record", "s.yaml"])
        let draft = try read(star, "assessments/XX/XX-0001/2026-03-14.json")
        #expect(draft.contains("\"status\": \"draft\""))

        // --final with open questions writes nothing.
        try star.expectGolden("assess-record-final-unanswered", ["assess", "record", "s.yaml", "--final"])
        #expect(try read(star, "assessments/XX/XX-0001/2026-03-14.json") == draft)

        try sheet(star, answers: complete).write(toFile: star.path("s.yaml"), atomically: true, encoding: .utf8)
        try star.expectGolden("assess-record-final", ["assess", "record", "s.yaml", "--final"])
        let final = try read(star, "assessments/XX/XX-0001/2026-03-14.json")
        #expect(final.contains("\"status\": \"final\"") && final.contains("\"digest\": \"sha256:"))

        try star.expectGolden("assess-record-over-final", ["assess", "record", "s.yaml"])
        #expect(try read(star, "assessments/XX/XX-0001/2026-03-14.json") == final)
        try star.expectGolden("assess-finalize-final", ["assess", "finalize", "XX-0001/2026-03-14"])
        try star.expectGolden("assess-show", ["assess", "show", "XX-0001/2026-03-14", "--points"])
        try star.expectGolden("assess-show-json", ["assess", "show", "assessments/XX/XX-0001/2026-03-14.json", "--format", "json"])
        try star.expectGolden("assess-list", ["assess", "list"])
        try star.expectGolden("validate-clean", ["validate"])
    }

    @Test func aCorrectionIsANewRecordThatAmendsTheFinalOne() throws {
        let star = try assessable()
        defer { star.cleanUp() }
        try sheet(star, answers: complete).write(toFile: star.path("s.yaml"), atomically: true, encoding: .utf8)
        #expect(try star.run(["assess", "record", "s.yaml", "--final"]).status == 0)
        let original = try read(star, "assessments/XX/XX-0001/2026-03-14.json")
        try sheet(star, answers: complete.replacingOccurrences(of: "61", with: "58"), extra: "amends: XX-0001/2026-03-14\n")
            .write(toFile: star.path("fix.yaml"), atomically: true, encoding: .utf8)
        try star.expectGolden("assess-record-amends", ["assess", "record", "fix.yaml", "--final"])
        #expect(try read(star, "assessments/XX/XX-0001/2026-03-14.json") == original)
        #expect(try read(star, "assessments/XX/XX-0001/2026-03-14-2.json").contains("\"amends\": \"XX-0001/2026-03-14\""))
        #expect(try star.run(["validate"]).status == 0)
    }

    @Test func aDraftIsFinalizedOnceComplete() throws {
        let star = try assessable()
        defer { star.cleanUp() }
        try sheet(star, answers: "  CL.CHILD.1: no\n  CL.CHILD.2: ~\n  XX.WT.OT.1: no\n  XX.WT.OT.2: ~")
            .write(toFile: star.path("s.yaml"), atomically: true, encoding: .utf8)
        #expect(try star.run(["assess", "record", "s.yaml"]).status == 0)
        try star.expectGolden("assess-finalize-incomplete", ["assess", "finalize", "XX-0001/2026-03-14"])
        try sheet(star, answers: "  CL.CHILD.1: no\n  CL.CHILD.2: original-document\n  XX.WT.OT.1: no\n  XX.WT.OT.2: ~")
            .write(toFile: star.path("s.yaml"), atomically: true, encoding: .utf8)
        #expect(try star.run(["assess", "record", "s.yaml"]).status == 0)
        let finalized = try star.run(["assess", "finalize", "assessments/XX/XX-0001/2026-03-14.json"])
        #expect(finalized.status == 0 && finalized.stderr.hasPrefix("XX-0001/2026-03-14 is final (sha256:"))
        try star.expectGolden("assess-finalize-unknown", ["assess", "finalize", "XX-0001/2026-03-15"])
    }

    @Test func badSheetsAreReportedWhereTheyBreakAndNothingIsWritten() throws {
        let star = try assessable()
        defer { star.cleanUp() }
        let wrong = """
              CL.CHILD.1: NO
              CL.CHILD.2: maybe
              XX.WT.OT.1: yes
              XX.WT.OT.2: sixty
              XX.WT.OT.3: 12
            """
        try sheet(star, answers: wrong).replacingOccurrences(of: "end: 2026-03-14", with: "end: 2026-02-30")
            .write(toFile: star.path("wrong.yaml"), atomically: true, encoding: .utf8)
        try star.expectGolden("assess-record-invalid", ["assess", "record", "wrong.yaml"])

        try sheet(star, answers: complete).replacingOccurrences(of: "digest: \"sha256:", with: "digest: \"sha256:0")
            .write(toFile: star.path("other-version.yaml"), atomically: true, encoding: .utf8)
        try star.expectGolden("assess-record-other-version", ["assess", "record", "other-version.yaml"])

        try sheet(star, answers: complete).replacingOccurrences(of: "factory: XX-0001", with: "factory: ../../etc/passwd")
            .write(toFile: star.path("hostile.yaml"), atomically: true, encoding: .utf8)
        try star.expectGolden("assess-record-hostile", ["assess", "record", "hostile.yaml"])
        // YAML's "\a" escape smuggles a control character (BEL) into the id.
        try sheet(star, answers: complete).replacingOccurrences(of: "factory: XX-0001", with: "factory: \"XX\\a0001\"")
            .write(toFile: star.path("bell.yaml"), atomically: true, encoding: .utf8)
        let bell = try star.run(["assess", "record", "bell.yaml"])
        #expect(bell.status == 1)
        #expect(bell.stderr.contains("bell.yaml:2:1: error: factory id contains a control character [invalid-id]"))

        try String(try sheet(star, answers: complete).prefix(200)).write(toFile: star.path("truncated.yaml"), atomically: true, encoding: .utf8)
        try star.expectGolden("assess-record-truncated", ["assess", "record", "truncated.yaml"])
        try star.expectGolden("assess-record-missing-file", ["assess", "record", "nowhere.yaml"])
        #expect(!FileManager.default.fileExists(atPath: star.path("assessments/XX")))
    }

    @Test func validateFindsHandEditedBrokenAndMisplacedRecords() throws {
        let star = try assessable()
        defer { star.cleanUp() }
        try sheet(star, answers: complete).write(toFile: star.path("s.yaml"), atomically: true, encoding: .utf8)
        #expect(try star.run(["assess", "record", "s.yaml", "--final"]).status == 0)
        let file = "assessments/XX/XX-0001/2026-03-14.json"
        let final = try read(star, file)
        try final.replacingOccurrences(of: "\"answer\": 61", with: "\"answer\": 59").write(toFile: star.path(file), atomically: true, encoding: .utf8)
        try star.expectGolden("validate-record-changed", ["validate"])

        try String(final.prefix(300)).write(toFile: star.path(file), atomically: true, encoding: .utf8)
        try star.expectGolden("validate-record-truncated", ["validate", "--format", "json"])

        try FileManager.default.createDirectory(atPath: star.path("assessments/XX/XX-0002"), withIntermediateDirectories: true)
        try FileManager.default.removeItem(atPath: star.path(file))
        try final.write(toFile: star.path("assessments/XX/XX-0002/2026-03-14.json"), atomically: true, encoding: .utf8)
        try star.expectGolden("validate-record-misplaced", ["validate", "--format", "github"])
    }

    @Test func theInterviewRefusesWithoutATerminal() throws {
        let star = try assessable()
        defer { star.cleanUp() }
        try star.expectGolden("assess-interview-no-terminal", ["assess", "interview", "--factory", "XX-0001", "--date", "2026-03-14"])
    }

    /// Runs the interview on a pseudo-terminal (util-linux `script`), answering from a script of lines.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func theInterviewSkipsWhatWhenRulesOutAndResumes() throws {
        let star = try assessable()
        defer { star.cleanUp() }
        func interview(_ lines: [String]) throws -> StarRunner.Output {
            let command = "\(StarRunner.binary.path) assess interview --factory XX-0001 --date 2026-03-14 --assessor adv-dara:male"
            return try star.runProgram("/usr/bin/script", ["-qec", command, "/dev/null"], stdin: lines.joined(separator: "\n") + "\n")
        }
        // First session: one answer, a wrong one corrected, then quit.
        let first = try interview(["no", "?", "maybe", "quit"])
        #expect(first.stdout.contains("Starting XX-0001/2026-03-14"))
        #expect(first.stdout.contains("'maybe' is not an option of 'CL.CHILD.2'"))
        let draft = try read(star, "assessments/XX/XX-0001/2026-03-14.json")
        #expect(draft.contains("\"status\": \"draft\"") && draft.contains("\"CL.CHILD.1\""))
        // Second session resumes at CL.CHILD.2; answering no overtime rules out XX.WT.OT.2, which is never asked.
        let second = try interview(["original-document", "no", "y"])
        #expect(second.stdout.contains("Resuming XX-0001/2026-03-14"))
        #expect(!second.stdout.contains("[0/"), "resumed where it stopped")
        #expect(!second.stdout.contains("XX.WT.OT.2"))
        #expect(second.stdout.contains("XX-0001/2026-03-14 is final."))
        let final = try read(star, "assessments/XX/XX-0001/2026-03-14.json")
        #expect(final.contains("\"status\": \"final\"") && final.contains("\"id\": \"adv-dara\""))
        #expect(try star.run(["validate"]).status == 0)
    }

    /// The interview as an advisor types: initials, option numbers, `back` after an interruption, headings.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func theInterviewTakesShortAnswersAndGoesBackAcrossAnInterruption() throws {
        let star = try assessable()
        defer { star.cleanUp() }
        func interview(_ lines: [String]) throws -> StarRunner.Output {
            let command = "\(StarRunner.binary.path) assess interview --factory XX-0001 --date 2026-03-14"
            return try star.runProgram(
                "/usr/bin/script", ["-qec", command, "/dev/null"], stdin: lines.joined(separator: "\n") + "\n",
                environment: ["COLUMNS": "60"])
        }
        let first = try interview(["n", "quit"])
        #expect(first.stdout.contains("== CL  Child Labour =="))
        #expect(first.stdout.contains("-- CL.CHILD  Child labourers --"))
        #expect(first.stdout.contains("[0/3 answered] CL.CHILD.1"))
        // Resumed: back goes to the answer given before the interruption and shows it; Enter keeps it.
        let second = try interview(["back", "", "1", "y", "quit"])
        #expect(second.stdout.contains("[1/3 answered] CL.CHILD.1"))
        #expect(second.stdout.contains("earlier answer: no (Enter keeps it)"))
        #expect(second.stdout.contains("== WT  Working Time =="))
        let draft = try read(star, "assessments/XX/XX-0001/2026-03-14.json")
        #expect(draft.contains("\"CL.CHILD.1\": {\n      \"answer\": \"no\""))
        #expect(draft.contains("\"CL.CHILD.2\": {\n      \"answer\": \"original-document\""))
        #expect(draft.contains("\"XX.WT.OT.1\": {\n      \"answer\": \"yes\""))
    }
}
