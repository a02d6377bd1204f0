import StarCore
import Testing

/// A country file adding one number question under WT.OT with the given extra lines (indented as keys of
/// the question); the question's `- id:` is on line 8, its extra keys from line 13.
private func countryFile(_ extra: String, type: String = "number") -> (path: String, text: String) {
    (
        "KH/kh.yaml",
        """
        star: questionnaire/1
        id: kh
        version: "1"
        extends: core
        title: {en: "Cambodia"}
        languages: [en]
        questions:
          - id: KH.WT.OT.1
            point: WT.OT
            type: \(type)
            text: {en: "Highest daily overtime hours"}
            guidance: {en: "Check time cards."}
        \(extra.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
        """
    )
}

private func errors(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    diagnostics.filter { $0.severity == .error }
}

private func question(_ compiled: CompiledQuestionnaire?) -> CompiledQuestionnaire.Question? {
    compiled?.questions.first { $0.id == "KH.WT.OT.1" }
}

@Suite struct NumberConstraintsTests {
    @Test func integerMinAndMaxReachTheCompiledQuestionAsNumbers() throws {
        let (compiled, diagnostics) = compileWithCore("kh", countryFile("integer: true\nmin: 0\nmax: \"{max_weekly_hours}\""))
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        let constraints = try #require(question(compiled)).constraints
        #expect(constraints == NumberConstraints(integer: true, minimum: 0, maximum: 48))
        #expect(constraints.description == "a whole number from 0 to 48")
    }

    @Test func anUnquotedParameterIsReadAsTheParameter() {
        let (compiled, diagnostics) = compileWithCore("kh", countryFile("min: 0\nmax: {max_weekly_hours}"))
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        #expect(question(compiled)?.constraints.maximum == 48)
    }

    @Test func theCompiledFormCarriesTheConstraintsAndReadsThemBack() throws {
        let (compiled, _) = compileWithCore("kh", countryFile("integer: true\nmin: 0\nmax: 24"))
        let json = try #require(compiled).json
        let written = try #require(json["clusters"]?.array?.last?["points"]?.array?.last?["questions"]?.array?.last)
        #expect(written["integer"] == .bool(true))
        #expect(written["min"]?.double == 0)
        #expect(written["max"]?.double == 24)
        let read = try CompiledQuestionnaire(json: json)
        #expect(question(read)?.constraints == NumberConstraints(integer: true, minimum: 0, maximum: 24))
    }

    @Test func aQuestionWithoutConstraintsWritesNoConstraintKeys() throws {
        let (compiled, _) = compileWithCore("kh", countryFile(""))
        let written = try #require(compiled?.json["clusters"]?.array?.last?["points"]?.array?.last?["questions"]?.array?.last)
        #expect(written["integer"] == nil && written["min"] == nil && written["max"] == nil)
    }

    @Test func minAboveMaxIsAnError() {
        let (_, diagnostics) = compileWithCore("kh", countryFile("min: 10\nmax: 5"))
        #expect(
            errorText(diagnostics) == "KH/kh.yaml:14:10: error: no answer to 'KH.WT.OT.1' can be a number from 10 to 5 [impossible-constraint]\n"
                + "  note: min must not be above max, and a whole number must fit between them\n")
    }

    @Test func noWholeNumberBetweenTheBoundsIsAnError() {
        let (_, diagnostics) = compileWithCore("kh", countryFile("integer: true\nmin: 0.2\nmax: 0.8"))
        #expect(errors(diagnostics).map(\.code) == ["impossible-constraint"])
    }

    @Test func aRuleNoAllowedAnswerMeetsIsAnError() {
        let (_, diagnostics) = compileWithCore("kh", countryFile("min: 0\nmax: 24\nnoncompliant-if: \"> {max_weekly_hours}\""))
        #expect(
            errorText(diagnostics)
                == "KH/kh.yaml:15:23: error: noncompliant-if of 'KH.WT.OT.1' (KH.WT.OT.1 > 48) can never hold for an answer that is a number from 0 to 24 [rule-never-met]\n"
                + "  note: a rule that no allowed answer meets finds nothing; check the rule and the question's min and max\n")
    }

    @Test func aRuleMetOnlyByANonIntegerIsAnErrorForAWholeNumber() {
        let (_, diagnostics) = compileWithCore("kh", countryFile("integer: true\nmin: 0\nnoncompliant-if: \"KH.WT.OT.1 > 2 and KH.WT.OT.1 < 3\""))
        #expect(errors(diagnostics).map(\.code) == ["rule-never-met"])
    }

    @Test func aRuleMetAtTheBoundIsAccepted() {
        let (_, diagnostics) = compileWithCore("kh", countryFile("min: 0\nmax: 24\nnoncompliant-if: \">= 24\""))
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
    }

    @Test func aRuleThatReadsAnotherAnswerIsNotJudgedImpossible() {
        let (_, diagnostics) = compileWithCore("kh", countryFile("min: 0\nmax: 24\nnoncompliant-if: \"KH.WT.OT.1 > 30 or WT.OT.1 == yes\""))
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
    }

    @Test func aBoundThatIsNotANumberIsAnError() {
        let (_, diagnostics) = compileWithCore("kh", countryFile("min: none"))
        #expect(errorText(diagnostics) == "KH/kh.yaml:13:10: error: min of 'KH.WT.OT.1' must be a number or a {parameter}, found 'none' [wrong-type]\n")
    }

    @Test func aBoundNamingAnUnknownParameterIsAnError() {
        let (_, diagnostics) = compileWithCore("kh", countryFile("max: \"{max_weekly_hour}\""))
        #expect(errors(diagnostics).map(\.message) == ["max of 'KH.WT.OT.1' uses '{max_weekly_hour}', which is not a parameter"])
        #expect(errors(diagnostics).map(\.notes) == [["did you mean 'max_weekly_hours'?"]])
    }

    @Test func aBoundNamingATextParameterIsAnError() {
        let (_, diagnostics) = compileWithCore("kh", countryFile("max: \"{country_name}\""))
        #expect(errors(diagnostics).map(\.message) == ["max of 'KH.WT.OT.1' must be a number, and parameter 'country_name' is a text"])
    }

    @Test func constraintsOnAQuestionThatIsNotANumberAreAnError() {
        let (_, diagnostics) = compileWithCore("kh", countryFile("integer: true", type: "yes-no"))
        #expect(
            errorText(diagnostics)
                == "KH/kh.yaml:13:14: error: 'KH.WT.OT.1' is a yes-no question; only number questions take 'integer' [constraint-not-allowed]\n")
    }

    @Test func integerMustBeTrueOrFalse() {
        let (_, diagnostics) = compileWithCore("kh", countryFile("integer: yes"))
        #expect(errors(diagnostics).map(\.message) == ["integer must be true or false, found 'yes'"])
    }

    @Test func problemsNameWhatTheAnswerTakes() {
        let count = NumberConstraints(integer: true, minimum: 0, maximum: nil)
        #expect(count.problem(with: -1) == "takes a whole number, 0 or more")
        #expect(count.problem(with: 2.5) == "takes a whole number, 0 or more")
        #expect(count.problem(with: 0) == nil)
        #expect(count.problem(with: 1_000_000) == nil)
        let hours = NumberConstraints(integer: false, minimum: nil, maximum: 24)
        #expect(hours.problem(with: 24.5) == "takes a number, 24 or less")
        #expect(hours.problem(with: 7.5) == nil)
    }
}
