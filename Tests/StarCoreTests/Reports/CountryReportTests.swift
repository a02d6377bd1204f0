import Foundation
import Testing

@testable import StarCore

/// Two countries over two years. In XX: XX-0001 (child labour in 2025, clean in 2026), XX-0002 (72 hours),
/// XX-0003 (unpaid leave), XX-0004 (clean, visited after the report date of most tests). In YY: YY-0001 (65 hours).
private func twoCountries() throws -> ReportRepository {
    let repo = try ReportRepository(factories: ["XX-0001", "XX-0002", "XX-0003", "XX-0004", "YY-0001"], countries: ["XX", "YY"])
    try repo.record("XX-0001", "2025-09-01", ReportVisit(child: true))
    try repo.record("XX-0001", "2026-09-01")
    try repo.record("XX-0002", "2026-05-01", ReportVisit(hours: 72))
    try repo.record("XX-0003", "2026-06-01", ReportVisit(leavePaid: false))
    try repo.record("XX-0004", "2026-11-20")
    try repo.record("YY-0001", "2026-04-01", ReportVisit(hours: 65))
    // A self-assessment never counts.
    try repo.record("XX-0002", "2026-07-01", ReportVisit(child: true), kind: .selfAssessment)
    return repo
}

@Suite struct CountryReportTests {
    private func aggregation(
        _ repo: ReportRepository, _ groups: [AggregateQuery.Dimension], countries: Set<String>? = ["XX"], to date: String = "2026-11-15"
    ) -> Aggregation {
        var query = AggregateQuery()
        query.countries = countries
        query.groupBy = groups
        query.to = reportDay(date)
        return Aggregation(repo.index(), context: repo.store.context, query: query)
    }

    private func report(_ repo: ReportRepository, _ country: String = "XX", on date: String = "2026-11-15", language: String? = nil) throws -> ReportDocument {
        try CountryReport.build(country: country, on: reportDay(date), language: language, index: repo.index(), context: repo.store.context)
    }

    @Test func clusterAndPointChartsCarryTheAggregationsRatesAndIntervals() throws {
        let repo = try twoCountries()
        defer { repo.remove() }
        let document = try report(repo)
        let clusters = aggregation(repo, [.cluster]).rows
        let clusterChart = try #require(document.chart("cluster-rates"))
        #expect(clusterChart.bars.map(\.key) == clusters.map { $0.key[.cluster]! })
        #expect(clusterChart.bars.map(\.value) == clusters.map(\.rate))
        #expect(clusterChart.bars.map(\.interval) == clusters.map(\.interval))
        let table = try #require(document.table("clusters"))
        #expect(table.column("rate").map(\.percentValue) == clusters.map(\.rate))
        #expect(table.column("assessed").map(\.countValue) == clusters.map(\.assessed))
        #expect(table.column("ci95") == clusters.map { .interval($0.interval) })

        let points = aggregation(repo, [.point]).rows
        let pointChart = try #require(document.chart("point-rates"))
        #expect(pointChart.bars.map(\.key) == ["CL.CHILD", "WT.OT", "WT.LEAVE"])
        #expect(pointChart.bars.map(\.value) == points.map(\.rate))
        #expect(pointChart.bars.map(\.interval) == points.map(\.interval))
        // By hand: 3 factories counted on 2026-11-15 (XX-0004 comes later), each point non-compliant once.
        #expect(document.section("scope")?.fact("factories") == .count(3))
        let third: Double? = 1.0 / 3
        #expect(pointChart.bars.map(\.value) == [0.0, third, third])
    }

    @Test func theTopPointsAreOrderedByRateThenByNonCompliantFactories() throws {
        let repo = try twoCountries()
        defer { repo.remove() }
        let top = try #require(report(repo).table("top-points"))
        #expect(top.column("point").map(\.textValue) == ["WT.OT", "WT.LEAVE", "CL.CHILD"])
        #expect(top.rows.count <= 10)
    }

    @Test func theTrendHasARowPerClusterAndYearWithThatYearsRate() throws {
        let repo = try twoCountries()
        defer { repo.remove() }
        let document = try report(repo)
        let years = aggregation(repo, [.year, .cluster]).rows
        let trend = try #require(document.table("trend"))
        #expect(trend.columns.map(\.key) == ["cluster", "title", "year", "assessed", "rate", "ci95"])
        #expect(trend.column("cluster").map(\.textValue) == ["CL", "CL", "WT", "WT"])
        #expect(trend.column("year").map(\.textValue) == ["2025", "2026", "2025", "2026"])
        for row in years {
            let line = try #require(trend.rows.first { $0[0] == .identifier(row.key[.cluster]!) && $0[2] == .identifier(row.key[.year]!) })
            #expect(line[4].percentValue == row.rate && line[5] == .interval(row.interval) && line[3].countValue == row.assessed)
        }
        // CL in 2025: XX-0001 alone, with child labour.
        #expect(trend.rows[0][4] == .percent(1))
        #expect(document.section("trend")?.fact("factories-2025") == .count(1))
    }

