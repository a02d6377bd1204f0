import Foundation
import Testing

@testable import StarCore

/// A row as Aggregation makes it, for `country` and one point, with `k` of `n` factories non-compliant.
private func row(_ country: String, point: String = "CL.CHILD", _ k: Int, of n: Int) -> AggregateRow {
    let rate = Double(k) / Double(n)
    let (low, high) = expectedWilson(rate, n: Double(n))
    return AggregateRow(
        key: [.country: country, .point: point], title: "Child labourers", assessed: n, noncompliant: k,
        rate: rate, interval: low...high, anyNoncompliance: nil)
}

private let byPoint = AggregateQuery.with { $0.groupBy = [.point, .country] }

@Suite struct ComparisonTests {
    /// XX: 1 of 4 factories employs children, one works 70 hours; YY: 3 of 4 employ children, no overtime.
    private func twoCountries() throws -> AggregateRepository {
        let repo = try AggregateRepository(
            questionnaires: [("xx-garment", "XX"), ("yy-garment", "YY")],
            factories: (1...4).flatMap { [makeFactory("XX-000\($0)"), makeFactory("YY-000\($0)")] })
        try repo.record("XX-0001", "2026-02-01", Observed(child: true, hours: 70))
        for n in 2...4 { try repo.record("XX-000\(n)", "2026-02-01") }
        for n in 1...3 { try repo.record("YY-000\(n)", "2026-02-01", Observed(child: true)) }
        try repo.record("YY-0004", "2026-02-01")
        return repo
    }

    @Test func theSameItemsStandSideBySideForEachCountry() throws {
        let repo = try twoCountries()
        defer { repo.remove() }
        let query = AggregateQuery.with {
            $0.countries = ["XX", "YY"]
            $0.groupBy = [.point, .country]
        }
        let comparison = Comparison(repo.aggregate(query).rows, countries: ["XX", "YY"], query: query)
        #expect(comparison.dimensions == [.point])
        #expect(comparison.lines.map { $0.key[.point]! } == ["GEN.SHIFTS", "CL.CHILD", "WT.OT"])
        #expect(comparison.lines.allSatisfy { $0.key[.country] == nil })
        let child = try #require(comparison.lines.first { $0.key[.point] == "CL.CHILD" })
        #expect(child.title == "Child labourers")
        #expect(child.byCountry["XX"].map(\.counts) == [4, 1])
        #expect(child.byCountry["YY"].map(\.counts) == [4, 3])
    }

    @Test func theDifferenceIsTakenAgainstTheFirstCountry() throws {
        let repo = try twoCountries()
        defer { repo.remove() }
        let query = AggregateQuery.with { $0.groupBy = [.point, .country] }
        let rows = repo.aggregate(query).rows
        let child = try #require(Comparison(rows, countries: ["XX", "YY"], query: query).lines.first { $0.key[.point] == "CL.CHILD" })
        #expect(approx(Comparison(rows, countries: ["XX", "YY"], query: query).difference(child, "YY"), 3.0 / 4 - 1.0 / 4))
        #expect(approx(Comparison(rows, countries: ["YY", "XX"], query: query).difference(child, "XX"), 1.0 / 4 - 3.0 / 4))
        #expect(approx(Comparison(rows, countries: ["XX", "YY"], query: query).difference(child, "XX"), 0))
    }

    @Test func aCountryWithoutTheItemHasNoDifferenceAndNoOverlap() throws {
        let repo = try twoCountries()
        defer { repo.remove() }
        let query = AggregateQuery.with { $0.groupBy = [.point, .country] }
        let comparison = Comparison(repo.aggregate(query).rows, countries: ["XX", "YY"], query: query)
        let overtime = try #require(comparison.lines.first { $0.key[.point] == "WT.OT" })
        #expect(overtime.byCountry["YY"] == nil)
        #expect(comparison.difference(overtime, "YY") == nil)
        #expect(comparison.overlaps(overtime, "YY") == nil)
    }

    @Test func overlappingIntervalsAreFlagged() throws {
        // 1 of 4 [0.0456, 0.6994] and 3 of 4 [0.3006, 0.9544] overlap.
        let comparison = Comparison([row("XX", 1, of: 4), row("YY", 3, of: 4)], countries: ["XX", "YY"], query: byPoint)
        #expect(comparison.overlaps(comparison.lines[0], "YY") == true)
    }

