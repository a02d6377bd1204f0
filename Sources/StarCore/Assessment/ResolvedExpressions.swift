/// The `when` and `noncompliant-if` expressions of one questionnaire prepared for evaluating many records:
/// question ids resolved to question numbers, constant parts folded (`89 >= 0` is true, and so is
/// `X == yes or 89 >= 0`), every node a plain value in one array. Evaluating then hashes no string and
/// allocates nothing. The operators are those of Expression.evaluate, so the results are the same.
struct ResolvedExpressions {
    enum Node {
        /// The answer of the question with this number, as the record's evaluation sees it.
        case answer(Int)
        case constant(Value?)
        case not(Int)
        case negate(Int)
        case binary(Expression.BinaryOperator, Int, Int)
    }

    /// Whether an expression is true (not false, not unknown) for a record.
    enum Condition {
        case constant(Bool)
        /// Evaluate the node with this number.
        case evaluated(Int)
    }

    private(set) var nodes: [Node] = []

    /// Adds `expression`; `absent` is the condition when there is none.
    mutating func condition(_ expression: Expression?, absent: Bool, questionNumbers: [String: Int]) -> Condition {
        guard let expression else { return .constant(absent) }
        let root = resolve(expression, questionNumbers)
        guard case .constant(let value) = nodes[root] else { return .evaluated(root) }
        nodes.removeLast()
        return .constant(value == .condition(true))
    }

    /// Adds the nodes of `expression`, operands first; returns the number of its root. A node that folds to a
    /// constant replaces its operands' nodes.
    private mutating func resolve(_ expression: Expression, _ numbers: [String: Int]) -> Int {
        let start = nodes.count
        let node: Node
        switch expression {
        case .question(let id): node = numbers[id].map(Node.answer) ?? .constant(nil)
        case .parameter: node = .constant(nil)
        case .number(let n): node = .constant(.number(n))
        case .text(let s): node = .constant(.text(s))
        case .yesNo(let b): node = .constant(.yesNo(b))
        case .not(let operand):
            let index = resolve(operand, numbers)
            node = constant(index).map { .constant(Expression.not($0)) } ?? .not(index)
        case .negate(let operand):
            let index = resolve(operand, numbers)
            node = constant(index).map { .constant(Expression.negate($0)) } ?? .negate(index)
        case .binary(let op, let left, let right):
            let l = resolve(left, numbers)
            let r = resolve(right, numbers)
            switch (constant(l), constant(r)) {
            case (let a?, let b?): node = .constant(Expression.apply(op, a, b))
            // `and`/`or` with a decisive side (false and ..., true or ...) do not depend on the other side.
            case (let a?, nil) where Self.isDecisive(op, a): node = .constant(Expression.apply(op, a, nil))
            case (nil, let b?) where Self.isDecisive(op, b): node = .constant(Expression.apply(op, nil, b))
            default: node = .binary(op, l, r)
            }
        }
        if case .constant = node { nodes.removeSubrange(start...) }
        nodes.append(node)
        return nodes.count - 1
    }

    /// The value of a node that is a constant (which may be unknown: `.some(nil)`).
    private func constant(_ index: Int) -> Value?? {
        if case .constant(let value) = nodes[index] { return .some(value) }
        return nil
    }

    private static func isDecisive(_ op: Expression.BinaryOperator, _ value: Value?) -> Bool {
        switch op {
        case .and: value == .condition(false)
        case .or: value == .condition(true)
        default: false
        }
    }

    /// Evaluates over a record's answers as Findings goes through its questions: a question's answer is read
    /// only once the question is known to apply (`findings[q]` is no longer `.notApplicable`).
    struct Evaluation {
        let nodes: UnsafeBufferPointer<Node>
        /// By question number.
        let answers: UnsafeBufferPointer<Answer?>
        let findings: UnsafeBufferPointer<Finding>

        func holds(_ condition: Condition) -> Bool {
            switch condition {
            case .constant(let holds): holds
            case .evaluated(let root): value(root) == .condition(true)
            }
        }

        private func value(_ index: Int) -> Value? {
            switch nodes[index] {
            case .answer(let question): findings[question] == .notApplicable ? nil : answers[question]?.value
            case .constant(let value): value
            case .not(let operand): Expression.not(value(operand))
            case .negate(let operand): Expression.negate(value(operand))
            case .binary(let op, let left, let right): Expression.apply(op, value(left), value(right))
            }
        }
    }
}
