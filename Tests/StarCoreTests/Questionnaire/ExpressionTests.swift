import StarCore
import Testing

@Suite struct ExpressionTests {
    @Test func integersPrintWithoutAFractionalPart() {
        #expect(Expression.format(48) == "48")
        #expect(Expression.format(-3) == "-3")
        #expect(Expression.format(2.5) == "2.5")
    }

    @Test func numbersNeverPrintWithAnExponent() {
        #expect(Expression.format(0.00001) == "0.00001")
        #expect(Expression.format(-0.00000015) == "-0.00000015")
        #expect(Expression.format(1e16) == "10000000000000000")
        #expect(Expression.format(1.2345e20) == "123450000000000000000")
    }

    @Test func substitutionReplacesParametersByTheirValues() throws {
        let expression = try ExpressionParser.parse("A == {flag} and B == {country} and C < {since}")
        let values: [String: ParameterValue] = ["flag": .yesNo(true), "country": .text("NO"), "since": .date("2026-01-01")]
        #expect(expression.substituting(values).description == "A == yes and B == 'NO' and C < '2026-01-01'")
    }

    @Test func substitutionFoldsConstantArithmetic() throws {
        let rule = try ExpressionParser.parseRule("> {max_weekly_hours} + 12", questionID: "WT.OT.2")
        #expect(rule.substituting(["max_weekly_hours": .number(48)]) == .binary(.greater, .question("WT.OT.2"), .number(60)))
    }

    @Test func substitutionDoesNotFoldADivisionByZero() throws {
        let expression = try ExpressionParser.parse("A > {max} / 0")
        #expect(expression.substituting(["max": .number(48)]).description == "A > 48 / 0")
    }

    @Test func substitutionLeavesUnknownParametersInPlace() throws {
        let expression = try ExpressionParser.parse("A > {max} + 1")
        #expect(expression.substituting([:]) == expression)
    }

    @Test func arithmeticOnAnswersIsNotFolded() throws {
        let expression = try ExpressionParser.parse("A + 1 > {max}")
        #expect(expression.substituting(["max": .number(2)]).description == "A + 1 > 2")
    }
}
