import Testing

@testable import StarCore

private let factory = Factory(id: "XX-0001", name: "Xland Shirts", country: "XX", industry: "garment")

private func context(versions: [String]) throws -> AssessmentContext {
    AssessmentContext(factories: [factory], compiled: try versions.map { try garmentQuestionnaire(version: $0) })
}

private func failure<T>(_ result: Result<T, AnswerError>) -> String? {
    guard case .failure(let error) = result else { return nil }
    return error.message
}

@Suite struct AssessmentContextTests {
    @Test func aPinFindsTheVersionItNames() throws {
        let context = try context(versions: ["2026.1", "2026.2"])
        let pinned = try garmentQuestionnaire(version: "2026.1")
        #expect(try context.questionnaire(for: QuestionnairePin(pinned)).get() == pinned)
    }

    @Test func aPinOfAMissingVersionListsTheCompiledOnes() throws {
        let context = try context(versions: ["2026.1", "2026.2"])
        let pin = QuestionnairePin(id: "xx-garment", version: "2025.1", digest: "sha256:abc")
        #expect(
            failure(context.questionnaire(for: pin))
                == "no compiled questionnaire xx-garment 2025.1 (questionnaires/compiled/xx-garment/2025.1.json); compiled versions: 2026.1, 2026.2")
    }

    @Test func aPinOfAnUncompiledQuestionnaireSaysHowToCompileIt() throws {
        let context = try context(versions: ["2026.1"])
        let pin = QuestionnairePin(id: "kh-garment", version: "1", digest: "sha256:abc")
        #expect(
            failure(context.questionnaire(for: pin))
                == "no compiled questionnaire kh-garment 1 (questionnaires/compiled/kh-garment/1.json); 'star questionnaire compile' writes it")
    }

    @Test func aPinWhoseDigestDiffersIsRefused() throws {
        let context = try context(versions: ["2026.1"])
        let current = try garmentQuestionnaire(version: "2026.1").digest
        let pin = QuestionnairePin(id: "xx-garment", version: "2026.1", digest: "sha256:0000")
        #expect(
            failure(context.questionnaire(for: pin))
                == "made for xx-garment 2026.1 with digest sha256:0000, but questionnaires/compiled/xx-garment/2026.1.json has digest \(current): the questionnaire changed since"
        )
    }

    @Test func withoutAReferenceTheNewestVersionForTheFactoryIsChosen() throws {
        let context = try context(versions: ["2026.2", "2026.10", "2026.9"])
        #expect(try context.questionnaire(nil, for: factory).get().version == "2026.10")
    }

    @Test func aBareIDChoosesItsNewestVersion() throws {
        let context = try context(versions: ["2026.2", "2026.10"])
        #expect(try context.questionnaire("xx-garment", for: factory).get().version == "2026.10")
    }

    @Test func anIDAtAVersionChoosesThatVersion() throws {
        let context = try context(versions: ["2026.2", "2026.3"])
        #expect(try context.questionnaire("xx-garment@2026.2", for: factory).get().version == "2026.2")
        #expect(
            failure(context.questionnaire("xx-garment@2027.1", for: factory))
                == "no compiled questionnaire xx-garment 2027.1; compiled versions: 2026.2, 2026.3")
    }

    @Test func anUnknownIDListsTheCompiledQuestionnaires() throws {
        let context = try context(versions: ["2026.1"])
        #expect(failure(context.questionnaire("kh-garment", for: factory)) == "no compiled questionnaire 'kh-garment'; compiled questionnaires: xx-garment")
    }

    @Test func withNothingCompiledTheMessageSaysHowToCompile() {
        let context = AssessmentContext(factories: [factory], compiled: [])
        #expect(
            failure(context.questionnaire("xx-garment", for: factory)) == "no compiled questionnaire 'xx-garment'; 'star questionnaire compile' writes them")
        #expect(failure(context.questionnaire(nil, for: factory)) == "no compiled questionnaire is made for XX garment; name one with --questionnaire")
    }

    @Test func aFactoryOfAnotherIndustryIsToldWhatItsCountryHas() throws {
        let context = try context(versions: ["2026.1"])
        let shoes = Factory(id: "XX-0002", name: "Xland Shoes", country: "XX", industry: "footwear")
        #expect(
            failure(context.questionnaire(nil, for: shoes))
                == "no compiled questionnaire is made for XX footwear (for XX: xx-garment); name one with --questionnaire")
    }

    @Test func twoQuestionnairesForOneIndustryMustBeNamed() throws {
        var other = try garmentQuestionnaire()
        other.id = "xx-garment-lite"
        other.seal()
        let context = AssessmentContext(factories: [factory], compiled: [try garmentQuestionnaire(), other])
        #expect(
            failure(context.questionnaire(nil, for: factory))
                == "several questionnaires are made for XX garment (xx-garment, xx-garment-lite); name one with --questionnaire")
    }

    @Test(arguments: [("2026.2", "2026.10"), ("2026.1", "2026.1.1"), ("2025.12", "2026.1"), ("1-a", "1-b"), ("9", "10")])
    func versionsCompareNumberByNumber(_ older: String, _ newer: String) {
        #expect(AssessmentContext.versionPrecedes(older, newer))
        #expect(!AssessmentContext.versionPrecedes(newer, older))
    }

    @Test func aVersionDoesNotPrecedeItself() {
        #expect(!AssessmentContext.versionPrecedes("2026.1", "2026.1"))
    }
}
