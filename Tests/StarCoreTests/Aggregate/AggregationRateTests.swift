import Foundation
import Testing

@testable import StarCore

@Suite struct AggregationRateTests {
    @Test func aPointRateIsNonCompliantFactoriesOverFactoriesWhereItApplies() throws {
        let repo = try fiveFactories()
        defer { repo.remove() }
        let aggregation = repo.aggregate(AggregateQuery.with { $0.groupBy = [.point] })
        #expect(aggregation.rows.map { $0.key[.point]! } == ["GEN.SHIFTS", "CL.CHILD", "WT.OT", "WT.NIGHT"])
        let expected: [(String, Int, Int)] = [("GEN.SHIFTS", 5, 0), ("CL.CHILD", 5, 2), ("WT.OT", 3, 2), ("WT.NIGHT", 3, 1)]
        for (point, assessed, noncompliant) in expected {
            let row = try #require(aggregation.row([.point: point]))
            #expect(row.counts == [assessed, noncompliant], "\(point)")
            #expect(approx(row.rate, Double(noncompliant) / Double(assessed)), "\(point)")
            #expect(approx(row.interval, expectedWilson(Double(noncompliant) / Double(assessed), n: Double(assessed))), "\(point)")
            #expect(row.anyNoncompliance == nil)
        }
        #expect(aggregation.row([.point: "WT.NIGHT"])?.title == "Night work, \"premium\" pay")
    }

    @Test func aQuestionRateCountsOnlyFactoriesWhereTheQuestionApplies() throws {
        let repo = try fiveFactories()
        defer { repo.remove() }
        let aggregation = repo.aggregate(AggregateQuery.with { $0.groupBy = [.question] })
        #expect(aggregation.rows.map { $0.key[.question]! } == ["GEN.OT", "GEN.NIGHT", "CL.CHILD.1", "WT.OT.1", "WT.OT.2", "WT.NIGHT.1"])
        let expected: [(String, Int, Int)] = [
            ("GEN.OT", 5, 0), ("GEN.NIGHT", 5, 0), ("CL.CHILD.1", 5, 2),
            ("WT.OT.1", 3, 1), ("WT.OT.2", 3, 1), ("WT.NIGHT.1", 3, 1),
        ]
        for (question, assessed, noncompliant) in expected {
            let row = try #require(aggregation.row([.question: question]))
            #expect(row.counts == [assessed, noncompliant], "\(question)")
            #expect(approx(row.rate, Double(noncompliant) / Double(assessed)), "\(question)")
        }
        #expect(aggregation.row([.question: "WT.OT.1"])?.title == "Highest weekly hours")
    }

    @Test func aClusterRateIsTheMeanOfItsPointRates() throws {
        let repo = try fiveFactories()
        defer { repo.remove() }
        let aggregation = repo.aggregate()
        #expect(aggregation.rows.map { $0.key[.cluster]! } == ["GEN", "CL", "WT"])
        let wt = try #require(aggregation.row([.cluster: "WT"]))
        // WT.OT 2/3 and WT.NIGHT 1/3.
        #expect(approx(wt.rate, (2.0 / 3 + 1.0 / 3) / 2))
        // The interval is the mean of the points' Wilson bounds (Aggregation.rows documents why).
        let ot = expectedWilson(2.0 / 3, n: 3)
        let night = expectedWilson(1.0 / 3, n: 3)
        #expect(approx(wt.interval, ((ot.low + night.low) / 2, (ot.high + night.high) / 2)))
        let cl = try #require(aggregation.row([.cluster: "CL"]))
        #expect(approx(cl.rate, 2.0 / 5))
        #expect(approx(aggregation.row([.cluster: "GEN"])?.rate, 0))
    }

