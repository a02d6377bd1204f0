/// A runtime value: an answer, a literal, or the result of a comparison.
public enum Value: Sendable, Hashable {
    case condition(Bool)
    case number(Double)
    /// Texts, choice option ids and dates (`YYYY-MM-DD` orders correctly as text).
    case text(String)
    case yesNo(Bool)
}

extension Expression {
    /// Evaluates with three-valued logic: a missing answer makes a comparison unknown (nil), `and`/`or`
    /// follow Kleene's rules (`false and unknown` is false, `true or unknown` is true).
    public func evaluate(_ answer: (String) -> Value?) -> Value? {
        switch self {
        case .question(let id): return answer(id)
        case .parameter: return nil
        case .number(let n): return .number(n)
        case .text(let s): return .text(s)
        case .yesNo(let b): return .yesNo(b)
        case .not(let inner): return Expression.not(inner.evaluate(answer))
        case .negate(let inner): return Expression.negate(inner.evaluate(answer))
        case .binary(let op, let left, let right): return Expression.apply(op, left.evaluate(answer), right.evaluate(answer))
        }
    }

    // The operators, shared with ResolvedExpressions so both evaluate alike.

    static func not(_ operand: Value?) -> Value? {
        guard case .condition(let b)? = operand else { return nil }
        return .condition(!b)
    }

    static func negate(_ operand: Value?) -> Value? {
        guard case .number(let n)? = operand else { return nil }
        return .number(-n)
    }

    static func apply(_ op: BinaryOperator, _ left: Value?, _ right: Value?) -> Value? {
        switch op {
        case .and, .or:
            let l = left.flatMap(\.conditionValue)
            let r = right.flatMap(\.conditionValue)
            let decisive = op == .or
            if l == decisive || r == decisive { return .condition(decisive) }
            if let l, let r { return .condition(op == .or ? (l || r) : (l && r)) }
            return nil
        default:
            guard let left, let right else { return nil }
            return apply(op, left, right)
        }
    }

    private static func apply(_ op: BinaryOperator, _ l: Value, _ r: Value) -> Value? {
        switch (op, l, r) {
        case (.add, .number(let a), .number(let b)): return .number(a + b)
        case (.subtract, .number(let a), .number(let b)): return .number(a - b)
        case (.multiply, .number(let a), .number(let b)): return .number(a * b)
        case (.divide, .number(let a), .number(let b)): return b == 0 ? nil : .number(a / b)
        case (.equal, _, _): return .condition(l == r)
        case (.notEqual, _, _): return .condition(l != r)
        case (.less, .number(let a), .number(let b)): return .condition(a < b)
        case (.lessOrEqual, .number(let a), .number(let b)): return .condition(a <= b)
        case (.greater, .number(let a), .number(let b)): return .condition(a > b)
        case (.greaterOrEqual, .number(let a), .number(let b)): return .condition(a >= b)
        case (.less, .text(let a), .text(let b)): return .condition(a < b)
        case (.lessOrEqual, .text(let a), .text(let b)): return .condition(a <= b)
        case (.greater, .text(let a), .text(let b)): return .condition(a > b)
        case (.greaterOrEqual, .text(let a), .text(let b)): return .condition(a >= b)
        default: return nil
        }
    }
}

extension Value {
    var conditionValue: Bool? {
        if case .condition(let b) = self { return b }
        return nil
    }
}
