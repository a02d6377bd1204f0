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

/// One answer as written in a record: its question id and the raw answer.
public struct AnswerEntry: Sendable, Hashable {
    public var id: String
    public var answer: RawAnswer

    public init(id: String, answer: RawAnswer) {
        self.id = id
        self.answer = answer
    }
}

/// Answers in order, as AnswerCheck reads them: each with its question id.
protocol AnswerList {
    var count: Int { get }
    func answer(at index: Int) -> RawAnswer
    func id(at index: Int) -> String
    /// The number of the question of every answer, nil for an unknown question (EvaluationPlan.questionNumber).
    func questionNumbers(in plan: EvaluationPlan) -> [Int?]
}

extension Array: AnswerList where Element == AnswerEntry {
    func answer(at index: Int) -> RawAnswer { self[index].answer }
    func id(at index: Int) -> String { self[index].id }
    func questionNumbers(in plan: EvaluationPlan) -> [Int?] {
        var position = 0
        return map { plan.questionNumber(of: $0.id, position: &position) }
    }
}

/// The answers of a sheet or a record checked against the compiled questionnaire they pin: the one place
/// that decides which answers are acceptable, for `assess record`, `assess finalize`, `star validate`,
/// aggregation and every other reader of records (AssessmentStore.fullCheck).
public struct AnswerCheck: Sendable {
    public var findings: Findings
    /// The problems, located. A record's are located by AssessmentStore.fullCheck, with the rest of the
    /// record's, only when they are shown; until then they are in `problems`.
    public internal(set) var diagnostics: [Diagnostic]
    /// The problems as found, not located yet.
    let problems: [UnlocatedDiagnostic]
    /// Applicable questions without an answer, in questionnaire order.
    public var unanswered: [String]
    /// By question number (EvaluationPlan.questions).
    let typedAnswers: [Answer?]
    /// The answers as given, for `answers`.
    private let raw: any AnswerList & Sendable

    /// By question id as written: the answers of the right type, and the notes. Built when asked (`star
    /// validate` and aggregation never ask).
    public var answers: [String: RecordedAnswer] {
        var answers: [String: RecordedAnswer] = [:]
        for (entry, question) in raw.questionNumbers(in: findings.plan).enumerated() {
            guard let index = question else { continue }
            let answer = typedAnswers[index]
            let note = raw.answer(at: entry).note
            if answer != nil || note != nil { answers[raw.id(at: entry)] = RecordedAnswer(answer: answer, note: note) }
        }
        return answers
    }

    /// - Unknown question ids and answers of the wrong type or option are errors.
    /// - An answer to a question that `when` rules out is a warning: it is kept, and counts for nothing.
    /// - An applicable question left blank is an error only when `complete` (a final record).
    public init(
        _ raw: [String: RawAnswer], against questionnaire: CompiledQuestionnaire, complete: Bool,
        location: (String) -> SourceLocation
    ) {
        self.init(raw, against: EvaluationPlan(questionnaire), complete: complete, location: location)
    }

    public init(_ raw: [String: RawAnswer], against plan: EvaluationPlan, complete: Bool, location: (String) -> SourceLocation) {
        self.init(raw.map { AnswerEntry(id: $0.key, answer: $0.value) }, against: plan, complete: complete, location: location)
    }

    /// The same over answers in file order (a record's), each question id once.
    public init(_ raw: [AnswerEntry], against plan: EvaluationPlan, complete: Bool, location: (String) -> SourceLocation) {
        self.init(raw, against: plan, complete: complete)
        diagnostics = problems.locatedKeyByKey(location).sorted()
    }

    /// The check with its problems left unlocated (`problems`; `diagnostics` stays empty). Without
    /// `warningNotApplicable`, answers to questions that do not apply are not reported (RecordCheck: a final
    /// record cannot change, so the warning could never be acted on).
    init(_ raw: some AnswerList & Sendable, against plan: EvaluationPlan, complete: Bool, warningNotApplicable: Bool = true) {
        self.init(Self.read(raw, plan), of: raw, against: plan, complete: complete, warningNotApplicable: warningNotApplicable)
    }

    /// The same from answers already read for their questions (`read`, or CanonicalAnswers straight from a record's bytes).
    init(_ read: ReadAnswers, of raw: some AnswerList & Sendable, against plan: EvaluationPlan, complete: Bool, warningNotApplicable: Bool) {
        var problems = read.problems
        let findings = Findings(plan: plan, answers: read.typed)
        unanswered = Self.applicability(
            findings.questionFindings, read.typed, plan, complete: complete, warningNotApplicable: warningNotApplicable, refused: read.refused,
            into: &problems)
        typedAnswers = read.typed
        self.raw = raw
        self.findings = findings
        self.problems = problems
        diagnostics = []
    }