    @Test func aClusterRowCountsFactoriesWithAnyApplicablePointAndAnyNonCompliance() throws {
        let repo = try fiveFactories()
        defer { repo.remove() }
        let wt = try #require(repo.aggregate().row([.cluster: "WT"]))
        // XX-0003 has no applicable WT point; XX-0001, -0002 and -0004 have a non-compliant one.
        #expect(wt.counts == [4, 3])
        let any = try #require(wt.anyNoncompliance)
        #expect(any.count == 3)
        #expect(approx(any.rate, 3.0 / 4))
        #expect(approx(any.interval, expectedWilson(3.0 / 4, n: 4)))
        let gen = try #require(repo.aggregate().row([.cluster: "GEN"]))
        #expect(gen.counts == [5, 0] && gen.anyNoncompliance?.count == 0)
    }

    @Test func aGroupWithoutApplicableFindingsProducesNoRow() throws {
        let repo = try AggregateRepository(
            questionnaires: [("xx-garment", "XX"), ("yy-garment", "YY")],
            factories: [makeFactory("XX-0001"), makeFactory("YY-0001")])
        defer { repo.remove() }
        try repo.record("XX-0001", "2026-02-01", Observed(hours: 70))
        try repo.record("YY-0001", "2026-02-01")
        let clusters = repo.aggregate(AggregateQuery.with { $0.groupBy = [.country, .cluster] })
        #expect(clusters.rows.map { "\($0.key[.country]!) \($0.key[.cluster]!)" } == ["XX GEN", "XX CL", "XX WT", "YY GEN", "YY CL"])
        let points = repo.aggregate(AggregateQuery.with { $0.groupBy = [.country, .point] })
        #expect(points.rows.map { "\($0.key[.country]!) \($0.key[.point]!)" } == ["XX GEN.SHIFTS", "XX CL.CHILD", "XX WT.OT", "YY GEN.SHIFTS", "YY CL.CHILD"])
        // A country without records has no rows at all.
        #expect(repo.aggregate(AggregateQuery.with { $0.countries = ["ZZ"] }).rows.isEmpty)
    }

    @Test func weightingByWorkersDividesNonCompliantWorkersByAssessedWorkers() throws {
        let repo = try fiveFactories()
        defer { repo.remove() }
        let aggregation = repo.aggregate(
            AggregateQuery.with {
                $0.groupBy = [.point]
                $0.weightByWorkers = true
            })
        let child = try #require(aggregation.row([.point: "CL.CHILD"]))
        // Non-compliant: XX-0001 (100) and XX-0005 (1000) of 100 + 200 + 300 + 400 + 1000 workers.
        #expect(approx(child.rate, (100.0 + 1000) / 2000))
        #expect(child.counts == [5, 2], "counts stay counts of factories")
        let overtime = try #require(aggregation.row([.point: "WT.OT"]))
        // Applicable at XX-0001, -0002, -0004; non-compliant at XX-0001 and -0004.
        #expect(approx(overtime.rate, (100.0 + 400) / (100 + 200 + 400)))
    }

    @Test func aWeightedIntervalUsesKishsEffectiveSampleSize() throws {
        let repo = try fiveFactories()
        defer { repo.remove() }
        let aggregation = repo.aggregate(
            AggregateQuery.with {
                $0.groupBy = [.point]
                $0.weightByWorkers = true
            })
        // n_eff = (sum w)^2 / sum w^2.
        func kish(_ weights: [Double]) -> Double { weights.reduce(0, +) * weights.reduce(0, +) / weights.map { $0 * $0 }.reduce(0, +) }
        let childN = kish([100, 200, 300, 400, 1000])
        #expect(approx(childN, 4_000_000.0 / 1_300_000))
        #expect(approx(aggregation.row([.point: "CL.CHILD"])?.interval, expectedWilson(1100.0 / 2000, n: childN)))
        let overtimeN = kish([100, 200, 400])
        #expect(approx(aggregation.row([.point: "WT.OT"])?.interval, expectedWilson(500.0 / 700, n: overtimeN)))
    }

