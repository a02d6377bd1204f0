import StarCore
import Testing

/// The garment questionnaire with WT.OT.2 (weekly hours) limited to a whole number from 0 to 168.
private func constrained() throws -> CompiledQuestionnaire {
    var questionnaire = try garmentQuestionnaire()
    for c in questionnaire.clusters.indices {
        for p in questionnaire.clusters[c].points.indices {
            for q in questionnaire.clusters[c].points[p].questions.indices where questionnaire.clusters[c].points[p].questions[q].id == "WT.OT.2" {
                questionnaire.clusters[c].points[p].questions[q].constraints = NumberConstraints(integer: true, minimum: 0, maximum: 168)
            }
        }
    }
    questionnaire.seal()
    return questionnaire
}

private func check(_ raw: [(String, String)], in questionnaire: CompiledQuestionnaire, complete: Bool = true) -> AnswerCheck {
    let lines = Dictionary(uniqueKeysWithValues: raw.enumerated().map { ($0.element.0, 10 + $0.offset) })
    return AnswerCheck(
        Dictionary(uniqueKeysWithValues: raw.map { ($0.0, RawAnswer(value: .string($0.1))) }), against: questionnaire, complete: complete,
        location: { SourceLocation(file: "sheet.yaml", line: lines[$0] ?? 1) })
}

@Suite struct AnswerConstraintTests {
    @Test func aNegativeCountIsRefusedWithWhatTheQuestionTakes() throws {
        let result = check([("CL.CHILD.1", "no"), ("WT.OT.1", "yes"), ("WT.OT.2", "-1"), ("WT.OT.3", "written")], in: try constrained())
        #expect(
            result.diagnostics == [
                .error(
                    "invalid-answer", "'WT.OT.2' takes a whole number from 0 to 168, found the number -1",
                    at: SourceLocation(file: "sheet.yaml", line: 12))
            ])
    }

    @Test func aFractionIsRefusedForAWholeNumber() throws {
        let result = check([("CL.CHILD.1", "no"), ("WT.OT.1", "yes"), ("WT.OT.2", "2.5"), ("WT.OT.3", "written")], in: try constrained())
        #expect(result.diagnostics.map(\.message) == ["'WT.OT.2' takes a whole number from 0 to 168, found the number 2.5"])
    }

    @Test func aValueAboveTheMaximumIsRefused() throws {
        let result = check([("CL.CHILD.1", "no"), ("WT.OT.1", "yes"), ("WT.OT.2", "169"), ("WT.OT.3", "written")], in: try constrained())
        #expect(result.diagnostics.map(\.code) == ["invalid-answer"])
    }

    @Test func theBoundsThemselvesAreAccepted() throws {
        for hours in ["0", "168"] {
            let result = check([("CL.CHILD.1", "no"), ("WT.OT.1", "yes"), ("WT.OT.2", hours), ("WT.OT.3", "written")], in: try constrained())
            #expect(result.diagnostics.isEmpty)
        }
    }

    @Test func aTextWhereANumberIsExpectedSaysWhatNumber() throws {
        let result = check([("CL.CHILD.1", "no"), ("WT.OT.1", "yes"), ("WT.OT.2", "sixty"), ("WT.OT.3", "written")], in: try constrained())
        #expect(result.diagnostics.map(\.message) == ["'WT.OT.2' takes a whole number from 0 to 168, found 'sixty'"])
    }

    @Test func theInterviewRefusesTheSameAnswers() throws {
        var interview = Interview(questionnaire: try constrained())
        _ = interview.answer("WT.OT.1", with: "yes")
        guard case .failure(let error) = interview.answer("WT.OT.2", with: "-3") else {
            Issue.record("-3 was accepted")
            return
        }
        #expect(error.message == "'WT.OT.2' takes a whole number from 0 to 168, found the number -3")
    }

    // One error per mistake.

    @Test func anInvalidAnswerIsNotAlsoUnanswered() throws {
        let result = check([("CL.CHILD.1", "no"), ("WT.OT.1", "maybe")], in: try garmentQuestionnaire())
        #expect(result.diagnostics.map(\.code) == ["invalid-answer"])
        #expect(result.diagnostics.map(\.location.line) == [11])
    }

    @Test func questionsWhoseConditionReadsAnInvalidAnswerAreNotReported() throws {
        // WT.OT.2 and WT.OT.3 apply when WT.OT.1 == yes: with WT.OT.1 invalid that is unknown, so neither their
        // answers ("does not apply") nor their absence ("unanswered") is reported.
        let answered = check([("CL.CHILD.1", "no"), ("WT.OT.1", "sometimes"), ("WT.OT.2", "50"), ("WT.OT.3", "written")], in: try garmentQuestionnaire())
        #expect(answered.diagnostics.map(\.code) == ["invalid-answer"])
        let blank = check([("CL.CHILD.1", "no"), ("WT.OT.1", "sometimes")], in: try garmentQuestionnaire())
        #expect(blank.diagnostics.map(\.code) == ["invalid-answer"])
    }

    @Test func aConditionDecidedByAValidAnswerIsStillReported() throws {
        // WT.OT.1 is valid (no): WT.OT.2 does not apply whatever else is wrong, and answering it still warns.
        let result = check([("CL.CHILD.1", "perhaps"), ("WT.OT.1", "no"), ("WT.OT.2", "50")], in: try garmentQuestionnaire())
        #expect(result.diagnostics.map(\.code) == ["invalid-answer", "answer-not-applicable"])
    }
}
