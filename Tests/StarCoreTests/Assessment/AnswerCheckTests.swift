import StarCore
import Testing

/// Answers as a sheet would give them, with the line each question id is written on (its position, from 10).
private func check(_ raw: [(String, RawAnswer)], complete: Bool = false) throws -> AnswerCheck {
    let lines = Dictionary(uniqueKeysWithValues: raw.enumerated().map { ($0.element.0, 10 + $0.offset) })
    return AnswerCheck(
        Dictionary(uniqueKeysWithValues: raw), against: try garmentQuestionnaire(), complete: complete,
        location: { SourceLocation(file: "sheet.yaml", line: lines[$0] ?? 1) })
}

private func answer(_ text: String, note: String? = nil) -> RawAnswer {
    RawAnswer(value: .string(text), note: note)
}

@Suite struct AnswerCheckTests {
    @Test func answersOfTheRightTypeAreKeptAndJudged() throws {
        let result = try check([("CL.CHILD.1", answer("yes")), ("WT.OT.1", answer("yes")), ("WT.OT.2", answer("61", note: "payroll week 9"))])
        #expect(result.diagnostics.isEmpty)
        #expect(result.answers["CL.CHILD.1"] == RecordedAnswer(answer: .yesNo(true)))
        #expect(result.answers["WT.OT.2"] == RecordedAnswer(answer: .number(61), note: "payroll week 9"))
        #expect(result.findings.questions["CL.CHILD.1"] == .nonCompliant)
        #expect(result.findings.questions["WT.OT.2"] == .nonCompliant)
        #expect(result.unanswered == ["WT.OT.3"])
    }

    @Test func anUnknownQuestionIsAnErrorThatSuggestsTheNearestID() throws {
        let result = try check([("CL.CHILD.l", answer("no"))])
        #expect(
            result.diagnostics == [
                .error(
                    "unknown-question", "'CL.CHILD.l' is not a question of xx-garment 2026.1",
                    at: SourceLocation(file: "sheet.yaml", line: 10), notes: ["did you mean 'CL.CHILD.1'?"])
            ])
        #expect(result.answers.isEmpty)
    }

    @Test func anUnknownQuestionFarFromAnyIDPointsToTheQuestionList() throws {
        let result = try check([("HS.FIRE.9", answer("no"))])
        #expect(result.diagnostics.map(\.notes) == [["'star questionnaire show xx-garment' lists its questions"]])
        #expect(result.diagnostics.map(\.code) == ["unknown-question"])
    }

    @Test func anAnswerOfTheWrongTypeIsAnInvalidAnswer() throws {
        let result = try check([("WT.OT.1", answer("yes")), ("WT.OT.2", answer("sixty"))])
        #expect(result.diagnostics == [.error("invalid-answer", "'WT.OT.2' takes a number, found 'sixty'", at: SourceLocation(file: "sheet.yaml", line: 11))])
        #expect(result.answers["WT.OT.2"] == nil)
    }

    @Test func anAnswerThatIsNotAnOptionNamesTheOptions() throws {
        let result = try check([("WT.OT.1", answer("yes")), ("WT.OT.3", answer("verbal"))])
        #expect(result.diagnostics.map(\.message) == ["'verbal' is not an option of 'WT.OT.3'; the options are written, none"])
        #expect(result.diagnostics.map(\.location.line) == [11])
    }

    @Test func aWrongAnswerWithANoteKeepsTheNoteOnly() throws {
        let result = try check([("CL.CHILD.1", answer("maybe", note: "ask HR"))])
        #expect(result.diagnostics.map(\.message) == ["'CL.CHILD.1' is a yes-no question; answer yes or no, found 'maybe'"])
        #expect(result.answers["CL.CHILD.1"] == RecordedAnswer(answer: nil, note: "ask HR"))
    }

    @Test func anAnswerThatDoesNotApplyIsKeptWithAWarning() throws {
        let result = try check([("WT.OT.1", answer("no")), ("WT.OT.2", answer("80"))])
        #expect(
            result.diagnostics == [
                .warning(
                    "answer-not-applicable",
                    "'WT.OT.2' is answered, but it does not apply given the other answers; its answer does not count",
                    at: SourceLocation(file: "sheet.yaml", line: 11), notes: ["it applies when WT.OT.1 == yes"])
            ])
        #expect(result.answers["WT.OT.2"]?.answer == .number(80))
        #expect(result.findings.questions["WT.OT.2"] == .notApplicable)
        #expect(result.findings.points["WT.OT"] == .compliant)
    }

    @Test func aBlankApplicableQuestionIsNotAnErrorInADraft() throws {
        let result = try check([("CL.CHILD.1", RawAnswer(value: nil)), ("WT.OT.1", answer("yes"))])
        #expect(result.diagnostics.isEmpty)
        #expect(result.unanswered == ["CL.CHILD.1", "WT.OT.2", "WT.OT.3"])
        #expect(result.answers["CL.CHILD.1"] == nil)
    }

    @Test func aBlankApplicableQuestionIsAnErrorWhenComplete() throws {
        let result = try check([("CL.CHILD.1", RawAnswer(value: nil)), ("WT.OT.1", answer("no"))], complete: true)
        #expect(
            result.diagnostics == [
                .error(
                    "unanswered", "'CL.CHILD.1' applies but has no answer; a final record answers every applicable question",
                    at: SourceLocation(file: "sheet.yaml", line: 10))
            ])
        // WT.OT.2 and WT.OT.3 do not apply once overtime is ruled out: nobody has to answer them.
        #expect(result.unanswered == ["CL.CHILD.1"])
    }

    @Test func aCompleteSetOfAnswersPassesAFinalCheck() throws {
        let result = try check(
            [("CL.CHILD.1", answer("no")), ("WT.OT.1", answer("yes")), ("WT.OT.2", answer("48")), ("WT.OT.3", answer("written"))], complete: true)
        #expect(result.diagnostics.isEmpty)
        #expect(result.unanswered.isEmpty)
        #expect(result.findings.points == ["CL.CHILD": .compliant, "WT.OT": .compliant])
    }

    @Test func diagnosticsComeInFileOrder() throws {
        let result = try check([("WT.OT.1", answer("perhaps")), ("CL.CHILD.1", answer("perhaps")), ("XX.1", answer("no"))])
        #expect(result.diagnostics.map(\.location.line) == [10, 11, 12])
    }
}
