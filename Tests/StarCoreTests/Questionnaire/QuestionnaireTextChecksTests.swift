import Testing

@testable import StarCore

/// A country file over the shared core, with `parameters` and `questions` given as YAML lines.
private func country(parameters: String = "", questions: String, alter: String = "", remove: String = "") -> (path: String, text: String) {
    func indent(_ text: String) -> String { text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n") }
    return (
        "XX/xx.yaml",
        """
        star: questionnaire/1
        id: xx
        version: "1"
        extends: core
        country: XX
        title: {en: "Xland"}
        languages: [en]
        parameters:
        \(indent(parameters))
        questions:
        \(indent(questions))
        \(alter.isEmpty ? "" : "alter:\n" + indent(alter))
        \(remove.isEmpty ? "" : "remove:\n" + indent(remove))
        """
    )
}

private func warnings(_ code: String, _ diagnostics: [Diagnostic]) -> [Diagnostic] {
    diagnostics.filter { $0.code == code }
}

@Suite struct TextLimitTests {
    /// The case the check exists for: a screening parameter named for a week, set to the monthly cap that the
    /// rules check, leaks into a text as a weekly limit.
    @Test func aTextStatingAWeeklyLimitThatIsReallyTheMonthlyCapIsWarned() {
        let file = country(
            parameters: """
                max_weekly_overtime_hours:
                  type: number
                  default: 40
                max_monthly_overtime_hours:
                  type: number
                  default: 40
                """,
            questions: """
                - id: XX.WT.OT.1
                  point: WT.OT
                  type: number
                  text: {en: "Overtime is limited to {max_weekly_overtime_hours} hours a week. Highest monthly overtime?"}
                  noncompliant-if: "> {max_monthly_overtime_hours}"
                  guidance: {en: "Check time cards."}
                """)
        let (_, diagnostics) = compileWithCore("xx", file)
        let found = warnings("text-limit-mismatch", diagnostics)
        #expect(found.count == 1, "\(diagnostics)")
        #expect(
            found.first?.message
                == "text of 'XX.WT.OT.1' (en) in 'xx' states '{max_weekly_overtime_hours} hours a week' (40) per week; no rule checks 'max_weekly_overtime_hours', and the rules check 'max_monthly_overtime_hours', 40 hours per month"
        )
        #expect(found.first?.location.line == 19)
    }

    @Test func aLiteralNumberThatIsTheMonthlyCapStatedPerWeekIsWarned() {
        let file = country(
            parameters: """
                max_monthly_overtime_hours:
                  type: number
                  default: 40
                """,
            questions: """
                - id: XX.WT.OT.1
                  point: WT.OT
                  type: number
                  text: {en: "Highest overtime in a month (the law allows 40 hours a week)"}
                  noncompliant-if: "> {max_monthly_overtime_hours}"
                  guidance: {en: "Check time cards."}
                """,
            remove: """
                - id: WT.OT.2
                  reason: "the weekly rule of the shared core would answer first"
                """)
        let found = warnings("text-limit-mismatch", compileWithCore("xx", file).diagnostics)
        #expect(
            found.map(\.message) == [
                "text of 'XX.WT.OT.1' (en) in 'xx' states '40 hours a week', but the rules check 'max_monthly_overtime_hours', 40 hours per month"
            ])
    }

    @Test func aLiteralNumberThatDisagreesWithTheRuleOfTheSamePeriodIsWarned() {
        let file = country(
            parameters: """
                max_daily_overtime_hours:
                  type: number
                  default: 2
                """,
            questions: """
                - id: XX.WT.OT.1
                  point: WT.OT
                  type: number
                  text: {en: "Highest overtime worked in a day (limit: 3 hours a day)"}
                  noncompliant-if: "> {max_daily_overtime_hours}"
                  guidance: {en: "Check time cards."}
                """)
        let found = warnings("text-limit-mismatch", compileWithCore("xx", file).diagnostics)
        #expect(
            found.map(\.message) == [
                "text of 'XX.WT.OT.1' (en) in 'xx' states '3 hours a day', but the rules check 'max_daily_overtime_hours' = 2 hours per day"
            ])
        #expect(found.first?.notes == ["write '{max_daily_overtime_hours}' so the text follows the rule"])
    }

    @Test func aPlaceholderStatedForAnotherPeriodThanItsNameIsWarned() {
        let file = country(
            parameters: """
                max_quarterly_overtime_hours:
                  type: number
                  default: 80
                """,
            questions: """
                - id: XX.WT.OT.1
                  point: WT.OT
                  type: number
                  text: {en: "Overtime may not exceed {max_quarterly_overtime_hours} hours a week; highest in a quarter?"}
                  noncompliant-if: "> {max_quarterly_overtime_hours}"
                  guidance: {en: "Check time cards."}
                """)
        let found = warnings("text-limit-mismatch", compileWithCore("xx", file).diagnostics)
        #expect(
            found.map(\.message) == [
                "text of 'XX.WT.OT.1' (en) in 'xx' states '{max_quarterly_overtime_hours} hours a week' (80) per week, but 'max_quarterly_overtime_hours' is a limit per quarter"
            ])
    }

    @Test func aBaseDefaultThatTheCountryNeitherSetsNorChecksIsWarned() {
        // max_weekly_hours is the shared core's parameter (48), used only by a core rule that xx removes.
        let file = country(
            questions: """
                - id: XX.WT.OT.1
                  point: WT.OT
                  type: yes-no
                  text: {en: "Do workers work more than {max_weekly_hours} hours a week?"}
                  noncompliant-if: "yes"
                  guidance: {en: "Check time cards."}
                """,
            remove: """
                - id: WT.OT.2
                  reason: "replaced by XX.WT.OT.1"
                """)
        let found = warnings("text-limit-mismatch", compileWithCore("xx", file).diagnostics)
        #expect(
            found.map(\.message) == [
                "text of 'XX.WT.OT.1' (en) in 'xx' states '{max_weekly_hours} hours a week' (48) per week, the base's default for 'max_weekly_hours', which 'xx' neither sets nor checks"
            ])
    }

    @Test func textsThatAgreeWithTheirRulesAndCountsThatAreNotLimitsPass() {
        let file = country(
            parameters: """
                max_daily_overtime_hours:
                  type: number
                  default: 2
                max_regular_weekly_hours:
                  type: number
                  default: 48
                """,
            questions: """
                - id: XX.WT.OT.1
                  point: WT.OT
                  type: number
                  text: {en: "Highest overtime in a day (limit {max_daily_overtime_hours} hours a day, 2 hours a day, within {max_regular_weekly_hours} hours a week)"}
                  noncompliant-if: "> {max_daily_overtime_hours}"
                  guidance: {en: "Sample 10 workers a week and 3 files per month; interview 5 workers and 2 supervisors a day."}
                """)
        let (_, diagnostics) = compileWithCore("xx", file)
        #expect(warnings("text-limit-mismatch", diagnostics).isEmpty, "\(diagnostics)")
    }
}