    @Test func theComparisonSetsEveryOtherCountryBesideThisOne() throws {
        let repo = try twoCountries()
        defer { repo.remove() }
        let document = try report(repo)
        let all = aggregation(repo, [.country, .cluster], countries: nil)
        let comparison = Comparison(all.rows, countries: ["XX", "YY"], query: all.query)
        let table = try #require(document.table("comparison"))
        #expect(table.columns.map(\.key) == ["cluster", "title", "country", "assessed", "rate", "ci95", "difference", "overlap"])
        // A row per cluster and country, this country first.
        #expect(table.column("country").map(\.textValue) == ["XX", "YY", "XX", "YY"])
        let others = table.rows.filter { $0[2] == .identifier("YY") }
        #expect(others.map { $0[4].percentValue } == comparison.lines.map { $0.byCountry["YY"]?.rate })
        #expect(others.map { $0[6] } == comparison.lines.map { .points(comparison.difference($0, "YY")) })
        // Whether each interval overlaps XX's, in the table and as the note of YY's bars; nothing on XX's own rows.
        let overlaps = comparison.lines.map { comparison.overlaps($0, "YY") }
        #expect(others.map { $0[7].textValue } == overlaps.map { $0.map { $0 ? "yes" : "no" } })
        #expect(table.rows.filter { $0[2] == .identifier("XX") }.allSatisfy { $0[6] == .none && $0[7] == .none })
        let chart = try #require(document.chart("comparison"))
        #expect(
            chart.bars.filter { $0.key.hasSuffix("/YY") }.map(\.note)
                == overlaps.map { $0.map { $0 ? "interval overlaps XX's" : "no overlap with XX: a real difference" } })
        #expect(chart.bars.filter { $0.key.hasSuffix("/XX") }.allSatisfy { $0.note == nil })
        #expect(chart.bars.first { $0.key == "WT/YY" }?.value == comparison.lines.first { $0.key[.cluster] == "WT" }?.byCountry["YY"]?.rate)
        // Seen from YY, XX is the other country.
        #expect(try report(repo, "YY").table("comparison")?.column("country").map(\.textValue) == ["YY", "XX", "YY", "XX"])
    }

    @Test func theTrendIsAChartOfEveryClusterInEveryYearWithItsInterval() throws {
        let repo = try twoCountries()
        defer { repo.remove() }
        let years = aggregation(repo, [.year, .cluster]).rows
        let chart = try #require(try report(repo).chart("trend"))
        #expect(chart.unit == .percent && chart.category == "Cluster and year")
        // The years of a cluster side by side, each bar the aggregation's row with its interval.
        #expect(chart.bars.map(\.key) == ["CL/2025", "CL/2026", "WT/2025", "WT/2026"])
        for bar in chart.bars {
            let parts = bar.key.split(separator: "/").map(String.init)
            let row = try #require(years.first { $0.key[.cluster] == parts[0] && $0.key[.year] == parts[1] })
            #expect(bar.value == row.rate && bar.interval == row.interval && bar.interval != nil, "\(bar.key)")
        }
        // 2025: XX-0001 alone, with child labour.
        #expect(chart.bars.first?.value == 1)
    }

    @Test func theReportNamesTheCountry() throws {
        #expect(CountryNames.label("KH", language: "en") == "Cambodia (KH)")
        #expect(CountryNames.label("HT", language: "fr") == "Haïti (HT)")
        // A user-assigned code has no name: the code stands alone.
        #expect(CountryNames.label("XX", language: "en") == "XX")
    }

    @Test func aCountryWithoutDataOrABadCodeIsRefused() throws {
        let repo = try twoCountries()
        defer { repo.remove() }
        #expect(throws: ReportError.noCountryData("ZZ", countriesWithData: ["XX", "YY"], on: reportDay("2026-11-15"))) { try report(repo, "ZZ") }
        #expect(throws: ReportError.noCountryData("YY", countriesWithData: [], on: reportDay("2025-01-01"))) { try report(repo, "YY", on: "2025-01-01") }
        #expect(throws: ReportError.invalidCountry("xx")) { try report(repo, "xx") }
        #expect(
            ReportError.noCountryData("ZZ", countriesWithData: ["XX", "YY"], on: reportDay("2026-11-15")).description
                == "no final assessment or follow-up of a factory in ZZ up to 2026-11-15; countries with data: XX, YY")
    }

    @Test func titlesFollowTheLanguage() throws {
        let repo = try twoCountries()
        defer { repo.remove() }
        let document = try report(repo, language: "fr")
        #expect(document.title == "Rapport de synthèse pays : XX")
        #expect(document.table("clusters")?.column("title").map(\.textValue) == ["Travail des enfants", "Temps de travail"])
    }
}
