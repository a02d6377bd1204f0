import StarCore
import Testing

private func interview(_ answers: [String: RecordedAnswer] = [:]) throws -> Interview {
    Interview(questionnaire: try garmentQuestionnaire(), answers: answers)
}

/// Answers `text`, failing the test when it is refused.
private func answer(_ interview: inout Interview, _ id: String, _ text: String) {
    if case .failure(let error) = interview.answer(id, with: text) { Issue.record("\(id): \(error)") }
}

@Suite struct InterviewTests {
    @Test func theFirstQuestionComesFirst() throws {
        #expect(try interview().next?.id == "CL.CHILD.1")
    }

    @Test func questionsThatWhenRulesOutAreNeverAsked() throws {
        var session = try interview()
        answer(&session, "CL.CHILD.1", "no")
        #expect(session.next?.id == "WT.OT.1")
        answer(&session, "WT.OT.1", "no")
        #expect(session.next == nil)
        #expect(session.findings.questions["WT.OT.2"] == .notApplicable)
    }

    @Test func questionsThatWhenLetInAreAskedAsSoonAsTheyApply() throws {
        var session = try interview()
        answer(&session, "CL.CHILD.1", "no")
        answer(&session, "WT.OT.1", " yes ")
        #expect(session.next?.id == "WT.OT.2")
        answer(&session, "WT.OT.2", "61")
        #expect(session.next?.id == "WT.OT.3")
        answer(&session, "WT.OT.3", "written")
        #expect(session.next == nil)
        #expect(session.findings.points["WT.OT"] == .nonCompliant)
    }

    @Test func aSkippedQuestionIsAskedAgainLast() throws {
        var session = try interview()
        session.skip("CL.CHILD.1")
        #expect(session.next?.id == "WT.OT.1")
        answer(&session, "WT.OT.1", "no")
        #expect(session.next?.id == "CL.CHILD.1")
        #expect(session.skipped == ["CL.CHILD.1"])
    }

    @Test func answeringASkippedQuestionTakesItOffTheSkippedList() throws {
        var session = try interview()
        session.skip("CL.CHILD.1")
        answer(&session, "CL.CHILD.1", "no")
        #expect(session.skipped.isEmpty)
    }

    @Test func aWrongAnswerIsRefusedWithWhatTheQuestionTakes() throws {
        var session = try interview()
        #expect(session.answer("CL.CHILD.1", with: "maybe").failureMessage == "'CL.CHILD.1' is a yes-no question; answer yes or no, found 'maybe'")
        #expect(session.answer("WT.OT.9", with: "no").failureMessage == "'WT.OT.9' is not a question of xx-garment")
        #expect(session.answers.isEmpty)
        #expect(session.next?.id == "CL.CHILD.1")
    }

    @Test func clearingAnAnswerAsksTheQuestionAgain() throws {
        var session = try interview(["CL.CHILD.1": RecordedAnswer(answer: .yesNo(false)), "WT.OT.1": RecordedAnswer(answer: .yesNo(false))])
        #expect(session.next == nil)
        session.clear("WT.OT.1")
        #expect(session.next?.id == "WT.OT.1")
        #expect(session.answers["WT.OT.1"] == nil)
    }

    @Test func clearingKeepsTheNote() throws {
        var session = try interview(["WT.OT.1": RecordedAnswer(answer: .yesNo(true), note: "time cards")])
        session.clear("WT.OT.1")
        #expect(session.answers["WT.OT.1"] == RecordedAnswer(answer: nil, note: "time cards"))
    }

    @Test func aNoteIsTrimmedAndAnEmptyNoteRemovesIt() throws {
        var session = try interview(["WT.OT.1": RecordedAnswer(answer: .yesNo(true))])
        session.note("WT.OT.1", "  time cards  ")
        #expect(session.answers["WT.OT.1"] == RecordedAnswer(answer: .yesNo(true), note: "time cards"))
        session.note("WT.OT.1", " ")
        #expect(session.answers["WT.OT.1"] == RecordedAnswer(answer: .yesNo(true)))
    }

    @Test func anEmptyNoteOnAnOpenQuestionLeavesNoEntry() throws {
        var session = try interview()
        session.note("CL.CHILD.1", "")
        #expect(session.answers["CL.CHILD.1"] == nil)
    }

    @Test func aNoteDoesNotAnswerTheQuestion() throws {
        var session = try interview()
        session.note("CL.CHILD.1", "manager absent")
        #expect(session.next?.id == "CL.CHILD.1")
        #expect(session.progress == (answered: 0, applicable: 2))
    }

    @Test func progressCountsOnlyApplicableQuestions() throws {
        var session = try interview()
        #expect(session.progress == (answered: 0, applicable: 2))
        answer(&session, "WT.OT.1", "yes")
        #expect(session.progress == (answered: 1, applicable: 4))
        answer(&session, "WT.OT.1", "no")
        #expect(session.progress == (answered: 1, applicable: 2))
        answer(&session, "CL.CHILD.1", "no")
        #expect(session.progress == (answered: 2, applicable: 2))
    }
}

extension Result where Failure == AnswerError {
    fileprivate var failureMessage: String? {
        guard case .failure(let error) = self else { return nil }
        return error.message
    }
}