@Suite struct ForcedAnswerTests {
    @Test(arguments: [
        "Check the union's receipts. If no dues are deducted through payroll, answer no.",
        "Review payroll of casual workers. If the factory has no such workers, answer yes.",
        "Interview these workers about their daily wage; answer 'yes' if there are none.",
        "Leave unanswered and note it if no public holiday was worked.",
        "Interroger ces travailleurs ; répondre « oui » s'il n'y en a pas.",
        "Si aucune cotisation n'est prélevée sur les salaires, répondre non.",
        "Laisser sans réponse si aucun jour férié n'a été travaillé.",
    ])
    func guidanceThatForcesAnAnswerWhereTheQuestionDoesNotApplyIsWarned(_ guidance: String) {
        let file = country(
            questions: """
                - id: XX.WT.OT.1
                  point: WT.OT
                  type: yes-no
                  text: {en: "Are union dues passed on in full?"}
                  noncompliant-if: "no"
                  guidance: {en: "\(guidance)"}
                """)
        let found = warnings("forced-answer", compileWithCore("xx", file).diagnostics)
        #expect(found.count == 1)
        #expect(found.first?.message.hasPrefix("guidance of 'XX.WT.OT.1' (en) forces an answer for the case where the question does not apply: \"") == true)
        #expect(
            found.first?.notes == [
                "give the question a 'when' so that it is not applicable there; a forced yes or no counts as compliant or non-compliant in every rate"
            ])
    }

    @Test(arguments: [
        "Answer yes if any sampled worker was paid late.",
        "If the register is missing, answer no.",
        "Ask workers whether they can refuse overtime; if not, record what happens.",
    ])
    func guidanceThatSaysHowToAnswerWhenTheQuestionAppliesIsNotWarned(_ guidance: String) {
        let file = country(
            questions: """
                - id: XX.WT.OT.1
                  point: WT.OT
                  type: yes-no
                  text: {en: "Were wages paid late?"}
                  noncompliant-if: "yes"
                  guidance: {en: "\(guidance)"}
                """)
        #expect(warnings("forced-answer", compileWithCore("xx", file).diagnostics).isEmpty)
    }
}