    /// Answers read for their questions: by question number, with the problems found (unknown question, wrong
    /// type or option) and the questions whose answer was refused.
    struct ReadAnswers {
        var typed: [Answer?]
        var problems: [UnlocatedDiagnostic] = []
        var refused = Set<Int>()

        init(questions: Int) {
            typed = [Answer?](repeating: nil, count: questions)
        }

        /// An answer to `id`, which is no question of the plan.
        mutating func unknown(_ id: String, in plan: EvaluationPlan) {
            let questionnaire = plan.questionnaire
            let guess = plan.questions.map(\.id).filter { editDistance($0, id) <= 2 }.sorted().first
            problems.append(
                UnlocatedDiagnostic(
                    .error(
                        "unknown-question", "'\(id)' is not a question of \(questionnaire.id) \(questionnaire.version)", at: unlocated,
                        notes: [guess.map { "did you mean '\($0)'?" } ?? "'star questionnaire show \(questionnaire.id)' lists its questions"]),
                    key: id))
        }

        /// The answer to question number `question` (written for `id`) as EvaluationPlan.parse read it.
        mutating func add(_ parsed: Result<Answer, AnswerError>, question: Int, id: @autoclosure () -> String) {
            switch parsed {
            case .success(let answer): typed[question] = answer
            case .failure(let error):
                problems.append(UnlocatedDiagnostic(.error("invalid-answer", error.message, at: unlocated), key: id()))
                refused.insert(question)
            }
        }
    }

    /// Each answer read for its question.
    private static func read(_ raw: some AnswerList, _ plan: EvaluationPlan) -> ReadAnswers {
        var read = ReadAnswers(questions: plan.questions.count)
        for (entry, question) in raw.questionNumbers(in: plan).enumerated() {
            guard let index = question else {
                read.unknown(raw.id(at: entry), in: plan)
                continue
            }
            guard let value = raw.answer(at: entry).value else { continue }
            read.add(plan.parse(value, question: index), question: index, id: raw.id(at: entry))
        }
        return read
    }

    /// Where a problem is until it is located.
    private static let unlocated = SourceLocation(file: "")

    /// The questions whose applicability is unknown because their `when` reads, directly or through another
    /// such question, an answer that was refused; the refused ones included. One mistake gets one error:
    /// these are not reported as unanswered or as answered though not applicable.
    private static func undecided(_ refused: Set<Int>, _ typed: [Answer?], _ findings: [Finding], _ plan: EvaluationPlan) -> Set<Int> {
        guard !refused.isEmpty else { return [] }
        var undecided = refused
        for (index, question) in plan.questions.enumerated() where !undecided.contains(index) {
            guard let when = question.when, when.questionReferences.contains(where: { plan.questionIndex[$0].map(undecided.contains) == true }) else {
                continue
            }
            let value = when.evaluate { id in
                guard let number = plan.questionIndex[id], !undecided.contains(number), findings[number] != .notApplicable else { return nil }
                return typed[number]?.value
            }
            if value == nil { undecided.insert(index) }
        }
        return undecided
    }

    /// The problems of what applies (`findings`, judged or not): answers to questions that do not apply, and
    /// (when `complete`) applicable questions without an answer. Returns the latter.
    private static func applicability(
        _ findings: [Finding], _ typed: [Answer?], _ plan: EvaluationPlan, complete: Bool, warningNotApplicable: Bool, refused: Set<Int>,
        into problems: inout [UnlocatedDiagnostic]
    ) -> [String] {
        var unanswered: [String] = []
        let undecided = Self.undecided(refused, typed, findings, plan)
        for (index, finding) in findings.enumerated() {
            if undecided.contains(index) { continue }
            switch finding {
            case .notApplicable where warningNotApplicable && typed[index] != nil:
                let question = plan.questions[index]
                problems.append(
                    UnlocatedDiagnostic(
                        .warning(
                            "answer-not-applicable", "'\(question.id)' is answered, but it does not apply given the other answers; its answer does not count",
                            at: unlocated, notes: question.when.map { ["it applies when \($0)"] } ?? []), key: question.id))
            case .unanswered:
                let id = plan.questions[index].id
                unanswered.append(id)
                if complete {
                    problems.append(
                        UnlocatedDiagnostic(
                            .error(
                                "unanswered", "'\(id)' applies but has no answer; a final record answers every applicable question",
                                at: unlocated), key: id))
                }
            default: break
            }
        }
        return unanswered
    }
}
