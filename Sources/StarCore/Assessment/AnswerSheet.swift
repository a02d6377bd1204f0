import Yams

/// The YAML an advisor fills in offline (docs/assessments.md, "Answer sheet"): made by `star assess new`,
/// read by `star assess record`.
public struct AnswerSheet: Sendable {
    public static let format = "answer-sheet/1"

    public var file: String
    public var factory: String
    public var questionnaire: QuestionnairePin
    public var kind: AssessmentKind
    public var language: String?
    /// nil when the sheet's visit is unreadable (then `problems` has the error).
    public var visit: Visit?
    public var assessors: [Assessor]
    public var amends: RecordID?
    public var amendsLocation: SourceLocation?
    public var answers: [String: RawAnswer]
    /// Where each question id was written (its answer, else its note), for diagnostics.
    public var answerLocations: [String: SourceLocation]
    public var factoryLocation: SourceLocation
    public var questionnaireLocation: SourceLocation
    /// What reading found, errors included: the answers of a sheet with a broken header are still checked,
    /// so the advisor sees every problem at once. Such a sheet is never recorded.
    public var problems: [Diagnostic]

    public func location(of questionID: String) -> SourceLocation {
        answerLocations[questionID] ?? SourceLocation(file: file)
    }

    // MARK: - Reading

    /// Reads a filled-in sheet; every problem is a located diagnostic. The sheet is nil only when what its
    /// answers are checked against (factory, questionnaire, kind) cannot be read. `today` is the repository's
    /// (Repository.today()): a visit may not start after it.
    public static func read(_ text: String, file: String, today: CalendarDate) -> (AnswerSheet?, [Diagnostic]) {
        let r = YAMLReader(file: file)
        guard let root = r.parse(text),
            let fields = r.fields(
                root, "an answer sheet",
                allowed: ["star", "factory", "questionnaire", "kind", "language", "visit", "assessors", "amends", "answers", "notes"],
                required: ["star", "factory", "questionnaire", "kind", "visit", "answers"])
        else { return (nil, r.diagnostics) }
        if let found = fields["star"].flatMap({ r.string($0, "star") }), found != format {
            r.error("unsupported-format", "unsupported format '\(found)'; this version of star reads '\(format)'", at: r.location(fields["star"]!))
        }
        let factory = fields["factory"].flatMap { r.string($0, "factory") }
        if let factory, let problem = Identifier.problem(with: factory, as: .factory) {
            r.error("invalid-id", problem, at: fields.keyLocation("factory"))
        }
        let questionnaire = fields["questionnaire"].flatMap { readPin($0, r) }
        let kind = fields["kind"].flatMap { node in
            r.string(node, "kind").flatMap { text in
                AssessmentKind(rawValue: text)
                    ?? {
                        r.error(
                            "invalid-value", "kind must be one of \(AssessmentKind.allCases.map(\.rawValue).joined(separator: ", ")), found '\(text)'",
                            at: r.location(node))
                        return nil
                    }()
            }
        }
        let language = fields["language"].flatMap { r.isNull($0) ? nil : r.string($0, "language") }
        let visit = fields["visit"].flatMap { readVisit($0, r, today: today) }
        let assessors = fields["assessors"].flatMap { readAssessors($0, r) } ?? []
        var amends: RecordID?
        if let node = fields["amends"], !r.isNull(node), let text = r.string(node, "amends") {
            amends = RecordID(text)
            if amends == nil { r.error("invalid-value", "amends must name a record as <factory>/<YYYY-MM-DD>[-N], found '\(text)'", at: r.location(node)) }
        }

        var answers: [String: RawAnswer] = [:]
        var locations: [String: SourceLocation] = [:]
        for (id, keyLocation, value) in fields["answers"].flatMap({ r.entries($0, "answers") }) ?? [] {
            locations[id] = keyLocation
            if r.isNull(value) {
                answers[id] = RawAnswer(value: nil)
            } else if let text = r.string(value, "the answer to '\(id)'") {
                answers[id] = RawAnswer(value: .string(text))
            }
        }
        for (id, keyLocation, value) in fields["notes"].flatMap({ r.entries($0, "notes") }) ?? [] {
            guard !r.isNull(value), let note = r.string(value, "the note on '\(id)'") else { continue }
            if locations[id] == nil { locations[id] = keyLocation }
            answers[id, default: RawAnswer(value: nil)].note = note
        }

        guard let factory, let questionnaire, let kind else { return (nil, r.diagnostics) }
        let sheet = AnswerSheet(
            file: file, factory: factory, questionnaire: questionnaire, kind: kind, language: language, visit: visit,
            assessors: assessors, amends: amends, amendsLocation: fields["amends"].map { r.location($0) },
            answers: answers, answerLocations: locations, factoryLocation: r.location(fields["factory"]!),
            questionnaireLocation: r.location(fields["questionnaire"]!),
            problems: r.diagnostics)
        return (sheet, r.diagnostics)
    }

