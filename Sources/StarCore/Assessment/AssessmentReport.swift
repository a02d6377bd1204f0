/// A record's findings arranged by cluster and point, with each question's answer, note and legal
/// references, in one language: what `assess show` and `assess record` print.
public struct AssessmentReport: Sendable {
    public var record: AssessmentRecord
    public var factory: Factory
    public var language: String
    public var clusters: [ClusterRow]

    public struct ClusterRow: Sendable {
        public var id: String
        public var title: String
        /// Compliant points / applicable points (Findings.complianceRate); nil when none applies.
        public var complianceRate: Double?
        public var points: [PointRow]

        public func count(_ finding: Finding) -> Int { points.filter { $0.finding == finding }.count }
    }

    public struct PointRow: Sendable {
        public var id: String
        public var title: String
        public var finding: Finding
        public var questions: [QuestionRow]
    }

    public struct QuestionRow: Sendable {
        public var id: String
        public var text: String
        public var finding: Finding
        public var answer: Answer?
        public var note: String?
        public var legal: [String]
        public var isPublic: Bool
    }

    public init(_ loaded: AssessmentStore.Loaded, language: String) {
        let findings = loaded.check.findings
        record = loaded.record
        factory = loaded.factory
        self.language = language
        clusters = loaded.questionnaire.clusters.map { cluster in
            ClusterRow(
                id: cluster.id, title: cluster.title.text(in: language), complianceRate: findings.complianceRate(of: cluster),
                points: cluster.points.map { point in
                    PointRow(
                        id: point.id, title: point.title.text(in: language), finding: findings.points[point.id] ?? .notApplicable,
                        questions: point.questions.map { question in
                            let entry = loaded.record.answers[question.id]
                            return QuestionRow(
                                id: question.id, text: question.text.text(in: language),
                                finding: findings.questions[question.id] ?? .notApplicable,
                                answer: entry?.answer, note: entry?.note, legal: question.legal, isPublic: question.isPublic)
                        })
                })
        }
    }

    public var points: [PointRow] { clusters.flatMap(\.points) }

    /// Non-compliant questions in questionnaire order, each with its point.
    public var nonCompliances: [(point: PointRow, question: QuestionRow)] {
        points.flatMap { point in point.questions.filter { $0.finding == .nonCompliant }.map { (point, $0) } }
    }

    public func count(_ finding: Finding) -> Int { points.filter { $0.finding == finding }.count }

    public var json: JSONValue {
        var summary: [String: JSONValue] = [:]
        for finding in Finding.allCases { summary[finding.rawValue] = .int(count(finding)) }
        return .object([
            "record": .string(record.id.description),
            "factory": .object([
                "id": .string(factory.id), "name": .string(factory.name), "country": .string(factory.country), "industry": .string(factory.industry),
            ]),
            "kind": .string(record.kind.rawValue),
            "status": .string(record.status.rawValue),
            "questionnaire": record.questionnaire.json,
            "visit": record.visit.json,
            "language": .string(language),
            "points-summary": .object(summary),
            "clusters": .array(
                clusters.map { cluster in
                    .object([
                        "id": .string(cluster.id),
                        "title": .string(cluster.title),
                        "compliance-rate": cluster.complianceRate.map(JSONValue.number) ?? .null,
                        "non-compliant-points": .int(cluster.count(.nonCompliant)),
                        "points": .array(
                            cluster.points.map { point in
                                .object([
                                    "id": .string(point.id),
                                    "title": .string(point.title),
                                    "finding": .string(point.finding.rawValue),
                                    "questions": .array(
                                        point.questions.map { question in
                                            var object: [String: JSONValue] = [
                                                "id": .string(question.id), "text": .string(question.text), "finding": .string(question.finding.rawValue),
                                                "legal": .array(question.legal.map(JSONValue.string)), "public": .bool(question.isPublic),
                                            ]
                                            if let answer = question.answer { object["answer"] = answer.json }
                                            if let note = question.note { object["note"] = .string(note) }
                                            return .object(object)
                                        }),
                                ])
                            }),
                    ])
                }),
        ])
    }
}

extension AssessmentReport {
    /// Findings by cluster, then every non-compliance with its answer, note and law. With `details`, every
    /// point's finding too.
    public func text(details: Bool = false) -> String {
        var lines: [String] = []
        let visit = record.visit.start == record.visit.end ? "\(record.visit.start)" : "\(record.visit.start) to \(record.visit.end)"
        lines.append("\(record.id)  \(factory.name) (\(factory.country), \(factory.industry))  \(record.kind.rawValue), \(record.status.rawValue)")
        lines.append(
            "questionnaire \(record.questionnaire)  visit \(visit)" + (record.visit.announced.map { $0 ? " (announced)" : " (unannounced)" } ?? "")
                + (record.amends.map { "  amends \($0)" } ?? ""))
        var counts = ["\(count(.nonCompliant)) non-compliant", "\(count(.compliant)) compliant", "\(count(.notApplicable)) not applicable"]
        if count(.unanswered) > 0 { counts.append("\(count(.unanswered)) unanswered") }
        lines.append("compliance points: " + counts.joined(separator: ", "))
        lines.append("")
        let width = max(8, clusters.map { $0.id.count + 2 + $0.title.count }.max() ?? 0)
        lines.append(pad("cluster", width) + "  non-compliant  compliance")
        for cluster in clusters {
            let applicable = cluster.count(.compliant) + cluster.count(.nonCompliant)
            let rate = cluster.complianceRate.map { "\(Int(($0 * 100).rounded()))%" } ?? "n/a"
            lines.append(pad("\(cluster.id)  \(cluster.title)", width) + "  " + pad("\(cluster.count(.nonCompliant))/\(applicable)", 13) + "  " + rate)
            if details {
                for point in cluster.points {
                    lines.append("    \(pad(point.id, 12)) \(pad(point.finding.rawValue, 14)) \(point.title)")
                }
            }
        }
        let found = nonCompliances
        lines.append("")
        lines.append(found.isEmpty ? "no non-compliance found" : "non-compliances (\(found.count)):")
        var lastPoint = ""
        for (point, question) in found {
            if point.id != lastPoint {
                lines.append("")
                lines.append("\(point.id)  \(point.title)")
                lastPoint = point.id
            }
            lines.append("  \(question.id)  \(question.text)")
            lines.append("    answer: \(question.answer.map(describe) ?? "none")" + (question.note.map { "   note: \($0)" } ?? ""))
            if !question.legal.isEmpty { lines.append("    law: \(question.legal.joined(separator: "; "))") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func describe(_ answer: Answer) -> String {
        switch answer {
        case .number(let n): CanonicalJSON.formatDouble(n)
        default: answer.json.string ?? ""
        }
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
