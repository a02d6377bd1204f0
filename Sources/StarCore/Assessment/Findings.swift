/// What an assessment found: derived from the answers and the pinned compiled questionnaire, never typed
/// by hand (docs/findings.md).
public enum Finding: String, Sendable, Hashable, CaseIterable {
    case compliant
    case nonCompliant = "non-compliant"
    case notApplicable = "not-applicable"
    /// Applicable but not answered: allowed in a draft, never in a final record.
    case unanswered
}

/// A compiled questionnaire prepared for evaluating many records: questions and points numbered in
/// compiled order, so findings are computed over arrays rather than dictionaries. Built once per
/// questionnaire and shared (read-only) across threads.
public final class EvaluationPlan: @unchecked Sendable {
    public let questionnaire: CompiledQuestionnaire
    public let questions: [CompiledQuestionnaire.Question]
    /// For each question, the number of its point.
    public let pointOfQuestion: [Int]
    public let pointIDs: [String]
    public let questionIndex: [String: Int]
    public let pointIndex: [String: Int]

    // What checking one record reads, resolved once, in memory the plan owns (freed in deinit) and never
    // changes: plain values read through unsafe buffers, so the threads of `star validate` share them without
    // hashing a string or touching a reference count. That is what makes this class @unchecked Sendable.

    /// By question number.
    let rules: UnsafeMutableBufferPointer<QuestionRule>
    let expressionNodes: UnsafeMutableBufferPointer<ResolvedExpressions.Node>
    /// Option ids, by ranges (QuestionRule.options, QuestionRule.noncompliantOptions), and the UTF-8 bytes of
    /// each as a range of `optionBytes` (a record's answer is compared with them as written).
    let optionIDs: UnsafeMutableBufferPointer<String>
    let optionIDBytes: UnsafeMutableBufferPointer<Range<Int>>
    let optionBytes: UnsafeMutableBufferPointer<UInt8>
    /// The question ids in the order star writes a record's answers (by UTF-8 bytes), as ranges of `idBytes`.
    let idsInRecordOrder: UnsafeMutableBufferPointer<RecordOrderID>
    let idBytes: UnsafeMutableBufferPointer<UInt8>

    struct QuestionRule {
        var type: QuestionType
        var constraints: NumberConstraints
        var point: Int
        var applies: ResolvedExpressions.Condition
        var noncompliant: ResolvedExpressions.Condition
        var options: Range<Int>
        /// The options that make the question non-compliant.
        var noncompliantOptions: Range<Int>
    }

    struct RecordOrderID {
        var bytes: Range<Int>
        var question: Int
    }