    private static func readPin(_ node: Node, _ r: YAMLReader) -> QuestionnairePin? {
        guard let fields = r.fields(node, "questionnaire", allowed: ["id", "version", "digest"], required: ["id", "version", "digest"]),
            let id = fields["id"].flatMap({ r.string($0, "questionnaire id") }),
            let version = fields["version"].flatMap({ r.string($0, "questionnaire version") }),
            let digest = fields["digest"].flatMap({ r.string($0, "questionnaire digest") })
        else { return nil }
        return QuestionnairePin(id: id, version: version, digest: digest)
    }

    private static func readVisit(_ node: Node, _ r: YAMLReader, today: CalendarDate) -> Visit? {
        guard let fields = r.fields(node, "visit", allowed: ["start", "end", "announced"], required: ["start"]) else { return nil }
        func date(_ key: String) -> CalendarDate? {
            guard let node = fields[key], let text = r.string(node, "visit \(key)") else { return nil }
            guard let date = CalendarDate(text) else {
                r.error("invalid-date", "visit \(key) '\(text)' is not a date that exists; write YYYY-MM-DD", at: r.location(node))
                return nil
            }
            return date
        }
        guard let start = date("start") else { return nil }
        let end = fields["end"] == nil || r.isNull(fields["end"]!) ? start : date("end")
        let announced = fields["announced"].flatMap { r.isNull($0) ? nil : r.bool($0, "visit announced") }
        guard let end else { return nil }
        let visit = Visit(start: start, end: end, announced: announced)
        if let problem = visit.problem(today: today) {
            r.error("invalid-date", problem, at: fields.keyLocation(start > today || fields["end"] == nil ? "start" : "end"))
        }
        return visit
    }

    private static func readAssessors(_ node: Node, _ r: YAMLReader) -> [Assessor]? {
        guard let items = r.sequence(node, "assessors") else { return nil }
        var assessors: [Assessor] = []
        for item in items {
            guard let fields = r.fields(item, "an assessor", allowed: ["id", "gender"], required: ["id"]),
                let id = fields["id"].flatMap({ r.string($0, "assessor id") })
            else { continue }
            let assessor = Assessor(id: id, gender: fields["gender"].flatMap { r.isNull($0) ? nil : r.string($0, "gender") })
            for problem in assessor.problems { r.error("invalid-value", problem, at: fields.location) }
            assessors.append(assessor)
        }
        return assessors
    }

    // MARK: - Writing

