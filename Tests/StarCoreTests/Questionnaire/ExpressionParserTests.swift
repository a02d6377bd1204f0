import Testing

@testable import StarCore

private func q(_ id: String) -> Expression { .question(id) }
private func n(_ value: Double) -> Expression { .number(value) }

@Suite struct ExpressionParserTests {
    // MARK: - Precedence and associativity

    @Test func andBindsTighterThanOr() throws {
        #expect(try ExpressionParser.parse("A or B and C") == .binary(.or, q("A"), .binary(.and, q("B"), q("C"))))
    }

    @Test func notBindsTighterThanAndButLooserThanComparison() throws {
        #expect(
            try ExpressionParser.parse("not A == yes and B == no")
                == .binary(.and, .not(.binary(.equal, q("A"), .yesNo(true))), .binary(.equal, q("B"), .yesNo(false))))
    }

    @Test func multiplicationBindsTighterThanAdditionWhichBindsTighterThanComparison() throws {
        #expect(
            try ExpressionParser.parse("A + 2 * 3 > 10")
                == .binary(.greater, .binary(.add, q("A"), .binary(.multiply, n(2), n(3))), n(10)))
    }

    @Test func unaryMinusBindsTightest() throws {
        #expect(try ExpressionParser.parse("-A * 2") == .binary(.multiply, .negate(q("A")), n(2)))
    }

    @Test func subtractionIsLeftAssociative() throws {
        #expect(try ExpressionParser.parse("10 - 3 - 2") == .binary(.subtract, .binary(.subtract, n(10), n(3)), n(2)))
    }

    @Test func divisionIsLeftAssociative() throws {
        #expect(try ExpressionParser.parse("8 / 4 / 2") == .binary(.divide, .binary(.divide, n(8), n(4)), n(2)))
    }

    @Test func orIsLeftAssociative() throws {
        #expect(try ExpressionParser.parse("A or B or C") == .binary(.or, .binary(.or, q("A"), q("B")), q("C")))
    }

    @Test func parenthesesOverridePrecedence() throws {
        #expect(try ExpressionParser.parse("(A or B) and C") == .binary(.and, .binary(.or, q("A"), q("B")), q("C")))
    }

    @Test func literalsAndParametersAreRecognised() throws {
        #expect(try ExpressionParser.parse("{max_weekly_hours}") == .parameter("max_weekly_hours"))
        #expect(try ExpressionParser.parse("{ max_weekly_hours }") == .parameter("max_weekly_hours"))
        #expect(try ExpressionParser.parse("'cash'") == .text("cash"))
        #expect(try ExpressionParser.parse("\"it's\"") == .text("it's"))
        #expect(try ExpressionParser.parse("yes") == .yesNo(true))
        #expect(try ExpressionParser.parse("no") == .yesNo(false))
        #expect(try ExpressionParser.parse("1.5") == n(1.5))
        #expect(try ExpressionParser.parse(".5") == n(0.5))
        #expect(try ExpressionParser.parse("KH.WT.OT_2.1") == q("KH.WT.OT_2.1"))
    }

    @Test func questionReferencesAreListedInOrderOfAppearance() throws {
        #expect(try ExpressionParser.parse("B == yes and (A > 1 or not C == 'x') and B == no").questionReferences == ["B", "A", "C", "B"])
    }

    // MARK: - Canonical printing

    @Test(arguments: [
        "A or B and C",
        "(A or B) and C",
        "A or (B or C)",
        "10 - 3 - 2",
        "10 - (3 - 2)",
        "2 * (3 + 4)",
        "not A == yes",
        "not (A == yes or B == no)",
        "-(A + 1) * 2",
        "{minimum_age} + 12 <= A",
        "A == 'cash'",
        "A == \"it's\"",
        "D < '2026-01-01'",
        "A > 1.5",
    ])
    func canonicalTextRoundTrips(source: String) throws {
        let parsed = try ExpressionParser.parse(source)
        #expect(parsed.description == source)
        #expect(try ExpressionParser.parse(parsed.description) == parsed)
    }

    @Test func descriptionDropsRedundantParenthesesAndNormalisesSpacingAndQuotes() throws {
        #expect(try ExpressionParser.parse("((A))==yes and (B>1.50)").description == "A == yes and B > 1.5")
        #expect(try ExpressionParser.parse("A == \"cash\"").description == "A == 'cash'")
    }

    @Test(arguments: [0.00001, 123456.789, 1e16, -0.25])
    func descriptionOfAnyNumberParsesBack(value: Double) throws {
        let expression = Expression.binary(.less, q("A"), .number(value))
        let reparsed = try ExpressionParser.parse(expression.description)
        #expect(reparsed.evaluate { _ in .number(value - abs(value) / 2) } == .condition(true))
        #expect(reparsed.evaluate { _ in .number(value) } == .condition(false))
    }

    // MARK: - Rule shorthand

    @Test func ruleStartingWithAComparisonReadsTheQuestionsOwnAnswer() throws {
        let rule = try ExpressionParser.parseRule("> {max_weekly_hours} + 12", questionID: "WT.OT.2")
        #expect(rule == .binary(.greater, q("WT.OT.2"), .binary(.add, .parameter("max_weekly_hours"), n(12))))
        #expect(rule.description == "WT.OT.2 > {max_weekly_hours} + 12")
    }

    @Test func bareValueRuleIsLeftAsTheValueForTheTypeCheckerToExpand() throws {
        #expect(try ExpressionParser.parseRule("yes", questionID: "CL.CHILD.1") == .yesNo(true))
        #expect(try ExpressionParser.parseRule("no", questionID: "CL.CHILD.1") == .yesNo(false))
    }

    @Test func fullConditionRuleIsParsedAsWritten() throws {
        #expect(
            try ExpressionParser.parseRule("A == yes and Q > 3", questionID: "Q")
                == .binary(.and, .binary(.equal, q("A"), .yesNo(true)), .binary(.greater, q("Q"), n(3))))
    }

    @Test func ruleShorthandCannotBeFollowedByLogic() {
        #expect(throws: ExpressionSyntaxError(message: "unexpected 'and'; expected an operator or the end", offset: 5)) {
            try ExpressionParser.parseRule("> 60 and A == yes", questionID: "Q")
        }
    }

    @Test func ruleShorthandNeedsARightSide() {
        #expect(throws: ExpressionSyntaxError(message: "expected a value, found the end of the expression", offset: 2)) {
            try ExpressionParser.parseRule(">=", questionID: "Q")
        }
    }

    // MARK: - Syntax errors

    @Test func singleEqualsSignIsRejectedWithAHint() {
        #expect(throws: ExpressionSyntaxError(message: "use '==' to compare", offset: 2)) {
            try ExpressionParser.parse("A = yes")
        }
    }

    @Test func cStyleLogicIsRejectedWithAHint() {
        #expect(throws: ExpressionSyntaxError(message: "use 'and', 'or' and 'not' for logic", offset: 9)) {
            try ExpressionParser.parse("A == yes && B == no")
        }
        #expect(throws: ExpressionSyntaxError(message: "use 'and', 'or' and 'not' for logic", offset: 0)) {
            try ExpressionParser.parse("!A")
        }
    }

    @Test func unterminatedStringPointsAtItsOpeningQuote() {
        #expect(throws: ExpressionSyntaxError(message: "unterminated string", offset: 5)) {
            try ExpressionParser.parse("A == 'cash")
        }
    }

    @Test func chainedComparisonPointsAtTheSecondOperator() {
        #expect(throws: ExpressionSyntaxError(message: "comparisons cannot be chained; use 'and' between them", offset: 6)) {
            try ExpressionParser.parse("1 < A < 3")
        }
    }

    @Test(arguments: ["", "   "])
    func emptyExpressionIsAnError(source: String) {
        #expect(throws: ExpressionSyntaxError(message: "the expression is empty", offset: 0)) {
            try ExpressionParser.parse(source)
        }
    }

    @Test func missingOperandPointsAtTheEnd() {
        #expect(throws: ExpressionSyntaxError(message: "expected a value, found the end of the expression", offset: 4)) {
            try ExpressionParser.parse("A ==")
        }
    }

    @Test func unclosedParenthesisIsReported() {
        #expect(throws: ExpressionSyntaxError(message: "expected ')', found the end of the expression", offset: 9)) {
            try ExpressionParser.parse("(A == yes")
        }
    }

    @Test func twoValuesInARowAreReported() {
        #expect(throws: ExpressionSyntaxError(message: "unexpected 'B'; expected an operator or the end", offset: 9)) {
            try ExpressionParser.parse("A == yes B")
        }
    }

    @Test func keywordInPlaceOfAValueIsReported() {
        #expect(throws: ExpressionSyntaxError(message: "expected a value, found 'or'", offset: 6)) {
            try ExpressionParser.parse("A and or B")
        }
    }

    @Test func malformedParameterNameIsReported() {
        #expect(
            throws: ExpressionSyntaxError(
                message: "parameter id 'Max' must start with a letter or digit and use only lowercase letters, digits and '_'", offset: 4)
        ) {
            try ExpressionParser.parse("A > {Max}")
        }
        #expect(throws: ExpressionSyntaxError(message: "missing '}' after parameter name", offset: 4)) {
            try ExpressionParser.parse("A > {max")
        }
    }

    @Test func malformedNumbersAreReported() {
        #expect(throws: ExpressionSyntaxError(message: "invalid number '12a'", offset: 5)) {
            try ExpressionParser.parse("A == 12abc")
        }
        #expect(throws: ExpressionSyntaxError(message: "invalid number '1.2.3'", offset: 5)) {
            try ExpressionParser.parse("A == 1.2.3")
        }
    }

    @Test func unexpectedCharacterIsReported() {
        #expect(throws: ExpressionSyntaxError(message: "unexpected character '#'", offset: 2)) {
            try ExpressionParser.parse("A # B")
        }
    }

    @Test func offsetsCountCharactersNotBytes() {
        #expect(throws: ExpressionSyntaxError(message: "use '==' to compare", offset: 6)) {
            try ExpressionParser.parse("'été' = A")
        }
    }
}
