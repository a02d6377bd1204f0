/// Every check over every questionnaire of a repository, writing nothing: what CI runs.
public enum QuestionnaireLinter {
    public struct Result: Sendable {
        public var diagnostics: [Diagnostic]
        public var compiled: [CompiledQuestionnaire]
    }

    /// Compiles each questionnaire in memory; also reports compiled files that are stale or frozen-and-changed.
    public static func lint(_ library: QuestionnaireLibrary, publisher: QuestionnairePublisher?) -> Result {
        var diagnostics = Set(library.diagnostics)
        var compiled: [CompiledQuestionnaire] = []
        for source in library.sources {
            let (questionnaire, found) = QuestionnaireCompiler.compile(source.id.value, in: library)
            diagnostics.formUnion(found)
            guard let questionnaire, !source.isAbstract else { continue }
            compiled.append(questionnaire)
            guard let publisher else { continue }
            let check = publisher.check(questionnaire, versionLocation: source.version.location)
            if let problem = check.problem {
                diagnostics.insert(problem)
            } else if check.isStale {
                diagnostics.insert(.warning("stale-compiled", "\(QuestionnairePublisher.compiledPath(id: questionnaire.id, version: questionnaire.version)) is out of date with its sources",
                                            at: source.version.location, notes: ["run 'star questionnaire compile' and commit the result"]))
            }
        }
        return Result(diagnostics: diagnostics.sorted(), compiled: compiled)
    }
}
