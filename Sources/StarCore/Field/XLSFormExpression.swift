/// Translates a `when` into an XLSForm `relevant` (ODK XPath), keeping star's meaning exactly.
///
/// star evaluates with three-valued logic: a comparison reading an unanswered question is unknown, and
/// an unknown `when` means "not applicable" (docs/expressions.md, section 10). XPath has two values and
/// reads a blank field as `''`, so `${q} != 'none'` would be true while `q` is blank. The translation
/// therefore builds, for every sub-expression, the XPath for "certainly true" and for "certainly false":
/// a comparison is certain only when every question it reads is answered (and every divisor non-zero),
/// `not` swaps the two, and `and`/`or` combine them as Kleene's tables do. `relevant` is "certainly true".
struct XLSFormExpression {
    let fields: FormFields
    let questions: [String: CompiledQuestionnaire.Question]

    init(fields: FormFields) {
        self.fields = fields
        self.questions = Dictionary(fields.questionnaire.questions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    struct Untranslatable: Error {
        var reason: String
    }

    /// The `relevant` of `expression`.
    func relevant(_ expression: Expression) throws(Untranslatable) -> String {
        try certainly(expression, true)
    }

    /// XPath that is true exactly when star evaluates `e` to `wanted` (not unknown, not the other value).
    private func certainly(_ e: Expression, _ wanted: Bool) throws(Untranslatable) -> String {
        if e.questionReferences.isEmpty {
            // A constant (parameters are already values in a compiled questionnaire): star decides it here.
            guard let value = e.evaluate({ _ in nil }) else { return "false()" }
            guard case .condition(let b) = value else { throw Untranslatable(reason: "'\(e)' is not a condition") }
            return b == wanted ? "true()" : "false()"
        }
        switch e {
        case .not(let inner):
            return try certainly(inner, !wanted)
        case .binary(let op, let l, let r) where op == .and || op == .or:
            let a = try certainly(l, wanted)
            let b = try certainly(r, wanted)
            // "certainly true" of `and` needs both; "certainly false" of `and` needs either (and dually for `or`).
            let both = (op == .and) == wanted
            return "(\(a)) \(both ? "and" : "or") (\(b))"
        case .binary(let op, let l, let r) where op.isComparison:
            let left = try operand(l)
            let right = try operand(r)
            let comparison = try compare(op, left, right, l, r)
            var guards: [String] = []
            for condition in left.known + right.known where !guards.contains(condition) { guards.append(condition) }
            let body = wanted ? comparison : "not(\(comparison))"
            return guards.isEmpty ? body : (guards + [body]).joined(separator: " and ")
        default:
            throw Untranslatable(reason: "'\(e)' is not a condition")
        }
    }

    /// An operand: its XPath, its kind, and the XPath conditions under which star knows its value.
    private struct Operand {
        enum Kind { case number, text, yesNo, date, choice(String), dateLiteral }
        var xpath: String
        var kind: Kind
        var known: [String]
    }

    private func operand(_ e: Expression) throws(Untranslatable) -> Operand {
        switch e {
        case .question(let id):
            guard let question = questions[id], let name = fields.fieldOfQuestion[id] else {
                throw Untranslatable(reason: "it reads '\(id)', which is not a question of the form")
            }
            let ref = "${\(name)}"
            let kind: Operand.Kind
            switch question.type {
            case .number: kind = .number
            case .text: kind = .text
            case .yesNo: kind = .yesNo
            case .date: kind = .date
            case .choice: kind = .choice(ref)
            }
            return Operand(xpath: ref, kind: kind, known: ["\(ref) != ''"])
        case .number(let n):
            return Operand(xpath: Expression.format(n), kind: .number, known: [])
        case .text(let s):
            return Operand(xpath: Self.literal(s), kind: CalendarDate(s) != nil ? .dateLiteral : .text, known: [])
        case .yesNo(let b):
            return Operand(xpath: b ? "'yes'" : "'no'", kind: .yesNo, known: [])
        case .parameter(let name):
            throw Untranslatable(reason: "the parameter {\(name)} has no value in the compiled questionnaire")
        case .negate(let inner):
            let o = try operand(inner)
            guard case .number = o.kind else { throw Untranslatable(reason: "'-' applies to numbers only") }
            return Operand(xpath: "-(\(o.xpath))", kind: .number, known: o.known)
        case .binary(let op, let l, let r) where [.add, .subtract, .multiply, .divide].contains(op):
            let a = try operand(l)
            let b = try operand(r)
            guard case .number = a.kind, case .number = b.kind else { throw Untranslatable(reason: "'\(op.rawValue)' applies to numbers only") }
            let symbol = op == .divide ? "div" : op.rawValue
            // star makes a division by zero unknown; XPath would give Infinity or NaN.
            var known = a.known + b.known
            if op == .divide {
                if !r.questionReferences.isEmpty {
                    known.append("\(b.xpath) != 0")
                } else if r.evaluate({ _ in nil }) == .number(0) {
                    known.append("false()")
                }
            }
            return Operand(xpath: "(\(a.xpath) \(symbol) \(b.xpath))", kind: .number, known: known)
        default:
            throw Untranslatable(reason: "'\(e)' is a condition where a value is expected")
        }
    }

    private func compare(_ op: Expression.BinaryOperator, _ a: Operand, _ b: Operand, _ l: Expression, _ r: Expression) throws(Untranslatable) -> String {
        let symbol = op == .equal ? "=" : op.rawValue
        switch (a.kind, b.kind) {
        case (.choice(let ref), .text), (.choice(let ref), .dateLiteral):
            guard op == .equal || op == .notEqual else { throw Untranslatable(reason: "choices compare with == and != only") }
            let selected = "selected(\(ref), \(b.xpath))"
            return op == .equal ? selected : "not(\(selected))"
        case (.text, .choice), (.dateLiteral, .choice):
            return try compare(op, b, a, r, l)
        case (.date, _), (_, .date):
            // Dates as numbers of days: XPath orders strings only as numbers, and a date field is not one.
            return "decimal-date-time(\(a.xpath)) \(symbol) decimal-date-time(\(b.xpath))"
        case (.number, .number), (.text, .text), (.yesNo, .yesNo), (.choice, .choice), (.text, .dateLiteral), (.dateLiteral, .text),
            (.dateLiteral, .dateLiteral):
            if case .number = a.kind {
            } else if op != .equal && op != .notEqual {
                throw Untranslatable(reason: "'\(op.rawValue)' orders numbers and dates only")
            }
            return "\(a.xpath) \(symbol) \(b.xpath)"
        default:
            throw Untranslatable(reason: "it compares values of different types")
        }
    }

    /// An XPath string literal (star strings never hold both kinds of quote).
    static func literal(_ s: String) -> String {
        s.contains("'") ? "\"\(s)\"" : "'\(s)'"
    }
}