    @Test func separateIntervalsAreFlagged() throws {
        // 0 of 10 [0, 0.2775] and 10 of 10 [0.7225, 1] do not overlap.
        let comparison = Comparison([row("XX", 0, of: 10), row("YY", 10, of: 10)], countries: ["XX", "YY"], query: byPoint)
        #expect(comparison.overlaps(comparison.lines[0], "YY") == false)
        #expect(approx(comparison.difference(comparison.lines[0], "YY"), 1))
        #expect(comparison.render(as: .text).contains("+100.0 *"))
    }

    @Test func everyOtherCountryIsComparedWithTheFirst() throws {
        let rows = [row("XX", 2, of: 10), row("YY", 5, of: 10), row("ZZ", 10, of: 10)]
        let comparison = Comparison(rows, countries: ["YY", "XX", "ZZ"], query: byPoint)
        let line = try #require(comparison.lines.first)
        #expect(approx(comparison.difference(line, "XX"), 0.2 - 0.5))
        #expect(approx(comparison.difference(line, "ZZ"), 1.0 - 0.5))
        // 5/10 [0.2366, 0.7634] against 2/10 [0.0567, 0.5098] and 10/10 [0.7225, 1].
        #expect(comparison.overlaps(line, "XX") == true)
        #expect(comparison.overlaps(line, "ZZ") == true)
    }

    @Test func linesAreKeptApartByYear() throws {
        let rows = [
            AggregateRow(
                key: [.year: "2025", .country: "XX", .cluster: "CL"], title: "Child labour", assessed: 2, noncompliant: 1, rate: 0.5,
                interval: 0.1...0.9, anyNoncompliance: nil),
            AggregateRow(
                key: [.year: "2026", .country: "XX", .cluster: "CL"], title: "Child labour", assessed: 2, noncompliant: 0, rate: 0,
                interval: 0...0.6, anyNoncompliance: nil),
            AggregateRow(
                key: [.year: "2026", .country: "YY", .cluster: "CL"], title: "Child labour", assessed: 3, noncompliant: 3, rate: 1,
                interval: 0.4...1, anyNoncompliance: nil),
        ]
        let query = AggregateQuery.with { $0.groupBy = [.year, .cluster, .country] }
        let comparison = Comparison(rows, countries: ["XX", "YY"], query: query)
        #expect(comparison.dimensions == [.year, .cluster])
        #expect(comparison.lines.map { $0.key[.year]! } == ["2025", "2026"])
        #expect(comparison.lines[0].byCountry.keys.sorted() == ["XX"])
        #expect(comparison.lines[1].byCountry.keys.sorted() == ["XX", "YY"])
        #expect(approx(comparison.difference(comparison.lines[1], "YY"), 1))
    }

    @Test func theJSONComparisonCarriesRatesDifferencesAndOverlaps() throws {
        let comparison = Comparison([row("XX", 0, of: 10), row("YY", 10, of: 10)], countries: ["XX", "YY"], query: byPoint)
        let lines = try #require(try JSONSerialization.jsonObject(with: Data(comparison.render(as: .json).utf8)) as? [[String: Any]])
        #expect(lines.count == 1)
        let line = lines[0]
        #expect(Set(line.keys) == ["point", "title", "countries", "difference", "intervals_overlap"])
        #expect(line["point"] as? String == "CL.CHILD")
        let yy = try #require((line["countries"] as? [String: Any])?["YY"] as? [String: Any])
        #expect(yy["assessed"] as? Int == 10 && yy["noncompliant"] as? Int == 10)
        #expect(approx(yy["ci95_low"] as? Double, 0.7225, within: 5e-5))
        #expect(approx((line["difference"] as? [String: Any])?["YY"] as? Double, 1))
        #expect((line["intervals_overlap"] as? [String: Any])?["YY"] as? Bool == false)
    }

    @Test func theCSVComparisonHasOneColumnGroupPerCountry() {
        let comparison = Comparison([row("XX", 1, of: 4), row("YY", 3, of: 4)], countries: ["XX", "YY"], query: byPoint)
        let lines = comparison.render(as: .csv).split(separator: "\n").map(String.init)
        #expect(lines.first == "point,title,XX_rate,XX_ci95_low,XX_ci95_high,XX_assessed,YY_rate,YY_ci95_low,YY_ci95_high,YY_assessed,YY_difference,YY_overlap")
        #expect(lines.count == 2)
        #expect(lines.last?.hasPrefix("CL.CHILD,Child labourers,0.250000,") == true)
        #expect(lines.last?.hasSuffix(",4,0.500000,true") == true)
    }
}
