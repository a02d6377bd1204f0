import Testing

@testable import StarCore

/// A small deterministic random source, so a failing case can be replayed.
private struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

private let ids = ["A.1", "A.2", "A.3", "B.1", "B.2", "B.3", "C.1", "C.2"]
private let types: [QuestionType] = [.yesNo, .number, .choice, .text, .yesNo, .number, .choice, .date]

private func randomExpression(_ depth: Int, _ rng: inout SplitMix) -> Expression {
    if depth == 0 || Int.random(in: 0..<4, using: &rng) == 0 {
        switch Int.random(in: 0..<7, using: &rng) {
        case 0, 1: return .question((ids + ["NOPE.1"]).randomElement(using: &rng)!)
        case 2: return .number(Double(Int.random(in: -2...5, using: &rng)))
        case 3: return .text(["good", "bad", "x", "2026-01-01"].randomElement(using: &rng)!)
        case 4: return .yesNo(Bool.random(using: &rng))
        case 5: return .parameter("p")
        default: return .question(ids.randomElement(using: &rng)!)
        }
    }
    switch Int.random(in: 0..<6, using: &rng) {
    case 0: return .not(randomExpression(depth - 1, &rng))
    case 1: return .negate(randomExpression(depth - 1, &rng))
    default:
        return .binary(
            Expression.BinaryOperator.allCases.randomElement(using: &rng)!,
            randomExpression(depth - 1, &rng), randomExpression(depth - 1, &rng))
    }
}

private func randomAnswer(_ type: QuestionType, _ rng: inout SplitMix) -> Answer? {
    guard Int.random(in: 0..<4, using: &rng) != 0 else { return nil }
    switch type {
    case .yesNo: return .yesNo(Bool.random(using: &rng))
    case .number: return .number(Double(Int.random(in: -1...4, using: &rng)))
    case .choice: return .choice(["good", "bad", "ugly"].randomElement(using: &rng)!)
    case .text: return .text(["x", "good", "y"].randomElement(using: &rng)!)
    case .date: return .date(CalendarDate(["2025-12-31", "2026-01-01", "2026-06-30"].randomElement(using: &rng)!)!)
    }
}

private func question(_ index: Int, _ rng: inout SplitMix) -> CompiledQuestionnaire.Question {
    let options =
        types[index] == .choice
        ? [
            CompiledQuestionnaire.Option(id: "good", text: [:], noncompliant: false),
            CompiledQuestionnaire.Option(id: "bad", text: [:], noncompliant: Bool.random(using: &rng)),
            CompiledQuestionnaire.Option(id: "bad", text: [:], noncompliant: Bool.random(using: &rng)),
            CompiledQuestionnaire.Option(id: "ugly", text: [:], noncompliant: Bool.random(using: &rng)),
        ]
        : []
    return CompiledQuestionnaire.Question(
        id: ids[index], type: types[index], text: [:], guidance: [:], legal: [], isPublic: true,
        when: Bool.random(using: &rng) ? randomExpression(3, &rng) : nil,
        noncompliantIf: Bool.random(using: &rng) ? randomExpression(3, &rng) : nil,
        options: options, origin: CompiledQuestionnaire.Origin(file: "q.yaml", line: 1), alteredBy: [])
}

/// The findings as Expression.evaluate decides them, question by question over a dictionary of what is visible.
private func referenceFindings(_ questions: [CompiledQuestionnaire.Question], _ answers: [Answer?]) -> [Finding] {
    var visible: [String: Value] = [:]
    var findings: [Finding] = []
    for (question, answer) in zip(questions, answers) {
        let read = { (id: String) -> Value? in visible[id] }
        if let when = question.when, when.evaluate(read) != .condition(true) {
            findings.append(.notApplicable)
            continue
        }
        guard let answer else {
            findings.append(.unanswered)
            continue
        }
        visible[question.id] = answer.value
        if case .choice(let option) = answer, question.options.first(where: { $0.id == option })?.noncompliant == true {
            findings.append(.nonCompliant)
        } else if let rule = question.noncompliantIf, rule.evaluate(read) == .condition(true) {
            findings.append(.nonCompliant)
        } else {
            findings.append(.compliant)
        }
    }
    return findings
}

@Suite struct EvaluationPlanTests {
    /// The plan resolves and folds expressions once; whatever it does, its findings must be those of
    /// evaluating each expression as written.
    @Test func findingsAgreeWithEvaluatingTheExpressionsAsWritten() {
        var rng = SplitMix(state: 2026)
        for _ in 0..<400 {
            let questions = ids.indices.map { question($0, &rng) }
            let points = [
                CompiledQuestionnaire.Point(id: "A", title: [:], description: [:], questions: Array(questions[0..<3])),
                CompiledQuestionnaire.Point(id: "B", title: [:], description: [:], questions: Array(questions[3..<6])),
                CompiledQuestionnaire.Point(id: "C", title: [:], description: [:], questions: Array(questions[6...])),
                CompiledQuestionnaire.Point(id: "D", title: [:], description: [:], questions: []),
            ]
            let questionnaire = CompiledQuestionnaire(
                id: "q", version: "1", title: [:], languages: ["en"], country: nil, industry: nil,
                sources: [], parameters: [:], clusters: [.init(id: "X", title: [:], points: points)],
                digest: "")
            let plan = EvaluationPlan(questionnaire)
            for _ in 0..<20 {
                let answers = questions.map { randomAnswer($0.type, &rng) }
                let findings = Findings(plan: plan, answers: answers)
                let expected = referenceFindings(questions, answers)
                #expect(findings.questionFindings == expected, "\(questions.map { ($0.id, $0.when?.description, $0.noncompliantIf?.description) }) \(answers)")
                #expect(
                    findings.pointFindings
                        == [expected[0..<3], expected[3..<6], expected[6...], []].map { point in
                            point.contains(.nonCompliant)
                                ? .nonCompliant : point.contains(.compliant) ? .compliant : point.contains(.unanswered) ? .unanswered : .notApplicable
                        })
            }
        }
    }

    @Test func answersAreFoundInAnyOrder() {
        var rng = SplitMix(state: 7)
        let questions = ids.indices.map { question($0, &rng) }
        let questionnaire = CompiledQuestionnaire(
            id: "q", version: "1", title: [:], languages: ["en"], country: nil, industry: nil,
            sources: [], parameters: [:],
            clusters: [
                .init(
                    id: "X", title: [:],
                    points: [
                        .init(id: "A", title: [:], description: [:], questions: questions)
                    ])
            ],
            digest: "")
        let plan = EvaluationPlan(questionnaire)
        for order in [ids, ids.reversed(), ids.shuffled(using: &rng), ["Z.9", "A.1", "0", "C.2", "B.1"]] {
            var position = 0
            for id in order {
                #expect(plan.questionNumber(of: id, position: &position) == ids.firstIndex(of: id))
            }
        }
    }
}
