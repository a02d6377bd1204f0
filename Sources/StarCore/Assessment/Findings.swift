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
public final class EvaluationPlan: Sendable {
    public let questionnaire: CompiledQuestionnaire
    public let questions: [CompiledQuestionnaire.Question]
    /// For each question, the number of its point.
    public let pointOfQuestion: [Int]
    public let pointIDs: [String]
    public let questionIndex: [String: Int]
    public let pointIndex: [String: Int]

    public init(_ questionnaire: CompiledQuestionnaire) {
        self.questionnaire = questionnaire
        var questions: [CompiledQuestionnaire.Question] = [], pointOfQuestion: [Int] = [], pointIDs: [String] = []
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
        var visible = [Value?](repeating: nil, count: plan.questions.count)
        var questions = [Finding](repeating: .notApplicable, count: plan.questions.count)
        let read = { (id: String) -> Value? in plan.questionIndex[id].flatMap { visible[$0] } }
        for (index, question) in plan.questions.enumerated() {
            if let when = question.when, when.evaluate(read) != .condition(true) { continue }
            guard let answer = index < answers.count ? answers[index] : nil else {
                questions[index] = .unanswered
                continue
            }
            // Applicable: later questions, and this question's own rule, may read the answer.
            visible[index] = answer.value
            questions[index] = Findings.judge(question, answer, read)
        }
        var points = [[Finding]](repeating: [], count: plan.pointIDs.count)
        for (index, finding) in questions.enumerated() { points[plan.pointOfQuestion[index]].append(finding) }
        questionFindings = questions
        pointFindings = points.map(Findings.combine)
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

    static func judge(_ question: CompiledQuestionnaire.Question, _ answer: Answer, _ read: (String) -> Value?) -> Finding {
        if case .choice(let option) = answer, question.options.first(where: { $0.id == option })?.noncompliant == true {
            return .nonCompliant
        }
        if let rule = question.noncompliantIf, rule.evaluate(read) == .condition(true) { return .nonCompliant }
        return .compliant
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
    /// else not applicable.
    static func combine(_ findings: [Finding]) -> Finding {
        if findings.contains(.nonCompliant) { return .nonCompliant }
        if findings.contains(.compliant) { return .compliant }
        if findings.contains(.unanswered) { return .unanswered }
        return .notApplicable
    }
}
