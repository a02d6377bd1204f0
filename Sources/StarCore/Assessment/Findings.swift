/// What an assessment found: derived from the answers and the pinned compiled questionnaire, never typed
/// by hand (docs/findings.md).
public enum Finding: String, Sendable, Hashable, CaseIterable {
    case compliant
    case nonCompliant = "non-compliant"
    case notApplicable = "not-applicable"
    /// Applicable but not answered: allowed in a draft, never in a final record.
    case unanswered
}

public struct Findings: Sendable, Equatable {
    public var questions: [String: Finding]
    public var points: [String: Finding]

    /// Evaluates every question in compiled order.
    ///
    /// - A question whose `when` is not true (false, or unknown because what it reads is missing or not
    ///   applicable) is not applicable.
    /// - An applicable question without an answer is unanswered.
    /// - It is non-compliant when its `noncompliant-if` is true or its chosen option is marked non-compliant;
    ///   an unknown rule does not make it non-compliant.
    /// - Expressions read only the answers of applicable questions.
    public init(questionnaire: CompiledQuestionnaire, answers: [String: Answer]) {
        var questions: [String: Finding] = [:]
        var points: [String: Finding] = [:]
        var visible: [String: Value] = [:]
        for point in questionnaire.points {
            var findings: [Finding] = []
            for question in point.questions {
                let finding = Findings.evaluate(question, answer: answers[question.id], visible: visible)
                if finding != .notApplicable, let answer = answers[question.id] { visible[question.id] = answer.value }
                questions[question.id] = finding
                findings.append(finding)
            }
            points[point.id] = Findings.combine(findings)
        }
        self.questions = questions
        self.points = points
    }

    static func evaluate(_ question: CompiledQuestionnaire.Question, answer: Answer?, visible: [String: Value]) -> Finding {
        if let when = question.when, when.evaluate({ visible[$0] }) != .condition(true) {
            return .notApplicable
        }
        guard let answer else { return .unanswered }
        if case .choice(let option) = answer, question.options.first(where: { $0.id == option })?.noncompliant == true {
            return .nonCompliant
        }
        if let rule = question.noncompliantIf {
            var withOwn = visible
            withOwn[question.id] = answer.value
            if rule.evaluate({ withOwn[$0] }) == .condition(true) { return .nonCompliant }
        }
        return .compliant
    }

    /// A point is non-compliant if any question is; else compliant if any is; else unanswered if any is;
    /// else not applicable.
    static func combine(_ findings: [Finding]) -> Finding {
        if findings.contains(.nonCompliant) { return .nonCompliant }
        if findings.contains(.compliant) { return .compliant }
        if findings.contains(.unanswered) { return .unanswered }
        return .notApplicable
    }

    /// A cluster's compliance rate: compliant points / applicable (compliant or non-compliant) points;
    /// nil when no point of the cluster applies.
    public func complianceRate(of cluster: CompiledQuestionnaire.Cluster) -> Double? {
        let findings = cluster.points.compactMap { points[$0.id] }
        let compliant = findings.filter { $0 == .compliant }.count
        let applicable = compliant + findings.filter { $0 == .nonCompliant }.count
        return applicable == 0 ? nil : Double(compliant) / Double(applicable)
    }
}
