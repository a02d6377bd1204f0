import StarCore
import Testing

private func question(_ id: String) throws -> CompiledQuestionnaire.Question {
    try #require(try garmentQuestionnaire().questions.first { $0.id == id })
}

@Suite struct InterviewInputTests {
    @Test func yesAndNoTakeInitialsAndTheLanguagesOwnWords() throws {
        let child = try question("CL.CHILD.1")
        for (typed, language, meant) in [
            ("y", "en", "yes"), ("N", "en", "no"), ("o", "fr", "yes"), ("oui", "fr", "yes"), ("n", "fr", "no"),
            ("non", "fr", "no"), ("không", "vi", "no"), ("wi", "ht", "yes"),
        ] {
            #expect(try Interview.interpret(typed, for: child, language: language).get() == meant, "\(typed) in \(language)")
        }
        #expect(try Interview.interpret("o", for: child, language: "en").get() == "o", "o means yes only in French")
    }

    @Test func anOptionIsChosenByNumberOrByAUniquePrefix() throws {
        let consent = try question("WT.OT.3")  // written | none
        #expect(try Interview.interpret("1", for: consent, language: "en").get() == "written")
        #expect(try Interview.interpret("2", for: consent, language: "en").get() == "none")
        #expect(try Interview.interpret("wr", for: consent, language: "en").get() == "written")
        guard case .failure(let error) = Interview.interpret("3", for: consent, language: "en") else {
            Issue.record("3 accepted")
            return
        }
        #expect(error.message == "there is no option 3; the options are numbered 1 to 2 ('?' lists them)")
    }

    @Test func aPrefixOfSeveralOptionsAsksForMore() throws {
        let yaml = garmentYAML.replacingOccurrences(of: "{id: none,", with: "{id: word-of-mouth,")
        let compiled = try #require(QuestionnaireCompiler.compile("xx-garment", in: QuestionnaireLibrary(files: [(garmentPath, yaml)])).questionnaire)
        let consent = try #require(compiled.questions.first { $0.id == "WT.OT.3" })
        guard case .failure(let error) = Interview.interpret("w", for: consent, language: "en") else {
            Issue.record("w accepted")
            return
        }
        #expect(error.message == "'w' starts written, word-of-mouth; type more of it, or the option's number")
        #expect(try Interview.interpret("wo", for: consent, language: "en").get() == "word-of-mouth")
    }

    @Test func backAfterAnInterruptionFindsTheLastAnswerBeforeTheQuestion() throws {
        var session = Interview(
            questionnaire: try garmentQuestionnaire(),
            answers: [
                "CL.CHILD.1": RecordedAnswer(answer: .yesNo(false)), "WT.OT.1": RecordedAnswer(answer: .yesNo(true)),
            ])
        #expect(session.next?.id == "WT.OT.2")
        #expect(session.answered(before: "WT.OT.2")?.id == "WT.OT.1")
        #expect(session.earlierAnswer("WT.OT.1") == "yes")
        _ = session.answer("WT.OT.2", with: "61")
        #expect(session.earlierAnswer("WT.OT.2") == "61")
        #expect(session.place(of: "WT.OT.2")?.point.id == "WT.OT")
    }
}
