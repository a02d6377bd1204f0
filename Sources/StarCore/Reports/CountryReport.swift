/// A country synthesis report: non-compliance by cluster and by compliance point with 95% intervals, the ten
/// points most often non-compliant, the trend across years and a comparison with the repository's other
/// countries. Every number is a row of Aggregation (docs/rates.md); nothing is recomputed here.
public enum CountryReport {
    public static func build(
        country: String, on date: CalendarDate, language asked: String?, index: RecordIndex, context: AssessmentContext
    ) throws(ReportError) -> ReportDocument {
        guard Identifier.isCountryCode(country) else { throw .invalidCountry(country) }
        let language = try ReportStrings.resolve(asked, questionnaire: nil)
        let t = ReportStrings(language)
        func aggregate(_ groups: [AggregateQuery.Dimension], countries: Set<String>?) -> Aggregation {
            var query = AggregateQuery()
            query.countries = countries
            query.to = date
            query.groupBy = groups
            query.language = language
            return Aggregation(index, context: context, query: query)
        }
        let everyCountry = aggregate([.country, .cluster], countries: nil)
        let countries = Array(Set(everyCountry.rows.compactMap { $0.key[.country] })).sorted()
        guard countries.contains(country) else { throw .noCountryData(country, countriesWithData: countries, on: date) }
        let clusters = aggregate([.cluster], countries: [country])
        let points = aggregate([.point], countries: [country])
        let years = aggregate([.year, .cluster], countries: [country])
        let comparison = Comparison(everyCountry.rows, countries: [country] + countries.filter { $0 != country }, query: everyCountry.query)

        let scope = [
            ReportFact("country", t(.country), .text(CountryNames.label(country, language: language))),
            ReportFact("factories", t(.factoriesCounted), .count(clusters.counted)),
            ReportFact("visits-up-to", t(.visitsUpTo), .text(date.description)),
            ReportFact("records-with-errors", t(.recordsWithErrors), .count(clusters.invalidCount)),
        ]
        let pointRows = points.rows
        // Highest rate first; equal rates by more non-compliant factories, then in questionnaire order.
        let top = pointRows.enumerated().sorted { a, b in
            (a.element.rate ?? -1, a.element.noncompliant, -a.offset) > (b.element.rate ?? -1, b.element.noncompliant, -b.offset)
        }.prefix(10).map(\.element)
        return ReportDocument(
            kind: "country", language: language, title: t(.countryTitle, CountryNames.label(country, language: language)), subtitle: t(.asOf, date),
            sections: [
                ReportSection(id: "scope", title: t(.scopeSection), blocks: [.facts(scope), .paragraph(t(.countryMethod))]),
                ReportSection(
                    id: "clusters", title: t(.byCluster),
                    blocks: [
                        .chart(chart("cluster-rates", t(.clusterRateChart), category: t(.cluster), clusters.rows, level: .cluster)),
                        .table(clusterTable(clusters.rows, t)),
                    ]),
                ReportSection(
                    id: "points", title: t(.byPoint),
                    blocks: [
                        .chart(chart("point-rates", t(.pointRateChart), category: t(.point), pointRows, level: .point)),
                        .table(pointTable("points", pointRows, t)),
                    ]),
                ReportSection(
                    id: "top-points", title: t(.topPoints), blocks: [.paragraph(t(.topPointsNote)), .table(pointTable("top-points", Array(top), t))]),
                trend(years, t),
                compare(comparison, counted: everyCountry.selected.compactMap { context.factories[$0.factory]?.country }, t),
            ])
    }

    static func chart(_ key: String, _ title: String, category: String, _ rows: [AggregateRow], level: AggregateQuery.Dimension) -> BarChart {
        BarChart(
            key: key, title: title, category: category, unit: .percent,
            bars: rows.map { row in
                BarChart.Bar(key: row.key[level] ?? "", label: "\(row.key[level] ?? "") \(row.title)", value: row.rate, interval: row.interval)
            })
    }

    static func clusterTable(_ rows: [AggregateRow], _ t: ReportStrings) -> ReportTable {
        ReportTable(
            key: "clusters",
            columns: [
                .init("cluster", t(.cluster)), .init("title", t(.title)), .init("assessed", t(.factoriesAssessed)),
                .init("any-noncompliant", t(.factoriesWithAny)), .init("any-rate", t(.shareAnyNonCompliance)),
                .init("rate", t(.rate)), .init("ci95", t(.interval)),
            ],
            rows: rows.map { row in
                [
                    .identifier(row.key[.cluster] ?? ""), .text(row.title), .count(row.assessed), .count(row.noncompliant),
                    .percent(row.anyNoncompliance?.rate), .percent(row.rate), .interval(row.interval),
                ]
            })
    }

    static func pointTable(_ key: String, _ rows: [AggregateRow], _ t: ReportStrings) -> ReportTable {
        ReportTable(
            key: key,
            columns: [
                .init("point", t(.point)), .init("title", t(.title)), .init("assessed", t(.factoriesAssessed)),
                .init("noncompliant", t(.factoriesNonCompliant)), .init("rate", t(.rate)), .init("ci95", t(.interval)),
            ],
            rows: rows.map { row in
                [
                    .identifier(row.key[.point] ?? ""), .text(row.title), .count(row.assessed), .count(row.noncompliant),
                    .percent(row.rate), .interval(row.interval),
                ]
            })
    }

