import StarCore
import Testing

/// A Cambodian questionnaire over the shared core: sets two parameters, adds questions under two points (in
/// reverse assessment order), alters one core question and removes none.
private let khYAML = """
    star: questionnaire/1
    id: kh
    version: "2026.1"
    extends: core
    country: KH
    industry: garment
    title: {en: "Cambodia garment"}
    languages: [en]
    parameters:
      minimum_age: 16
      max_weekly_hours: 44
    questions:
      - id: KH.WT.OT.1
        point: WT.OT
        type: choice
        text: {en: "How is overtime recorded for workers over {minimum_age}?"}
        options:
          - {id: time-cards, text: {en: "Time cards"}}
          - {id: none, text: {en: "Not recorded ({{sic}})"}, noncompliant: true}
        guidance: {en: "Ask HR to show the records; {{braces}} stay."}
        when: "WT.OT.1 == yes"
      - id: KH.CL.CHILD.1
        point: CL.CHILD
        type: date
        text: {en: "Date of the last age verification"}
        noncompliant-if: "< '2025-01-01'"
        guidance: {en: "Check the register."}
        public: true
    alter:
      - id: CL.CHILD.1
        legal: ["Labour Law 1997, art. 177"]
        text: {en: "Are there workers under {minimum_age} years of age?"}

    """

private func compileKH(_ text: String = khYAML) throws -> CompiledQuestionnaire {
    let (questionnaire, diagnostics) = compileWithCore("kh", ("KH/kh.yaml", text))
    #expect(errorText(diagnostics) == "")
    return try #require(questionnaire)
}

private func question(_ id: String, in questionnaire: CompiledQuestionnaire) throws -> CompiledQuestionnaire.Question {
    try #require(questionnaire.questions.first { $0.id == id })
}

@Suite struct CompiledQuestionnaireTests {
    // MARK: - Texts and parameters

    @Test func parametersAreSubstitutedIntoInheritedTexts() throws {
        let kh = try compileKH()
        #expect(try question("CL.CHILD.1", in: kh).text == ["en": "Are there workers under 16 years of age?"])
    }

    @Test func parametersAreSubstitutedIntoTheFilesOwnTexts() throws {
        let kh = try compileKH()
        #expect(try question("KH.WT.OT.1", in: kh).text == ["en": "How is overtime recorded for workers over 16?"])
    }

    @Test func doubledBracesAreLiteralBraces() throws {
        let kh = try compileKH()
        let choice = try question("KH.WT.OT.1", in: kh)
        #expect(choice.guidance == ["en": "Ask HR to show the records; {braces} stay."])
        #expect(choice.options.map(\.text) == [["en": "Time cards"], ["en": "Not recorded ({sic})"]])
    }

    @Test func parametersAreSubstitutedIntoRules() throws {
        let kh = try compileKH()
        #expect(try question("WT.OT.2", in: kh).noncompliantIf?.description == "WT.OT.2 > 56")
    }

    @Test func compiledParametersCarryTheirFinalValues() throws {
        let kh = try compileKH()
        #expect(kh.parameters["minimum_age"]?.value == .number(16))
        #expect(kh.parameters["minimum_age"]?.description == ["en": "Minimum age"])
        #expect(kh.parameters["country_name"]?.value == .text("Nowhere"))
    }

    @Test func bareYesRuleBecomesAComparisonWithTheQuestionsAnswer() throws {
        let kh = try compileKH()
        #expect(try question("CL.CHILD.1", in: kh).noncompliantIf == .binary(.equal, .question("CL.CHILD.1"), .yesNo(true)))
    }

    @Test func languagesAreFilteredToTheLeafsList() throws {
        let kh = try compileKH()
        #expect(kh.languages == ["en"])
        #expect(kh.clusters.map(\.title) == [["en": "Child Labour"], ["en": "Working Time"]])
        #expect(try question("WT.OT.1", in: kh).text == ["en": "Is overtime worked?"])
        #expect(kh.parameters["max_weekly_hours"]?.description == ["en": "Weekly hours"])
    }

