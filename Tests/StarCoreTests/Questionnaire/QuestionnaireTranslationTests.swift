import Testing

@testable import StarCore

/// A country file that alters the text of CL.CHILD.1 and adds one choice question.
private let countryYAML = """
    star: questionnaire/1
    id: xx
    version: "1"
    extends: core
    title: {en: "Xland"}
    languages: [en]
    questions:
      - id: XX.WT.OT.1
        point: WT.OT
        type: choice
        text: {en: "Who decides on overtime?"}
        options:
          - {id: worker, text: {en: "Each worker"}}
          - {id: manager, text: {en: "The manager"}, noncompliant: true}
        guidance: {en: "Interview workers."}
    alter:
      - id: WT.OT.1
        text: {en: "Is overtime worked at the factory?"}
    """

/// The core's Khmer texts: cluster and point titles, and two of its three questions.
private let coreKhmer = """
    star: translation/1
    questionnaire: core
    language: km
    status: draft
    clusters: {CL: "ពលកម្មកុមារ", WT: "ពេលវេលាធ្វើការ"}
    points:
      CL.CHILD: "កុមារធ្វើការ"
      WT.HOURS: {title: "ម៉ោងធ្វើការធម្មតា"}
      WT.OT: "ការងារបន្ថែមម៉ោង"
    questions:
      CL.CHILD.1:
        text: "តើមានកម្មករអាយុក្រោម {minimum_age} ឆ្នាំដែរឬទេ?"
        guidance: "ពិនិត្យឯកសារបុគ្គលិក។"
      WT.OT.1: "តើមានការងារបន្ថែមម៉ោងដែរឬទេ?"
    """

private let countryKhmer = """
    star: translation/1
    questionnaire: xx
    language: km
    status: draft
    title: "ប្រទេស X"
    questions:
      XX.WT.OT.1:
        text: "តើអ្នកណាសម្រេចលើការងារបន្ថែមម៉ោង?"
        options: {worker: "កម្មករម្នាក់ៗ"}
    """

private func files(_ extra: (path: String, text: String)...) -> [(path: String, text: String)] {
    [(corePath, coreYAML), ("XX/xx.yaml", countryYAML), ("core.km.yaml", coreKhmer), ("XX/xx.km.yaml", countryKhmer)] + extra
}

@Suite struct QuestionnaireTranslationTests {
    @Test func aTranslationAddsTheLanguageWithCoreTextsAndWithoutEditingCore() throws {
        let (compiled, diagnostics) = QuestionnaireCompiler.compile("xx", in: QuestionnaireLibrary(files: files()))
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        let q = try #require(compiled)
        #expect(q.languages == ["en", "km"])
        #expect(q.title["km"] == "ប្រទេស X")
        #expect(q.clusters.first?.title["km"] == "ពលកម្មកុមារ")
        #expect(q.points.first { $0.id == "WT.HOURS" }?.title["km"] == "ម៉ោងធ្វើការធម្មតា")
        let child = try #require(q.questions.first { $0.id == "CL.CHILD.1" })
        #expect(child.text["km"] == "តើមានកម្មករអាយុក្រោម 15 ឆ្នាំដែរឬទេ?")
        #expect(child.guidance["km"] == "ពិនិត្យឯកសារបុគ្គលិក។")
        #expect(q.translations["km"]?.status == "draft")
        #expect(q.translations["km"]?.files == ["core.km.yaml", "XX/xx.km.yaml"])
    }

    @Test func anAlteredTextIsNotShownWithTheBaseTranslationOfTheOldText() throws {
        let (compiled, _) = QuestionnaireCompiler.compile("xx", in: QuestionnaireLibrary(files: files()))
        let altered = try #require(compiled?.questions.first { $0.id == "WT.OT.1" })
        #expect(altered.text["km"] == nil)
        #expect(altered.text.text(in: "km") == "Is overtime worked at the factory?")
        #expect(compiled?.translations["km"]?.untranslated.contains("WT.OT.1") == true)
    }

