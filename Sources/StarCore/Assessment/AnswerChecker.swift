/// An answer as written in a sheet or a record file, before its question's type is known.
public struct RawAnswer: Sendable, Hashable {
    /// nil when the question is left blank.
    public var value: JSONValue?
    public var note: String?

    public init(value: JSONValue?, note: String? = nil) {
        self.value = value
        self.note = note
    }
}

/// The answers of a sheet or a record checked against the compiled questionnaire they pin: the one place
/// that decides which answers are acceptable, for `assess record`, `assess finalize` and `star validate`.
public struct AnswerCheck: Sendable {
    public var answers: [String: RecordedAnswer]
    public var findings: Findings
    public var diagnostics: [Diagnostic]
    /// Applicable questions without an answer, in questionnaire order.
    public var unanswered: [String]

    /// - Unknown question ids and answers of the wrong type or option are errors.
    /// - An answer to a question that `when` rules out is a warning: it is kept, and counts for nothing.
    /// - An applicable question left blank is an error only when `complete` (a final record).
    public init(_ raw: [String: RawAnswer], against questionnaire: CompiledQuestionnaire, complete: Bool,
                location: (String) -> SourceLocation) {
        self.init(raw, against: EvaluationPlan(questionnaire), complete: complete, location: location)
    }

    public init(_ raw: [String: RawAnswer], against plan: EvaluationPlan, complete: Bool, location: (String) -> SourceLocation) {
        let questionnaire = plan.questionnaire
        var answers: [String: RecordedAnswer] = [:]
        answers.reserveCapacity(raw.count)
        var typed = [Answer?](repeating: nil, count: plan.questions.count)
        var diagnostics: [Diagnostic] = []
        for (id, entry) in raw {
            guard let index = plan.questionIndex[id] else {
                let guess = plan.questions.map(\.id).filter { editDistance($0, id) <= 2 }.sorted().first
                diagnostics.append(.error("unknown-question", "'\(id)' is not a question of \(questionnaire.id) \(questionnaire.version)", at: location(id),
                                          notes: [guess.map { "did you mean '\($0)'?" } ?? "'star questionnaire show \(questionnaire.id)' lists its questions"]))
                continue
            }
            var answer: Answer?
            if let value = entry.value {
                switch Answer.parse(value, for: plan.questions[index]) {
                case .success(let parsed): answer = parsed
                case .failure(let error): diagnostics.append(.error("invalid-answer", error.message, at: location(id)))
                }
            }
            typed[index] = answer
            if answer != nil || entry.note != nil { answers[id] = RecordedAnswer(answer: answer, note: entry.note) }
        }
        let findings = Findings(plan: plan, answers: typed)
        var unanswered: [String] = []
        for (index, question) in plan.questions.enumerated() {
            switch findings.questionFindings[index] {
            case .notApplicable where typed[index] != nil:
                diagnostics.append(.warning("answer-not-applicable", "'\(question.id)' is answered, but it does not apply given the other answers; its answer does not count",
                                            at: location(question.id), notes: question.when.map { ["it applies when \($0)"] } ?? []))
            case .unanswered:
                unanswered.append(question.id)
                if complete {
                    diagnostics.append(.error("unanswered", "'\(question.id)' applies but has no answer; a final record answers every applicable question",
                                              at: location(question.id)))
                }
            default: break
            }
        }
        self.answers = answers
        self.findings = findings
        self.diagnostics = diagnostics.sorted()
        self.unanswered = unanswered
    }
}
