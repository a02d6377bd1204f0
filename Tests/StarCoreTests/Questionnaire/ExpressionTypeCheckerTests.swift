import StarCore
import Testing

/// Checks `source` against a small set of questions and parameters: H number, Y yes/no, C choice (bank, cash),
/// D date, T text; {max} number, {name} text, {since} date.
private func check(_ source: String) throws -> (type: ValueType?, errors: [String]) {
    let questions: [String: ValueType] = ["H": .number, "Y": .yesNo, "C": .choice(["bank", "cash"]), "D": .date, "T": .text]
    let parameters: [String: ValueType] = ["max": .number, "name": .text, "since": .date]
    var checker = ExpressionTypeChecker(questionType: { questions[$0] }, parameterType: { parameters[$0] })
    let type = checker.check(try ExpressionParser.parse(source))
    return (type, checker.errors)
}

@Suite struct ExpressionTypeCheckerTests {
    @Test func wellTypedConditionHasNoErrors() throws {
        let result = try check("H > {max} + 12 and Y == yes or C != 'cash' and D >= {since} and T == 'x'")
        #expect(result.type == .condition)
        #expect(result.errors == [])
    }

    @Test func bareValueHasItsOwnType() throws {
        #expect(try check("H").type == .number)
        #expect(try check("yes").type == .yesNo)
        #expect(try check("{since}").type == .date)
    }

    @Test func numberComparedWithYesNoIsAnError() throws {
        let result = try check("H == yes")
        #expect(result.type == nil)
        #expect(result.errors == ["cannot compare a number with yes/no"])
    }

    @Test func quotedYesIsATextNotAYesNo() throws {
        #expect(try check("Y == 'yes'").errors == ["cannot compare yes/no with a text"])
    }

    @Test func andOnNumbersIsAnError() throws {
        #expect(try check("1 and 2").errors == ["'and' joins conditions, found a number"])
    }

    @Test func orOnAnAnswerIsAnError() throws {
        #expect(try check("H > 1 or Y").errors == ["'or' joins conditions, found yes/no"])
    }

    @Test func choicesCannotBeOrdered() throws {
        #expect(try check("C < 'bank'").errors == ["choices can only be compared with == and !="])
    }

    @Test func unknownOptionIsAnError() throws {
        #expect(try check("C == 'cheque'").errors == ["'cheque' is not an option; the options are bank, cash"])
    }

    @Test func unknownOptionOnTheLeftIsAnError() throws {
        #expect(try check("'cheque' != C").errors == ["'cheque' is not an option; the options are bank, cash"])
    }

    @Test func invalidDateLiteralIsAnError() throws {
        #expect(try check("D < '2026-02-30'").errors == ["'2026-02-30' is not a date (YYYY-MM-DD)"])
    }

    @Test func validDateLiteralOrdersWithADate() throws {
        #expect(try check("'2024-02-29' <= D").errors == [])
    }

    @Test func textsCannotBeOrdered() throws {
        #expect(try check("T < 'abc'").errors == ["'<', '<=', '>' and '>=' compare numbers or dates, not a text"])
    }

    @Test func arithmeticNeedsNumbers() throws {
        #expect(try check("Y + 1 > 2").errors == ["'+' needs numbers, found yes/no"])
    }

    @Test func notNeedsACondition() throws {
        #expect(try check("not H").errors == ["'not' needs a condition, found a number"])
    }

    @Test func negationNeedsANumber() throws {
        #expect(try check("-Y").errors == ["'-' needs a number, found yes/no"])
    }

    @Test func conditionsCannotBeCompared() throws {
        #expect(try check("(H > 1) == (Y == yes)").errors == ["a condition cannot be compared; combine conditions with 'and' or 'or'"])
    }

    @Test func unknownQuestionIsAnError() throws {
        #expect(try check("Z == yes").errors == ["unknown question 'Z'"])
    }

    @Test func unknownParameterIsAnError() throws {
        #expect(try check("{maximum} > H").errors == ["unknown parameter '{maximum}'"])
    }

    @Test func parameterOfTheWrongTypeIsAnError() throws {
        #expect(try check("H > {name}").errors == ["cannot compare a number with a text"])
    }

    @Test func errorsOnBothSidesAreAllReported() throws {
        #expect(try check("Z == W").errors == ["unknown question 'Z'", "unknown question 'W'"])
    }
}
