/// Readable renderings of a compiled questionnaire for `star questionnaire show`.
public enum QuestionnaireOutline {
    /// Clusters, points and question counts.
    public static func outline(_ q: CompiledQuestionnaire, language: String) -> String {
        var lines = [
            "\(q.id) \(q.version): \(q.title.text(in: language))",
            "languages: \(q.languages.joined(separator: ", "))   questions: \(q.questions.count)   public: \(q.questions.filter(\.isPublic).count)",
            "sources: \(q.sources.map { "\($0.id) (\($0.file))" }.joined(separator: " -> "))",
        ]
        if !q.parameters.isEmpty {
            lines.append("parameters: \(q.parameters.count) (listed by --full)")
        }
        for cluster in q.clusters {
            let count = cluster.points.reduce(0) { $0 + $1.questions.count }
            lines.append("")
            lines.append("\(cluster.id)  \(cluster.title.text(in: language))  (\(count) questions)")
            for point in cluster.points {
                lines.append("  \(pad(point.id, 18)) \(pad(String(point.questions.count), 3, left: true))  \(point.title.text(in: language))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Every question with its rule, guidance and legal references, in one language.
    public static func fullText(_ q: CompiledQuestionnaire, language: String) -> String {
        var lines = ["# \(q.title.text(in: language)) (\(q.id) \(q.version))"]
        if !q.parameters.isEmpty {
            lines += ["", "## Parameters", ""]
            for name in q.parameters.keys.sorted() {
                let parameter = q.parameters[name]!
                let description = parameter.description.text(in: language)
                lines.append("- \(name) = \(parameter.value.display)\(description.isEmpty ? "" : ": \(description)")")
            }
        }
        for cluster in q.clusters {
            lines += ["", "## \(cluster.id) \(cluster.title.text(in: language))"]
            for point in cluster.points {
                lines += ["", "### \(point.id) \(point.title.text(in: language))"]
                let description = point.description.text(in: language)
                if !description.isEmpty { lines.append(description) }
                for question in point.questions {
                    lines.append("")
                    lines.append("- \(question.id) [\(question.type.rawValue)\(question.isPublic ? ", public" : "")] \(question.text.text(in: language))")
                    for option in question.options {
                        lines.append("    - \(option.id): \(option.text.text(in: language))\(option.noncompliant ? "  (non-compliant)" : "")")
                    }
                    if let when = question.when { lines.append("    when: \(when)") }
                    if let rule = question.noncompliantIf { lines.append("    non-compliant if: \(rule)") }
                    let guidance = question.guidance.text(in: language)
                    if !guidance.isEmpty { lines.append("    guidance: \(guidance)") }
                    if !question.legal.isEmpty { lines.append("    legal: \(question.legal.joined(separator: "; "))") }
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func pad(_ s: String, _ width: Int, left: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - s.count))
        return left ? padding + s : s + padding
    }
}
