/// What changed between two compiled questionnaires, per compliance point: the review a country team's
/// pull request needs.
public struct QuestionnaireDiff: Sendable {
    public enum Change: String, Sendable, CaseIterable {
        case added, removed, reworded, ruleChanged = "rule-changed", legalChanged = "legal-changed",
            guidanceChanged = "guidance-changed", publicChanged = "public-changed"
    }

    public struct QuestionChange: Sendable {
        public var point: String
        public var question: String
        public var changes: [Change]
        /// Human-readable before/after lines, one per change.
        public var details: [String]
    }

    public struct ParameterChange: Sendable {
        public var name: String
        public var before: String?
        public var after: String?
    }

    public var from: String
    public var to: String
    public var questions: [QuestionChange]
    public var parameters: [ParameterChange]
    /// The two lists of languages when they differ (a translation file added one): texts are compared only in
    /// the languages both have, so a new language is this one line, not every question reworded.
    public var languages: (before: [String], after: [String])?

    public var isEmpty: Bool { questions.isEmpty && parameters.isEmpty && languages == nil }

    public init(from old: CompiledQuestionnaire, to new: CompiledQuestionnaire) {
        from = "\(old.id) \(old.version)"
        to = "\(new.id) \(new.version)"
        let oldByID = Dictionary(old.questions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let newByID = Dictionary(new.questions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var changes: [QuestionChange] = []
        let shared = Set(old.languages).intersection(new.languages)
        languages = old.languages == new.languages ? nil : (old.languages, new.languages)
        for point in Self.pointOrder(old, new) {
            let oldQuestions = old.points.first { $0.id == point }?.questions ?? []
            let newQuestions = new.points.first { $0.id == point }?.questions ?? []
            for question in newQuestions {
                guard let before = oldByID[question.id] else {
                    changes.append(
                        QuestionChange(
                            point: point, question: question.id, changes: [.added], details: ["+ \(question.text.text(in: new.languages.first ?? "en"))"]))
                    continue
                }
                if let change = Self.compare(before, question, point: point, languages: shared) { changes.append(change) }
            }
            for question in oldQuestions where newByID[question.id] == nil {
                changes.append(
                    QuestionChange(
                        point: point, question: question.id, changes: [.removed], details: ["- \(question.text.text(in: old.languages.first ?? "en"))"]))
            }
        }
        questions = changes
        var parameterChanges: [ParameterChange] = []
        for name in Set(old.parameters.keys).union(new.parameters.keys).sorted() {
            let before = old.parameters[name]?.value.display
            let after = new.parameters[name]?.value.display
            if before != after { parameterChanges.append(ParameterChange(name: name, before: before, after: after)) }
        }
        parameters = parameterChanges
    }

    private static func pointOrder(_ old: CompiledQuestionnaire, _ new: CompiledQuestionnaire) -> [String] {
        var order = new.points.map(\.id)
        for point in old.points.map(\.id) where !order.contains(point) { order.append(point) }
        return order
    }

    private static func compare(
        _ a: CompiledQuestionnaire.Question, _ b: CompiledQuestionnaire.Question, point: String,
        languages: Set<String>
    ) -> QuestionChange? {
        var kinds: [Change] = []
        var details: [String] = []
        for language in Set(a.text.keys).union(b.text.keys).intersection(languages).sorted() where a.text[language] != b.text[language] {
            if !kinds.contains(.reworded) { kinds.append(.reworded) }
            details.append("text (\(language)): \"\(a.text[language] ?? "")\" -> \"\(b.text[language] ?? "")\"")
        }
        func rule(_ q: CompiledQuestionnaire.Question) -> String {
            var parts = ["type \(q.type.rawValue)"]
            if let when = q.when { parts.append("when \(when)") }
            if let rule = q.noncompliantIf { parts.append("noncompliant-if \(rule)") }
            if !q.options.isEmpty { parts.append("options " + q.options.map { $0.noncompliant ? "\($0.id)*" : $0.id }.joined(separator: ",")) }
            return parts.joined(separator: "; ")
        }
        if rule(a) != rule(b) {
            kinds.append(.ruleChanged)
            details.append("rule: \(rule(a)) -> \(rule(b))")
        }
        if a.legal != b.legal {
            kinds.append(.legalChanged)
            details.append("legal: \(a.legal.joined(separator: "; ")) -> \(b.legal.joined(separator: "; "))")
        }
        if a.guidance.filter({ languages.contains($0.key) }) != b.guidance.filter({ languages.contains($0.key) }) {
            kinds.append(.guidanceChanged)
            details.append("guidance changed")
        }
        if a.isPublic != b.isPublic {
            kinds.append(.publicChanged)
            details.append("public: \(a.isPublic) -> \(b.isPublic)")
        }
        return kinds.isEmpty ? nil : QuestionChange(point: point, question: b.id, changes: kinds, details: details)
    }

    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "from": .string(from),
            "to": .string(to),
            "questions": .array(
                questions.map { change in
                    .object([
                        "point": .string(change.point), "question": .string(change.question),
                        "changes": .array(change.changes.map { .string($0.rawValue) }), "details": .array(change.details.map(JSONValue.string)),
                    ])
                }),
            "parameters": .array(
                parameters.map { change in
                    .object([
                        "name": .string(change.name), "before": change.before.map(JSONValue.string) ?? .null,
                        "after": change.after.map(JSONValue.string) ?? .null,
                    ])
                }),
        ]
        // Only when they differ, so diffs between versions of one language list keep their shape.
        if let languages {
            object["languages"] = .object(["before": .array(languages.before.map(JSONValue.string)), "after": .array(languages.after.map(JSONValue.string))])
        }
        return .object(object)
    }

    /// Plain text grouped by point, for a terminal or a pull-request comment.
    public var text: String {
        var lines = ["\(from) -> \(to)"]
        if isEmpty { return lines[0] + ": no changes\n" }
        if let languages {
            lines.append(
                "languages: \(languages.before.joined(separator: ", ")) -> \(languages.after.joined(separator: ", ")) (texts compared in \(languages.before.filter(languages.after.contains).joined(separator: ", ")))"
            )
        }
        for change in parameters {
            lines.append("parameter \(change.name): \(change.before ?? "(none)") -> \(change.after ?? "(none)")")
        }
        var currentPoint = ""
        for change in questions {
            if change.point != currentPoint {
                currentPoint = change.point
                lines.append("")
                lines.append(currentPoint)
            }
            lines.append("  \(change.question): \(change.changes.map(\.rawValue).joined(separator: ", "))")
            lines += change.details.map { "    \($0)" }
        }
        let counts = Change.allCases.compactMap { kind -> String? in
            let n = questions.filter { $0.changes.contains(kind) }.count
            return n == 0 ? nil : "\(n) \(kind.rawValue)"
        }
        lines.append("")
        lines.append(counts.isEmpty ? (parameters.isEmpty ? "languages only" : "parameters only") : counts.joined(separator: ", "))
        return lines.joined(separator: "\n") + "\n"
    }
}
