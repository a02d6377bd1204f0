/// Aggregate rows of several countries side by side: for each item (and year), every country's rate and
/// interval, its difference from the first country, and whether the two intervals overlap.
public struct Comparison: Sendable {
    public struct Line: Sendable {
        /// The grouping values other than country, and the level's id.
        public var key: [AggregateQuery.Dimension: String]
        public var title: String
        public var byCountry: [String: AggregateRow]
    }

    public var countries: [String]
    public var dimensions: [AggregateQuery.Dimension]
    public var lines: [Line]

    public init(_ rows: [AggregateRow], countries: [String], query: AggregateQuery) {
        self.countries = countries
        dimensions = query.groups.filter { $0 != .country } + [query.level]
        var lines: [Line] = []
        var position: [[String]: Int] = [:]
        for row in rows {
            guard let country = row.key[.country] else { continue }
            let values = dimensions.map { row.key[$0] ?? "" }
            if position[values] == nil {
                position[values] = lines.count
                lines.append(Line(key: row.key.filter { $0.key != .country }, title: row.title, byCountry: [:]))
            }
            lines[position[values]!].byCountry[country] = row
        }
        self.lines = lines
    }

    /// `country`'s rate minus the first country's; nil when either is missing.
    public func difference(_ line: Line, _ country: String) -> Double? {
        guard let base = line.byCountry[countries[0]]?.rate, let rate = line.byCountry[country]?.rate else { return nil }
        return rate - base
    }

    /// Whether `country`'s interval overlaps the first country's; nil when either is missing.
    public func overlaps(_ line: Line, _ country: String) -> Bool? {
        guard let a = line.byCountry[countries[0]]?.interval, let b = line.byCountry[country]?.interval else { return nil }
        return a.overlaps(b)
    }

    public func render(as format: TableFormat) -> String {
        let others = Array(countries.dropFirst())
        if format == .json {
            return CanonicalJSON.string(
                .array(
                    lines.map { line in
                        var object: [String: JSONValue] = ["title": .string(line.title)]
                        for dimension in dimensions {
                            if let value = line.key[dimension] { object[dimension.rawValue] = dimension == .year ? .int(Int(value) ?? 0) : .string(value) }
                        }
                        object["countries"] = .object(
                            Dictionary(
                                uniqueKeysWithValues: countries.compactMap { country in
                                    line.byCountry[country].map { (country, AggregateOutput.json($0, dimensions: [])) }
                                }
                            ).mapValues { value in
                                guard case .object(var fields) = value else { return value }
                                fields["title"] = nil
                                return .object(fields)
                            })
                        object["difference"] = .object(
                            Dictionary(uniqueKeysWithValues: others.map { ($0, difference(line, $0).map(JSONValue.double) ?? .null) }))
                        object["intervals_overlap"] = .object(
                            Dictionary(uniqueKeysWithValues: others.map { ($0, overlaps(line, $0).map(JSONValue.bool) ?? .null) }))
                        return .object(object)
                    }))
        }
        var header = dimensions.map(\.rawValue) + ["title"]
        header += countries.flatMap {
            format == .text ? ["\($0) rate", "\($0) 95% CI", "n"] : ["\($0)_rate", "\($0)_ci95_low", "\($0)_ci95_high", "\($0)_assessed"]
        }
        header += others.flatMap { format == .text ? ["\($0)-\(countries[0])"] : ["\($0)_difference", "\($0)_overlap"] }
        let cells: [[String]] = lines.map { line in
            var cells = dimensions.map { line.key[$0] ?? "" } + [format == .text ? String(line.title.prefix(40)) : line.title]
            for country in countries {
                let row = line.byCountry[country]
                if format == .text {
                    cells += [
                        AggregateOutput.percent(row?.rate),
                        row?.interval.map { "\(AggregateOutput.percent($0.lowerBound))-\(AggregateOutput.percent($0.upperBound))" } ?? "",
                        row.map { String($0.assessed) } ?? "0",
                    ]
                } else {
                    cells += [
                        AggregateOutput.number(row?.rate, format), AggregateOutput.number(row?.interval?.lowerBound, format),
                        AggregateOutput.number(row?.interval?.upperBound, format), row.map { String($0.assessed) } ?? "0",
                    ]
                }
            }
            for country in others {
                let difference = difference(line, country)
                let overlap = overlaps(line, country)
                if format == .text {
                    // '*' marks intervals that do not overlap: a difference unlikely to be chance alone.
                    cells.append(difference.map { String(format: "%+.1f", $0 * 100) + (overlap == false ? " *" : "") } ?? "")
                } else {
                    cells += [AggregateOutput.number(difference, format), overlap.map { $0 ? "true" : "false" } ?? ""]
                }
            }
            return cells
        }
        switch format {
        case .csv: return ([header] + cells).map { $0.map(AggregateOutput.csvField).joined(separator: ",") }.joined(separator: "\n") + "\n"
        case .markdown:
            return ([header, header.map { _ in "---" }] + cells).map { "| " + $0.joined(separator: " | ") + " |" }.joined(separator: "\n") + "\n"
        default:
            if lines.isEmpty { return "no qualifying final records\n" }
            let widths = header.indices.map { column in ([header] + cells).map { $0[column].count }.max() ?? 0 }
            let table = ([header] + cells).map { line in
                line.enumerated().map { $1 + String(repeating: " ", count: widths[$0] - $1.count) }.joined(separator: "  ").trimmingTrailingSpaces
            }
            return table.joined(separator: "\n") + "\n" + (others.isEmpty ? "" : "differences in percentage points; * the 95% intervals do not overlap\n")
        }
    }
}