    public init(_ questionnaire: CompiledQuestionnaire) {
        self.questionnaire = questionnaire
        var questions: [CompiledQuestionnaire.Question] = []
        var pointOfQuestion: [Int] = []
        var pointIDs: [String] = []
        for point in questionnaire.points {
            for question in point.questions {
                questions.append(question)
                pointOfQuestion.append(pointIDs.count)
            }
            pointIDs.append(point.id)
        }
        self.questions = questions
        self.pointOfQuestion = pointOfQuestion
        self.pointIDs = pointIDs
        questionIndex = Dictionary(questions.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        pointIndex = Dictionary(pointIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })

        var expressions = ResolvedExpressions()
        var rules: [QuestionRule] = []
        var optionIDs: [String] = []
        for (number, question) in questions.enumerated() {
            let applies = expressions.condition(question.when, absent: true, questionNumbers: questionIndex)
            let noncompliant = expressions.condition(question.noncompliantIf, absent: false, questionNumbers: questionIndex)
            let options = optionIDs.count
            optionIDs += question.options.map(\.id)
            let noncompliantOptions = optionIDs.count
            // The first option of an id decides whether choosing it is a non-compliance.
            for (index, option) in question.options.enumerated() where option.noncompliant {
                if !question.options[..<index].contains(where: { $0.id == option.id }) { optionIDs.append(option.id) }
            }
            rules.append(
                QuestionRule(
                    type: question.type, constraints: question.constraints, point: pointOfQuestion[number], applies: applies, noncompliant: noncompliant,
                    options: options..<noncompliantOptions, noncompliantOptions: noncompliantOptions..<optionIDs.count))
        }
        var idBytes: [UInt8] = []
        var idsInRecordOrder: [RecordOrderID] = []
        for (id, number) in questionIndex.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            idsInRecordOrder.append(RecordOrderID(bytes: idBytes.count..<idBytes.count + id.utf8.count, question: number))
            idBytes += id.utf8
        }
        self.rules = .copy(of: rules)
        expressionNodes = .copy(of: expressions.nodes)
        self.optionIDs = .copy(of: optionIDs)
        var optionBytes: [UInt8] = []
        optionIDBytes = .copy(
            of: optionIDs.map { id in
                optionBytes += id.utf8
                return optionBytes.count - id.utf8.count..<optionBytes.count
            })
        self.optionBytes = .copy(of: optionBytes)
        self.idsInRecordOrder = .copy(of: idsInRecordOrder)
        self.idBytes = .copy(of: idBytes)
    }

    deinit {
        for buffer in [
            rules.deinitialize(), expressionNodes.deinitialize(), optionIDs.deinitialize(), optionIDBytes.deinitialize(), optionBytes.deinitialize(),
            idsInRecordOrder.deinitialize(), idBytes.deinitialize(),
        ] {
            buffer.deallocate()
        }
    }

    /// The number of question `id`, or nil. `position` walks through the ids in the order star writes a
    /// record's answers, so looking up a record's answers one after the other mostly compares a few bytes;
    /// an id out of that order is looked up by hash.
    func questionNumber(of id: String, position: inout Int) -> Int? {
        var utf8 = id
        return utf8.withUTF8 { questionNumber(written: $0, position: &position, id: id) }
    }

    /// The same for an id given as the UTF-8 bytes it is written with; `id` makes the String when hashing is needed.
    func questionNumber(written key: UnsafeBufferPointer<UInt8>, position: inout Int, id: @autoclosure () -> String) -> Int? {
        while position < idsInRecordOrder.count {
            let candidate = idsInRecordOrder[position]
            let bytes = UnsafeBufferPointer(rebasing: idBytes[candidate.bytes])
            // Mostly the very next id: try equality first, a comparison of words.
            if bytesEqual(bytes, key) {
                position += 1
                return candidate.question
            }
            if compareBytes(bytes, key) < 0 {
                position += 1
                continue
            }
            break
        }
        return questionIndex[id()]
    }

    func isOption(_ option: String, of question: Int) -> Bool {
        optionIDs[rules[question].options].contains(option)
    }

    /// The option of `question` written as `written` (UTF-8 bytes), when there is one.
    @inline(__always)
    func option(written: UnsafeBufferPointer<UInt8>, of question: Int) -> String? {
        for option in rules[question].options where bytesEqual(UnsafeBufferPointer(rebasing: optionBytes[optionIDBytes[option]]), written) {
            return optionIDs[option]
        }
        return nil
    }

    func isNoncompliantOption(_ option: String, of question: Int) -> Bool {
        optionIDs[rules[question].noncompliantOptions].contains(option)
    }

    /// Reads a raw answer for question number `question`, as Answer.parse(_:for:) does.
    func parse(_ raw: JSONValue, question: Int) -> Result<Answer, AnswerError> {
        Answer.parse(
            raw, type: rules[question].type, constraints: rules[question].constraints, hasOption: { isOption($0, of: question) },
            question: { (questions[question].id, questions[question].options.map(\.id)) })
    }
}

extension UnsafeMutableBufferPointer {
    /// A new buffer holding `elements`; the owner deinitializes and deallocates it.
    fileprivate static func copy(of elements: [Element]) -> Self {
        let buffer = allocate(capacity: elements.count)
        _ = buffer.initialize(fromContentsOf: elements)
        return buffer
    }
}