    @Test func abstractBaseKeepsAllItsLanguages() throws {
        let (core, _) = compileWithCore("core")
        #expect(
            try #require(core).questions.first?.text == [
                "en": "Are there workers under 15?", "fr": "Des travailleurs ont-ils moins de 15 ans ?",
            ])
    }

    @Test func countryAndIndustryAndSourcesAreRecorded() throws {
        let kh = try compileKH()
        #expect(kh.country == "KH")
        #expect(kh.industry == "garment")
        #expect(kh.version == "2026.1")
        #expect(kh.sources.map(\.file) == ["core.yaml", "KH/kh.yaml"])
    }

    // MARK: - Order, alter and remove

    @Test func compiledOrderIsClusterThenPointThenCoreBeforeCountry() throws {
        let kh = try compileKH()
        #expect(kh.points.map(\.id) == ["CL.CHILD", "WT.HOURS", "WT.OT"])
        #expect(kh.questions.map(\.id) == ["CL.CHILD.1", "KH.CL.CHILD.1", "WT.OT.1", "WT.OT.2", "KH.WT.OT.1"])
    }

    @Test func alterReplacesTheGivenFieldsAndKeepsTheOthers() throws {
        let altered = try question("CL.CHILD.1", in: try compileKH())
        #expect(altered.legal == ["Labour Law 1997, art. 177"])
        #expect(altered.text == ["en": "Are there workers under 16 years of age?"])
        #expect(altered.guidance == ["en": "Check personnel files."])
        #expect(altered.type == .yesNo)
    }

    @Test func alterIsRecordedWithTheQuestionsOrigin() throws {
        let altered = try question("CL.CHILD.1", in: try compileKH())
        #expect("\(altered.origin.file):\(altered.origin.line)" == "core.yaml:34")
        #expect(altered.alteredBy.map { "\($0.file):\($0.line)" } == ["KH/kh.yaml:30"])
        #expect(try question("WT.OT.1", in: try compileKH()).alteredBy == [])
    }

    @Test func removeDropsTheQuestion() throws {
        let kh = try compileKH(
            khYAML + """
                remove:
                  - id: WT.OT.2
                    reason: "Replaced by KH.WT.OT.1"

                """)
        #expect(kh.questions.map(\.id) == ["CL.CHILD.1", "KH.CL.CHILD.1", "WT.OT.1", "KH.WT.OT.1"])
    }

    @Test func chainOfThreeAppliesEachLevelInTurn() throws {
        let (questionnaire, diagnostics) = compileWithCore(
            "kh-garment", ("KH/kh.yaml", khYAML),
            (
                "KH/garment.yaml",
                """
                star: questionnaire/1
                id: kh-garment
                version: "1"
                extends: kh
                title: {en: "Cambodia garment, with industry rules"}
                parameters:
                  minimum_age: 18
                alter:
                  - id: KH.CL.CHILD.1
                    public: false
                remove:
                  - id: WT.OT.1
                    reason: "Every garment worker does overtime"
                """
            ))
        // WT.OT.2 and KH.WT.OT.1 read WT.OT.1, so removing it is reported where they read it.
        #expect(
            errorText(diagnostics) == """
                KH/kh.yaml:21:12: error: when of 'KH.WT.OT.1' refers to 'WT.OT.1', which is removed [removed-reference]
                  note: removed at KH/garment.yaml:12
                core.yaml:50:12: error: when of 'WT.OT.2' refers to 'WT.OT.1', which is removed [removed-reference]
                  note: removed at KH/garment.yaml:12

                """)
        #expect(questionnaire == nil)
    }

    @Test func industryLevelOverridesTheCountrysParameters() throws {
        let (questionnaire, diagnostics) = compileWithCore(
            "kh-garment", ("KH/kh.yaml", khYAML),
            (
                "KH/garment.yaml",
                """
                star: questionnaire/1
                id: kh-garment
                version: "1"
                extends: kh
                title: {en: "Cambodia garment, with industry rules"}
                parameters:
                  minimum_age: 18
                alter:
                  - id: KH.CL.CHILD.1
                    public: false
                """
            ))
        #expect(errorText(diagnostics) == "")
        let garment = try #require(questionnaire)
        #expect(try question("CL.CHILD.1", in: garment).text == ["en": "Are there workers under 18 years of age?"])
        #expect(try question("KH.CL.CHILD.1", in: garment).isPublic == false)
        #expect(garment.sources.map(\.id) == ["core", "kh", "kh-garment"])
        #expect(garment.languages == ["en"])
    }

    // MARK: - Digest

    @Test func digestIsStableAcrossRuns() throws {
        let first = try compileKH()
        let second = try compileKH()
        #expect(first.digest == second.digest)
        #expect(CanonicalJSON.string(first.json) == CanonicalJSON.string(second.json))
    }

    @Test func testSHA256MatchesTheStandardVector() {
        #expect(TestSHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(TestSHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func digestIsTheSHA256OfTheCanonicalJSONWithoutTheDigest() throws {
        let kh = try compileKH()
        guard case .object(var fields) = kh.json else {
            Issue.record("compiled JSON is not an object")
            return
        }
        #expect(fields.removeValue(forKey: "digest") == .string(kh.digest))
        #expect(kh.digest == "sha256:" + TestSHA256.hex(CanonicalJSON.data(.object(fields))))
    }

    @Test func digestChangesWithTheContent() throws {
        let kh = try compileKH()
        let changed = try compileKH(khYAML.replacingOccurrences(of: "minimum_age: 16", with: "minimum_age: 17"))
        #expect(kh.digest != changed.digest)
    }

    @Test func movingLinesChangesOriginsButNotTheContent() throws {
        let kh = try compileKH()
        let moved = try compileKH("# Cambodia, reviewed 2026-03\n\n" + khYAML)
        #expect(try question("KH.WT.OT.1", in: moved).origin.line == 15)
        #expect(moved.digest != kh.digest)
        #expect(moved.contentWithoutOrigins == kh.contentWithoutOrigins)
    }

    @Test func contentWithoutOriginsHasNoOriginsAndNoDigest() throws {
        let content = CanonicalJSON.string(try compileKH().contentWithoutOrigins)
        #expect(!content.contains("\"origin\""))
        #expect(!content.contains("\"altered-by\""))
        #expect(!content.contains("\"digest\""))
        #expect(content.contains("\"question-count\": 5"))
    }

    // MARK: - JSON

    @Test func jsonRoundTrips() throws {
        let kh = try compileKH()
        let reread = try CompiledQuestionnaire(json: try JSONParser.parse(CanonicalJSON.string(kh.json)))
        #expect(reread == kh)
        #expect(reread.digestIsValid)
    }

    @Test func jsonRecordsRulesOptionsAndOrigins() throws {
        let kh = try compileKH()
        let choice = try #require(kh.json["clusters"]?.array?[1]["points"]?.array?[1]["questions"]?.array?[2])
        #expect(
            choice
                == .object([
                    "id": .string("KH.WT.OT.1"),
                    "type": .string("choice"),
                    "text": .object(["en": .string("How is overtime recorded for workers over 16?")]),
                    "guidance": .object(["en": .string("Ask HR to show the records; {braces} stay.")]),
                    "legal": .array([]),
                    "public": .bool(false),
                    "when": .string("WT.OT.1 == yes"),
                    "options": .array([
                        .object(["id": .string("time-cards"), "text": .object(["en": .string("Time cards")]), "noncompliant": .bool(false)]),
                        .object(["id": .string("none"), "text": .object(["en": .string("Not recorded ({sic})")]), "noncompliant": .bool(true)]),
                    ]),
                    "origin": .object(["file": .string("KH/kh.yaml"), "line": .int(13)]),
                ]))
    }

    @Test func handEditedJSONFailsTheDigestCheck() throws {
        let text = CanonicalJSON.string(try compileKH().json).replacingOccurrences(of: "Time cards", with: "Timesheets")
        let edited = try CompiledQuestionnaire(json: try JSONParser.parse(text))
        #expect(!edited.digestIsValid)
    }

    @Test func jsonOfAnotherKindIsRejected() throws {
        let error = #expect(throws: CompiledFormatError.self) {
            try CompiledQuestionnaire(json: try JSONParser.parse(#"{"star": "assessment/1"}"#))
        }
        #expect(error?.message == "not a compiled questionnaire (\"star\" is not \"compiled-questionnaire/1\")")
    }

    @Test func jsonWithAnInvalidRuleIsRejected() throws {
        let text = CanonicalJSON.string(try compileKH().json).replacingOccurrences(of: "\"WT.OT.2 > 56\"", with: "\"WT.OT.2 >\"")
        let error = #expect(throws: CompiledFormatError.self) {
            try CompiledQuestionnaire(json: try JSONParser.parse(text))
        }
        #expect(error?.message == "question WT.OT.2 has an invalid expression")
    }
}
