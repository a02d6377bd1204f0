/// Every check over every questionnaire of a repository, writing nothing: what CI runs.
public enum QuestionnaireLinter {
    public struct Result: Sendable {
        public var diagnostics: [Diagnostic]
        public var compiled: [CompiledQuestionnaire]
    }

    /// Compiles each questionnaire in memory; also reports compiled files that are stale or frozen-and-changed.
    /// `lint` also notes what each translation file still lacks; `star validate` (the other entry) does not.
    public static func lint(_ library: QuestionnaireLibrary, publisher: QuestionnairePublisher?) -> Result {
        var result = lint(compile(library), publisher: publisher)
        result.diagnostics = Array(Set(result.diagnostics + result.compiled.flatMap(untranslated))).sorted()
        return result
    }

    /// Every questionnaire of a library compiled: the part of lint that needs no publisher, so `star validate`
    /// can do it while it learns from the records which versions are pinned.
    public struct Compiled: Sendable {
        var diagnostics: Set<Diagnostic>
        var questionnaires: [(source: QuestionnaireSource, questionnaire: CompiledQuestionnaire)]
    }

    public static func compile(_ library: QuestionnaireLibrary) -> Compiled {
        var compiled = Compiled(diagnostics: Set(library.diagnostics), questionnaires: [])
        for source in library.sources {
            let (questionnaire, found) = QuestionnaireCompiler.compile(source.id.value, in: library)
            compiled.diagnostics.formUnion(found)
            guard let questionnaire, !source.isAbstract else { continue }
            compiled.questionnaires.append((source, questionnaire))
        }
        return compiled
    }

    /// The rest of lint: the compiled files against what the sources compile to.
    public static func lint(_ compiled: Compiled, publisher: QuestionnairePublisher?) -> Result {
        var diagnostics = compiled.diagnostics
        diagnostics.formUnion(publicFlagDifferences(compiled.questionnaires.map(\.questionnaire)))
        for (source, questionnaire) in compiled.questionnaires {
            guard let publisher else { continue }
            let check = publisher.check(questionnaire, versionLocation: source.version.location)
            if let problem = check.problem {
                diagnostics.insert(problem)
            } else if check.isStale {
                diagnostics.insert(
                    .warning(
                        "stale-compiled",
                        "\(QuestionnairePublisher.compiledPath(id: questionnaire.id, version: questionnaire.version)) is out of date with its sources",
                        at: source.version.location, notes: ["run 'star questionnaire compile' and commit the result"]))
            }
        }
        return Result(diagnostics: diagnostics.sorted(), compiled: compiled.questionnaires.map(\.questionnaire))
    }

    /// What each language added by a translation file still lacks: a note (never a failure, even under
    /// --strict), with counts and the ids of the required texts, at the translation's `language` line.
    static func untranslated(_ questionnaire: CompiledQuestionnaire) -> [Diagnostic] {
        questionnaire.translations.sorted(by: { $0.key < $1.key }).compactMap { language, translation in
            guard let location = translation.location, !translation.untranslated.isEmpty || translation.untranslatedOptional > 0 else { return nil }
            var notes: [String] = []
            if !translation.untranslated.isEmpty { notes.append("untranslated: \(translation.untranslated.joined(separator: ", "))") }
            notes.append("until translated, these show in \(LanguageFallback.nearest[language].map { "\($0), then " } ?? "")English")
            return Diagnostic(
                .note, "untranslated",
                "\(questionnaire.id) \(questionnaire.version) in '\(language)' (\(translation.status)): \(translation.untranslated.count) of \(translation.required) texts, options and titles untranslated; \(translation.untranslatedOptional) of \(translation.optional) guidance and descriptions",
                at: location, notes: notes)
        }
    }
}
