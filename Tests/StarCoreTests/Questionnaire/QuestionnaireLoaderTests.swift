import StarCore
import Testing

@Suite struct QuestionnaireLoaderTests {
    @Test func validFileLoadsWithoutDiagnostics() throws {
        let (source, diagnostics) = QuestionnaireLoader.load(text: coreYAML, file: "core.yaml")
        #expect(diagnostics == [])
        let core = try #require(source)
        #expect(core.id.value == "core")
        #expect(core.isAbstract)
        #expect(core.declarations.map(\.name) == ["minimum_age", "max_weekly_hours", "country_name"])
        #expect(core.clusters?.value.map(\.id) == ["CL", "WT"])
        #expect(core.questions.map(\.id) == ["CL.CHILD.1", "WT.OT.1", "WT.OT.2"])
        #expect(core.questions[0].location == SourceLocation(file: "core.yaml", line: 34, column: 5))
    }

    @Test func malformedYAMLIsASyntaxErrorAtItsPosition() {
        let errors = loaderErrors(
            """
            star: questionnaire/1
            id: kh
            version: "1"
            title: {en: "Cambodia"
            languages: [en]
            """)
        #expect(
            errors == """
                q.yaml:5:1: error: invalid YAML: did not find expected ',' or '}' [yaml-syntax]
                  note: while parsing a flow mapping at line 4, column 8

                """)
    }

    @Test func tabIndentationIsASyntaxError() {
        let errors = loaderErrors("star: questionnaire/1\nid: kh\nversion: \"1\"\ntitle:\n\ten: \"Cambodia\"\n")
        #expect(
            errors == """
                q.yaml:5:1: error: invalid YAML: found character that cannot start any token [yaml-syntax]
                  note: while scanning for the next token at line 5, column 1

                """)
    }

    @Test func duplicateKeyIsReportedByName() {
        let errors = loaderErrors(
            """
            star: questionnaire/1
            id: kh
            version: "1"
            id: vn
            title: {en: "Cambodia"}
            """)
        #expect(errors == "q.yaml:2:1: error: duplicate key 'id' in a mapping [duplicate-key]\n")
    }

    @Test func emptyFileIsAnError() {
        #expect(loaderErrors("# nothing here\n") == "q.yaml:1:1: error: the file is empty [empty-file]\n")
    }

    @Test func topLevelListIsAWrongType() {
        #expect(loaderErrors("- id: kh\n") == "q.yaml:1:1: error: a questionnaire must be a mapping, found a list [wrong-type]\n")
    }

    @Test func scalarWhereAListIsExpectedIsAWrongType() {
        let errors = loaderErrors(
            """
            star: questionnaire/1
            id: kh
            version: "1"
            title: {en: "Cambodia"}
            languages: en
            """)
        #expect(errors == "q.yaml:5:12: error: languages must be a list, found 'en' [wrong-type]\n")
    }

    @Test func textWithoutLanguagesIsAWrongType() {
        let errors = loaderErrors(
            """
            star: questionnaire/1
            id: kh
            version: "1"
            title: "Cambodia"
            """)
        #expect(errors == "q.yaml:4:8: error: title must give each language, e.g. {en: \"...\", fr: \"...\"} [wrong-type]\n")
    }

    @Test func legalAsAStringIsAWrongType() {
        let errors = loaderErrors(
            """
            star: questionnaire/1
            id: kh
            version: "1"
            title: {en: "Cambodia"}
            questions:
              - id: KH.WT.OT.1
                point: WT.OT
                type: yes-no
                text: {en: "Is overtime voluntary?"}
                legal: "Labour Law 1997"
            """)
        #expect(errors == "q.yaml:10:12: error: legal must be a list, found 'Labour Law 1997' [wrong-type]\n")
    }

    @Test func questionsAsAMappingIsAWrongType() {
        let errors = loaderErrors(
            """
            star: questionnaire/1
            id: kh
            version: "1"
            title: {en: "Cambodia"}
            questions:
              id: KH.WT.OT.1
            """)
        #expect(errors == "q.yaml:6:3: error: questions must be a list, found a mapping [wrong-type]\n")
    }

    @Test func parameterDefaultOfTheWrongTypeIsAnError() {
        let errors = loaderErrors(
            """
            star: questionnaire/1
            id: kh
            version: "1"
            title: {en: "Cambodia"}
            parameters:
              minimum_age:
                type: number
                default: fifteen
            """)
        #expect(errors == "q.yaml:8:14: error: default of parameter 'minimum_age' must be a number, found 'fifteen' [wrong-type]\n")
    }

    @Test func unknownParameterTypeIsAnError() {
        let errors = loaderErrors(
            """
            star: questionnaire/1
            id: kh
            version: "1"
            title: {en: "Cambodia"}
            parameters:
              minimum_age:
                type: integer
                default: 15
            """)
        #expect(errors == "q.yaml:7:11: error: unknown parameter type 'integer'; use number, text, date or yes-no [unknown-type]\n")
    }

    @Test func unknownQuestionTypeIsAnError() {
        let errors = loaderErrors(
            """
            star: questionnaire/1
            id: kh
            version: "1"
            title: {en: "Cambodia"}
            questions:
              - id: KH.WT.OT.1
                point: WT.OT
                type: boolean
                text: {en: "Is overtime voluntary?"}
            """)
        #expect(errors == "q.yaml:8:11: error: unknown question type 'boolean'; use yes-no, choice, number, text or date [unknown-type]\n")
    }

    @Test func misspeltKeyIsNamedWithASuggestion() {
        let errors = loaderErrors(
            """
            star: questionnaire/1
            id: kh
            version: "1"
            title: {en: "Cambodia"}
            questions:
              - id: KH.WT.OT.1
                point: WT.OT
                type: yes-no
                text: {en: "Is overtime voluntary?"}
                guidnce: {en: "Interview workers."}
            """)
        #expect(
            errors == """
                q.yaml:10:5: error: unknown key 'guidnce' in a question [unknown-key]
                  note: did you mean 'guidance'?

                """)
    }

    @Test func unrelatedUnknownKeyListsTheAllowedKeys() {
        let errors = loaderErrors(
            """
            star: questionnaire/1
            id: kh
            version: "1"
            title: {en: "Cambodia"}
            colour: red
            """)
        #expect(
            errors == """
                q.yaml:5:1: error: unknown key 'colour' in a questionnaire [unknown-key]
                  note: allowed keys: star, id, version, extends, country, industry, title, languages, abstract, parameters, clusters, questions, alter, remove, reviewed, changelog, transparency

                """)
    }

    @Test func unknownKeyInAnOptionIsReported() {
        let errors = loaderErrors(
            """
            star: questionnaire/1
            id: kh
            version: "1"
            title: {en: "Cambodia"}
            questions:
              - id: KH.COMP.PAYMENT.1
                point: COMP.PAYMENT
                type: choice
                text: {en: "How are wages paid?"}
                options:
                  - {id: cash, text: {en: "Cash"}, non-compliant: true}
            """)
        #expect(
            errors == """
                q.yaml:11:40: error: unknown key 'non-compliant' in an option [unknown-key]
                  note: did you mean 'noncompliant'?

                """)
    }

    @Test func missingRequiredTopLevelKeyIsReported() {
        let errors = loaderErrors(
            """
            star: questionnaire/1
            id: kh
            title: {en: "Cambodia"}
            """)
        #expect(errors == "q.yaml:1:1: error: a questionnaire is missing required key 'version' [missing-key]\n")
    }

    @Test func missingRequiredQuestionKeyIsReportedAtTheQuestion() {
        let errors = loaderErrors(
            """
            star: questionnaire/1
            id: kh
            version: "1"
            title: {en: "Cambodia"}
            questions:
              - id: KH.WT.OT.1
                point: WT.OT
                text: {en: "Is overtime voluntary?"}
            """)
        #expect(errors == "q.yaml:6:5: error: a question is missing required key 'type' [missing-key]\n")
    }

    @Test func removalWithoutReasonIsAnError() {
        let errors = loaderErrors(
            """
            star: questionnaire/1
            id: kh
            version: "1"
            extends: core
            title: {en: "Cambodia"}
            remove:
              - id: WT.OT.2
            """)
        #expect(errors == "q.yaml:7:5: error: a removal is missing required key 'reason' [missing-key]\n")
    }

    @Test func alterationCannotMoveAQuestion() {
        let errors = loaderErrors(
            """
            star: questionnaire/1
            id: kh
            version: "1"
            extends: core
            title: {en: "Cambodia"}
            alter:
              - id: WT.OT.2
                point: WT.HOURS
            """)
        #expect(errors == "q.yaml:8:5: error: an alteration cannot move 'WT.OT.2' to another point; remove it and add a new question instead [cannot-move]\n")
    }

    @Test func alterationThatChangesNothingIsAnError() {
        let errors = loaderErrors(
            """
            star: questionnaire/1
            id: kh
            version: "1"
            extends: core
            title: {en: "Cambodia"}
            alter:
              - id: WT.OT.2
            """)
        #expect(errors == "q.yaml:7:5: error: alteration of 'WT.OT.2' changes nothing [empty-alteration]\n")
    }

    @Test func unsupportedFormatIsAnError() {
        let errors = loaderErrors(
            """
            star: questionnaire/2
            id: kh
            version: "1"
            title: {en: "Cambodia"}
            """)
        #expect(errors == "q.yaml:1:7: error: unsupported format 'questionnaire/2'; this version of star reads 'questionnaire/1' [unsupported-format]\n")
    }

    @Test func invalidCountryCodeIsAnError() {
        let errors = loaderErrors(
            """
            star: questionnaire/1
            id: kh
            version: "1"
            country: Cambodia
            title: {en: "Cambodia"}
            """)
        #expect(errors == "q.yaml:4:10: error: country 'Cambodia' must be an ISO 3166-1 alpha-2 code such as KH [invalid-country]\n")
    }

    @Test func hostileQuestionnaireIDIsRejected() {
        let errors = loaderErrors(
            """
            star: questionnaire/1
            id: ../../etc
            version: "1"
            title: {en: "Cambodia"}
            """)
        #expect(
            errors
                == "q.yaml:2:5: error: questionnaire id '../../etc' must start with a letter or digit and use only lowercase letters, digits and '-' [invalid-id]\n"
        )
    }

    @Test func hostileVersionIsRejected() {
        let errors = loaderErrors(
            """
            star: questionnaire/1
            id: kh
            version: "../1"
            title: {en: "Cambodia"}
            """)
        #expect(errors == "q.yaml:3:10: error: version id '../1' must start with a letter or digit and use only letters, digits, '.' and '-' [invalid-id]\n")
    }

    @Test func malformedQuestionIDIsRejected() {
        let errors = loaderErrors(
            """
            star: questionnaire/1
            id: kh
            version: "1"
            title: {en: "Cambodia"}
            questions:
              - id: KH/WT.1
                point: WT.OT
                type: yes-no
                text: {en: "Is overtime voluntary?"}
            """)
        #expect(errors == "q.yaml:6:9: error: question id 'KH/WT.1' must start with a letter or digit and use only letters, digits, '.' and '_' [invalid-id]\n")
    }

    @Test func malformedOptionIDIsRejected() {
        let errors = loaderErrors(
            """
            star: questionnaire/1
            id: kh
            version: "1"
            title: {en: "Cambodia"}
            questions:
              - id: KH.COMP.PAYMENT.1
                point: COMP.PAYMENT
                type: choice
                text: {en: "How are wages paid?"}
                options:
                  - {id: Cash_Only, text: {en: "Cash"}}
            """)
        #expect(
            errors
                == "q.yaml:11:14: error: option id 'Cash_Only' must start with a letter or digit and use only lowercase letters, digits and '-' [invalid-id]\n")
    }

    @Test func pointIDOutsideItsClusterIsRejected() {
        let errors = loaderErrors(
            """
            star: questionnaire/1
            id: core
            version: "1"
            title: {en: "Core"}
            clusters:
              - id: CL
                title: {en: "Child Labour"}
                points:
                  - id: WT.OT
                    title: {en: "Overtime"}
            """)
        #expect(errors == "q.yaml:9:13: error: point id 'WT.OT' must be 'CL.' followed by letters, digits or '_' [invalid-id]\n")
    }

    @Test func emptyTextIsAnError() {
        let errors = loaderErrors(
            """
            star: questionnaire/1
            id: kh
            version: "1"
            title: {en: ""}
            """)
        #expect(errors == "q.yaml:4:13: error: title in 'en' is empty [empty-value]\n")
    }

    @Test func textInAnUndeclaredLanguageIsAWarning() {
        let (_, diagnostics) = QuestionnaireLoader.load(
            text: """
                star: questionnaire/1
                id: kh
                version: "1"
                title: {en: "Cambodia", km: "កម្ពុជា"}
                languages: [en]
                """, file: "q.yaml")
        #expect(errorText(diagnostics) == "")
        #expect(warningText(diagnostics) == "q.yaml:4:25: warning: title has a 'km' text, but the file's languages are en [unknown-language]\n")
    }

    @Test func everyProblemInAFileIsCollected() {
        let (_, diagnostics) = QuestionnaireLoader.load(
            text: """
                star: questionnaire/1
                id: kh
                version: "1"
                title: {en: "Cambodia"}
                colour: red
                questions:
                  - id: KH.WT.OT.1
                    point: WT.OT
                    type: boolean
                    text: {en: "Is overtime voluntary?"}
                    public: yes
                """, file: "q.yaml")
        #expect(diagnostics.map(\.code) == ["unknown-key", "unknown-type", "wrong-type"])
    }
}
