/// Tidy tables for the engines that take over beyond one machine (docs/scale.md): one row per record, per
/// record and point, per record and question. Every valid record is exported, drafts and
/// self-assessments included, with the columns needed to reproduce star's selection in SQL.
public enum Export {
    public enum Table: String, Sendable, CaseIterable {
        case records, points, questions
    }

    public enum Format: String, Sendable, CaseIterable {
        case ndjson, csv
    }

    public static func columns(_ table: Table) -> [String] {
        let record = ["record", "factory", "country", "industry", "kind", "status", "visit_start", "year", "questionnaire", "questionnaire_version"]
        switch table {
        case .records: return record + ["workers", "women", "amends", "superseded"]
        case .points: return record + ["cluster", "point", "finding"]
        case .questions: return record + ["cluster", "point", "question", "finding"]
        }
    }

    /// Writes `table` through `sink` in pieces of about 1 MB, so memory stays flat however many records.
    public static func write(
        _ table: Table, as format: Format, index: RecordIndex, context: AssessmentContext,
        sink: ([UInt8]) throws -> Void
    ) rethrows {
        let columns = columns(table)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        if format == .csv { buffer += Array((columns.joined(separator: ",") + "\n").utf8) }
        let records = index.summaries.filter(\.isValid).sorted { $0.id < $1.id }
        let superseded = Set(records.filter { $0.status == .final }.compactMap(\.amends))
        func emit(_ values: [JSONValue]) {
            switch format {
            case .ndjson:
                buffer.append(UInt8(ascii: "{"))
                for (index, (column, value)) in zip(columns, values).enumerated() {
                    if index > 0 { buffer.append(UInt8(ascii: ",")) }
                    CanonicalJSON.writeString(column, into: &buffer)
                    buffer.append(UInt8(ascii: ":"))
                    CanonicalJSON.write(value, indent: 0, into: &buffer)
                }
                buffer += Array("}\n".utf8)
            case .csv:
                buffer += Array(
                    (values.map { value -> String in
                        switch value {
                        case .null: ""
                        case .string(let s): AggregateOutput.csvField(s)
                        case .bool(let b): b ? "true" : "false"
                        default: String(decoding: CanonicalJSON.data(value).dropLast(), as: UTF8.self)
                        }
                    }.joined(separator: ",") + "\n").utf8)
            }
        }
        for record in records {
            guard let factory = context.factories[record.factory],
                let plan = context.plans["\(record.questionnaire.id)@\(record.questionnaire.version)"]
            else { continue }
            let common: [JSONValue] = [
                .string(record.id.description), .string(factory.id), .string(factory.country), .string(factory.industry),
                .string(record.kind.rawValue), .string(record.status.rawValue), .string(record.visitStart.description),
                .int(record.visitStart.year), .string(record.questionnaire.id), .string(record.questionnaire.version),
            ]
            switch table {
            case .records:
                emit(
                    common + [
                        factory.workers.map { .int($0.total) } ?? .null, factory.workers?.women.map(JSONValue.int) ?? .null,
                        record.amends.map { .string($0.description) } ?? .null, .bool(superseded.contains(record.id)),
                    ])
            case .points:
                var point = 0
                for cluster in plan.questionnaire.clusters {
                    for _ in cluster.points where point < record.pointFindings.count {
                        emit(common + [.string(cluster.id), .string(plan.pointIDs[point]), .string(record.pointFindings[point].rawValue)])
                        point += 1
                    }
                }
            case .questions:
                var question = 0
                for cluster in plan.questionnaire.clusters {
                    for point in cluster.points {
                        for item in point.questions where question < record.questionFindings.count {
                            emit(common + [.string(cluster.id), .string(point.id), .string(item.id), .string(record.questionFindings[question].rawValue)])
                            question += 1
                        }
                    }
                }
            }
            if buffer.count > (1 << 20) - 4096 {
                try sink(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if !buffer.isEmpty { try sink(buffer) }
    }
}
