/// Recursive-descent parser for the expression language. Grammar (docs/expressions.md):
///
///     expression     = or
///     or             = and { "or" and }
///     and            = not { "and" not }
///     not            = "not" not | comparison
///     comparison     = additive [ ("==" | "!=" | "<" | "<=" | ">" | ">=") additive ]
///     additive       = multiplicative { ("+" | "-") multiplicative }
///     multiplicative = unary { ("*" | "/") unary }
///     unary          = "-" unary | primary
///     primary        = number | string | "yes" | "no" | question-id | "{" parameter "}" | "(" expression ")"
public struct ExpressionParser {
    enum Token: Equatable {
        case identifier(String)
        case parameter(String)
        case number(Double)
        case string(String)
        case symbol(String)
        case end
    }

    private var tokens: [(token: Token, offset: Int)] = []
    private var position = 0

    public static func parse(_ source: String) throws(ExpressionSyntaxError) -> Expression {
        var parser = ExpressionParser()
        parser.tokens = try tokenize(source)
        let expression = try parser.parseOr()
        try parser.expectEnd()
        return expression
    }

    /// A `noncompliant-if` rule: either a full condition, or a shorthand whose left side is the question's
    /// own answer: `"> 60"` means `ID > 60`. (A bare value such as `yes` is turned into `ID == yes` by the
    /// type checker, which knows whether the expression is already a condition.)
    public static func parseRule(_ source: String, questionID: String) throws(ExpressionSyntaxError) -> Expression {
        var parser = ExpressionParser()
        parser.tokens = try tokenize(source)
        if case .symbol(let symbol) = parser.tokens.first?.token,
            let op = Expression.BinaryOperator(rawValue: symbol), op.isComparison
        {
            parser.position = 1
            let right = try parser.parseAdditive()
            try parser.expectEnd()
            return .binary(op, .question(questionID), right)
        }
        let expression = try parser.parseOr()
        try parser.expectEnd()
        return expression
    }

    private var current: Token { tokens[position].token }
    private var currentOffset: Int { tokens[position].offset }

    private func error(_ message: String) -> ExpressionSyntaxError {
        ExpressionSyntaxError(message: message, offset: currentOffset)
    }

    private mutating func expectEnd() throws(ExpressionSyntaxError) {
        guard current == .end else { throw error("unexpected \(describe(current)); expected an operator or the end") }
    }

    private mutating func take(_ symbol: String) -> Bool {
        if current == .symbol(symbol) || current == .identifier(symbol) {
            position += 1
            return true
        }
        return false
    }

    private mutating func parseOr() throws(ExpressionSyntaxError) -> Expression {
        var left = try parseAnd()
        while take("or") { left = .binary(.or, left, try parseAnd()) }
        return left
    }

    private mutating func parseAnd() throws(ExpressionSyntaxError) -> Expression {
        var left = try parseNot()
        while take("and") { left = .binary(.and, left, try parseNot()) }
        return left
    }

