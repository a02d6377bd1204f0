import Testing

@testable import StarCore

private let file = "sheets/XX-0001.yaml"

/// A filled-in sheet; `extra` replaces line 10 (an empty line) so a test can add or break one field.
private func sheetText(
    kind: String = "assessment", visit: String = "{start: 2026-03-14, end: 2026-03-15, announced: false}",
    assessors: String = "[{id: adv-sophea, gender: female}, {id: adv-dara, gender: male}]",
    factory: String = "XX-0001", star: String = "answer-sheet/1", extra: String = ""
) -> String {
    """
    star: \(star)
    factory: \(factory)
    questionnaire: {id: xx-garment, version: "2026.1", digest: "sha256:abc"}
    kind: \(kind)
    language: en
    visit: \(visit)
    assessors: \(assessors)
    answers:
      CL.CHILD.1: no
      WT.OT.2: 61
      WT.OT.3: ~
    notes:
      WT.OT.2: payroll week 9
      WT.OT.3: "not asked yet"
    \(extra)

    """
}

/// The errors of a sheet, as `file:line: code: message`. A sheet that reads keeps the same errors as its `problems`.
private func errors(_ text: String) -> [String] {
    let (sheet, diagnostics) = AnswerSheet.read(text, file: file, today: .today)
    if let sheet { #expect(sheet.problems == diagnostics) }
    return diagnostics.filter { $0.severity == .error }.map { "\($0.location.file):\($0.location.line): \($0.code): \($0.message)" }
}

@Suite struct AnswerSheetTests {
    @Test func aFilledSheetIsReadWithEveryField() throws {
        let (sheet, diagnostics) = AnswerSheet.read(sheetText(extra: "amends: XX-0001/2026-03-01"), file: file, today: .today)
        #expect(diagnostics.isEmpty)
        let read = try #require(sheet)
        #expect(read.factory == "XX-0001")
        #expect(read.questionnaire == QuestionnairePin(id: "xx-garment", version: "2026.1", digest: "sha256:abc"))
        #expect(read.kind == .assessment)
        #expect(read.language == "en")
        #expect(read.visit == Visit(start: CalendarDate("2026-03-14")!, end: CalendarDate("2026-03-15")!, announced: false))
        #expect(read.assessors == [Assessor(id: "adv-sophea", gender: "female"), Assessor(id: "adv-dara", gender: "male")])
        #expect(read.amends == RecordID("XX-0001/2026-03-01"))
        #expect(
            read.answers == [
                "CL.CHILD.1": RawAnswer(value: .string("no")),
                "WT.OT.2": RawAnswer(value: .string("61"), note: "payroll week 9"),
                "WT.OT.3": RawAnswer(value: nil, note: "not asked yet"),
            ])
    }

    @Test func answersAreLocatedWhereTheirIDIsWritten() throws {
        let sheet = try #require(AnswerSheet.read(sheetText(), file: file, today: .today).0)
        #expect(sheet.location(of: "CL.CHILD.1") == SourceLocation(file: file, line: 9, column: 3))
        #expect(sheet.location(of: "WT.OT.2") == SourceLocation(file: file, line: 10, column: 3))
        #expect(sheet.location(of: "HS.1") == SourceLocation(file: file))
        #expect(sheet.factoryLocation.line == 2)
        #expect(sheet.questionnaireLocation.line == 3)
    }

    @Test func aNoteWithoutAnAnswerIsLocatedAtTheNote() throws {
        let sheet = try #require(AnswerSheet.read(sheetText(extra: "  WT.OT.1: overtime on Sundays"), file: file, today: .today).0)
        #expect(sheet.answers["WT.OT.1"] == RawAnswer(value: nil, note: "overtime on Sundays"))
        #expect(sheet.location(of: "WT.OT.1") == SourceLocation(file: file, line: 15, column: 3))
    }

    @Test func theEndOfAVisitDefaultsToItsStart() throws {
        let sheet = try #require(AnswerSheet.read(sheetText(visit: "{start: 2026-03-14}"), file: file, today: .today).0)
        #expect(sheet.visit == Visit(start: CalendarDate("2026-03-14")!, end: CalendarDate("2026-03-14")!, announced: nil))
    }

    @Test func aSheetWithABrokenVisitStillCarriesItsAnswersAndItsProblems() throws {
        let (sheet, diagnostics) = AnswerSheet.read(sheetText(visit: "{start: 2026-02-30}"), file: file, today: .today)
        let read = try #require(sheet)
        #expect(read.visit == nil)
        #expect(read.answers["CL.CHILD.1"] == RawAnswer(value: .string("no")))
        #expect(read.problems == diagnostics)
        #expect(diagnostics.map(\.code) == ["invalid-date"])
    }

    @Test func aSheetWhoseKindCannotBeReadIsNotRead() {
        let (sheet, diagnostics) = AnswerSheet.read(sheetText(kind: "audit"), file: file, today: .today)
        #expect(sheet == nil)
        #expect(diagnostics.map(\.code) == ["invalid-value"])
    }

    @Test func anotherFormatIsRefused() {
        #expect(
            errors(sheetText(star: "answer-sheet/2")) == [
                "\(file):1: unsupported-format: unsupported format 'answer-sheet/2'; this version of star reads 'answer-sheet/1'"
            ])
    }

    @Test func aHostileFactoryIDIsRefused() {
        #expect(
            errors(sheetText(factory: "../XX-0001")) == [
                "\(file):2: invalid-id: factory id '../XX-0001' must start with a letter or digit and use only letters, digits, '-', '_' and '.'"
            ])
    }

    @Test func anUnknownKindNamesTheKinds() {
        #expect(errors(sheetText(kind: "audit")) == ["\(file):4: invalid-value: kind must be one of assessment, follow-up, self-assessment, found 'audit'"])
    }

    @Test func aDateThatDoesNotExistIsRefused() {
        #expect(
            errors(sheetText(visit: "{start: 2026-02-30}")) == ["\(file):6: invalid-date: visit start '2026-02-30' is not a date that exists; write YYYY-MM-DD"]
        )
    }

    @Test func aVisitThatEndsBeforeItStartsIsRefused() {
        #expect(
            errors(sheetText(visit: "{start: 2026-03-14, end: 2026-03-13}")) == [
                "\(file):6: invalid-date: the visit ends (2026-03-13) before it starts (2026-03-14)"
            ])
    }

    @Test func anAssessorGenderOutsideTheListIsRefused() {
        #expect(
            errors(sheetText(assessors: "[{id: adv-sophea, gender: f}]")) == [
                "\(file):7: invalid-value: assessor gender must be one of female, male, other, found 'f'"
            ])
    }

    @Test func amendsMustNameARecord() {
        #expect(
            errors(sheetText(extra: "amends: XX-0001/2026-3-1")) == [
                "\(file):15: invalid-value: amends must name a record as <factory>/<YYYY-MM-DD>[-N], found 'XX-0001/2026-3-1'"
            ])
    }

    @Test func anUnknownKeyIsReportedByNameWithAGuess() throws {
        let (sheet, diagnostics) = AnswerSheet.read(sheetText(extra: "assesors: []"), file: file, today: .today)
        #expect(sheet?.problems == diagnostics)
        #expect(
            diagnostics == [
                .error(
                    "unknown-key", "unknown key 'assesors' in an answer sheet", at: SourceLocation(file: file, line: 15, column: 1),
                    notes: ["did you mean 'assessors'?"])
            ])
    }

    @Test func aMissingRequiredKeyIsReported() {
        let text = sheetText().replacingOccurrences(of: "kind: assessment\n", with: "")
        #expect(errors(text) == ["\(file):1: missing-key: an answer sheet is missing required key 'kind'"])
    }

    @Test func anAnswerMustBeASingleValue() {
        let text = sheetText().replacingOccurrences(of: "CL.CHILD.1: no", with: "CL.CHILD.1: [no, yes]")
        #expect(errors(text) == ["\(file):9: wrong-type: the answer to 'CL.CHILD.1' must be a single value, found a list"])
    }

    @Test func invalidYAMLIsOneLocatedError() {
        let (sheet, diagnostics) = AnswerSheet.read("star: answer-sheet/1\nanswers: [\n", file: file, today: .today)
        #expect(sheet == nil)
        #expect(diagnostics.map(\.code) == ["yaml-syntax"])
        #expect(diagnostics.first?.location.file == file)
    }

    // MARK: - Blank sheets

    @Test func aBlankSheetReadsBackWithEveryAnswerOpen() throws {
        let questionnaire = try garmentQuestionnaire()
        let factory = Factory(id: "XX-0001", name: "Xland Shirts", country: "XX", industry: "garment")
        let visit = Visit(start: CalendarDate("2026-03-14")!, end: CalendarDate("2026-03-15")!)
        let text = AnswerSheet.blank(
            for: questionnaire, factory: factory, kind: .followUp, visit: visit, language: "en", amends: RecordID("XX-0001/2026-03-01"))
        let (sheet, diagnostics) = AnswerSheet.read(text, file: file, today: .today)
        #expect(diagnostics.isEmpty)
        let read = try #require(sheet)
        #expect(read.questionnaire == QuestionnairePin(questionnaire))
        #expect(read.kind == .followUp)
        #expect(read.visit == visit)
        #expect(read.amends == RecordID("XX-0001/2026-03-01"))
        #expect(read.assessors.isEmpty)
        #expect(read.answers == Dictionary(uniqueKeysWithValues: questionnaire.questions.map { ($0.id, RawAnswer(value: nil)) }))
    }

    @Test func aBlankSheetExplainsEachQuestionInComments() throws {
        let questionnaire = try garmentQuestionnaire()
        let factory = Factory(id: "XX-0001", name: "Xland Shirts", country: "XX", industry: "garment")
        let visit = Visit(start: CalendarDate("2026-03-14")!, end: CalendarDate("2026-03-14")!, announced: true)
        let text = AnswerSheet.blank(for: questionnaire, factory: factory, kind: .assessment, visit: visit, language: "en")
        #expect(
            text.contains(
                """
                  # WT.OT.2 [number] Highest weekly hours
                  #   Compare with payroll.
                  #   non-compliant when: WT.OT.2 > 60
                  #   applies when: WT.OT.1 == yes
                  WT.OT.2: ~

                """))
        #expect(
            text.contains(
                "  # CL.CHILD.1 [yes-no] Workers under 15?\n  #   Check personnel files.\n  #   non-compliant when: CL.CHILD.1 == yes\n  CL.CHILD.1: ~\n"))
        #expect(text.contains("  # WT.OT.3 [choice: written | none] Consent to overtime\n"))
        #expect(text.contains("  #   non-compliant when: answer none\n"))
        #expect(text.contains("visit: {start: 2026-03-14, end: 2026-03-14, announced: true}\n"))
        #expect(text.contains("questionnaire: {id: xx-garment, version: \"2026.1\", digest: \"\(questionnaire.digest)\"}\n"))
        #expect(!text.contains("amends:"))
    }

    @Test func yamlStringQuotesWhatYAMLWouldReadOtherwise() {
        #expect(AnswerSheet.yamlString("XX-0001") == "XX-0001")
        #expect(AnswerSheet.yamlString("xx-garment") == "xx-garment")
        #expect(AnswerSheet.yamlString("2026.1") == "\"2026.1\"")
        #expect(AnswerSheet.yamlString("2026-03-14") == "\"2026-03-14\"")
        #expect(AnswerSheet.yamlString("no") == "\"no\"")
        #expect(AnswerSheet.yamlString("Off") == "\"Off\"")
        #expect(AnswerSheet.yamlString("") == "\"\"")
        #expect(AnswerSheet.yamlString("sha256:ab") == "\"sha256:ab\"")
        #expect(AnswerSheet.yamlString("say \"hi\"") == "\"say \\\"hi\\\"\"")
    }
}
