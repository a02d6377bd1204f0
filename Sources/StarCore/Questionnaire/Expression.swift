/// The small language of `when` and `noncompliant-if` (docs/expressions.md): question ids, `{parameters}`,
/// numbers, quoted strings, `yes`/`no`, comparisons, `and`/`or`/`not`, parentheses and `+ - * /`.
public indirect enum Expression: Sendable, Hashable {
    case question(String)
    case parameter(String)
    case number(Double)
    case text(String)
    case yesNo(Bool)
    case not(Expression)
    case negate(Expression)
    case binary(BinaryOperator, Expression, Expression)

    public enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
        case or, and
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        case add = "+", subtract = "-", multiply = "*", divide = "/"

        var precedence: Int {
            switch self {
            case .or: 1
            case .and: 2
            case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: 4
            case .add, .subtract: 5
            case .multiply, .divide: 6
            }
        }

        var isComparison: Bool { precedence == 4 }
    }

    /// Question ids this expression reads, in order of appearance.
    public var questionReferences: [String] {
        switch self {
        case .question(let id): [id]
        case .parameter, .number, .text, .yesNo: []
        case .not(let e), .negate(let e): e.questionReferences
        case .binary(_, let l, let r): l.questionReferences + r.questionReferences
        }
    }

    /// The numbers written in the expression, for judging which answers could make it true.
    var numberConstants: [Double] {
        switch self {
        case .number(let n): [n]
        case .question, .parameter, .text, .yesNo: []
        case .not(let e), .negate(let e): e.numberConstants
        case .binary(_, let l, let r): l.numberConstants + r.numberConstants
        }
    }

    /// Replaces `{parameters}` by their values, so a compiled rule stands on its own.
    public func substituting(_ values: [String: ParameterValue]) -> Expression {
        switch self {
        case .parameter(let name):
            switch values[name] {
            case .number(let n): return .number(n)
            case .text(let s), .date(let s): return .text(s)
            case .yesNo(let b): return .yesNo(b)
            case nil: return self
            }
        case .question, .number, .text, .yesNo: return self
        case .not(let e): return .not(e.substituting(values))
        case .negate(let e): return .negate(e.substituting(values))
        case .binary(let op, let l, let r):
            // Fold arithmetic on constants, so `{max_weekly_hours} + 12` compiles to `60`.
            let left = l.substituting(values)
            let right = r.substituting(values)
            if case .number(let a) = left, case .number(let b) = right {
                switch op {
                case .add: return .number(a + b)
                case .subtract: return .number(a - b)
                case .multiply: return .number(a * b)
                case .divide where b != 0: return .number(a / b)
                default: break
                }
            }
            return .binary(op, left, right)
        }
    }
}

extension Expression: CustomStringConvertible {
    /// Canonical source text, with only the parentheses precedence needs.
    public var description: String { render(parentPrecedence: 0) }

    private var precedence: Int {
        switch self {
        case .binary(let op, _, _): op.precedence
        case .not: 3
        case .negate: 7
        default: 8
        }
    }

    private func render(parentPrecedence: Int) -> String {
        let text: String
        switch self {
        case .question(let id): text = id
        case .parameter(let name): text = "{\(name)}"
        case .number(let n): text = Expression.format(n)
        case .text(let s): text = s.contains("'") ? "\"\(s)\"" : "'\(s)'"
        case .yesNo(let b): text = b ? "yes" : "no"
        case .not(let e): text = "not " + e.render(parentPrecedence: 3)
        case .negate(let e): text = "-" + e.render(parentPrecedence: 7)
        case .binary(let op, let l, let r):
            // Left-associative: the right operand needs parentheses at equal precedence.
            text = "\(l.render(parentPrecedence: op.precedence)) \(op.rawValue) \(r.render(parentPrecedence: op.precedence + 1))"
        }
        return precedence < parentPrecedence ? "(\(text))" : text
    }

    public static func format(_ n: Double) -> String {
        if n == n.rounded(), abs(n) < 9e15 { return String(Int(n)) }
        // Swift writes 1e-05 and 1e+16, but the language has no exponents: spell the digits out so the
        // compiled rule reads back.
        let text = "\(n)"
        guard n.isFinite, let e = text.firstIndex(of: "e"), let exponent = Int(text[text.index(after: e)...]) else { return text }
        let mantissa = text[..<e].drop { $0 == "-" }
        let digits = mantissa.filter { $0 != "." }
        let point = (mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count) + exponent
        let positional: String
        if point <= 0 {
            positional = "0." + String(repeating: "0", count: -point) + digits
        } else if point >= digits.count {
            positional = digits + String(repeating: "0", count: point - digits.count)
        } else {
            positional = digits.prefix(point) + "." + digits.dropFirst(point)
        }
        return (n < 0 ? "-" : "") + positional
    }
}

/// A syntax error with its character offset (0-based) in the expression source.
public struct ExpressionSyntaxError: Error, Sendable, Equatable {
    public var message: String
    public var offset: Int
}