    @Test func lintNotesWhatIsUntranslatedWithCountsAndIDsWithoutFailing() throws {
        let library = QuestionnaireLibrary(files: files())
        let result = QuestionnaireLinter.lint(library, publisher: nil)
        let note = try #require(result.diagnostics.first { $0.code == "untranslated" })
        #expect(note.severity == .note)
        #expect(note.message == "xx 1 in 'km' (draft): 3 of 12 texts, options and titles untranslated; 6 of 7 guidance and descriptions")
        #expect(note.notes == ["untranslated: WT.OT.1, WT.OT.2, XX.WT.OT.1/manager", "until translated, these show in English"])
        #expect(note.location.file == "XX/xx.km.yaml")
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
        #expect(result.diagnostics.filter { $0.code == "untranslated" }.count == 1)
    }

    @Test func aTranslationWithoutTheLeafTranslationAddsNoLanguage() throws {
        let library = QuestionnaireLibrary(files: [(corePath, coreYAML), ("XX/xx.yaml", countryYAML), ("core.km.yaml", coreKhmer)])
        let (compiled, _) = QuestionnaireCompiler.compile("xx", in: library)
        #expect(compiled?.languages == ["en"])
        #expect(compiled?.translations.isEmpty == true)
    }

    @Test func diffShowsAnAddedLanguageOnceInsteadOfEveryTextReworded() throws {
        let before = try #require(
            QuestionnaireCompiler.compile("xx", in: QuestionnaireLibrary(files: [(corePath, coreYAML), ("XX/xx.yaml", countryYAML)])).questionnaire)
        let after = try #require(QuestionnaireCompiler.compile("xx", in: QuestionnaireLibrary(files: files())).questionnaire)
        let diff = QuestionnaireDiff(from: before, to: after)
        #expect(diff.questions.isEmpty)
        #expect(diff.text == "xx 1 -> xx 1\nlanguages: en -> en, km (texts compared in en)\n\nlanguages only\n")
        #expect(diff.json["languages"]?["after"] == .array([.string("en"), .string("km")]))
    }

    @Test func haitianCreoleFallsBackToFrenchThenEnglish() {
        let text: LocalizedText = ["en": "Overtime", "fr": "Heures supplémentaires"]
        #expect(text.text(in: "ht") == "Heures supplémentaires")
        #expect(text.text(in: "km") == "Overtime")
        #expect(ReportStrings("ht").language == "fr")
        #expect(ReportStrings("km").language == "en")
    }

    @Test func strayEntriesUnknownTargetsDuplicatesAndBadStatusAreReported() {
        let stray = """
            star: "translation/1"
            questionnaire: xx
            language: vi
            status: final
            questions:
              CL.CHILD.1: "Có người lao động dưới {minimum_age} tuổi không?"
              XX.WT.OT.9: "Không tồn tại"
            """
        let unknown = """
            star: translation/1
            questionnaire: yy
            language: vi
            status: draft
            """
        let duplicate = coreKhmer.replacingOccurrences(of: "status: draft", with: "status: reviewed")
        let library = QuestionnaireLibrary(files: files(("XX/xx.vi.yaml", stray), ("YY/yy.vi.yaml", unknown), ("more/core.km.yaml", duplicate)))
        let messages = library.diagnostics.map { "\($0.severity) \($0.code): \($0.message)" }.sorted()
        #expect(
            messages == [
                "error duplicate-translation: 'core' already has a 'km' translation",
                "error unknown-questionnaire: 'YY/yy.vi.yaml' translates 'yy', which is not a questionnaire in this repository",
                "error wrong-type: status must be draft or reviewed, found 'final'",
                "warning stray-translation: 'CL.CHILD.1' is not a text that 'xx' writes, so this translation is never shown",
                "warning stray-translation: 'XX.WT.OT.9' is not a text that 'xx' writes, so this translation is never shown",
            ])
    }

    @Test func aPlaceholderInATranslationMustBeAParameter() {
        let broken = coreKhmer.replacingOccurrences(of: "{minimum_age}", with: "{minimum_aeg}")
        let library = QuestionnaireLibrary(files: [
            (corePath, coreYAML), ("XX/xx.yaml", countryYAML), ("core.km.yaml", broken), ("XX/xx.km.yaml", countryKhmer),
        ])
        let (_, diagnostics) = QuestionnaireCompiler.compile("xx", in: library)
        #expect(
            diagnostics.contains {
                $0.code == "unknown-parameter" && $0.message == "text of 'CL.CHILD.1' in the km translation (km) uses '{minimum_aeg}', which is not a parameter"
                    && $0.location.file == "core.km.yaml"
            })
    }
}

