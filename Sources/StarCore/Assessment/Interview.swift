/// The state of a question-by-question interview: which applicable question comes next, given the answers
/// so far. `when` is re-evaluated after every answer, so questions it rules out are never asked. The
/// command layer does the talking and saves the draft after every answer.
public struct Interview: Sendable {
    public let questionnaire: CompiledQuestionnaire
    public private(set) var answers: [String: RecordedAnswer]
    /// Questions passed over in this session: asked again only once everything else is done.
    public private(set) var skipped: Set<String> = []

    public init(questionnaire: CompiledQuestionnaire, answers: [String: RecordedAnswer] = [:]) {
        self.questionnaire = questionnaire
        self.answers = answers
    }

    public var findings: Findings {
        Findings(questionnaire: questionnaire, answers: answers.compactMapValues(\.answer))
    }

    /// The first applicable unanswered question in questionnaire order, skipped ones last; nil when done.
    public var next: CompiledQuestionnaire.Question? {
        let open = questionnaire.questions.filter { findings.questions[$0.id] == .unanswered }
        return open.first { !skipped.contains($0.id) } ?? open.first
    }

    /// Answered applicable questions and all applicable ones, for a progress line.
    public var progress: (answered: Int, applicable: Int) {
        let found = findings.questions.values
        let applicable = found.filter { $0 != .notApplicable }.count
        return (applicable - found.filter { $0 == .unanswered }.count, applicable)
    }

    /// Records an answer typed at the prompt; the error says what the question takes.
    public mutating func answer(_ questionID: String, with text: String) -> Result<Void, AnswerError> {
        guard let question = questionnaire.questions.first(where: { $0.id == questionID }) else {
            return .failure(AnswerError("'\(questionID)' is not a question of \(questionnaire.id)"))
        }
        switch Answer.parse(.string(text.trimmingSpaces), for: question) {
        case .success(let answer):
            answers[questionID, default: RecordedAnswer(answer: nil)].answer = answer
            skipped.remove(questionID)
            return .success(())
        case .failure(let error):
            return .failure(error)
        }
    }

    public mutating func note(_ questionID: String, _ text: String) {
        let note = text.trimmingSpaces
        answers[questionID, default: RecordedAnswer(answer: nil)].note = note.isEmpty ? nil : note
        if answers[questionID] == RecordedAnswer(answer: nil) { answers[questionID] = nil }
    }

    public mutating func skip(_ questionID: String) {
        skipped.insert(questionID)
    }

    /// Forgets an answer, so the question is asked again.
    public mutating func clear(_ questionID: String) {
        answers[questionID]?.answer = nil
        if answers[questionID]?.note == nil { answers[questionID] = nil }
    }
}