@Suite struct RepeatedQuestionTests {
    @Test func aCountryQuestionThatRewordsAnInheritedOneIsWarned() throws {
        let file = country(
            questions: """
                - id: XX.CL.CHILD.1
                  point: CL.CHILD
                  type: yes-no
                  text: {en: "Are any workers younger than {minimum_age}?"}
                  noncompliant-if: "yes"
                  guidance: {en: "Check ID cards."}
                """)
        let found = warnings("repeated-question", compileWithCore("xx", file).diagnostics)
        let warning = try #require(found.first)
        #expect(found.count == 1)
        #expect(warning.message == "'XX.CL.CHILD.1' asks what inherited 'CL.CHILD.1' already asks (100% of their words alike)")
        #expect(
            warning.notes == [
                "CL.CHILD.1: \"Are there workers under {minimum_age}?\"",
                "remove 'CL.CHILD.1' with a reason, or alter it and drop 'XX.CL.CHILD.1', so one issue is counted once",
            ])
        #expect(warning.location == SourceLocation(file: "XX/xx.yaml", line: 11, column: 5))
    }

    @Test func removingTheInheritedQuestionSettlesIt() {
        let file = country(
            questions: """
                - id: XX.CL.CHILD.1
                  point: CL.CHILD
                  type: yes-no
                  text: {en: "Are any workers younger than {minimum_age}?"}
                  noncompliant-if: "yes"
                  guidance: {en: "Check ID cards."}
                """,
            remove: """
                - id: CL.CHILD.1
                  reason: "asked with the national wording by XX.CL.CHILD.1"
                """)
        #expect(warnings("repeated-question", compileWithCore("xx", file).diagnostics).isEmpty)
    }

    @Test func aDifferentQuestionUnderTheSamePointIsNotWarned() {
        let file = country(
            questions: """
                - id: XX.CL.CHILD.1
                  point: CL.CHILD
                  type: choice
                  text: {en: "How does the employer verify the age of job applicants?"}
                  options:
                    - {id: original, text: {en: "Original ID checked"}}
                    - {id: none, text: {en: "No check"}, noncompliant: true}
                  guidance: {en: "Interview HR."}
                """)
        #expect(warnings("repeated-question", compileWithCore("xx", file).diagnostics).isEmpty)
    }

    @Test func similarityComparesWordStemsNotSpelling() {
        #expect(SimilarText.similarity("Are there workers under the age of 15?", "Are any workers younger than 15?") == 1)
        #expect(SimilarText.similarity("Is there a nursing room?", "Are wages paid on time?") == 0)
    }
}

@Suite struct PublicFlagTests {
    private func country(_ id: String, alter: String, transparency: String = "") -> (path: String, text: String) {
        (
            "\(id)/\(id).yaml",
            """
            star: questionnaire/1
            id: \(id)
            version: "1"
            extends: core
            title: {en: "\(id)"}
            languages: [en]
            \(transparency)
            \(alter)
            """
        )
    }

    @Test func anIssueFlaggedPublicInOneCountryAndNotAnotherIsWarnedWhereItWasAltered() throws {
        let library = QuestionnaireLibrary(files: [
            (corePath, coreYAML), country("aa", alter: ""),
            country("bb", alter: "alter:\n  - id: CL.CHILD.1\n    public: true"),
        ])
        let found = QuestionnaireLinter.lint(library, publisher: nil).diagnostics.filter { $0.code == "public-differs" }
        let warning = try #require(found.first)
        #expect(found.count == 1)
        #expect(warning.message == "'CL.CHILD.1' is public in 'bb' but not public in 'aa'")
        #expect(warning.location == SourceLocation(file: "bb/bb.yaml", line: 9, column: 5))
    }

    @Test func aDifferenceWrittenDownInTheTransparencyNotesIsAccepted() {
        let notes =
            "transparency: {list: \"B list\", source: \"B\", date: 2025-01-01, notes: [\"CL.CHILD.1 is on the B list, which names child labour among its public issues\"]}"
        let library = QuestionnaireLibrary(files: [
            (corePath, coreYAML), country("aa", alter: ""),
            country("bb", alter: "alter:\n  - id: CL.CHILD.1\n    public: true", transparency: notes),
        ])
        #expect(!QuestionnaireLinter.lint(library, publisher: nil).diagnostics.contains { $0.code == "public-differs" })
    }
}