@Suite struct QuestionnaireReviewTests {
    private func country(_ top: String, parameters: String = "") -> (path: String, text: String) {
        (
            "XX/xx.yaml",
            """
            star: questionnaire/1
            id: xx
            version: "2026.3"
            extends: core
            title: {en: "Xland"}
            languages: [en]
            \(top)
            parameters:
              wage:
                type: number
                default: 100
                checked: 2025-01-10
            \(parameters)
            """
        )
    }

    @Test func reviewedChangelogTransparencyAndCheckedDatesReachTheCompiledForm() throws {
        let file = country(
            """
            reviewed: 2026-12-01
            changelog:
              - version: "2026.3"
                date: 2026-12-01
                changes: ["Minimum wage updated"]
            transparency: {list: "Xland public reporting list", source: "Better Work Xland", date: 2025-06-30, notes: ["child labour"]}
            """, parameters: "  minimum_age: {value: 16, checked: 2026-11-30}")
        let (compiled, diagnostics) = compileWithCore("xx", file)
        let q = try #require(compiled, "\(diagnostics)")
        #expect(q.reviewed == "2026-12-01")
        #expect(q.changelog == [.init(version: "2026.3", date: "2026-12-01", changes: ["Minimum wage updated"])])
        #expect(
            q.transparency == TransparencyList(list: "Xland public reporting list", source: "Better Work Xland", date: "2025-06-30", notes: ["child labour"]))
        #expect(q.parameters["minimum_age"]?.value == .number(16))
        #expect(q.parameters["minimum_age"]?.checked == "2026-11-30")
        let reread = try CompiledQuestionnaire(json: q.json)
        #expect(reread.reviewed == q.reviewed && reread.changelog == q.changelog && reread.transparency == q.transparency)
        #expect(reread.parameters["minimum_age"]?.checked == "2026-11-30")
        // Checked in January 2025, reviewed in December 2026: more than a year.
        let review: Set<String> = ["stale-parameter", "changelog-behind", "missing-reviewed"]
        #expect(diagnostics.map(\.code).filter(review.contains) == ["stale-parameter"])
        #expect(
            diagnostics.first { $0.code == "stale-parameter" }?.message
                == "parameter 'wage' was last checked on 2025-01-10, more than a year before the review of 2026-12-01")
    }

    @Test func aChangelogWithoutTheCurrentVersionOrAReviewDateIsWarned() {
        let file = country(
            """
            changelog:
              - {version: "2026.2", date: 2026-06-01, changes: ["First version"]}
            """)
        let codes = compileWithCore("xx", file).diagnostics.map(\.code).filter { ["stale-parameter", "changelog-behind", "missing-reviewed"].contains($0) }
        #expect(codes.sorted() == ["changelog-behind", "missing-reviewed"])
    }

    @Test func aWrongReviewDateIsAnError() {
        let (_, diagnostics) = compileWithCore("xx", country("reviewed: 2026-02-30"))
        #expect(diagnostics.contains { $0.code == "wrong-type" && $0.message == "reviewed must be a date written YYYY-MM-DD, found '2026-02-30'" })
    }
}
