import Foundation

public enum TableFormat: String, Sendable, CaseIterable {
    case text, json, csv, markdown
}

/// Renders aggregate rows for people (an aligned table with a bar per rate, Markdown) and for scripts
/// (JSON, CSV). The shapes are documented in docs/rates.md.
public enum AggregateOutput {
    public static func render(_ rows: [AggregateRow], query: AggregateQuery, as format: TableFormat) -> String {
        let dimensions = query.groups + [query.level]
        switch format {
        case .json:
            return CanonicalJSON.string(.array(rows.map { json($0, dimensions: dimensions) }))
        case .csv, .markdown, .text:
            var header = dimensions.map(\.rawValue) + ["title", "assessed", "noncompliant", "rate", "ci95_low", "ci95_high"]
            let clusterRows = query.level == .cluster
            if clusterRows { header += ["any_noncompliant", "any_rate", "any_ci95_low", "any_ci95_high"] }
            let cells: [[String]] = rows.map { row in
                var line = dimensions.map { row.key[$0] ?? "" } + [row.title, String(row.assessed), String(row.noncompliant)]
                line += [row.rate, row.interval?.lowerBound, row.interval?.upperBound].map { number($0, format) }
                if clusterRows {
                    let any = row.anyNoncompliance
                    line += [String(any?.count ?? 0)] + [any?.rate, any?.interval?.lowerBound, any?.interval?.upperBound].map { number($0, format) }
                }
                return line
            }
            switch format {
            case .csv: return ([header] + cells).map { $0.map(csvField).joined(separator: ",") }.joined(separator: "\n") + "\n"
            case .markdown:
                let align = header.map {
                    ["assessed", "noncompliant", "rate", "ci95_low", "ci95_high", "any_noncompliant", "any_rate", "any_ci95_low", "any_ci95_high"].contains($0)
                        ? "---:" : "---"
                }
                return ([header, align] + cells).map { "| " + $0.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |" }.joined(
                    separator: "\n") + "\n"
            default:
                return text(rows, dimensions: dimensions, clusterRows: clusterRows)
            }
        }
    }

    static func json(_ row: AggregateRow, dimensions: [AggregateQuery.Dimension]) -> JSONValue {
        var object: [String: JSONValue] = [
            "title": .string(row.title), "assessed": .int(row.assessed), "noncompliant": .int(row.noncompliant),
            "rate": row.rate.map(JSONValue.double) ?? .null,
            "ci95_low": row.interval.map { .double($0.lowerBound) } ?? .null,
            "ci95_high": row.interval.map { .double($0.upperBound) } ?? .null,
        ]
        for dimension in dimensions {
            guard let value = row.key[dimension] else { continue }
            object[dimension.rawValue] = dimension == .year ? .int(Int(value) ?? 0) : .string(value)
        }
        if let any = row.anyNoncompliance {
            object["any_noncompliant"] = .int(any.count)
            object["any_rate"] = any.rate.map(JSONValue.double) ?? .null
            object["any_ci95_low"] = any.interval.map { .double($0.lowerBound) } ?? .null
            object["any_ci95_high"] = any.interval.map { .double($0.upperBound) } ?? .null
        }
        return .object(object)
    }

    private static func text(_ rows: [AggregateRow], dimensions: [AggregateQuery.Dimension], clusterRows: Bool) -> String {
        if rows.isEmpty { return "no qualifying final records\n" }
        var header = dimensions.map(\.rawValue) + ["", "n", "nc", "rate", "95% CI", ""]
        if clusterRows { header += ["any nc"] }
        let lines: [[String]] = rows.map { row in
            var line = dimensions.map { row.key[$0] ?? "" }
            line += [
                String(row.title.prefix(44)), String(row.assessed), String(row.noncompliant), percent(row.rate),
                row.interval.map { "\(percent($0.lowerBound))-\(percent($0.upperBound))" } ?? "", bar(row.rate),
            ]
            if clusterRows, let any = row.anyNoncompliance { line.append("\(any.count) (\(percent(any.rate)))") }
            return line
        }
        let widths = header.indices.map { column in ([header] + lines).map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        let numeric: Set<Int> = [dimensions.count + 1, dimensions.count + 2, dimensions.count + 3]
        return ([header] + lines).map { line in
            line.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return numeric.contains(column) ? padding + cell : cell + padding
            }.joined(separator: "  ").trimmingTrailingSpaces
        }.joined(separator: "\n") + "\n"
    }

    /// Twenty cells, each 5 percentage points.
    static func bar(_ rate: Double?) -> String {
        guard let rate else { return "" }
        let filled = Int((rate * 20).rounded())
        return String(repeating: "█", count: filled) + String(repeating: "·", count: 20 - filled)
    }

    static func percent(_ rate: Double?) -> String {
        guard let rate else { return "n/a" }
        return String(format: "%.1f%%", rate * 100)
    }

    static func number(_ value: Double?, _ format: TableFormat) -> String {
        guard let value else { return "" }
        return format == .markdown ? percent(value) : String(format: "%.6f", value)
    }

    static func csvField(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