public struct Findings: Sendable {
    public let plan: EvaluationPlan
    /// By question number (EvaluationPlan.questions).
    public let questionFindings: [Finding]
    /// By point number (EvaluationPlan.pointIDs).
    public let pointFindings: [Finding]

    /// Evaluates every question in compiled order.
    ///
    /// - A question whose `when` is not true (false, or unknown because what it reads is missing or not
    ///   applicable) is not applicable.
    /// - An applicable question without an answer is unanswered.
    /// - It is non-compliant when its `noncompliant-if` is true or its chosen option is marked non-compliant;
    ///   an unknown rule does not make it non-compliant.
    /// - Expressions read only the answers of applicable questions.
    public init(plan: EvaluationPlan, answers: [Answer?]) {
        self.plan = plan
        let questions = Findings.questionFindings(plan: plan, answers: answers)
        var points = [Finding](repeating: .notApplicable, count: plan.pointIDs.count)
        for (index, finding) in questions.enumerated() {
            let point = plan.rules[index].point
            points[point] = Findings.combine(points[point], finding)
        }
        questionFindings = questions
        pointFindings = points
    }

    /// The finding of each question.
    static func questionFindings(plan: EvaluationPlan, answers: [Answer?]) -> [Finding] {
        let count = plan.rules.count
        let answers = answers.count >= count ? answers : answers + Array(repeating: nil, count: count - answers.count)
        var questions = [Finding](repeating: .notApplicable, count: count)
        answers.withUnsafeBufferPointer { answers in
            questions.withUnsafeMutableBufferPointer { questions in
                let evaluation = ResolvedExpressions.Evaluation(
                    nodes: UnsafeBufferPointer(plan.expressionNodes), answers: answers,
                    findings: UnsafeBufferPointer(questions))
                for index in 0..<count {
                    let rule = plan.rules[index]
                    guard evaluation.holds(rule.applies) else { continue }
                    guard let answer = answers[index] else {
                        questions[index] = .unanswered
                        continue
                    }
                    // Applicable: from here on, later questions and this question's own rule read its answer.
                    questions[index] = .compliant
                    if case .choice(let option) = answer, plan.isNoncompliantOption(option, of: index) {
                        questions[index] = .nonCompliant
                    } else if evaluation.holds(rule.noncompliant) {
                        questions[index] = .nonCompliant
                    }
                }
            }
        }
        return questions
    }

    public init(questionnaire: CompiledQuestionnaire, answers: [String: Answer]) {
        let plan = EvaluationPlan(questionnaire)
        self.init(plan: plan, answers: plan.questions.map { answers[$0.id] })
    }

    /// By question id.
    public var questions: [String: Finding] {
        Dictionary(uniqueKeysWithValues: zip(plan.questions.map(\.id), questionFindings))
    }

    /// By compliance point id.
    public var points: [String: Finding] {
        Dictionary(uniqueKeysWithValues: zip(plan.pointIDs, pointFindings))
    }

    /// A cluster's compliance rate: compliant points / applicable (compliant or non-compliant) points;
    /// nil when no point of the cluster applies.
    public func complianceRate(of cluster: CompiledQuestionnaire.Cluster) -> Double? {
        let findings = cluster.points.compactMap { plan.pointIndex[$0.id].map { pointFindings[$0] } }
        let compliant = findings.filter { $0 == .compliant }.count
        let applicable = compliant + findings.filter { $0 == .nonCompliant }.count
        return applicable == 0 ? nil : Double(compliant) / Double(applicable)
    }

    /// A point is non-compliant if any question is; else compliant if any is; else unanswered if any is;
    /// else not applicable. Folded one question at a time, starting from not applicable.
    static func combine(_ point: Finding, _ question: Finding) -> Finding {
        rank(question) > rank(point) ? question : point
    }

    private static func rank(_ finding: Finding) -> Int {
        switch finding {
        case .notApplicable: 0
        case .unanswered: 1
        case .compliant: 2
        case .nonCompliant: 3
        }
    }
}
