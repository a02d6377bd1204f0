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

    /// Records an answer typed at the prompt (read by `interpret`); the error says what the question takes.
    public mutating func answer(_ questionID: String, with text: String, language: String = "en") -> Result<Void, AnswerError> {
        guard let question = questionnaire.questions.first(where: { $0.id == questionID }) else {
            return .failure(AnswerError("'\(questionID)' is not a question of \(questionnaire.id)"))
        }
        let typed: String
        switch Self.interpret(text, for: question, language: language) {
        case .success(let read): typed = read
        case .failure(let error): return .failure(error)
        }
        switch Answer.parse(.string(typed), for: question) {
        case .success(let answer):
            answers[questionID, default: RecordedAnswer(answer: nil)].answer = answer
            skipped.remove(questionID)
            return .success(())
        case .failure(let error):
            return .failure(error)
        }
    }

    /// The words for yes and no that the prompt takes in each language, besides English `yes`/`no`/`y`/`n`:
    /// the word and its initial, so an advisor types what comes naturally.
    static let yesNoWords: [String: (yes: [String], no: [String])] = [
        "fr": (["oui", "o"], ["non"]),
        "es": (["sí", "si", "s"], []),
        "pt": (["sim", "s"], ["não", "nao"]),
        "ht": (["wi", "w"], ["non"]),
        "vi": (["có", "co", "c"], ["không", "khong", "k"]),
        "km": (["បាទ", "ចាស"], ["ទេ"]),
        "id": (["ya"], ["tidak", "t"]),
    ]

    /// What a typed answer means for `question`, as the text Answer.parse reads: for yes-no, `yes`/`no` or
    /// `y`/`n` and the language's own words and initials (`o`/`n` in French); for a choice, an option's number
    /// in the list (from 1) or a prefix that only one option id starts with. Anything else is passed on as
    /// typed, so the refusal names what the question takes.
    public static func interpret(_ text: String, for question: CompiledQuestionnaire.Question, language: String) -> Result<String, AnswerError> {
        let typed = text.trimmingSpaces
        let folded = typed.lowercased()
        switch question.type {
        case .yesNo:
            let words = yesNoWords[language.split(separator: "-").first.map(String.init) ?? language]
            if ["yes", "y"].contains(folded) || words?.yes.contains(folded) == true { return .success("yes") }
            if ["no", "n"].contains(folded) || words?.no.contains(folded) == true { return .success("no") }
            return .success(typed)
        case .choice:
            let ids = question.options.map(\.id)
            if ids.contains(typed) { return .success(typed) }
            if let number = Int(typed) {
                guard ids.indices.contains(number - 1) else {
                    return .failure(AnswerError("there is no option \(number); the options are numbered 1 to \(ids.count) ('?' lists them)"))
                }
                return .success(ids[number - 1])
            }
            let matches = ids.filter { $0.lowercased().hasPrefix(folded) }
            if matches.count == 1, !folded.isEmpty { return .success(matches[0]) }
            if matches.count > 1 {
                return .failure(AnswerError("'\(typed)' starts \(matches.joined(separator: ", ")); type more of it, or the option's number"))
            }
            return .success(typed)
        case .number, .text, .date:
            return .success(typed)
        }
    }

    /// The question answered last before `questionID` in questionnaire order (an applicable one): where
    /// `back` goes when this session has no history of its own, as after an interruption.
    public func answered(before questionID: String) -> CompiledQuestionnaire.Question? {
        let questions = questionnaire.questions
        let end = questions.firstIndex { $0.id == questionID } ?? questions.endIndex
        let found = findings.questions
        return questions[..<end].last { answers[$0.id]?.answer != nil && found[$0.id] != .notApplicable }
    }

    /// The answer given to a question, as it would be typed; nil when there is none.
    public func earlierAnswer(_ questionID: String) -> String? {
        guard let answer = answers[questionID]?.answer else { return nil }
        switch answer.json {
        case .string(let text): return text
        case let other: return CanonicalJSON.formatDouble(other.double ?? 0)
        }
    }

    /// The cluster and point a question is under, for the headings of the interview.
    public func place(of questionID: String) -> (cluster: CompiledQuestionnaire.Cluster, point: CompiledQuestionnaire.Point)? {
        for cluster in questionnaire.clusters {
            for point in cluster.points where point.questions.contains(where: { $0.id == questionID }) {
                return (cluster, point)
            }
        }
        return nil
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