    private mutating func parseNot() throws(ExpressionSyntaxError) -> Expression {
        if take("not") { return .not(try parseNot()) }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(ExpressionSyntaxError) -> Expression {
        let left = try parseAdditive()
        if case .symbol(let symbol) = current, let op = Expression.BinaryOperator(rawValue: symbol), op.isComparison {
            position += 1
            let right = try parseAdditive()
            if case .symbol(let next) = current, let op2 = Expression.BinaryOperator(rawValue: next), op2.isComparison {
                throw error("comparisons cannot be chained; use 'and' between them")
            }
            return .binary(op, left, right)
        }
        return left
    }

    private mutating func parseAdditive() throws(ExpressionSyntaxError) -> Expression {
        var left = try parseMultiplicative()
        while true {
            if take("+") {
                left = .binary(.add, left, try parseMultiplicative())
            } else if take("-") {
                left = .binary(.subtract, left, try parseMultiplicative())
            } else {
                return left
            }
        }
    }

    private mutating func parseMultiplicative() throws(ExpressionSyntaxError) -> Expression {
        var left = try parseUnary()
        while true {
            if take("*") {
                left = .binary(.multiply, left, try parseUnary())
            } else if take("/") {
                left = .binary(.divide, left, try parseUnary())
            } else {
                return left
            }
        }
    }

    private mutating func parseUnary() throws(ExpressionSyntaxError) -> Expression {
        if take("-") { return .negate(try parseUnary()) }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(ExpressionSyntaxError) -> Expression {
        let token = current
        switch token {
        case .number(let n):
            position += 1
            return .number(n)
        case .string(let s):
            position += 1
            return .text(s)
        case .parameter(let name):
            position += 1
            return .parameter(name)
        case .identifier(let word):
            switch word {
            case "yes":
                position += 1
                return .yesNo(true)
            case "no":
                position += 1
                return .yesNo(false)
            case "and", "or", "not": throw error("expected a value, found '\(word)'")
            default:
                position += 1
                return .question(word)
            }
        case .symbol("("):
            position += 1
            let inner = try parseOr()
            guard take(")") else { throw error("expected ')', found \(describe(current))") }
            return inner
        default:
            throw error("expected a value, found \(describe(token))")
        }
    }

    private func describe(_ token: Token) -> String {
        switch token {
        case .identifier(let s): "'\(s)'"
        case .parameter(let s): "'{\(s)}'"
        case .number(let n): "'\(Expression.format(n))'"
        case .string(let s): "'\"\(s)\"'"
        case .symbol(let s): "'\(s)'"
        case .end: "the end of the expression"
        }
    }

    static func tokenize(_ source: String) throws(ExpressionSyntaxError) -> [(token: Token, offset: Int)] {
        let chars = Array(source.unicodeScalars)
        var tokens: [(Token, Int)] = []
        var i = 0
        func isIdentifierStart(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) }
        func isIdentifierPart(_ c: Unicode.Scalar) -> Bool { isIdentifierStart(c) || ("0"..."9").contains(c) || c == "." || c == "_" }
        func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" || c == "\n" || c == "\r" {
                i += 1
                continue
            }
            let start = i
            if isIdentifierStart(c) {
                while i < chars.count, isIdentifierPart(chars[i]) { i += 1 }
                var word = String(String.UnicodeScalarView(chars[start..<i]))
                while word.hasSuffix(".") {
                    word.removeLast()
                    i -= 1
                }
                tokens.append((.identifier(word), start))
            } else if isDigit(c) || (c == "." && i + 1 < chars.count && isDigit(chars[i + 1])) {
                while i < chars.count, isDigit(chars[i]) || chars[i] == "." { i += 1 }
                let text = String(String.UnicodeScalarView(chars[start..<i]))
                guard let value = Double(text) else { throw ExpressionSyntaxError(message: "invalid number '\(text)'", offset: start) }
                if i < chars.count, isIdentifierStart(chars[i]) {
                    throw ExpressionSyntaxError(message: "invalid number '\(text)\(chars[i])'", offset: start)
                }
                tokens.append((.number(value), start))
            } else if c == "'" || c == "\"" {
                i += 1
                while i < chars.count, chars[i] != c { i += 1 }
                guard i < chars.count else { throw ExpressionSyntaxError(message: "unterminated string", offset: start) }
                tokens.append((.string(String(String.UnicodeScalarView(chars[(start + 1)..<i]))), start))
                i += 1
            } else if c == "{" {
                i += 1
                while i < chars.count, chars[i] != "}" { i += 1 }
                guard i < chars.count else { throw ExpressionSyntaxError(message: "missing '}' after parameter name", offset: start) }
                let name = String(String.UnicodeScalarView(chars[(start + 1)..<i])).trimmingSpaces
                if let problem = Identifier.problem(with: name, as: .parameter) {
                    throw ExpressionSyntaxError(message: problem, offset: start)
                }
                tokens.append((.parameter(name), start))
                i += 1
            } else {
                let two = i + 1 < chars.count ? String(String.UnicodeScalarView([c, chars[i + 1]])) : ""
                if ["==", "!=", "<=", ">="].contains(two) {
                    tokens.append((.symbol(two), start))
                    i += 2
                } else if "<>+-*/()".unicodeScalars.contains(c) {
                    tokens.append((.symbol(String(c)), start))
                    i += 1
                } else if c == "=" {
                    throw ExpressionSyntaxError(message: "use '==' to compare", offset: start)
                } else if c == "&" || c == "|" || c == "!" {
                    throw ExpressionSyntaxError(message: "use 'and', 'or' and 'not' for logic", offset: start)
                } else {
                    throw ExpressionSyntaxError(message: "unexpected character '\(c)'", offset: start)
                }
            }
        }
        tokens.append((.end, chars.count))
        if tokens.count == 1 { throw ExpressionSyntaxError(message: "the expression is empty", offset: 0) }
        return tokens
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
