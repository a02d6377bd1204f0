/// A value read from a source file, with where it was written.
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    public var location: SourceLocation
}

/// One questionnaire file as written, before its extends chain is resolved.
public struct QuestionnaireSource: Sendable {
    public var file: String
    public var id: Located<String>
    public var version: Located<String>
    public var extends: Located<String>?
    public var country: String?
    public var industry: String?
    public var title: Located<LocalizedText>?
    public var languages: Located<[String]>?
    /// A base (such as core) that is only assessed through the questionnaires extending it.
    public var isAbstract: Bool
    public var declarations: [ParameterDeclaration]
    public var settings: [ParameterSetting]
    public var clusters: Located<[ClusterSource]>?
    public var questions: [QuestionEntry]
    public var alterations: [QuestionEntry]
    public var removals: [Removal]
    /// When the country team last checked the file against the law (`reviewed: YYYY-MM-DD`).
    public var reviewed: Located<String>? = nil
    /// The legal changes of each version, newest first.
    public var changelog: [ChangelogEntry] = []
    /// The published list of issues that this questionnaire's `public` flags follow.
    public var transparency: Located<TransparencyList>? = nil
}

/// One version's legal changes, as the country team wrote them.
public struct ChangelogEntry: Sendable {
    public var version: String
    public var date: String
    public var changes: [String]
    public var location: SourceLocation
}

/// Where the `public` flags of a questionnaire come from: the transparency list, its source and date.
public struct TransparencyList: Sendable, Hashable {
    public var list: String
    public var source: String
    public var date: String
    public var notes: [String]
}

public struct ParameterDeclaration: Sendable {
    public var name: String
    public var type: ParameterType
    public var defaultValue: ParameterValue
    public var description: Located<LocalizedText>?
    public var location: SourceLocation
    /// When the value was last checked against the law: for values that change yearly (minimum wages).
    public var checked: Located<String>? = nil
}

/// `name: value` in an extending file; the value is typed once the declaration is known.
public struct ParameterSetting: Sendable {
    public var name: String
    public var rawValue: String
    public var location: SourceLocation
    public var valueLocation: SourceLocation
    /// `name: {value: ..., checked: YYYY-MM-DD}`: the date the value was last checked against the law.
    public var checked: Located<String>? = nil
}

public struct ClusterSource: Sendable {
    public var id: String
    public var title: Located<LocalizedText>
    public var points: [PointSource]
    public var location: SourceLocation
}

public struct PointSource: Sendable {
    public var id: String
    public var title: Located<LocalizedText>
    public var description: Located<LocalizedText>?
    public var location: SourceLocation
}

/// A question added by a file, or the fields an `alter` entry changes.
public struct QuestionEntry: Sendable {
    public var id: String
    public var location: SourceLocation
    public var fields: QuestionFields
}

public struct QuestionFields: Sendable {
    public var point: Located<String>?
    public var type: Located<QuestionType>?
    public var text: Located<LocalizedText>?
    public var guidance: Located<LocalizedText>?
    public var legal: Located<[String]>?
    public var isPublic: Located<Bool>?
    public var when: Located<String>?
    public var noncompliantIf: Located<String>?
    public var options: Located<[OptionSource]>?
    /// Answer constraints of a number question; `min` and `max` as written: a number or a `{parameter}`.
    public var integer: Located<Bool>?
    public var min: Located<String>?
    public var max: Located<String>?

    /// Applies an `alter` entry: every field it gives replaces the old one.
    mutating func apply(_ patch: QuestionFields) {
        if let v = patch.type { type = v }
        if let v = patch.text { text = v }
        if let v = patch.guidance { guidance = v }
        if let v = patch.legal { legal = v }
        if let v = patch.isPublic { isPublic = v }
        if let v = patch.when { when = v }
        if let v = patch.noncompliantIf { noncompliantIf = v }
        if let v = patch.options { options = v }
        if let v = patch.integer { integer = v }
        if let v = patch.min { min = v }
        if let v = patch.max { max = v }
    }
}

public struct OptionSource: Sendable {
    public var id: String
    public var text: Located<LocalizedText>
    public var noncompliant: Bool
    public var location: SourceLocation
}

public struct Removal: Sendable {
    public var id: String
    public var reason: String
    public var location: SourceLocation
}
