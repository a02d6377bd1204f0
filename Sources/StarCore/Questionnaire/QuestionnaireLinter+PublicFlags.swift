/// The same issue is flagged the same way across countries (issue 22): a question inherited by several
/// questionnaires of a repository, whose `public` flag one of them alters to differ from another's, is
/// warned unless that questionnaire's transparency notes name the question (the reason its list differs).
extension QuestionnaireLinter {
    static func publicFlagDifferences(_ questionnaires: [CompiledQuestionnaire]) -> [Diagnostic] {
        var byID: [String: [(questionnaire: CompiledQuestionnaire, question: CompiledQuestionnaire.Question)]] = [:]
        for questionnaire in questionnaires {
            for question in questionnaire.questions { byID[question.id, default: []].append((questionnaire, question)) }
        }
        var diagnostics: [Diagnostic] = []
        for (id, uses) in byID where uses.count > 1 && Set(uses.map(\.question.isPublic)).count > 1 {
            // Only questions that come from the same file are the same question.
            guard Set(uses.map(\.question.origin.file)).count == 1 else { continue }
            let flagged = uses.filter(\.question.isPublic).map(\.questionnaire.id).sorted()
            let unflagged = uses.filter { !$0.question.isPublic }.map(\.questionnaire.id).sorted()
            for use in uses {
                guard let alteration = use.question.alteredBy.last,
                    !(use.questionnaire.transparency?.notes.contains { $0.contains(id) } ?? false)
                else { continue }
                let others = use.question.isPublic ? unflagged : flagged
                diagnostics.append(
                    .warning(
                        "public-differs",
                        "'\(id)' is \(use.question.isPublic ? "public" : "not public") in '\(use.questionnaire.id)' but \(use.question.isPublic ? "not public" : "public") in \(others.map { "'\($0)'" }.joined(separator: ", "))",
                        at: SourceLocation(file: alteration.file, line: alteration.line, column: 5),
                        notes: [
                            "flag the same issue the same way in every country, or write in the questionnaire's transparency notes why its list differs (naming '\(id)')"
                        ]))
            }
        }
        return diagnostics
    }
}
