import StarCore
import Testing

/// Evaluates `source` with the given answers; questions not in `answers` are unanswered.
private func evaluate(_ source: String, _ answers: [String: Value]) throws -> Value? {
    try ExpressionParser.parse(source).evaluate { answers[$0] }
}

@Suite struct ExpressionEvaluatorTests {
    @Test func comparisonWithAMissingAnswerIsUnknown() throws {
        #expect(try evaluate("H > 60", [:]) == nil)
    }

    @Test func falseAndUnknownIsFalse() throws {
        #expect(try evaluate("Y == yes and H > 60", ["H": .number(50)]) == .condition(false))
        #expect(try evaluate("H > 60 and Y == yes", ["H": .number(50)]) == .condition(false))
    }

    @Test func trueAndUnknownIsUnknown() throws {
        #expect(try evaluate("Y == yes and H > 60", ["H": .number(70)]) == nil)
    }

    @Test func trueOrUnknownIsTrue() throws {
        #expect(try evaluate("Y == yes or H > 60", ["H": .number(70)]) == .condition(true))
        #expect(try evaluate("H > 60 or Y == yes", ["H": .number(70)]) == .condition(true))
    }

    @Test func falseOrUnknownIsUnknown() throws {
        #expect(try evaluate("Y == yes or H > 60", ["H": .number(50)]) == nil)
    }

    @Test func notUnknownIsUnknown() throws {
        #expect(try evaluate("not Y == yes", [:]) == nil)
    }

    @Test func fullyAnsweredLogicFollowsBooleanRules() throws {
        let answers: [String: Value] = ["Y": .yesNo(true), "H": .number(50)]
        #expect(try evaluate("Y == yes and H > 60", answers) == .condition(false))
        #expect(try evaluate("Y == yes or H > 60", answers) == .condition(true))
        #expect(try evaluate("not (Y == yes and H > 60)", answers) == .condition(true))
    }

    @Test func arithmeticFollowsPrecedence() throws {
        #expect(try evaluate("H > 48 + 12", ["H": .number(61)]) == .condition(true))
        #expect(try evaluate("H > 48 + 12", ["H": .number(60)]) == .condition(false))
        #expect(try evaluate("2 + 3 * 4 == 14", [:]) == .condition(true))
        #expect(try evaluate("10 - 3 - 2 == 5", [:]) == .condition(true))
        #expect(try evaluate("-H < 0", ["H": .number(5)]) == .condition(true))
    }

    @Test func divisionByZeroIsUnknown() throws {
        #expect(try evaluate("10 / H", ["H": .number(0)]) == nil)
        #expect(try evaluate("10 / H > 1", ["H": .number(0)]) == nil)
    }

    @Test func divisionByZeroCanStillBeDecidedByKleeneLogic() throws {
        #expect(try evaluate("10 / H > 1 or Y == yes", ["H": .number(0), "Y": .yesNo(true)]) == .condition(true))
        #expect(try evaluate("10 / H > 1 and Y == yes", ["H": .number(0), "Y": .yesNo(false)]) == .condition(false))
    }

    @Test func datesCompareInCalendarOrder() throws {
        #expect(try evaluate("D < '2026-03-01'", ["D": .text("2026-02-28")]) == .condition(true))
        #expect(try evaluate("D < '2026-03-01'", ["D": .text("2026-12-01")]) == .condition(false))
    }

    @Test func choiceAnswerIsComparedByOptionID() throws {
        #expect(try evaluate("C == 'cash'", ["C": .text("cash")]) == .condition(true))
        #expect(try evaluate("C != 'cash'", ["C": .text("bank")]) == .condition(true))
    }

    @Test func unsubstitutedParameterIsUnknown() throws {
        #expect(try evaluate("H > {max}", ["H": .number(70)]) == nil)
    }

    @Test func substitutedParameterIsItsValue() throws {
        let rule = try ExpressionParser.parseRule("> {max} + 12", questionID: "H").substituting(["max": .number(48)])
        #expect(rule.description == "H > 60")
        #expect(rule.evaluate { $0 == "H" ? .number(61) : nil } == .condition(true))
    }
}
