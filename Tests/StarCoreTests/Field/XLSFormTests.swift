import Foundation
import StarCore
import Testing
import ZIPFoundation

/// A questionnaire with every answer type and the kinds of `when` an XLSForm must carry.
private let fieldYAML = """
    star: questionnaire/1
    id: field-test
    version: "1.0"
    title: {en: "Field test", fr: "Essai terrain"}
    languages: [en, fr]
    parameters:
      limit: {type: number, default: 48, description: {en: "Limit", fr: "Limite"}}
      has_dorms: {type: yes-no, default: "no", description: {en: "Dorms", fr: "Dortoirs"}}
    clusters:
      - id: WT
        title: {en: "Working time", fr: "Temps de travail"}
        points:
          - {id: WT.OT, title: {en: "Overtime", fr: "Heures sup."}}
    questions:
      - {id: WT.OT.1, point: WT.OT, type: yes-no, text: {en: "Overtime?", fr: "Heures sup. ?"}, guidance: {en: "Time cards.", fr: "Pointage."}}
      - {id: WT.OT.2, point: WT.OT, type: number, text: {en: "Hours", fr: "Heures"}, when: "WT.OT.1 == yes", noncompliant-if: "> {limit} + 12", guidance: {en: "g", fr: "g"}}
      - {id: WT.OT.3, point: WT.OT, type: choice, text: {en: "Consent", fr: "Consentement"}, when: "WT.OT.2 > 0 and not WT.OT.1 == no", guidance: {en: "g", fr: "g"},
         options: [{id: written, text: {en: "Written", fr: "Écrit"}}, {id: none, text: {en: "None", fr: "Aucun"}, noncompliant: true}]}
      - {id: WT.OT.4, point: WT.OT, type: date, text: {en: "Last audit", fr: "Dernier audit"}, when: "WT.OT.3 != 'none' or WT.OT.2 / WT.OT.2 >= 1", guidance: {en: "g", fr: "g"}}
      - {id: WT.OT.5, point: WT.OT, type: text, text: {en: "Policy", fr: "Politique"}, when: "WT.OT.4 < '2026-01-01'", guidance: {en: "g", fr: "g"}}
      - {id: WT.OT.6, point: WT.OT, type: yes-no, text: {en: "Dorms?", fr: "Dortoirs ?"}, when: "{has_dorms} == yes", guidance: {en: "g", fr: "g"}}

    """

private func fieldQuestionnaire() throws -> CompiledQuestionnaire {
    let (compiled, diagnostics) = compile("field-test", ("questionnaires/field.yaml", fieldYAML))
    #expect(!diagnostics.hasErrors, "\(diagnostics)")
    return try #require(compiled)
}

private func form(_ questionnaire: CompiledQuestionnaire) throws -> XLSForm {
    let (form, diagnostics) = XLSForm.make(questionnaire)
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    return try #require(form)
}

private func row(_ form: XLSForm, _ name: String) -> [String: String]? {
    form.survey.rows.first { $0["name"] == name }
}

