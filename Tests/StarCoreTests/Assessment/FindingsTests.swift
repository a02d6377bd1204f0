import StarCore
import Testing

/// A small questionnaire exercising every rule that decides a finding.
private let base = """
    star: questionnaire/1
    id: base
    version: "1"
    title: {en: "Base"}
    languages: [en]
    parameters:
      max_hours: {type: number, default: 48}
    clusters:
      - id: WT
        title: {en: "Working time"}
        points:
          - {id: WT.OT, title: {en: "Overtime"}}
          - {id: WT.LEAVE, title: {en: "Leave"}}
          - {id: WT.REST, title: {en: "Rest"}}
    questions:
      - {id: WT.OT.1, point: WT.OT, type: yes-no, text: {en: "Overtime worked?"}, guidance: {en: "g"}}
      - {id: WT.OT.2, point: WT.OT, type: number, text: {en: "Highest weekly hours"}, when: "WT.OT.1 == yes", noncompliant-if: "> {max_hours} + 12", guidance: {en: "g"}}
      - {id: WT.OT.3, point: WT.OT, type: choice, text: {en: "Consent"}, when: "WT.OT.1 == yes", guidance: {en: "g"},
         options: [{id: written, text: {en: "Written"}}, {id: none, text: {en: "None"}, noncompliant: true}]}
      - {id: WT.LEAVE.1, point: WT.LEAVE, type: yes-no, text: {en: "Leave refused?"}, noncompliant-if: "yes", guidance: {en: "g"}}
      - {id: WT.REST.1, point: WT.REST, type: yes-no, text: {en: "Sunday work?"}, when: "WT.OT.2 > 70", noncompliant-if: "yes", guidance: {en: "g"}}
    """

private func questionnaire() throws -> CompiledQuestionnaire {
    let (compiled, diagnostics) = QuestionnaireCompiler.compile("base", in: QuestionnaireLibrary(files: [("base.yaml", base)]))
    #expect(!diagnostics.hasErrors, "\(diagnostics)")
    return try #require(compiled)
}

@Suite struct FindingsTests {
    @Test func aRuleThatHoldsIsANonCompliance() throws {
        let findings = Findings(
            questionnaire: try questionnaire(),
            answers: ["WT.OT.1": .yesNo(true), "WT.OT.2": .number(61), "WT.OT.3": .choice("written"), "WT.LEAVE.1": .yesNo(false)])
        #expect(findings.questions["WT.OT.2"] == .nonCompliant)
        #expect(findings.questions["WT.OT.1"] == .compliant)
        #expect(findings.points["WT.OT"] == .nonCompliant)
        #expect(findings.points["WT.LEAVE"] == .compliant)
    }

    @Test func theLimitItselfIsCompliant() throws {
        let findings = Findings(questionnaire: try questionnaire(), answers: ["WT.OT.1": .yesNo(true), "WT.OT.2": .number(60), "WT.OT.3": .choice("written")])
        #expect(findings.questions["WT.OT.2"] == .compliant)
        #expect(findings.points["WT.OT"] == .compliant)
    }

    @Test func aNonCompliantOptionIsANonCompliance() throws {
        let findings = Findings(questionnaire: try questionnaire(), answers: ["WT.OT.1": .yesNo(true), "WT.OT.2": .number(50), "WT.OT.3": .choice("none")])
        #expect(findings.questions["WT.OT.3"] == .nonCompliant)
    }

    @Test func whenFalseMakesQuestionsNotApplicableEvenIfAnswered() throws {
        let findings = Findings(questionnaire: try questionnaire(), answers: ["WT.OT.1": .yesNo(false), "WT.OT.2": .number(80)])
        #expect(findings.questions["WT.OT.2"] == .notApplicable)
        #expect(findings.questions["WT.OT.3"] == .notApplicable)
        // WT.REST.1 reads WT.OT.2, which is not applicable: its condition is unknown, so it does not apply.
        #expect(findings.questions["WT.REST.1"] == .notApplicable)
        #expect(findings.points["WT.REST"] == .notApplicable)
        #expect(findings.points["WT.OT"] == .compliant)
    }

    @Test func applicableQuestionsWithoutAnswersAreUnanswered() throws {
        let findings = Findings(questionnaire: try questionnaire(), answers: ["WT.OT.1": .yesNo(true)])
        #expect(findings.questions["WT.OT.2"] == .unanswered)
        #expect(findings.questions["WT.LEAVE.1"] == .unanswered)
        #expect(findings.points["WT.LEAVE"] == .unanswered)
    }

    @Test func clusterRateCountsApplicablePointsOnly() throws {
        let q = try questionnaire()
        let findings = Findings(
            questionnaire: q,
            answers: ["WT.OT.1": .yesNo(true), "WT.OT.2": .number(75), "WT.OT.3": .choice("written"), "WT.LEAVE.1": .yesNo(false), "WT.REST.1": .yesNo(false)])
        // WT.OT non-compliant, WT.LEAVE and WT.REST compliant.
        #expect(findings.complianceRate(of: q.clusters[0]) == 2.0 / 3.0)
        let none = Findings(questionnaire: q, answers: ["WT.OT.1": .yesNo(false)])
        // Unanswered and not-applicable points are left out: WT.OT alone applies, and it is compliant.
        #expect(none.points["WT.LEAVE"] == .unanswered)
        #expect(none.complianceRate(of: q.clusters[0]) == 1.0)
    }
}

@Suite struct AnswerTests {
    @Test func answersAreCheckedAgainstTheirQuestion() throws {
        let q = try questionnaire()
        let byID = Dictionary(uniqueKeysWithValues: q.questions.map { ($0.id, $0) })
        #expect(Answer.parse(.string("yes"), for: byID["WT.OT.1"]!) == .success(.yesNo(true)))
        #expect(Answer.parse(.string("NO"), for: byID["WT.OT.1"]!) == .failure(AnswerError("'WT.OT.1' is a yes-no question; answer yes or no, found 'NO'")))
        #expect(Answer.parse(.int(61), for: byID["WT.OT.2"]!) == .success(.number(61)))
        #expect(Answer.parse(.string("sixty"), for: byID["WT.OT.2"]!) == .failure(AnswerError("'WT.OT.2' takes a number, found 'sixty'")))
        #expect(
            Answer.parse(.string("verbal"), for: byID["WT.OT.3"]!)
                == .failure(AnswerError("'verbal' is not an option of 'WT.OT.3'; the options are written, none")))
    }
}