    /// Cluster rates by year, a column per year, and a chart of every cluster's rate in every year with its
    /// interval, the years of a cluster side by side.
    static func trend(_ aggregation: Aggregation, _ t: ReportStrings) -> ReportSection {
        let years = Array(Set(aggregation.rows.compactMap { $0.key[.year] })).sorted()
        var order: [String] = []
        var byCluster: [String: (title: String, rows: [String: AggregateRow])] = [:]
        for row in aggregation.rows {
            let cluster = row.key[.cluster] ?? ""
            if byCluster[cluster] == nil {
                order.append(cluster)
                byCluster[cluster] = (row.title, [:])
            }
            byCluster[cluster]!.rows[row.key[.year] ?? ""] = row
        }
        // One row per cluster and year, as the chart: any number of years fits a page.
        let table = ReportTable(
            key: "trend",
            columns: [
                .init("cluster", t(.cluster)), .init("title", t(.title)), .init("year", t(.year)),
                .init("assessed", t(.factoriesAssessed)), .init("rate", t(.rate)), .init("ci95", t(.interval)),
            ],
            rows: order.flatMap { cluster in
                let entry = byCluster[cluster]!
                return years.compactMap { year -> [ReportValue]? in
                    entry.rows[year].map { row in
                        [.identifier(cluster), .text(entry.title), .identifier(year), .count(row.assessed), .percent(row.rate), .interval(row.interval)]
                    }
                }
            })
        let bars = order.flatMap { cluster in
            years.compactMap { year -> BarChart.Bar? in
                guard let row = byCluster[cluster]!.rows[year] else { return nil }
                return BarChart.Bar(key: "\(cluster)/\(year)", label: "\(cluster) \(row.title): \(year)", value: row.rate, interval: row.interval)
            }
        }
        let counted = years.map { year in
            ReportFact("factories-\(year)", t(.factoriesInYear, year), .count(aggregation.selected.filter { String($0.visitStart.year) == year }.count))
        }
        return ReportSection(
            id: "trend", title: t(.trend),
            blocks: [
                .paragraph(t(.trendNote)), .facts(counted),
                .chart(BarChart(key: "trend", title: t(.trendChart), category: t(.clusterAndYear), unit: .percent, bars: bars)), .table(table),
            ])
    }

    /// The first country of `comparison` against every other: rates side by side, differences, whether each
    /// interval overlaps the first country's, and a chart with each country's interval and that mark.
    /// - Parameter counted: the country of each factory counted.
    static func compare(_ comparison: Comparison, counted: [String], _ t: ReportStrings) -> ReportSection {
        let section = ReportSection(id: "comparison", title: t(.comparison))
        let base = comparison.countries[0]
        let others = Array(comparison.countries.dropFirst())
        guard !others.isEmpty else { return section.with([.paragraph(t(.onlyCountry))]) }
        let factories = comparison.countries.map { country in
            ReportFact(
                "factories-\(country)", t(.factoriesInCountry, CountryNames.label(country, language: t.language)),
                .count(counted.filter { $0 == country }.count))
        }
        func overlap(_ line: Comparison.Line, _ country: String) -> ReportValue {
            comparison.overlaps(line, country).map { $0 ? .term("yes", t(.yes)) : .term("no", t(.no)) } ?? .none
        }
        // One row per cluster and country, this country first: any number of countries fits a page.
        let columns: [ReportTable.Column] = [
            .init("cluster", t(.cluster)), .init("title", t(.title)), .init("country", t(.country)),
            .init("assessed", t(.factoriesAssessed)), .init("rate", t(.rate)), .init("ci95", t(.interval)),
            .init("difference", t(.differenceFrom, base)), .init("overlap", t(.overlapsBase, base)),
        ]
        let rows: [[ReportValue]] = comparison.lines.flatMap { line in
            comparison.countries.compactMap { country -> [ReportValue]? in
                guard let row = line.byCountry[country] else { return nil }
                let other = country != base
                return [
                    .identifier(line.key[.cluster] ?? ""), .text(line.title), .identifier(country), .count(row.assessed), .percent(row.rate),
                    .interval(row.interval), other ? .points(comparison.difference(line, country)) : .none, other ? overlap(line, country) : .none,
                ]
            }
        }
        let bars = comparison.lines.flatMap { line in
            comparison.countries.compactMap { country -> BarChart.Bar? in
                guard let row = line.byCountry[country] else { return nil }
                let cluster = line.key[.cluster] ?? ""
                let note: String? = country == base ? nil : comparison.overlaps(line, country).map { $0 ? t(.overlaps, base) : t(.noOverlap, base) }
                return BarChart.Bar(
                    key: "\(cluster)/\(country)", label: "\(cluster) \(line.title): \(country)", value: row.rate, interval: row.interval, note: note)
            }
        }
        return section.with([
            .paragraph(t(.comparisonNote, base)), .facts(factories),
            .table(ReportTable(key: "comparison", columns: columns, rows: rows)),
            .chart(BarChart(key: "comparison", title: t(.comparisonChart), category: t(.clusterAndCountry), unit: .percent, bars: bars)),
        ])
    }
}