    @Test func aWeightedShareWithoutAnyWorkerCountIsUnknownRatherThanZero() throws {
        let repo = try AggregateRepository(factories: [makeFactory("XX-0001")])
        defer { repo.remove() }
        try repo.record("XX-0001", "2026-02-01", Observed(child: true))
        let query = AggregateQuery.with { $0.weightByWorkers = true }
        let aggregation = repo.aggregate(query)
        let child = try #require(aggregation.row([.cluster: "CL"]))
        // Nothing to weigh: the rate is unknown, not 0 (the point row says so too).
        #expect(child.counts == [1, 1])
        #expect(child.rate == nil)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(AggregateOutput.render([child], query: query, as: .json).utf8)) as? [[String: Any]])
        #expect(child.anyNoncompliance?.count == 1)
        #expect(child.anyNoncompliance?.rate == nil && child.anyNoncompliance?.interval == nil)
        #expect(json.first?["rate"] is NSNull)
        #expect(json.first?["any_rate"] is NSNull && json.first?["any_ci95_low"] is NSNull)
    }

    @Test func equalWeightsGiveTheUnweightedInterval() throws {
        let repo = try AggregateRepository(factories: (1...4).map { makeFactory("XX-000\($0)", workers: 250) })
        defer { repo.remove() }
        try repo.record("XX-0001", "2026-02-01", Observed(child: true))
        for id in ["XX-0002", "XX-0003", "XX-0004"] { try repo.record(id, "2026-02-01") }
        let weighted = try #require(
            repo.aggregate(
                AggregateQuery.with {
                    $0.groupBy = [.point]
                    $0.weightByWorkers = true
                }
            ).row([.point: "CL.CHILD"]))
        #expect(approx(weighted.rate, 0.25))
        #expect(approx(weighted.interval, (0.0456, 0.6994), within: 5e-5))
    }

    @Test func groupRowsComeInGroupOrderThenQuestionnaireOrder() throws {
        let repo = try AggregateRepository(factories: [makeFactory("XX-0001"), makeFactory("XX-0002", industry: "footwear")])
        defer { repo.remove() }
        try repo.record("XX-0001", "2025-06-01", Observed(child: true))
        try repo.record("XX-0002", "2026-06-01")
        let rows = repo.aggregate(AggregateQuery.with { $0.groupBy = [.year, .industry, .cluster] }).rows
        #expect(
            rows.map { "\($0.key[.year]!) \($0.key[.industry]!) \($0.key[.cluster]!)" }
                == ["2025 garment GEN", "2025 garment CL", "2026 footwear GEN", "2026 footwear CL"])
        #expect(rows.map(\.noncompliant) == [0, 1, 0, 0])
    }
}

/// The Wilson score interval against figures published by Newcombe (1998, Statistics in Medicine 17:857, table I,
/// method 3) and by the usual textbook examples.
@Suite struct WilsonIntervalTests {
    @Test(arguments: [
        (0, 10, 0.0, 0.2775), (5, 10, 0.2366, 0.7634), (1, 4, 0.0456, 0.6994), (10, 10, 0.7225, 1.0),
        (81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611), (1, 29, 0.0061, 0.1718),
    ])
    func theIntervalMatchesPublishedFigures(_ k: Int, _ n: Int, _ low: Double, _ high: Double) {
        let interval = Aggregation.wilson(Double(k) / Double(n), n: Double(n))
        #expect(abs(interval.lowerBound - low) < 5e-5 && abs(interval.upperBound - high) < 5e-5, "\(k)/\(n): \(interval)")
        #expect(interval.lowerBound >= 0 && interval.upperBound <= 1)
    }

    @Test(arguments: [(3, 7), (2, 9), (40, 100), (7, 7)])
    func theIntervalMatchesTheFormula(_ k: Int, _ n: Int) {
        let p = Double(k) / Double(n)
        #expect(approx(Aggregation.wilson(p, n: Double(n)), expectedWilson(p, n: Double(n)), within: 1e-12))
    }

    @Test func nothingObservedMeansAnythingIsPossible() {
        #expect(Aggregation.wilson(0, n: 0) == 0...1)
    }
}
