/// One assessment of one factory: `assessments/<CC>/<factory>/<YYYY-MM-DD>[-N].json` (docs/assessments.md).
/// A record holds answers only; findings are always derived from them and the pinned compiled questionnaire.
public struct AssessmentRecord: Sendable, Equatable {
    public static let format = "assessment/1"

    public var id: RecordID
    public var kind: AssessmentKind
    public var status: RecordStatus
    public var questionnaire: QuestionnairePin
    public var visit: Visit
    public var assessors: [Assessor]
    /// By question id. An entry may hold a note without an answer (a draft in progress).
    public var answers: [String: RecordedAnswer]
    /// The final record this one corrects.
    public var amends: RecordID?
    /// Final records only: `sha256:` over the canonical JSON without this field.
    public var digest: String?

    public var factory: String { id.factory }

    public init(
        id: RecordID, kind: AssessmentKind, status: RecordStatus, questionnaire: QuestionnairePin, visit: Visit,
        assessors: [Assessor], answers: [String: RecordedAnswer], amends: RecordID? = nil, digest: String? = nil
    ) {
        self.id = id
        self.kind = kind
        self.status = status
        self.questionnaire = questionnaire
        self.visit = visit
        self.assessors = assessors
        self.answers = answers
        self.amends = amends
        self.digest = digest
    }

    public static func path(country: String, id: RecordID) -> String {
        "assessments/\(country)/\(id.factory)/\(id.name).json"
    }

    /// The typed answers that the findings read.
    public var typedAnswers: [String: Answer] {
        answers.compactMapValues(\.answer)
    }

    /// The document without its digest: what the digest covers.
    public var contentJSON: JSONValue {
        var object: [String: JSONValue] = [
            "star": .string(Self.format),
            "id": .string(id.description),
            "factory": .string(id.factory),
            "kind": .string(kind.rawValue),
            "status": .string(status.rawValue),
            "questionnaire": questionnaire.json,
            "visit": visit.json,
            "assessors": .array(assessors.map(\.json)),
            "answers": .object(answers.mapValues(\.json)),
        ]
        if let amends { object["amends"] = .string(amends.description) }
        return .object(object)
    }

    public var json: JSONValue {
        guard let digest, case .object(var object) = contentJSON else { return contentJSON }
        object["digest"] = .string(digest)
        return .object(object)
    }

    /// Makes the record final and computes its digest.
    public mutating func seal() {
        status = .final
        digest = nil
        digest = ContentDigest.of(contentJSON)
    }
}

/// `<factory>/<YYYY-MM-DD>[-N]`: the factory and the visit's start date, with a counter when one factory has
/// several records starting the same day (a correction, a follow-up).
public struct RecordID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var factory: String
    public var date: CalendarDate
    /// 1 for the first record of the day (no suffix), 2 for `-2`, ...
    public var sequence: Int

    public init(factory: String, date: CalendarDate, sequence: Int = 1) {
        self.factory = factory
        self.date = date
        self.sequence = sequence
    }

    /// Parses `KH-0001/2026-03-14` or `KH-0001/2026-03-14-2`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, Identifier.problem(with: String(parts[0]), as: .factory) == nil,
            let (date, sequence) = RecordID.parseName(parts[1])
        else { return nil }
        self.init(factory: String(parts[0]), date: date, sequence: sequence)
    }

    /// The file name without `.json`.
    public var name: String { sequence == 1 ? date.description : "\(date)-\(sequence)" }

    public var description: String { "\(factory)/\(name)" }

    static func parseName(_ name: Substring) -> (CalendarDate, Int)? {
        guard name.count >= 10, let date = CalendarDate(String(name.prefix(10))) else { return nil }
        let rest = name.dropFirst(10)
        if rest.isEmpty { return (date, 1) }
        guard rest.first == "-", let n = Int(rest.dropFirst()), n >= 2, String(n) == rest.dropFirst() else { return nil }
        return (date, n)
    }

    public static func < (lhs: RecordID, rhs: RecordID) -> Bool {
        (lhs.factory, lhs.date, lhs.sequence) < (rhs.factory, rhs.date, rhs.sequence)
    }
}

public enum AssessmentKind: String, Sendable, Hashable, CaseIterable {
    case assessment
    case followUp = "follow-up"
    case selfAssessment = "self-assessment"
}

public enum RecordStatus: String, Sendable, Hashable, CaseIterable {
    case draft, final
}

/// The compiled questionnaire an assessment was made against.
public struct QuestionnairePin: Sendable, Hashable, CustomStringConvertible {
    public var id: String
    public var version: String
    public var digest: String

    public init(id: String, version: String, digest: String) {
        self.id = id
        self.version = version
        self.digest = digest
    }

    public init(_ questionnaire: CompiledQuestionnaire) {
        self.init(id: questionnaire.id, version: questionnaire.version, digest: questionnaire.digest)
    }

    public var description: String { "\(id) \(version)" }

    var json: JSONValue {
        .object(["id": .string(id), "version": .string(version), "digest": .string(digest)])
    }
}

public struct Visit: Sendable, Hashable {
    public var start: CalendarDate
    public var end: CalendarDate
    /// Whether the factory knew the date in advance; nil when not recorded.
    public var announced: Bool?

    public init(start: CalendarDate, end: CalendarDate, announced: Bool? = nil) {
        self.start = start
        self.end = end
        self.announced = announced
    }

    var json: JSONValue {
        var object: [String: JSONValue] = ["start": .string(start.description), "end": .string(end.description)]
        if let announced { object["announced"] = .bool(announced) }
        return .object(object)
    }
}

public struct Assessor: Sendable, Hashable {
    public static let genders = ["female", "male", "other"]

    public var id: String
    /// Recorded because Better Work reports the gender balance of its assessment teams.
    public var gender: String?

    public init(id: String, gender: String? = nil) {
        self.id = id
        self.gender = gender
    }

    var json: JSONValue {
        var object: [String: JSONValue] = ["id": .string(id)]
        if let gender { object["gender"] = .string(gender) }
        return .object(object)
    }
}

public struct RecordedAnswer: Sendable, Hashable {
    public var answer: Answer?
    public var note: String?

    public init(answer: Answer?, note: String? = nil) {
        self.answer = answer
        self.note = note
    }

    var json: JSONValue {
        var object: [String: JSONValue] = [:]
        if let answer { object["answer"] = answer.json }
        if let note { object["note"] = .string(note) }
        return .object(object)
    }
}
