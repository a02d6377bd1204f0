/// The compiled form of a questionnaire (docs/questionnaires.md, "Compiled form"): the extends chain
/// resolved, every question flattened under its cluster and point in assessment order, parameters
/// substituted, and a digest over the canonical bytes. Assessments pin it by id, version and digest.
public struct CompiledQuestionnaire: Sendable, Hashable {
    public static let format = "compiled-questionnaire/1"

    public var id: String
    public var version: String
    public var title: LocalizedText
    public var languages: [String]
    public var country: String?
    public var industry: String?
    /// The chain of source files, base first.
    public var sources: [SourceFile]
    public var parameters: [String: Parameter]
    public var clusters: [Cluster]
    /// `sha256:<hex>` of the canonical JSON without this field.
    public var digest: String
    /// When the country team last checked the compiled file's source against the law.
    public var reviewed: String? = nil
    /// The compiled file's legal changes by version, newest first.
    public var changelog: [Change] = []
    /// The transparency list the `public` flags follow (the nearest file of the chain that names one).
    public var transparency: TransparencyList? = nil
    /// Languages added by translation files (docs/questionnaires.md, "Translations"), which may be partial.
    public var translations: [String: Translation] = [:]

    public struct Change: Sendable, Hashable {
        public var version: String
        public var date: String
        public var changes: [String]
    }

    public struct Translation: Sendable, Hashable {
        /// `draft` until the country team has reviewed it, then `reviewed`.
        public var status: String
        /// The translation files of the chain, base first.
        public var files: [String]
        /// Not written to the compiled form; what lint reports: the required texts with no translation
        /// (question texts, options, titles), the optional ones (guidance, descriptions) counted.
        public var untranslated: [String] = []
        public var untranslatedOptional: Int = 0
        public var required: Int = 0
        public var optional: Int = 0
        public var location: SourceLocation? = nil
    }

    public struct SourceFile: Sendable, Hashable {
        public var id: String
        public var version: String
        public var file: String
    }

    public struct Parameter: Sendable, Hashable {
        public var value: ParameterValue
        public var description: LocalizedText
        /// When the value was last checked against the law (`YYYY-MM-DD`), for values that change yearly.
        public var checked: String? = nil
    }

    public struct Cluster: Sendable, Hashable {
        public var id: String
        public var title: LocalizedText
        public var points: [Point]
    }

    public struct Point: Sendable, Hashable {
        public var id: String
        public var title: LocalizedText
        public var description: LocalizedText
        public var questions: [Question]
    }

    public struct Question: Sendable, Hashable {
        public var id: String
        public var type: QuestionType
        public var text: LocalizedText
        public var guidance: LocalizedText
        public var legal: [String]
        public var isPublic: Bool
        /// Relevance; nil means always applicable.
        public var when: Expression?
        /// The full condition (shorthands expanded, parameters substituted); nil means never non-compliant.
        public var noncompliantIf: Expression?
        public var options: [Option]
        /// Number questions only: what a number answer may be (`.none` when the question sets nothing).
        public var constraints: NumberConstraints = .none
        public var origin: Origin
        public var alteredBy: [Origin]
    }

    public struct Option: Sendable, Hashable {
        public var id: String
        public var text: LocalizedText
        public var noncompliant: Bool
    }

    public struct Origin: Sendable, Hashable {
        public var file: String
        public var line: Int
    }

    public var questions: [Question] {
        clusters.flatMap { $0.points.flatMap(\.questions) }
    }

    public var points: [Point] {
        clusters.flatMap(\.points)
    }
}

public enum QuestionType: String, Sendable, Hashable, CaseIterable {
    case yesNo = "yes-no"
    case choice, number, text, date
}

extension CompiledQuestionnaire.Question {
    /// The type an expression sees when it reads this question's answer.
    public var valueType: ValueType {
        switch type {
        case .yesNo: .yesNo
        case .choice: .choice(options.map(\.id))
        case .number: .number
        case .text: .text
        case .date: .date
        }
    }
}
