/// A report as canonical JSON, with the same data as the other formats but typed: rates as fractions, intervals
/// as `{low, high}`, findings and statuses as their codes, tables as arrays of objects keyed by column.
///
///     {"star": "report/1", "kind", "language", "title", "subtitle",
///      "sections": [{"id", "title", "blocks": [{"type": "paragraph" | "code" | "facts" | "table" | "chart" | "list", ...}],
///                    "sections": [...]}]}
public enum JSONRenderer {
    public static let format = "report/1"

    public static func render(_ document: ReportDocument) -> String {
        CanonicalJSON.string(json(document))
    }

    public static func json(_ document: ReportDocument) -> JSONValue {
        var object: [String: JSONValue] = [
            "star": .string(format), "kind": .string(document.kind), "language": .string(document.language),
            "title": .string(document.title), "sections": .array(document.sections.map(json)),
        ]
        if let subtitle = document.subtitle { object["subtitle"] = .string(subtitle) }
        return .object(object)
    }

    static func json(_ section: ReportSection) -> JSONValue {
        .object([
            "id": .string(section.id), "title": .string(section.title),
            "blocks": .array(section.blocks.map(json)), "sections": .array(section.sections.map(json)),
        ])
    }

    static func json(_ block: ReportBlock) -> JSONValue {
        switch block {
        case .paragraph(let text):
            return .object(["type": .string("paragraph"), "text": .string(text)])
        case .code(let text):
            return .object(["type": .string("code"), "text": .string(text)])
        case .facts(let facts):
            return .object([
                "type": .string("facts"),
                "values": .object(Dictionary(facts.map { ($0.key, json($0.value)) }, uniquingKeysWith: { first, _ in first })),
                "labels": .object(Dictionary(facts.map { ($0.key, JSONValue.string($0.label)) }, uniquingKeysWith: { first, _ in first })),
            ])
        case .table(let table):
            return .object([
                "type": .string("table"), "key": .string(table.key),
                "columns": .array(table.columns.map { .object(["key": .string($0.key), "title": .string($0.title)]) }),
                "rows": .array(
                    table.rows.map { row in
                        .object(Dictionary(zip(table.columns.map(\.key), row.map(json)), uniquingKeysWith: { first, _ in first }))
                    }),
            ])
        case .chart(let chart):
            var object: [String: JSONValue] = [
                "type": .string("chart"), "key": .string(chart.key), "title": .string(chart.title), "category": .string(chart.category),
                "unit": .string(chart.unit.rawValue),
                "bars": .array(
                    chart.bars.map { bar in
                        var object: [String: JSONValue] = [
                            "key": .string(bar.key), "label": .string(bar.label), "value": bar.value.map(JSONValue.number) ?? .null,
                        ]
                        if let interval = bar.interval { object["ci95"] = json(.interval(interval)) }
                        if let note = bar.note { object["note"] = .string(note) }
                        return .object(object)
                    }),
            ]
            if let scale = chart.scale { object["scale"] = .number(scale) }
            return .object(object)
        case .list(let list):
            return .object(["type": .string("list"), "items": .array(list.items.map(json))])
        case .evidence(let items):
            return evidence(items)
        }
    }

    static func json(_ item: ReportList.Item) -> JSONValue {
        var object: [String: JSONValue] = ["text": .string(item.text)]
        if let link = item.link { object["link"] = .string(link) }
        if !item.items.isEmpty { object["items"] = .array(item.items.map(json)) }
        return .object(object)
    }

    static func json(_ value: ReportValue) -> JSONValue {
        switch value {
        case .text(let text), .identifier(let text): .string(text)
        case .term(let code, _): .string(code)
        case .count(let n): .int(n)
        case .percent(let p), .points(let p): p.map(JSONValue.number) ?? .null
        case .interval(let range): range.map { .object(["low": .number($0.lowerBound), "high": .number($0.upperBound)]) } ?? .null
        case .list(let items): .array(items.map(JSONValue.string))
        case .none: .null
        }
    }
}
