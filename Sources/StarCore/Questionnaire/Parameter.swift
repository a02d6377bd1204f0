/// The types a parameter, an answer or an expression operand can have.
public enum ParameterType: String, Sendable, Hashable, CaseIterable {
    case number, text, date
    case yesNo = "yes-no"

    var valueType: ValueType {
        switch self {
        case .number: .number
        case .text: .text
        case .date: .date
        case .yesNo: .yesNo
        }
    }
}

/// A parameter's value, exactly as the questionnaire set it.
public enum ParameterValue: Sendable, Hashable {
    case number(Double)
    case text(String)
    case date(String)
    case yesNo(Bool)

    public var type: ParameterType {
        switch self {
        case .number: .number
        case .text: .text
        case .date: .date
        case .yesNo: .yesNo
        }
    }

    /// How the value appears when substituted into a text.
    public var display: String {
        switch self {
        case .number(let n): Expression.format(n)
        case .text(let s), .date(let s): s
        case .yesNo(let b): b ? "yes" : "no"
        }
    }

    /// Parses a scalar written in YAML as a value of `type`; nil when it does not fit.
    public static func parse(_ text: String, as type: ParameterType) -> ParameterValue? {
        switch type {
        case .number: YAMLReader.parseNumber(text).map(ParameterValue.number)
        case .text: .text(text)
        case .date: CalendarDate(text).map { .date($0.description) }
        case .yesNo: text == "yes" ? .yesNo(true) : text == "no" ? .yesNo(false) : nil
        }
    }

    public var json: JSONValue {
        switch self {
        case .number(let n): .number(n)
        case .text(let s), .date(let s): .string(s)
        case .yesNo(let b): .string(b ? "yes" : "no")
        }
    }
}
