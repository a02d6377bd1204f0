import StarCore
import Testing

/// A Norwegian questionnaire whose unquoted scalars are YAML 1.1 booleans, floats, dates and sexagesimals.
private let noYAML = """
    star: questionnaire/1
    id: no
    version: 2026.10
    extends: core
    country: NO
    title: {en: NO}
    languages: [en]
    parameters:
      country_name: NO
    questions:
      - id: NO.WT.OT.1
        point: WT.OT
        type: choice
        text: {en: yes}
        options:
          - {id: norway, text: {en: NO}}
          - {id: sweden, text: {en: no}, noncompliant: true}
          - {id: finland, text: {en: on}}
          - {id: denmark, text: {en: off}}
        guidance: {en: 2026-03-14}
        legal: [1:30, 0x1F, 010, ~no]
      - id: NO.WT.OT.2
        point: WT.OT
        type: text
        text: {en: "Where? {country_name}"}
        guidance: {en: "Y"}

    """

private func compileNorway() throws -> CompiledQuestionnaire {
    let (questionnaire, diagnostics) = compileWithCore("no", ("NO/no.yaml", noYAML))
    #expect(errorText(diagnostics) == "")
    return try #require(questionnaire)
}

/// YAML 1.1 traps: every scalar reaches the model exactly as written.
@Suite struct YAMLReaderTests {
    @Test func norwayStaysNO() throws {
        let norway = try compileNorway()
        #expect(norway.country == "NO")
        #expect(norway.title == ["en": "NO"])
        #expect(norway.questions.last { $0.id == "NO.WT.OT.1" }?.options.first?.text == ["en": "NO"])
    }

    @Test func yesNoOnOffStayTexts() throws {
        let question = try #require(try compileNorway().questions.first { $0.id == "NO.WT.OT.1" })
        #expect(question.text == ["en": "yes"])
        #expect(question.options.map { $0.text["en"] } == ["NO", "no", "on", "off"])
    }

    @Test func unquotedVersionKeepsItsTrailingZero() throws {
        #expect(try compileNorway().version == "2026.10")
    }

    @Test func datesSexagesimalsAndOctalsStayStrings() throws {
        let question = try #require(try compileNorway().questions.first { $0.id == "NO.WT.OT.1" })
        #expect(question.guidance == ["en": "2026-03-14"])
        #expect(question.legal == ["1:30", "0x1F", "010", "~no"])
    }

    @Test func textParameterSetToNOStaysNO() throws {
        let norway = try compileNorway()
        #expect(norway.parameters["country_name"]?.value == .text("NO"))
        #expect(norway.questions.first { $0.id == "NO.WT.OT.2" }?.text == ["en": "Where? NO"])
    }

    @Test func optionIDThatLooksLikeABooleanStaysAString() throws {
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
                    type: choice
                    text: {en: "Is overtime voluntary?"}
                    options:
                      - {id: yes, text: {en: "Yes"}}
                      - {id: no, text: {en: "No"}, noncompliant: true}
                  - id: KH.WT.OT.2
                    point: WT.OT
                    type: number
                    text: {en: "Overtime hours"}
                    when: "KH.WT.OT.1 == 'no'"
                """
            ))
        #expect(errorText(diagnostics) == "")
        let compiled = try #require(questionnaire)
        #expect(compiled.questions.first { $0.id == "KH.WT.OT.1" }?.options.map(\.id) == ["yes", "no"])
        #expect(compiled.questions.first { $0.id == "KH.WT.OT.2" }?.when?.description == "KH.WT.OT.1 == 'no'")
    }

    @Test func publicYesIsAnError() {
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
                public: yes
            """)
        #expect(errors == "q.yaml:10:13: error: public must be true or false, found 'yes' [wrong-type]\n")
    }

    @Test func abstractOnIsAnError() {
        let errors = loaderErrors(
            """
            star: questionnaire/1
            id: kh
            version: "1"
            abstract: on
            title: {en: "Cambodia"}
            """)
        #expect(errors == "q.yaml:4:11: error: abstract must be true or false, found 'on' [wrong-type]\n")
    }

    @Test func quotedTrueIsNotABoolean() {
        let errors = loaderErrors(
            """
            star: questionnaire/1
            id: kh
            version: "1"
            abstract: "true"
            title: {en: "Cambodia"}
            """)
        #expect(errors == "")
    }

    @Test func hexadecimalIsNotANumber() {
        let errors = loaderErrors(
            """
            star: questionnaire/1
            id: kh
            version: "1"
            title: {en: "Cambodia"}
            parameters:
              minimum_age: {type: number, default: 0x0F}
            """)
        #expect(errors == "q.yaml:6:40: error: default of parameter 'minimum_age' must be a number, found '0x0F' [wrong-type]\n")
    }

    @Test func yesNoParameterAcceptsYesButNotTrue() {
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
                  union_law: {type: yes-no, default: yes, description: {en: "A union law exists"}}
                  strike_law: {type: yes-no, default: true, description: {en: "A strike law exists"}}
                """
            ))
        #expect(errorText(diagnostics) == "KH/kh.yaml:9:39: error: default of parameter 'strike_law' must be yes/no, found 'true' [wrong-type]\n")
    }

    @Test func nullTextIsEmpty() {
        let errors = loaderErrors(
            """
            star: questionnaire/1
            id: kh
            version: "1"
            title: {en: ~}
            """)
        #expect(errors == "q.yaml:4:13: error: title in 'en' is empty [empty-value]\n")
    }

    @Test func quotedTildeIsAText() throws {
        let (source, diagnostics) = QuestionnaireLoader.load(
            text: """
                star: questionnaire/1
                id: kh
                version: "1"
                title: {en: "~"}
                """, file: "q.yaml")
        #expect(diagnostics == [])
        #expect(try #require(source).title?.value == ["en": "~"])
    }
}
