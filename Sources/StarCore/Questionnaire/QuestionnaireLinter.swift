/// Every check over every questionnaire of a repository, writing nothing: what CI runs.
public enum QuestionnaireLinter {
    public struct Result: Sendable {
        public var diagnostics: [Diagnostic]
        public var compiled: [CompiledQuestionnaire]
    }

    /// Compiles each questionnaire in memory; also reports compiled files that are stale or frozen-and-changed.
    public static func lint(_ library: QuestionnaireLibrary, publisher: QuestionnairePublisher?) -> Result {
        lint(compile(library), publisher: publisher)
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
        for (source, questionnaire) in compiled.questionnaires {
            guard let publisher else { continue }
            let check = publisher.check(questionnaire, versionLocation: source.version.location)
            if let problem = check.problem {
                diagnostics.insert(problem)
            } else if check.isStale {
                diagnostics.insert(.warning("stale-compiled", "\(QuestionnairePublisher.compiledPath(id: questionnaire.id, version: questionnaire.version)) is out of date with its sources",
                                            at: source.version.location, notes: ["run 'star questionnaire compile' and commit the result"]))
            }
        }
        return Result(diagnostics: diagnostics.sorted(), compiled: compiled.questionnaires.map(\.questionnaire))
    }
}
