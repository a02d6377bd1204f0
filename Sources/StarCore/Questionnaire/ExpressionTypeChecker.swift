/// The static type of an expression or of a question's answer.
public enum ValueType: Sendable, Hashable, CustomStringConvertible {
    /// The result of a comparison or of `and`/`or`/`not`.
    case condition
    case number, text, date, yesNo
    /// A choice question's answer: one of these option ids.
    case choice([String])

    public var description: String {
        switch self {
        case .condition: "a condition"
        case .number: "a number"
        case .text: "a text"
        case .date: "a date"
        case .yesNo: "yes/no"
        case .choice: "a choice"
        }
    }
}

/// Checks types before anything is evaluated, so a rule that compares hours with `yes` is rejected when the
/// questionnaire is compiled, not discovered in the field.
public struct ExpressionTypeChecker {
    public var questionType: (String) -> ValueType?
    public var parameterType: (String) -> ValueType?
    public private(set) var errors: [String] = []

    public init(questionType: @escaping (String) -> ValueType?, parameterType: @escaping (String) -> ValueType?) {
        self.questionType = questionType
        self.parameterType = parameterType
    }

    /// The expression's type, or nil when it has errors (recorded in `errors`).
    public mutating func check(_ expression: Expression) -> ValueType? {
        switch expression {
        case .question(let id):
            guard let type = questionType(id) else {
                errors.append("unknown question '\(id)'")
                return nil
            }
            return type
        case .parameter(let name):
            guard let type = parameterType(name) else {
                errors.append("unknown parameter '{\(name)}'")
                return nil
            }
            return type
        case .number: return .number
        case .text: return .text
        case .yesNo: return .yesNo
        case .not(let inner):
            guard let type = check(inner) else { return nil }
            guard type == .condition else {
                errors.append("'not' needs a condition, found \(type)")
                return nil
            }
            return .condition
        case .negate(let inner):
            guard let type = check(inner) else { return nil }
            guard type == .number else {
                errors.append("'-' needs a number, found \(type)")
                return nil
            }
            return .number
        case .binary(let op, let left, let right):
            let l = check(left)
            let r = check(right)
            guard let l, let r else { return nil }
            switch op {
            case .and, .or:
                guard l == .condition, r == .condition else {
                    errors.append("'\(op.rawValue)' joins conditions, found \(l == .condition ? r : l)")
                    return nil
                }
                return .condition
            case .add, .subtract, .multiply, .divide:
                guard l == .number, r == .number else {
                    errors.append("'\(op.rawValue)' needs numbers, found \(l == .number ? r : l)")
                    return nil
                }
                return .number
            case .equal, .notEqual:
                return comparable(l, right, r, left, ordered: false) ? .condition : nil
            case .less, .lessOrEqual, .greater, .greaterOrEqual:
                return comparable(l, right, r, left, ordered: true) ? .condition : nil
            }
        }
    }

    private mutating func comparable(_ l: ValueType, _ right: Expression, _ r: ValueType, _ left: Expression, ordered: Bool) -> Bool {
        if l == .condition || r == .condition {
            errors.append("a condition cannot be compared; combine conditions with 'and' or 'or'")
            return false
        }
        // A string literal may stand for a choice option or a date; check it is one.
        if let verdict = literalMatches(l, right) ?? literalMatches(r, left) {
            if !verdict.ok {
                errors.append(verdict.message)
                return false
            }
            if ordered, case .choice = (l == .text ? r : l) {
                errors.append("choices can only be compared with == and !=")
                return false
            }
            return true
        }
        let sameKind: Bool
        switch (l, r) {
        case (.choice, .choice): sameKind = true
        default: sameKind = l == r
        }
        guard sameKind else {
            errors.append("cannot compare \(l) with \(r)")
            return false
        }
        if ordered, l != .number, l != .date {
            errors.append("'<', '<=', '>' and '>=' compare numbers or dates, not \(l)")
            return false
        }
        return true
    }

    private func literalMatches(_ type: ValueType, _ other: Expression) -> (ok: Bool, message: String)? {
        guard case .text(let literal) = other else { return nil }
        switch type {
        case .choice(let options):
            return (options.contains(literal), "'\(literal)' is not an option; the options are \(options.joined(separator: ", "))")
        case .date:
            return (CalendarDate(literal) != nil, "'\(literal)' is not a date (YYYY-MM-DD)")
        default:
            return nil
        }
    }
}
