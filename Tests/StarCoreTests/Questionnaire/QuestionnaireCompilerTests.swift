import StarCore
import Testing

/// Bad input a country team can write, each reported with its code, location and message.
@Suite struct QuestionnaireCompilerTests {
    @Test func sharedCoreCompilesWithoutErrors() {
        let (questionnaire, diagnostics) = compileWithCore("core")
        #expect(errorText(diagnostics) == "")
        #expect(questionnaire?.questions.map(\.id) == ["CL.CHILD.1", "WT.OT.1", "WT.OT.2"])
    }

    // MARK: - Question ids

    @Test func duplicateQuestionIDWithinAFile() {
        let (questionnaire, diagnostics) = compileWithCore(
            "kh",
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
                    type: yes-no
                    text: {en: "Is overtime voluntary?"}
                    noncompliant-if: "no"
                  - id: KH.WT.OT.1
                    point: WT.OT
                    type: yes-no
                    text: {en: "Is overtime paid?"}
                    noncompliant-if: "no"
                """
            ))
        #expect(questionnaire == nil)
        #expect(
            errorText(diagnostics) == """
                KH/kh.yaml:13:5: error: question id 'KH.WT.OT.1' is already defined [duplicate-id]
                  note: first defined at KH/kh.yaml:8

                """)
    }

    @Test func duplicateOfAnInheritedQuestionID() {
        let (_, diagnostics) = compileWithCore(
            "kh",
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
                  - id: WT.OT.2
                    point: WT.OT
                    type: number
                    text: {en: "Overtime hours"}
                """
            ))
        #expect(
            errorText(diagnostics) == """
                KH/kh.yaml:8:5: error: question id 'WT.OT.2' is already defined [duplicate-id]
                  note: first defined at core.yaml:45

                """)
    }

    @Test func removedIDCannotBeReused() {
        let (_, diagnostics) = compileWithCore(
            "kh",
            (
                "KH/kh.yaml",
                """
                star: questionnaire/1
                id: kh
                version: "1"
                extends: core
                title: {en: "Cambodia"}
                languages: [en]
                remove:
                  - id: WT.OT.2
                    reason: "Replaced by a daily limit"
                questions:
                  - id: WT.OT.2
                    point: WT.OT
                    type: number
                    text: {en: "Highest daily hours"}
                """
            ))
        #expect(
            errorText(diagnostics) == """
                KH/kh.yaml:11:5: error: question id 'WT.OT.2' is already defined (and removed) [duplicate-id]
                  note: first defined at core.yaml:45
                  note: a removed id is not reused; give the new question a new id

                """)
    }

    // MARK: - References in expressions

    @Test func unknownQuestionInWhen() {
        let (_, diagnostics) = compileWithCore(
            "kh",
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
                    type: yes-no
                    text: {en: "Is overtime voluntary?"}
                    noncompliant-if: "no"
                    when: "WT.OT.9 == yes"
                """
            ))
        #expect(errorText(diagnostics) == "KH/kh.yaml:13:12: error: when of 'KH.WT.OT.1': unknown question 'WT.OT.9' [unknown-reference]\n")
    }

    @Test func forwardReferenceInWhen() {
        let (_, diagnostics) = compileWithCore(
            "kh",
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
                  - id: KH.CL.CHILD.1
                    point: CL.CHILD
                    type: yes-no
                    text: {en: "Do young workers do overtime?"}
                    noncompliant-if: "yes"
                    when: "WT.OT.1 == yes"
                """
            ))
        #expect(
            errorText(diagnostics) == """
                KH/kh.yaml:13:12: error: when of 'KH.CL.CHILD.1' refers to 'WT.OT.1', which is asked later [forward-reference]
                  note: an expression may only read questions asked before it (cluster, point, then file order)

                """)
    }

    @Test func forwardReferenceWithinTheSameFileAndPoint() {
        let (_, diagnostics) = compileWithCore(
            "kh",
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
                    type: number
                    text: {en: "Overtime hours paid"}
                    noncompliant-if: "< KH.WT.OT.2"
                  - id: KH.WT.OT.2
                    point: WT.OT
                    type: number
                    text: {en: "Overtime hours worked"}
                """
            ))
        #expect(
            errorText(diagnostics) == """
                KH/kh.yaml:12:23: error: noncompliant-if of 'KH.WT.OT.1' refers to 'KH.WT.OT.2', which is asked later [forward-reference]
                  note: an expression may only read questions asked before it (cluster, point, then file order)

                """)
    }

    @Test func cycleBetweenTwoQuestions() {
        let (_, diagnostics) = compileWithCore(
            "kh",
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
                  - id: KH.CL.CHILD.1
                    point: CL.CHILD
                    type: yes-no
                    text: {en: "Do young workers do overtime?"}
                    noncompliant-if: "yes"
                    when: "KH.WT.OT.1 == yes"
                  - id: KH.WT.OT.1
                    point: WT.OT
                    type: yes-no
                    text: {en: "Is overtime voluntary?"}
                    noncompliant-if: "no"
                    when: "KH.CL.CHILD.1 == no"
                """
            ))
        #expect(
            errorText(diagnostics)
                == "KH/kh.yaml:13:12: error: when of 'KH.CL.CHILD.1' refers to 'KH.WT.OT.1', whose own conditions refer back to 'KH.CL.CHILD.1' [expression-cycle]\n"
        )
    }

    @Test func cycleThroughAnAlteredQuestion() {
        let (_, diagnostics) = compileWithCore(
            "kh",
            (
                "KH/kh.yaml",
                """
                star: questionnaire/1
                id: kh
                version: "1"
                extends: core
                title: {en: "Cambodia"}
                languages: [en]
                alter:
                  - id: CL.CHILD.1
                    when: "WT.OT.2 > 60"
                  - id: WT.OT.1
                    when: "CL.CHILD.1 == no"
                """
            ))
        #expect(
            errorText(diagnostics)
                == "KH/kh.yaml:9:12: error: when of 'CL.CHILD.1' refers to 'WT.OT.2', whose own conditions refer back to 'CL.CHILD.1' [expression-cycle]\n")
    }

    @Test func cycleDetectionIgnoresQuestionnairesOutsideTheChain() {
        // Viet Nam makes WT.OT.1 depend on CL.CHILD.1; that must not turn Cambodia's forward reference into a cycle.
        let (_, diagnostics) = compileWithCore(
            "kh",
            (
                "KH/kh.yaml",
                """
                star: questionnaire/1
                id: kh
                version: "1"
                extends: core
                title: {en: "Cambodia"}
                languages: [en]
                alter:
                  - id: CL.CHILD.1
                    when: "WT.OT.2 > 60"
                """
            ),
            (
                "VN/vn.yaml",
                """
                star: questionnaire/1
                id: vn
                version: "1"
                extends: core
                title: {en: "Viet Nam"}
                languages: [en]
                alter:
                  - id: WT.OT.1
                    when: "CL.CHILD.1 == no"
                """
            ))
        #expect(
            errorText(diagnostics) == """
                KH/kh.yaml:9:12: error: when of 'CL.CHILD.1' refers to 'WT.OT.2', which is asked later [forward-reference]
                  note: an expression may only read questions asked before it (cluster, point, then file order)

                """)
    }

    @Test func whenOnItself() {
        let (_, diagnostics) = compileWithCore(
            "kh",
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
                    type: yes-no
                    text: {en: "Is overtime voluntary?"}
                    noncompliant-if: "no"
                    when: "KH.WT.OT.1 == yes"
                """
            ))
        #expect(errorText(diagnostics) == "KH/kh.yaml:13:12: error: when of 'KH.WT.OT.1' depends on its own answer [expression-cycle]\n")
    }

    @Test func referenceToARemovedQuestion() {
        let (_, diagnostics) = compileWithCore(
            "kh",
            (
                "KH/kh.yaml",
                """
                star: questionnaire/1
                id: kh
                version: "1"
                extends: core
                title: {en: "Cambodia"}
                languages: [en]
                remove:
                  - id: WT.OT.1
                    reason: "Asked in the interview form"
                """
            ))
        #expect(
            errorText(diagnostics) == """
                core.yaml:50:12: error: when of 'WT.OT.2' refers to 'WT.OT.1', which is removed [removed-reference]
                  note: removed at KH/kh.yaml:8

                """)
    }

    @Test func syntaxErrorInAnExpressionPointsInsideTheString() {
        let (_, diagnostics) = compileWithCore(
            "kh",
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
                    type: yes-no
                    text: {en: "Is overtime voluntary?"}
                    noncompliant-if: "no"
                    when: "WT.OT.1 = yes"
                """
            ))
        #expect(errorText(diagnostics) == "KH/kh.yaml:13:20: error: when of 'KH.WT.OT.1': use '==' to compare [expression-syntax]\n")
    }

    @Test func syntaxErrorInAnUnquotedRule() {
        let (_, diagnostics) = compileWithCore(
            "kh",
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
                    type: number
                    text: {en: "Overtime hours"}
                    noncompliant-if: 1 < KH.WT.OT.1 < 3
                """
            ))
        #expect(
            errorText(diagnostics)
                == "KH/kh.yaml:12:37: error: noncompliant-if of 'KH.WT.OT.1': comparisons cannot be chained; use 'and' between them [expression-syntax]\n")
    }

    // MARK: - Types in expressions

    @Test func whenThatIsNotAConditionIsAnError() {
        let (_, diagnostics) = compileWithCore(
            "kh",
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
                    type: yes-no
                    text: {en: "Is overtime voluntary?"}
                    noncompliant-if: "no"
                    when: "WT.OT.2 + 1"
                """
            ))
        #expect(errorText(diagnostics) == "KH/kh.yaml:13:12: error: 'when' of 'KH.WT.OT.1' must be a condition, found a number [type-mismatch]\n")
    }

    @Test func bareRuleOfTheWrongTypeIsAnError() {
        let (_, diagnostics) = compileWithCore(
            "kh",
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
                    type: number
                    text: {en: "Overtime hours"}
                    noncompliant-if: "yes"
                """
            ))
        #expect(
            errorText(diagnostics)
                == "KH/kh.yaml:12:23: error: noncompliant-if of 'KH.WT.OT.1' must be a condition or an answer of its type (a number), found yes/no [type-mismatch]\n"
        )
    }

    @Test func numberComparedWithYesNoInWhen() {
        let (_, diagnostics) = compileWithCore(
            "kh",
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
                    type: yes-no
                    text: {en: "Is overtime voluntary?"}
                    noncompliant-if: "no"
                    when: "WT.OT.1 > 3"
                """
            ))
        #expect(errorText(diagnostics) == "KH/kh.yaml:13:12: error: when of 'KH.WT.OT.1': cannot compare yes/no with a number [type-mismatch]\n")
    }

    @Test func unknownOptionInAComparison() {
        let (_, diagnostics) = compileWithCore(
            "kh",
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
                    type: choice
                    text: {en: "How is overtime recorded?"}
                    options:
                      - {id: time-cards, text: {en: "Time cards"}}
                      - {id: none, text: {en: "Not recorded"}, noncompliant: true}
                  - id: KH.WT.OT.2
                    point: WT.OT
                    type: number
                    text: {en: "Overtime hours recorded"}
                    when: "KH.WT.OT.1 == 'timecards'"
                """
            ))
        #expect(
            errorText(diagnostics)
                == "KH/kh.yaml:19:12: error: when of 'KH.WT.OT.2': 'timecards' is not an option; the options are time-cards, none [type-mismatch]\n")
    }

    @Test func orderingAChoiceIsAnError() {
        let (_, diagnostics) = compileWithCore(
            "kh",
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
                    type: choice
                    text: {en: "How is overtime recorded?"}
                    options:
                      - {id: time-cards, text: {en: "Time cards"}}
                      - {id: none, text: {en: "Not recorded"}, noncompliant: true}
                  - id: KH.WT.OT.2
                    point: WT.OT
                    type: number
                    text: {en: "Overtime hours recorded"}
                    when: "KH.WT.OT.1 > 'none'"
                """
            ))
        #expect(errorText(diagnostics) == "KH/kh.yaml:19:12: error: when of 'KH.WT.OT.2': choices can only be compared with == and != [type-mismatch]\n")
    }

    @Test func invalidDateLiteralInARule() {
        let (_, diagnostics) = compileWithCore(
            "kh",
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
                    type: date
                    text: {en: "Date of the last overtime agreement"}
                    noncompliant-if: "< '2026-02-30'"
                """
            ))
        #expect(errorText(diagnostics) == "KH/kh.yaml:12:23: error: noncompliant-if of 'KH.WT.OT.1': '2026-02-30' is not a date (YYYY-MM-DD) [type-mismatch]\n")
    }

    // MARK: - Extends chain

    @Test func cycleInExtends() {
        let (questionnaire, diagnostics) = compile(
            "a",
            (
                "a.yaml",
                """
                star: questionnaire/1
                id: a
                version: "1"
                extends: b
                title: {en: "A"}
                languages: [en]
                """
            ),
            (
                "b.yaml",
                """
                star: questionnaire/1
                id: b
                version: "1"
                extends: a
                title: {en: "B"}
                languages: [en]
                """
            ))
        #expect(questionnaire == nil)
        #expect(errorText(diagnostics) == "b.yaml:4:10: error: extends cycle: a -> b -> a [extends-cycle]\n")
    }

    @Test func questionnaireExtendingItself() {
        let (_, diagnostics) = compile(
            "a",
            (
                "a.yaml",
                """
                star: questionnaire/1
                id: a
                version: "1"
                extends: a
                title: {en: "A"}
                languages: [en]
                """
            ))
        #expect(errorText(diagnostics) == "a.yaml:4:10: error: extends cycle: a -> a [extends-cycle]\n")
    }

    @Test func unknownExtends() {
        let (_, diagnostics) = compileWithCore(
            "kh",
            (
                "KH/kh.yaml",
                """
                star: questionnaire/1
                id: kh
                version: "1"
                extends: cor
                title: {en: "Cambodia"}
                languages: [en]
                """
            ))
        #expect(
            errorText(diagnostics) == """
                KH/kh.yaml:4:10: error: 'kh' extends 'cor', which is not a questionnaire in this repository [unknown-questionnaire]
                  note: known questionnaires: core, kh

                """)
    }

    @Test func unreadableBaseIsReportedWithTheExtendingFile() {
        let (_, diagnostics) = compile(
            "kh",
            (
                "core.yaml",
                """
                star: questionnaire/1
                id: core
                version: "1"
                title: {en: "Core"
                """
            ),
            (
                "KH/kh.yaml",
                """
                star: questionnaire/1
                id: kh
                version: "1"
                extends: core
                title: {en: "Cambodia"}
                languages: [en]
                """
            ))
        #expect(
            errorText(diagnostics) == """
                KH/kh.yaml:4:10: error: 'kh' extends 'core', which is not a questionnaire in this repository [unknown-questionnaire]
                  note: known questionnaires: kh
                core.yaml:5:1: error: invalid YAML: did not find expected ',' or '}' [yaml-syntax]
                  note: while parsing a flow mapping at line 4, column 8

                """)
    }

    @Test func clustersInAnExtendingFile() {
        let (_, diagnostics) = compileWithCore(
            "kh",
            (
                "KH/kh.yaml",
                """
                star: questionnaire/1
                id: kh
                version: "1"
                extends: core
                title: {en: "Cambodia"}
                languages: [en]
                clusters:
                  - id: KH
                    title: {en: "Cambodian law"}
                    points:
                      - id: KH.MISC
                        title: {en: "Miscellaneous"}
                """
            ))
        #expect(
            errorText(diagnostics)
                == "KH/kh.yaml:8:3: error: only the base questionnaire ('core') defines clusters and compliance points; 'kh' adds questions under them [clusters-in-extension]\n"
        )
    }

    @Test func noLanguagesInTheChain() {
        let (_, diagnostics) = compile(
            "solo",
            (
                "solo.yaml",
                """
                star: questionnaire/1
                id: solo
                version: "1"
                title: {en: "Solo"}
                """
            ))
        #expect(errorText(diagnostics) == "solo.yaml:2:5: error: no questionnaire in the chain of 'solo' declares its languages [missing-key]\n")
    }

    // MARK: - Translations

    @Test func missingTranslationOfAQuestionText() {
        let (_, diagnostics) = compileWithCore(
            "kh",
            (
                "KH/kh.yaml",
                """
                star: questionnaire/1
                id: kh
                version: "1"
                extends: core
                title: {en: "Cambodia", fr: "Cambodge"}
                languages: [en, fr]
                questions:
                  - id: KH.WT.OT.1
                    point: WT.OT
                    type: yes-no
                    text: {en: "Is overtime voluntary?"}
                    noncompliant-if: "no"
                """
            ))
        #expect(
            errorText(diagnostics) == """
                KH/kh.yaml:11:11: error: text of 'KH.WT.OT.1' has no 'fr' text [missing-translation]
                  note: every text must exist in every language the questionnaire lists (en, fr)

                """)
    }

    @Test func missingTranslationOfAnOption() {
        let (_, diagnostics) = compileWithCore(
            "kh",
            (
                "KH/kh.yaml",
                """
                star: questionnaire/1
                id: kh
                version: "1"
                extends: core
                title: {en: "Cambodia", fr: "Cambodge"}
                languages: [en, fr]
                questions:
                  - id: KH.WT.OT.1
                    point: WT.OT
                    type: choice
                    text: {en: "How is overtime recorded?", fr: "Comment les heures supplémentaires sont-elles enregistrées ?"}
                    options:
                      - {id: time-cards, text: {en: "Time cards", fr: "Fiches de pointage"}}
                      - {id: none, text: {en: "Not recorded"}, noncompliant: true}
                """
            ))
        #expect(
            errorText(diagnostics) == """
                KH/kh.yaml:14:26: error: text of option 'none' of 'KH.WT.OT.1' has no 'fr' text [missing-translation]
                  note: every text must exist in every language the questionnaire lists (en, fr)

                """)
    }

    @Test func missingTranslationOfAParameterDescription() {
        let (_, diagnostics) = compileWithCore(
            "kh",
            (
                "KH/kh.yaml",
                """
                star: questionnaire/1
                id: kh
                version: "1"
                extends: core
                title: {en: "Cambodia", fr: "Cambodge"}
                languages: [en, fr]
                parameters:
                  minimum_wage_usd:
                    type: number
                    default: 210
                    description: {en: "Monthly minimum wage in US dollars"}
                """
            ))
        #expect(
            errorText(diagnostics) == """
                KH/kh.yaml:11:18: error: description of parameter 'minimum_wage_usd' has no 'fr' text [missing-translation]
                  note: every text must exist in every language the questionnaire lists (en, fr)

                """)
    }

    // MARK: - Parameters

    @Test func unknownParameterInASetting() {
        let (_, diagnostics) = compileWithCore(
            "kh",
            (
                "KH/kh.yaml",
                """
                star: questionnaire/1
                id: kh
                version: "1"
                extends: core
                title: {en: "Cambodia"}
                languages: [en]
                parameters:
                  maximum_age: 16
                """
            ))
        #expect(
            errorText(diagnostics) == """
                KH/kh.yaml:8:3: error: parameter 'maximum_age' is not declared by this questionnaire or those it extends [unknown-parameter]
                  note: did you mean 'minimum_age'?
                  note: declare a new parameter with type, default and description

                """)
    }

    @Test func suggestionForAnUnknownParameterIsDeterministic() {
        // `age_c` is one edit from both `age_a` and `age_b`: the alphabetically first is suggested, every run.
        let (_, diagnostics) = compile(
            "kh",
            (
                "core.yaml",
                """
                star: questionnaire/1
                id: core
                version: "1"
                abstract: true
                title: {en: "Core"}
                languages: [en]
                parameters:
                  age_b: {type: number, default: 1}
                  age_a: {type: number, default: 2}
                clusters:
                  - id: CL
                    title: {en: "Child Labour"}
                    points:
                      - id: CL.CHILD
                        title: {en: "Child labourers"}
                """
            ),
            (
                "KH/kh.yaml",
                """
                star: questionnaire/1
                id: kh
                version: "1"
                extends: core
                title: {en: "Cambodia"}
                parameters:
                  age_c: 3
                """
            ))
        #expect(
            errorText(diagnostics) == """
                KH/kh.yaml:7:3: error: parameter 'age_c' is not declared by this questionnaire or those it extends [unknown-parameter]
                  note: did you mean 'age_a'?
                  note: declare a new parameter with type, default and description

                """)
    }

    @Test func unknownParameterInAText() {
        let (_, diagnostics) = compileWithCore(
            "kh",
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
                  - id: KH.CL.CHILD.1
                    point: CL.CHILD
                    type: yes-no
                    text: {en: "Are workers under {minimum_ag} employed?"}
                    noncompliant-if: "yes"
                """
            ))
        #expect(
            errorText(diagnostics) == """
                KH/kh.yaml:11:11: error: text of 'KH.CL.CHILD.1' (en) uses '{minimum_ag}', which is not a parameter [unknown-parameter]
                  note: write '{{' and '}}' for literal braces

                """)
    }

    @Test func unknownParameterInAnOptionText() {
        let (_, diagnostics) = compileWithCore(
            "kh",
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
                  - id: KH.CL.CHILD.1
                    point: CL.CHILD
                    type: choice
                    text: {en: "How is age verified?"}
                    options:
                      - {id: id-card, text: {en: "National ID card"}}
                      - {id: none, text: {en: "Not verified for workers under {minimum_ag}"}, noncompliant: true}
                """
            ))
        #expect(
            errorText(diagnostics) == """
                KH/kh.yaml:14:26: error: text of option 'none' of 'KH.CL.CHILD.1' (en) uses '{minimum_ag}', which is not a parameter [unknown-parameter]
                  note: write '{{' and '}}' for literal braces

                """)
    }

    @Test func unknownParameterInAPointDescription() {
        let (_, diagnostics) = compile(
            "core",
            (
                "core.yaml",
                """
                star: questionnaire/1
                id: core
                version: "1"
                abstract: true
                title: {en: "Core"}
                languages: [en]
                clusters:
                  - id: CL
                    title: {en: "Child Labour"}
                    points:
                      - id: CL.CHILD
                        title: {en: "Child labourers"}
                        description: {en: "Children under {minimum_age} at work."}
                """
            ))
        #expect(
            errorText(diagnostics) == """
                core.yaml:13:22: error: description of point 'CL.CHILD' (en) uses '{minimum_age}', which is not a parameter [unknown-parameter]
                  note: write '{{' and '}}' for literal braces

                """)
    }

    @Test func unknownParameterInAnExpression() {
        let (_, diagnostics) = compileWithCore(
            "kh",
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
                    type: number
                    text: {en: "Overtime hours"}
                    noncompliant-if: "> {max_hours}"
                """
            ))
        #expect(errorText(diagnostics) == "KH/kh.yaml:12:23: error: noncompliant-if of 'KH.WT.OT.1': unknown parameter '{max_hours}' [unknown-parameter]\n")
    }

    @Test func parameterSetToAValueOfTheWrongType() {
        let (_, diagnostics) = compileWithCore(
            "kh",
            (
                "KH/kh.yaml",
                """
                star: questionnaire/1
                id: kh
                version: "1"
                extends: core
                title: {en: "Cambodia"}
                languages: [en]
                parameters:
                  minimum_age: fifteen
                """
            ))
        #expect(errorText(diagnostics) == "KH/kh.yaml:8:16: error: parameter 'minimum_age' is a number, found 'fifteen' [wrong-type]\n")
    }

    @Test func parameterOfTheWrongTypeInAnExpression() {
        let (_, diagnostics) = compileWithCore(
            "kh",
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
                    type: number
                    text: {en: "Overtime hours"}
                    noncompliant-if: "> {country_name}"
                """
            ))
        #expect(errorText(diagnostics) == "KH/kh.yaml:12:23: error: noncompliant-if of 'KH.WT.OT.1': cannot compare a number with a text [type-mismatch]\n")
    }

    @Test func parameterDeclaredTwice() {
        let (_, diagnostics) = compileWithCore(
            "kh",
            (
                "KH/kh.yaml",
                """
                star: questionnaire/1
                id: kh
                version: "1"
                extends: core
                title: {en: "Cambodia"}
                languages: [en]
                parameters:
                  minimum_age:
                    type: number
                    default: 16
                    description: {en: "Minimum age"}
                """
            ))
        #expect(
            errorText(diagnostics) == """
                KH/kh.yaml:8:3: error: parameter 'minimum_age' is already declared; set it with a bare value instead [duplicate-parameter]
                  note: declared at core.yaml:8

                """)
    }

    // MARK: - Alter and remove

    @Test func alterOfAnUnknownQuestion() {
        let (_, diagnostics) = compileWithCore(
            "kh",
            (
                "KH/kh.yaml",
                """
                star: questionnaire/1
                id: kh
                version: "1"
                extends: core
                title: {en: "Cambodia"}
                languages: [en]
                alter:
                  - id: WT.OT.9
                    legal: ["Labour Law 1997"]
                """
            ))
        #expect(errorText(diagnostics) == "KH/kh.yaml:8:5: error: cannot alter 'WT.OT.9': no inherited question has this id [unknown-question]\n")
    }

    @Test func alterOfAQuestionOfTheSameFile() {
        let (_, diagnostics) = compileWithCore(
            "kh",
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
                    type: yes-no
                    text: {en: "Is overtime voluntary?"}
                    noncompliant-if: "no"
                alter:
                  - id: KH.WT.OT.1
                    legal: ["Labour Law 1997"]
                """
            ))
        #expect(
            errorText(diagnostics)
                == "KH/kh.yaml:14:5: error: cannot alter 'KH.WT.OT.1': it is defined in this same file; alter applies to questions of the questionnaires this one extends [unknown-question]\n"
        )
    }

    @Test func removeOfAnUnknownQuestion() {
        let (_, diagnostics) = compileWithCore(
            "kh",
            (
                "KH/kh.yaml",
                """
                star: questionnaire/1
                id: kh
                version: "1"
                extends: core
                title: {en: "Cambodia"}
                languages: [en]
                remove:
                  - id: WT.OT.9
                    reason: "Not relevant"
                """
            ))
        #expect(errorText(diagnostics) == "KH/kh.yaml:8:5: error: cannot remove 'WT.OT.9': no inherited question has this id [unknown-question]\n")
    }

    @Test func removeOfAQuestionOfTheSameFile() {
        let (_, diagnostics) = compileWithCore(
            "kh",
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
                    type: yes-no
                    text: {en: "Is overtime voluntary?"}
                    noncompliant-if: "no"
                remove:
                  - id: KH.WT.OT.1
                    reason: "Changed my mind"
                """
            ))
        #expect(
            errorText(diagnostics)
                == "KH/kh.yaml:14:5: error: cannot remove 'KH.WT.OT.1': it is defined in this same file; remove applies to questions of the questionnaires this one extends [unknown-question]\n"
        )
    }

    @Test func alterOfARemovedQuestion() {
        let (_, diagnostics) = compileWithCore(
            "kh",
            (
                "KH/kh.yaml",
                """
                star: questionnaire/1
                id: kh
                version: "1"
                extends: core
                title: {en: "Cambodia"}
                languages: [en]
                remove:
                  - id: WT.OT.2
                    reason: "Replaced by a daily limit"
                alter:
                  - id: WT.OT.2
                    legal: ["Labour Law 1997"]
                """
            ))
        #expect(
            errorText(diagnostics) == """
                KH/kh.yaml:11:5: error: cannot alter 'WT.OT.2': it was removed [unknown-question]
                  note: removed at KH/kh.yaml:8

                """)
    }

    @Test func alterThatMovesAQuestionIsAnError() {
        let (_, diagnostics) = compileWithCore(
            "kh",
            (
                "KH/kh.yaml",
                """
                star: questionnaire/1
                id: kh
                version: "1"
                extends: core
                title: {en: "Cambodia"}
                languages: [en]
                alter:
                  - id: WT.OT.2
                    point: WT.HOURS
                """
            ))
        #expect(
            errorText(diagnostics)
                == "KH/kh.yaml:9:5: error: an alteration cannot move 'WT.OT.2' to another point; remove it and add a new question instead [cannot-move]\n")
    }

    // MARK: - Question shape

    @Test func optionsOnANonChoiceQuestion() {
        let (_, diagnostics) = compileWithCore(
            "kh",
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
                    type: yes-no
                    text: {en: "Is overtime voluntary?"}
                    noncompliant-if: "no"
                    options:
                      - {id: sometimes, text: {en: "Sometimes"}}
                """
            ))
        #expect(
            errorText(diagnostics) == "KH/kh.yaml:14:7: error: 'KH.WT.OT.1' is a yes-no question; only choice questions have options [options-not-allowed]\n")
    }

    @Test func noncompliantIfOnAChoiceQuestion() {
        let (_, diagnostics) = compileWithCore(
            "kh",
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
                    type: choice
                    text: {en: "How is overtime recorded?"}
                    noncompliant-if: "== 'none'"
                    options:
                      - {id: time-cards, text: {en: "Time cards"}}
                      - {id: none, text: {en: "Not recorded"}}
                """
            ))
        #expect(
            errorText(diagnostics)
                == "KH/kh.yaml:12:23: error: choice question 'KH.WT.OT.1' marks its non-compliant options with 'noncompliant: true' instead of noncompliant-if [rule-on-choice]\n"
        )
    }

    @Test func choiceQuestionWithoutOptions() {
        let (_, diagnostics) = compileWithCore(
            "kh",
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
                    type: choice
                    text: {en: "How is overtime recorded?"}
                """
            ))
        #expect(errorText(diagnostics) == "KH/kh.yaml:10:11: error: choice question 'KH.WT.OT.1' lists no options [missing-options]\n")
    }

    @Test func duplicateOptionID() {
        let (_, diagnostics) = compileWithCore(
            "kh",
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
                    type: choice
                    text: {en: "How is overtime recorded?"}
                    options:
                      - {id: none, text: {en: "Not recorded"}}
                      - {id: none, text: {en: "Nothing"}}
                """
            ))
        #expect(errorText(diagnostics) == "KH/kh.yaml:14:9: error: option 'none' appears twice in 'KH.WT.OT.1' [duplicate-id]\n")
    }

    @Test func unknownPointID() {
        let (_, diagnostics) = compileWithCore(
            "kh",
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
                    point: WT.OTT
                    type: yes-no
                    text: {en: "Is overtime voluntary?"}
                    noncompliant-if: "no"
                """
            ))
        #expect(
            errorText(diagnostics) == """
                KH/kh.yaml:9:12: error: question 'KH.WT.OT.1' names compliance point 'WT.OTT', which the base questionnaire does not define [unknown-point]
                  note: did you mean 'WT.OT'?

                """)
    }

    @Test func duplicateClusterAndPointIDs() {
        let (_, diagnostics) = compile(
            "core",
            (
                "core.yaml",
                """
                star: questionnaire/1
                id: core
                version: "1"
                abstract: true
                title: {en: "Core"}
                languages: [en]
                clusters:
                  - id: CL
                    title: {en: "Child Labour"}
                    points:
                      - id: CL.CHILD
                        title: {en: "Child labourers"}
                      - id: CL.CHILD
                        title: {en: "Child labourers again"}
                """
            ))
        #expect(
            errorText(diagnostics) == """
                core.yaml:13:9: error: compliance point id 'CL.CHILD' is used twice [duplicate-id]
                  note: first defined at line 11

                """)
    }

    @Test func loaderProblemsOfAFileInTheChainAreReportedByTheCompiler() {
        let (questionnaire, diagnostics) = compileWithCore(
            "kh",
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
                    type: yes-no
                    text: {en: "Is overtime voluntary?"}
                    noncompliant-if: "no"
                    public: yes
                """
            ))
        #expect(questionnaire == nil)
        #expect(errorText(diagnostics) == "KH/kh.yaml:13:13: error: public must be true or false, found 'yes' [wrong-type]\n")
    }

    @Test func problemsOfFilesOutsideTheChainAreNotReported() {
        let (questionnaire, diagnostics) = compileWithCore(
            "kh",
            (
                "KH/kh.yaml",
                """
                star: questionnaire/1
                id: kh
                version: "1"
                extends: core
                title: {en: "Cambodia"}
                languages: [en]
                """
            ),
            (
                "VN/vn.yaml",
                """
                star: questionnaire/1
                id: vn
                version: "1"
                extends: core
                title: {en: "Viet Nam"}
                colour: red
                """
            ))
        #expect(questionnaire != nil)
        #expect(errorText(diagnostics) == "")
    }

    @Test func everyErrorIsCollected() {
        let (_, diagnostics) = compileWithCore(
            "kh",
            (
                "KH/kh.yaml",
                """
                star: questionnaire/1
                id: kh
                version: "1"
                extends: core
                title: {en: "Cambodia"}
                languages: [en]
                parameters:
                  minimum_age: fifteen
                questions:
                  - id: KH.WT.OT.1
                    point: WT.OTT
                    type: yes-no
                    text: {en: "Is overtime voluntary?"}
                remove:
                  - id: WT.OT.9
                    reason: "Not relevant"
                """
            ))
        #expect(diagnostics.filter { $0.severity == .error }.map(\.code) == ["wrong-type", "unknown-point", "unknown-question"])
    }

    // MARK: - Warnings

    @Test func pointWithoutQuestionsIsAWarning() {
        let (questionnaire, diagnostics) = compileWithCore(
            "kh",
            (
                "KH/kh.yaml",
                """
                star: questionnaire/1
                id: kh
                version: "1"
                extends: core
                title: {en: "Cambodia"}
                languages: [en]
                """
            ))
        #expect(questionnaire != nil)
        #expect(
            warningText(diagnostics) == """
                core.yaml:24:9: warning: compliance point 'CL.CHILD' has a single question in 'kh'; two or more make a finding sturdier [thin-point]
                core.yaml:29:9: warning: compliance point 'WT.HOURS' has no questions in 'kh' [empty-point]

                """)
    }

    @Test func questionWithoutGuidanceIsAWarning() {
        let (_, diagnostics) = compileWithCore(
            "kh",
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
                  - id: KH.WT.HOURS.1
                    point: WT.HOURS
                    type: number
                    text: {en: "Regular weekly hours"}
                """
            ))
        #expect(
            warningText(diagnostics).contains(
                "KH/kh.yaml:8:5: warning: question 'KH.WT.HOURS.1' has no guidance telling an advisor how to check it [missing-guidance]\n"))
    }
}

@Suite struct QuestionnaireCompilerEdgeTests {
    @Test func anUnknownIDIsReportedNotSilent() {
        let library = QuestionnaireLibrary(files: [])
        let (compiled, diagnostics) = QuestionnaireCompiler.compile("zz-garment", in: library)
        #expect(compiled == nil)
        #expect(diagnostics.map(\.code) == ["unknown-questionnaire"])
        #expect(diagnostics.first?.message == "no questionnaire with id 'zz-garment' could be read")
    }
}
