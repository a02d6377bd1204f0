import Foundation
import Testing

@testable import StarCore

@Suite struct ReportStringsTests {
    @Test func everyLabelExistsInEveryLanguageWithTheSamePlaceholders() {
        func placeholders(_ text: String) -> [String] {
            text.split(separator: "{", omittingEmptySubsequences: false).dropFirst().compactMap { $0.split(separator: "}").first.map(String.init) }.sorted()
        }
        for key in ReportStrings.Key.allCases {
            let en = StringTables.tables["en"]?.texts[key.tableKey] ?? ""
            let fr = StringTables.tables["fr"]?.texts[key.tableKey] ?? ""
            #expect(!en.isEmpty && !fr.isEmpty, "\(key)")
            #expect(placeholders(en) == placeholders(fr), "\(key)")
        }
        #expect(ReportStrings.languages == ["en", "fr"])
    }

    @Test func valuesAreSubstitutedOnceAndNeverReRead() {
        let t = ReportStrings("en")
        #expect(t(.asOf, "2026-11-30") == "as of 2026-11-30")
        #expect(t(.noOverlap, "{0}") == "no overlap with {0}: a real difference")
        #expect(ReportStrings("km")(.profile) == "Profile", "a language without report texts falls back to English")
    }

    @Test func theLanguageIsCheckedAgainstTheReportTextsAndTheQuestionnaire() throws {
        let repo = try ReportRepository(factories: [])
        defer { repo.remove() }
        var questionnaire = try #require(repo.questionnaires["xx-garment"])
        #expect(try ReportStrings.resolve(nil, questionnaire: nil) == "en")
        #expect(try ReportStrings.resolve(nil, questionnaire: questionnaire) == "en")
        #expect(try ReportStrings.resolve("fr", questionnaire: questionnaire) == "fr")
        questionnaire.languages = ["fr", "en"]
        #expect(try ReportStrings.resolve(nil, questionnaire: questionnaire) == "fr", "the questionnaire's first language")
        questionnaire.languages = ["en"]
        #expect(throws: ReportError.questionnaireLanguage(questionnaire: "xx-garment", language: "fr", available: ["en"])) {
            try ReportStrings.resolve("fr", questionnaire: questionnaire)
        }
        #expect(
            ReportError.questionnaireLanguage(questionnaire: "xx-garment", language: "fr", available: ["en"]).description
                == "'xx-garment' has no 'fr' texts; its languages are en")
        #expect(throws: ReportError.unknownLanguage("km")) { try ReportStrings.resolve("km", questionnaire: nil) }
    }

    @Test func valuesReadAsTextInTheReportsLanguage() {
        let en = ReportStrings("en")
        let fr = ReportStrings("fr")
        #expect(en.text(.percent(0.11363)) == "11.4%")
        #expect(en.text(.percent(nil)) == "n/a" && fr.text(.percent(nil)) == "s.o.")
        #expect(en.text(.interval(0.037...0.39)) == "3.7%–39.0%")
        #expect(en.text(.points(-0.125)) == "-12.5 pp" && en.text(.points(0.031)) == "+3.1 pp")
        #expect(fr.text(fr.finding(.nonCompliant)) == "non conforme")
        #expect(fr.status(.inProgress) == .term("in-progress", "en cours"))
    }
}
