import Foundation
import Testing

@testable import StarCore

@Suite struct SelfAssessmentGuideTests {
    @Test func everyQuestionIsThereWithItsTextGuidanceLawAndRule() throws {
        let repo = try ReportRepository(factories: [])
        defer { repo.remove() }
        let questionnaire = try #require(repo.questionnaires["xx-garment"])
        let document = try SelfAssessmentGuide.build("xx-garment", language: nil, context: repo.store.context)
        #expect(document.language == "en")
        for question in questionnaire.questions {
            let section = try #require(document.section(ReportSection.anchor("question", question.id)), "\(question.id)")
            #expect(section.blocks.first == .paragraph(question.text["en"]!))
            #expect(section.fact("guidance") == .text(question.guidance["en"]!))
            #expect(section.fact("legal") == .list(question.legal))
            #expect(section.fact("applies-when") == .text(question.when?.description ?? "always"))
            #expect(section.fact("public") == (question.isPublic ? .term("yes", "yes: a critical issue that may be disclosed publicly") : .term("no", "no")))
        }
        let consent = try #require(document.section("question-wt-ot-2"))
        #expect(consent.fact("non-compliant-when") == .text("the answer is none"))
        #expect(consent.fact("applies-when") == .text("WT.OT.1 > 48"))
        #expect(consent.blocks.last == .list(ReportList([.init("written: Written"), .init("none: None (non-compliant)")])))
        #expect(document.section("question-wt-ot-1")?.fact("non-compliant-when") == .text("WT.OT.1 > 60"))
    }

    @Test func theContentsLinkToEveryClusterAndPoint() throws {
        let repo = try ReportRepository(factories: [])
        defer { repo.remove() }
        let document = try SelfAssessmentGuide.build("xx-garment", language: nil, context: repo.store.context)
        let ids = Set(document.allSections.map(\.id))
        #expect(document.linkTargets == ["cluster-cl", "point-cl-child", "cluster-wt", "point-wt-ot", "point-wt-leave"])
        #expect(document.linkTargets.isSubset(of: ids))
        #expect(ids.count == document.allSections.count, "section ids are unique")
        let html = HTMLRenderer.render(document)
        for target in document.linkTargets {
            #expect(html.contains("href=\"#\(target)\"") && html.contains("id=\"\(target)\""))
        }
        let markdown = MarkdownRenderer.render(document)
        #expect(markdown.contains("- [CL Child labour](#cluster-cl)\n  - [CL.CHILD Child labourers](#point-cl-child)"))
        #expect(markdown.contains("<a id=\"point-wt-ot\"></a>\n\n### WT.OT Overtime"))
    }

    @Test func theQuestionnaireIsFoundByIdOrVersionAndTheNewestWins() throws {
        var repo = try ReportRepository(factories: [])
        defer { repo.remove() }
        try repo.addQuestionnaire(id: "xx-garment", country: "XX", version: "2")
        let context = repo.store.context
        #expect(try SelfAssessmentGuide.questionnaire("xx-garment", in: context).version == "2")
        #expect(try SelfAssessmentGuide.questionnaire("xx-garment@1", in: context).version == "1")
        #expect(throws: ReportError.unknownQuestionnaire("no compiled questionnaire 'xx-garment@3'; compiled versions of xx-garment: 1, 2")) {
            try SelfAssessmentGuide.questionnaire("xx-garment@3", in: context)
        }
        #expect(throws: ReportError.unknownQuestionnaire("no compiled questionnaire 'kh-garment'; compiled questionnaires: xx-garment")) {
            try SelfAssessmentGuide.questionnaire("kh-garment", in: context)
        }
    }

    @Test func theGuideIsWrittenInTheLanguageAskedWhenTheQuestionnaireHasIt() throws {
        let repo = try ReportRepository(factories: [])
        defer { repo.remove() }
        let document = try SelfAssessmentGuide.build("xx-garment@1", language: "fr", context: repo.store.context)
        #expect(document.title == "Guide d'auto-évaluation : Test des rapports XX")
        #expect(document.section("question-cl-child-1")?.blocks.first == .paragraph("Travailleurs de moins de 15 ans ?"))
        #expect(document.section("question-cl-child-1")?.fact("answer") == .term("yes-no", "oui (yes) ou non (no)"))
        #expect(throws: ReportError.unknownLanguage("de")) { try SelfAssessmentGuide.build("xx-garment", language: "de", context: repo.store.context) }
    }
}