    /// A blank sheet: every question grouped by cluster and point, with its text, guidance, how it is judged
    /// and when it applies as comments in `language`, each answer left `~`.
    public static func blank(
        for questionnaire: CompiledQuestionnaire, factory: Factory, kind: AssessmentKind, visit: Visit,
        language: String, amends: RecordID? = nil
    ) -> String {
        var out: [String] = []
        func comment(_ text: String, indent: String = "") {
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                out.append(line.isEmpty ? "\(indent)#" : "\(indent)# \(line)")
            }
        }
        comment(
            """
            Answer sheet: \(factory.name) (\(factory.id), \(factory.country)), \(questionnaire.title.text(in: language)) \(questionnaire.version)
            Fill in each answer after its question id; leave ~ where you have no answer yet. yes-no questions take
            yes or no, choice questions one of the option ids listed, dates YYYY-MM-DD. Notes go under `notes:`.
            Then: star assess record THIS-FILE            (a draft, to complete later)
                  star assess record THIS-FILE --final    (every applicable question answered)
            """)
        out.append("star: \(format)")
        out.append("factory: \(yamlString(factory.id))")
        out.append(
            "questionnaire: {id: \(yamlString(questionnaire.id)), version: \(yamlString(questionnaire.version)), digest: \(yamlString(questionnaire.digest))}")
        out.append("kind: \(kind.rawValue)")
        out.append("language: \(language)")
        out.append("visit: {start: \(visit.start), end: \(visit.end), announced: \(visit.announced.map { $0 ? "true" : "false" } ?? "~")}")
        out.append("# Assessors, for example: [{id: adv-sophea, gender: female}, {id: adv-dara, gender: male}]")
        out.append("assessors: []")
        if let amends { out.append("amends: \(yamlString(amends.description))") }
        out.append("answers:")
        for cluster in questionnaire.clusters {
            out.append("")
            comment("=== \(cluster.id) \(cluster.title.text(in: language))", indent: "  ")
            for point in cluster.points {
                out.append("")
                comment("--- \(point.id) \(point.title.text(in: language))", indent: "  ")
                for question in point.questions {
                    comment("\(question.id) [\(question.answerHint)] \(question.text.text(in: language))", indent: "  ")
                    let guidance = question.guidance.text(in: language)
                    if !guidance.isEmpty { comment(TextLayout.lines(guidance, width: 96).map { "  \($0)" }.joined(separator: "\n"), indent: "  ") }
                    if let rule = question.noncomplianceRule { comment("  non-compliant when: \(rule)", indent: "  ") }
                    if let when = question.when { comment("  applies when: \(when)", indent: "  ") }
                    if !question.legal.isEmpty { comment("  law: \(question.legal.joined(separator: "; "))", indent: "  ") }
                    out.append("  \(question.id): ~")
                }
            }
        }
        out.append("")
        comment("Notes by question id, for example:  WT.OT.2: \"payroll week 9, line 3\"")
        out.append("notes: {}")
        return out.joined(separator: "\n") + "\n"
    }

    /// A scalar that YAML reads back exactly: double-quoted unless it is a plain id.
    static func yamlString(_ text: String) -> String {
        let plain =
            !text.isEmpty && text.unicodeScalars.allSatisfy { Identifier.isAlphanumeric($0) || $0 == "-" || $0 == "_" || $0 == "." }
            && text.unicodeScalars.first.map(Identifier.isAlphanumeric) == true && CalendarDate(text) == nil && YAMLReader.parseNumber(text) == nil
            && !["yes", "no", "true", "false", "null", "on", "off", "y", "n"].contains(text.lowercased())
        return plain ? text : String(decoding: CanonicalJSON.data(.string(text)).dropLast(), as: UTF8.self)
    }
}

extension Visit {
    /// The longest visit a record may describe: an assessment takes a few days, not weeks.
    public static let longestDays = 14

    /// Why the dates do not make a visit, or nil: a visit has happened (it starts on `today` at the latest:
    /// the repository's, Repository.today()), ends on or after its first day, and lasts at most `longestDays` days.
    public func problem(today: CalendarDate) -> String? {
        if start > today { return "the visit starts on \(start), after today (\(today)); a record describes a visit that has begun" }
        if end < start { return "the visit ends (\(end)) before it starts (\(start))" }
        let days = end.days(since: start) + 1
        if days > Self.longestDays {
            return "the visit lasts \(days) days (\(start) to \(end)); a visit lasts at most \(Self.longestDays) days, check the dates"
        }
        return nil
    }

    /// `problem(today:)` with today in UTC (CalendarDate.today), for the record readers that have no
    /// repository's day at hand.
    public var problem: String? { problem(today: .today) }
}

extension Assessor {
    public var problems: [String] {
        var problems: [String] = []
        if let problem = Identifier.problem(with: id, as: .assessor) { problems.append(problem) }
        if let gender, !Self.genders.contains(gender) {
            problems.append("assessor gender must be one of \(Self.genders.joined(separator: ", ")), found '\(gender)'")
        }
        return problems
    }
}

extension CompiledQuestionnaire.Question {
    /// What the question takes, as shown next to it: `yes-no`, `number`, `whole number, 0 or more`, `choice: a | b | c`.
    public var answerHint: String {
        switch type {
        case .choice: "choice: " + options.map(\.id).joined(separator: " | ")
        case .number where !constraints.isNone: String(constraints.description.dropFirst(2))
        default: type.rawValue
        }
    }

    /// How the question is judged, in words an advisor reads at a glance; nil when it never is non-compliant.
    public var noncomplianceRule: String? {
        let options = options.filter(\.noncompliant).map(\.id)
        var parts: [String] = []
        if !options.isEmpty { parts.append("answer " + options.joined(separator: " or ")) }
        if let noncompliantIf { parts.append(noncompliantIf.description) }
        return parts.isEmpty ? nil : parts.joined(separator: ", or ")
    }
}