@Suite struct XLSFormTests {
    @Test func questionsSitInAGroupPerClusterAndPointWithTheirTypes() throws {
        let form = try form(try fieldQuestionnaire())
        let body = form.survey.rows.drop { $0["name"] != "WT" }.map { "\($0["type"]!) \($0["name"]!)" }.filter { !$0.hasSuffix("_note") }
        #expect(
            body == [
                "begin_group WT", "begin_group WT_OT", "select_one yes_no WT_OT_1", "decimal WT_OT_2", "select_one WT_OT_3 WT_OT_3",
                "date WT_OT_4", "text WT_OT_5", "select_one yes_no WT_OT_6", "end_group WT_OT", "end_group WT",
            ])
        #expect(row(form, "WT_OT")?["appearance"] == "field-list")
        #expect(form.choices.rows.filter { $0["list_name"] == "WT_OT_3" }.map { $0["name"]! } == ["written", "none"])
        #expect(form.choices.rows.first { $0["list_name"] == "WT_OT_3" }?["label::Français (fr)"] == "Écrit")
    }

    @Test func eachQuestionHasAnOptionalNoteThatAppearsWithIt() throws {
        let form = try form(try fieldQuestionnaire())
        let names = form.survey.rows.map { $0["name"]! }
        #expect(names.firstIndex(of: "WT_OT_2_note") == names.firstIndex(of: "WT_OT_2")! + 1)
        let note = try #require(row(form, "WT_OT_2_note"))
        #expect(note["type"] == "text")
        #expect(note["required"] == nil)
        #expect(note["appearance"] == "multiline")
        #expect(note["relevant"] == row(form, "WT_OT_2")?["relevant"])
        #expect(note["label::Français (fr)"] == "Note (facultative) sur WT.OT.2")
        #expect(form.fields.questionOfNoteField["WT_OT_2_note"] == "WT.OT.2")
    }

    @Test func aQuestionNamedLikeAnotherOnesNoteIsRefused() throws {
        var questionnaire = try fieldQuestionnaire()
        questionnaire.clusters[0].points[0].questions[1].id = "WT.OT.1_note"
        let (_, diagnostics) = XLSForm.make(questionnaire)
        #expect(diagnostics.map(\.message) == ["question 'WT.OT.1_note' and the note on question 'WT.OT.1' would both be named 'WT_OT_1_note' in an XLSForm"])
    }

    @Test func labelsAndHintsComeInEveryLanguage() throws {
        let form = try form(try fieldQuestionnaire())
        let question = try #require(row(form, "WT_OT_1"))
        #expect(question["label::English (en)"] == "WT.OT.1 Overtime?")
        #expect(question["label::Français (fr)"] == "WT.OT.1 Heures sup. ?")
        #expect(question["hint::English (en)"] == "Time cards.")
        #expect(question["hint::Français (fr)"] == "Pointage.")
        #expect(
            form.settings.rows == [
                [
                    "form_title": "Field test 1.0", "form_id": "field-test", "version": FormFields.formVersion(of: form.fields.questionnaire),
                    "default_language": "English (en)",
                    "instance_name": "concat(${factory}, ' ', ${visit_start}, ' ', ${kind})",
                ]
            ])
    }

    @Test func everyQuestionIsRequiredWhereItApplies() throws {
        let form = try form(try fieldQuestionnaire())
        for name in ["WT_OT_1", "WT_OT_2", "WT_OT_3", "WT_OT_4", "WT_OT_5", "WT_OT_6"] {
            #expect(row(form, name)?["required"] == "yes")
        }
        #expect(row(form, "WT_OT_1")?["relevant"] == nil)
    }

    /// star's `when` is false or unknown when a question it reads is unanswered; XPath reads a blank as ''.
    @Test func relevantIsCertainlyTrueInStarsThreeValuedLogic() throws {
        let form = try form(try fieldQuestionnaire())
        #expect(row(form, "WT_OT_2")?["relevant"] == "${WT_OT_1} != '' and ${WT_OT_1} = 'yes'")
        #expect(row(form, "WT_OT_3")?["relevant"] == "(${WT_OT_2} != '' and ${WT_OT_2} > 0) and (${WT_OT_1} != '' and not(${WT_OT_1} = 'no'))")
        #expect(
            row(form, "WT_OT_4")?["relevant"]
                == "(${WT_OT_3} != '' and not(selected(${WT_OT_3}, 'none'))) or (${WT_OT_2} != '' and ${WT_OT_2} != 0 and (${WT_OT_2} div ${WT_OT_2}) >= 1)")
        #expect(row(form, "WT_OT_5")?["relevant"] == "${WT_OT_4} != '' and decimal-date-time(${WT_OT_4}) < decimal-date-time('2026-01-01')")
        // A parameter set to `no` makes the question never apply: star decides the constant itself.
        #expect(row(form, "WT_OT_6")?["relevant"] == "false()")
    }

    @Test func theFormPinsTheCompiledDigest() throws {
        let questionnaire = try fieldQuestionnaire()
        let form = try form(questionnaire)
        #expect(row(form, "star_questionnaire")?["calculation"] == "'field-test@1.0'")
        #expect(row(form, "star_digest")?["calculation"] == "'\(questionnaire.digest)'")
        let hex = questionnaire.digest.dropFirst("sha256:".count)
        #expect(form.fields.formVersion == "1.0+\(hex.prefix(12))")
    }

    @Test func idsThatMeetOnOneFieldNameAreRefused() throws {
        var questionnaire = try fieldQuestionnaire()
        questionnaire.clusters[0].points[0].questions[1].id = "WT.OT_1"
        let (form, diagnostics) = XLSForm.make(questionnaire)
        #expect(form == nil)
        #expect(
            DiagnosticRenderer.render(diagnostics, as: .text) == """
                questionnaires/field.yaml:16:1: error: question 'WT.OT_1' and question 'WT.OT.1' would both be named 'WT_OT_1' in an XLSForm [field-name-collision]
                  note: ids that differ only by '.' and '_' cannot share a form; give one of them another id

                """)
    }

    @Test func aQuestionNamedLikeStarsOwnFieldsIsRefused() throws {
        var questionnaire = try fieldQuestionnaire()
        questionnaire.clusters[0].points[0].questions[0].id = "factory"
        let (_, diagnostics) = XLSForm.make(questionnaire)
        #expect(diagnostics.map(\.message) == ["question 'factory' and star's own field 'factory' would both be named 'factory' in an XLSForm"])
    }

    @Test func anExpressionThatCannotBeTranslatedIsAnErrorAtItsQuestion() throws {
        var questionnaire = try fieldQuestionnaire()
        questionnaire.clusters[0].points[0].questions[1].when = .binary(.greater, .question("WT.OT.1"), .parameter("limit"))
        let (form, diagnostics) = XLSForm.make(questionnaire)
        #expect(form == nil)
        #expect(
            DiagnosticRenderer.render(diagnostics, as: .text) == """
                questionnaires/field.yaml:16:1: error: the 'when' of 'WT.OT.2' cannot be written in XLSForm: the parameter {limit} has no value in the compiled questionnaire [untranslatable-expression]
                  note: when: WT.OT.1 > {limit}

                """)
    }

    @Test func theWorkbookHoldsTheThreeSheetsAsXLSX() throws {
        let form = try form(try fieldQuestionnaire())
        let bytes = try form.xlsx()
        #expect(try form.xlsx() == bytes, "the same form is the same bytes")
        let archive = try Archive(data: Data(bytes), accessMode: .read)
        func part(_ path: String) throws -> String {
            var data = Data()
            _ = try archive.extract(try #require(archive[path])) { data.append($0) }
            return String(decoding: data, as: UTF8.self)
        }
        let workbook = try part("xl/workbook.xml")
        #expect(
            workbook.contains(
                #"<sheet name="survey" sheetId="1" r:id="rId1"/><sheet name="choices" sheetId="2" r:id="rId2"/><sheet name="settings" sheetId="3" r:id="rId3"/>"#
            ))
        let survey = try part("xl/worksheets/sheet1.xml")
        #expect(survey.contains(#"<c r="A1" t="inlineStr" s="1"><is><t xml:space="preserve">type</t></is></c>"#))
        #expect(survey.contains("${WT_OT_2} &gt; 0"))
        #expect(try part("xl/worksheets/sheet3.xml").contains("field-test"))
        #expect(try part("[Content_Types].xml").contains("/xl/worksheets/sheet3.xml"))
    }

    @Test func columnsPastZAreNamedAA() throws {
        let columns = (1...28).map { "c\($0)" }
        let sheet = XLSXWriter.Sheet(name: "wide", columns: columns, rows: [Dictionary(uniqueKeysWithValues: columns.map { ($0, "v") })])
        let archive = try Archive(data: Data(try XLSXWriter.workbook([sheet])), accessMode: .read)
        var data = Data()
        _ = try archive.extract(try #require(archive["xl/worksheets/sheet1.xml"])) { data.append($0) }
        let xml = String(decoding: data, as: UTF8.self)
        #expect(xml.contains(#"<c r="Z2""#) && xml.contains(#"<c r="AA2""#) && xml.contains(#"<c r="AB2""#))
    }
}
