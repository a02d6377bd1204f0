/// An answer as recorded, checked against its question's type.
public enum Answer: Sendable, Hashable {
    case yesNo(Bool)
    case number(Double)
    /// A choice question's option id.
    case choice(String)
    case text(String)
    case date(CalendarDate)

    /// The value an expression sees.
    public var value: Value {
        switch self {
        case .yesNo(let b): .yesNo(b)
        case .number(let n): .number(n)
        case .choice(let s), .text(let s): .text(s)
        case .date(let d): .text(d.description)
        }
    }

    /// How a record stores it: yes/no and choices as strings, numbers as numbers, dates as `YYYY-MM-DD`.
    public var json: JSONValue {
        switch self {
        case .yesNo(let b): .string(b ? "yes" : "no")
        case .number(let n): .number(n)
        case .choice(let s), .text(let s): .string(s)
        case .date(let d): .string(d.description)
        }
    }

    /// Reads a raw answer (as written in a sheet or a record) for `question`; the error says what was expected.
    public static func parse(_ raw: JSONValue, for question: CompiledQuestionnaire.Question) -> Result<Answer, AnswerError> {
        parse(
            raw, type: question.type, constraints: question.constraints, hasOption: { id in question.options.contains { $0.id == id } },
            question: { (question.id, question.options.map(\.id)) })
    }

    /// The same with the question given in parts, so a caller checking many records need not copy it:
    /// `question` (its id and option ids, for the message) is asked only when the answer is refused.
    static func parse(
        _ raw: JSONValue, type: QuestionType, constraints: NumberConstraints, hasOption: (String) -> Bool,
        question: () -> (id: String, options: [String])
    ) -> Result<Answer, AnswerError> {
        let text: String? = raw.string
        switch type {
        case .yesNo:
            if text == "yes" { return .success(.yesNo(true)) }
            if text == "no" { return .success(.yesNo(false)) }
            return .failure(AnswerError("'\(question().id)' is a yes-no question; answer yes or no, found \(describe(raw))"))
        case .number:
            guard let n = raw.double.flatMap({ $0.isFinite ? $0 : nil }) ?? text.flatMap(YAMLReader.parseNumber) else {
                return .failure(AnswerError("'\(question().id)' takes \(constraints.description), found \(describe(raw))"))
            }
            if let problem = constraints.problem(with: n) {
                return .failure(AnswerError("'\(question().id)' \(problem), found \(describe(.number(n)))"))
            }
            return .success(.number(n))
        case .choice:
            guard let text else { return .failure(AnswerError("'\(question().id)' takes one of its options, found \(describe(raw))")) }
            guard hasOption(text) else {
                let (id, options) = question()
                return .failure(AnswerError("'\(text)' is not an option of '\(id)'; the options are \(options.joined(separator: ", "))"))
            }
            return .success(.choice(text))
        case .text:
            guard let text, !text.isEmpty else { return .failure(AnswerError("'\(question().id)' takes a text, found \(describe(raw))")) }
            return .success(.text(text))
        case .date:
            guard let text, let date = CalendarDate(text) else {
                return .failure(AnswerError("'\(question().id)' takes a date that exists, written YYYY-MM-DD, found \(describe(raw))"))
            }
            return .success(.date(date))
        }
    }

    private static func describe(_ raw: JSONValue) -> String {
        switch raw {
        case .string(let s): "'\(s)'"
        case .int, .double: "the number \(CanonicalJSON.string(raw).dropLast())"
        case .bool(let b): "\(b)"
        case .null: "nothing"
        case .array: "a list"
        case .object: "a mapping"
        }
    }
}

public struct AnswerError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
