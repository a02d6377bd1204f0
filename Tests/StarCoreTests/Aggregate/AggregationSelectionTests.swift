import Foundation
import Testing

@testable import StarCore

/// Which records count: one per factory (and year), the latest final qualifying one (DESIGN.md, "Aggregate rates").
@Suite struct AggregationSelectionTests {
    private let childOnly = AggregateQuery.with { $0.groupBy = [.point] }

    @Test func eachFactoryCountsOnceByItsLatestFinalRecord() throws {
        let repo = try AggregateRepository(factories: [makeFactory("XX-0001"), makeFactory("XX-0002")])
        defer { repo.remove() }
        try repo.record("XX-0001", "2026-01-10", Observed(child: true))
        try repo.record("XX-0001", "2026-05-10")
        try repo.record("XX-0002", "2026-02-01")
        let aggregation = repo.aggregate(childOnly)
        #expect(aggregation.selectedIDs == ["XX-0001/2026-05-10", "XX-0002/2026-02-01"])
        // Two factories, neither non-compliant in its latest record: the January finding no longer counts.
        let row = try #require(aggregation.row([.point: "CL.CHILD"]))
        #expect(row.counts == [2, 0])
    }

    @Test func aLaterRecordOfTheSameDayWinsOverAnEarlierOne() throws {
        let repo = try AggregateRepository(factories: [makeFactory("XX-0001")])
        defer { repo.remove() }
        try repo.record("XX-0001", "2026-03-14", Observed(child: true))
        try repo.record("XX-0001", "2026-03-14", kind: .followUp)
        #expect(repo.aggregate(childOnly).selectedIDs == ["XX-0001/2026-03-14-2"])
    }

    @Test func draftsNeverCount() throws {
        let repo = try AggregateRepository(factories: [makeFactory("XX-0001"), makeFactory("XX-0002")])
        defer { repo.remove() }
        try repo.record("XX-0001", "2026-01-10", Observed(child: true))
        try repo.record("XX-0001", "2026-05-10", final: false)
        try repo.record("XX-0002", "2026-02-01", final: false)
        let aggregation = repo.aggregate(childOnly)
        #expect(aggregation.selectedIDs == ["XX-0001/2026-01-10"])
        let row = try #require(aggregation.row([.point: "CL.CHILD"]))
        #expect(row.counts == [1, 1])
    }

    @Test func aCorrectionReplacesTheRecordItAmends() throws {
        let repo = try AggregateRepository(factories: [makeFactory("XX-0001")])
        defer { repo.remove() }
        try repo.record("XX-0001", "2026-03-14", Observed(child: true))
        try repo.record("XX-0001", "2026-03-14", amends: "XX-0001/2026-03-14")
        let aggregation = repo.aggregate(childOnly)
        #expect(aggregation.selectedIDs == ["XX-0001/2026-03-14-2"])
        #expect(aggregation.row([.point: "CL.CHILD"])?.noncompliant == 0)
    }

    @Test func aCorrectionReplacesTheRecordItAmendsEvenWhenThatOneIsLaterInIDOrder() throws {
        let repo = try AggregateRepository(factories: [makeFactory("XX-0001")])
        defer { repo.remove() }
        try repo.record("XX-0001", "2026-01-05", Observed(child: true))
        // Recorded with the wrong start date, then corrected: the correction's id sorts before the original's.
        try repo.record("XX-0001", "2026-03-20", Observed(child: true))
        try repo.record("XX-0001", "2026-03-14", amends: "XX-0001/2026-03-20")
        let aggregation = repo.aggregate(childOnly)
        #expect(aggregation.selectedIDs == ["XX-0001/2026-03-14"])
        #expect(aggregation.row([.point: "CL.CHILD"])?.noncompliant == 0)
    }

    @Test func aDraftCorrectionDoesNotReplaceTheRecordItAmends() throws {
        let repo = try AggregateRepository(factories: [makeFactory("XX-0001")])
        defer { repo.remove() }
        try repo.record("XX-0001", "2026-03-14", Observed(child: true))
        try repo.record("XX-0001", "2026-03-14", final: false, amends: "XX-0001/2026-03-14")
        #expect(repo.aggregate(childOnly).selectedIDs == ["XX-0001/2026-03-14"])
    }

    @Test func aFollowUpCountsLikeAnAssessment() throws {
        let repo = try AggregateRepository(factories: [makeFactory("XX-0001")])
        defer { repo.remove() }
        try repo.record("XX-0001", "2026-01-10", Observed(child: true))
        try repo.record("XX-0001", "2026-04-10", kind: .followUp)
        let aggregation = repo.aggregate(childOnly)
        #expect(aggregation.selectedIDs == ["XX-0001/2026-04-10"])
        #expect(aggregation.row([.point: "CL.CHILD"])?.noncompliant == 0)
    }

    @Test func selfAssessmentsAreLeftOutOfTheDefaultRates() throws {
        let repo = try AggregateRepository(factories: [makeFactory("XX-0001")])
        defer { repo.remove() }
        try repo.record("XX-0001", "2026-01-10", Observed(child: true))
        try repo.record("XX-0001", "2026-06-01", kind: .selfAssessment)
        let aggregation = repo.aggregate(childOnly)
        #expect(aggregation.selectedIDs == ["XX-0001/2026-01-10"])
        #expect(aggregation.row([.point: "CL.CHILD"])?.noncompliant == 1)
    }

    @Test func selfAssessmentsCountAloneWhenAskedFor() throws {
        let repo = try AggregateRepository(factories: [makeFactory("XX-0001"), makeFactory("XX-0002")])
        defer { repo.remove() }
        try repo.record("XX-0001", "2026-01-10", Observed(child: true))
        try repo.record("XX-0001", "2026-06-01", kind: .selfAssessment)
        try repo.record("XX-0002", "2026-06-01")
        let aggregation = repo.aggregate(
            AggregateQuery.with {
                $0.kinds = [.selfAssessment]
                $0.groupBy = [.point]
            })
        #expect(aggregation.selectedIDs == ["XX-0001/2026-06-01"])
        #expect(aggregation.row([.point: "CL.CHILD"]).map(\.counts) == [1, 0])
    }

    @Test func aQueryMixingSelfAssessmentsWithAssessmentsIsRefused() {
        let mixed = AggregateQuery.with { $0.kinds = [.assessment, .selfAssessment] }
        #expect(mixed.problem == "self-assessments are reported apart, never mixed with assessments: give --kind self-assessment alone")
        #expect(AggregateQuery.with { $0.kinds = [.selfAssessment] }.problem == nil)
        #expect(AggregateQuery().problem == nil)
    }

    @Test func aQueryWithSeveralLevelsOrAnInvertedPeriodIsRefused() {
        #expect(AggregateQuery.with { $0.groupBy = [.point, .cluster] }.problem == "group by one of cluster, point and question, not several")
        let inverted = AggregateQuery.with {
            $0.from = CalendarDate("2026-03-01")
            $0.to = CalendarDate("2026-02-01")
        }
        #expect(inverted.problem == "--to (2026-02-01) is before --from (2026-03-01)")
    }

    @Test func fromAndToAreInclusiveOnTheVisitStart() throws {
        let repo = try AggregateRepository(factories: ["XX-0001", "XX-0002", "XX-0003", "XX-0004"].map { makeFactory($0) })
        defer { repo.remove() }
        try repo.record("XX-0001", "2026-01-31")
        try repo.record("XX-0002", "2026-02-01")
        try repo.record("XX-0003", "2026-02-28")
        try repo.record("XX-0004", "2026-03-01")
        let february = AggregateQuery.with {
            $0.from = CalendarDate("2026-02-01")
            $0.to = CalendarDate("2026-02-28")
        }
        #expect(repo.aggregate(february).selectedIDs == ["XX-0002/2026-02-01", "XX-0003/2026-02-28"])
    }

    @Test func aFactoryCountsByItsLatestRecordWithinThePeriod() throws {
        let repo = try AggregateRepository(factories: [makeFactory("XX-0001")])
        defer { repo.remove() }
        try repo.record("XX-0001", "2026-02-10", Observed(child: true))
        try repo.record("XX-0001", "2026-03-05")
        let aggregation = repo.aggregate(
            AggregateQuery.with {
                $0.to = CalendarDate("2026-02-28")
                $0.groupBy = [.point]
            })
        #expect(aggregation.selectedIDs == ["XX-0001/2026-02-10"])
        #expect(aggregation.row([.point: "CL.CHILD"])?.noncompliant == 1)
    }

    @Test func countryIndustryAndQuestionnaireFiltersSelectTheirFactories() throws {
        var repo = try AggregateRepository(
            questionnaires: [("xx-garment", "XX"), ("yy-garment", "YY")],
            factories: [makeFactory("XX-0001"), makeFactory("XX-0002", industry: "footwear"), makeFactory("YY-0001")])
        defer { repo.remove() }
        try repo.addQuestionnaire(id: "xx-footwear", country: "XX")
        try repo.record("XX-0001", "2026-02-01")
        try repo.record("XX-0002", "2026-02-02", questionnaire: "xx-footwear")
        try repo.record("YY-0001", "2026-02-03")
        #expect(repo.aggregate(AggregateQuery.with { $0.countries = ["XX"] }).selectedIDs == ["XX-0001/2026-02-01", "XX-0002/2026-02-02"])
        #expect(repo.aggregate(AggregateQuery.with { $0.countries = ["YY"] }).selectedIDs == ["YY-0001/2026-02-03"])
        #expect(repo.aggregate(AggregateQuery.with { $0.industries = ["footwear"] }).selectedIDs == ["XX-0002/2026-02-02"])
        #expect(
            repo.aggregate(AggregateQuery.with { $0.questionnaires = ["xx-garment", "yy-garment"] }).selectedIDs
                == ["XX-0001/2026-02-01", "YY-0001/2026-02-03"])
        #expect(
            repo.aggregate(
                AggregateQuery.with {
                    $0.countries = ["XX"]
                    $0.industries = ["garment"]
                }
            ).selectedIDs == ["XX-0001/2026-02-01"])
        #expect(repo.aggregate(AggregateQuery.with { $0.countries = ["ZZ"] }).selectedIDs.isEmpty)
    }

    @Test func groupingByYearCountsEachFactoryOncePerYear() throws {
        let repo = try AggregateRepository(factories: [makeFactory("XX-0001")])
        defer { repo.remove() }
        try repo.record("XX-0001", "2025-03-01", Observed(child: true))
        try repo.record("XX-0001", "2025-09-01")
        try repo.record("XX-0001", "2026-02-01", Observed(child: true))
        let byYear = repo.aggregate(AggregateQuery.with { $0.groupBy = [.year, .point] })
        #expect(byYear.selectedIDs == ["XX-0001/2025-09-01", "XX-0001/2026-02-01"])
        #expect(byYear.row([.year: "2025", .point: "CL.CHILD"]).map(\.counts) == [1, 0])
        #expect(byYear.row([.year: "2026", .point: "CL.CHILD"]).map(\.counts) == [1, 1])
        #expect(repo.aggregate(childOnly).selectedIDs == ["XX-0001/2026-02-01"])
    }

    @Test func aHandEditedFinalRecordIsLeftOutAndCountedAsInvalid() throws {
        let repo = try AggregateRepository(factories: [makeFactory("XX-0001"), makeFactory("XX-0002")])
        defer { repo.remove() }
        try repo.record("XX-0001", "2026-02-01")
        let edited = try repo.record("XX-0002", "2026-02-01", Observed(hours: 55))
        try repo.editHours(edited, from: 55, to: 75)
        let aggregation = repo.aggregate(childOnly)
        #expect(aggregation.invalidCount == 1)
        #expect(aggregation.selectedIDs == ["XX-0001/2026-02-01"])
        #expect(aggregation.row([.point: "CL.CHILD"])?.assessed == 1)
        #expect(aggregation.row([.point: "WT.OT"]) == nil)
    }

    @Test func aRecordFileThatNoLongerParsesIsCountedAsInvalid() throws {
        let repo = try AggregateRepository(factories: [makeFactory("XX-0001"), makeFactory("XX-0002")])
        defer { repo.remove() }
        try repo.record("XX-0001", "2026-02-01")
        // A merge left conflict markers in XX-0002's latest record.
        try repo.record("XX-0002", "2026-01-10", Observed(child: true))
        let broken = try repo.record("XX-0002", "2026-02-01")
        try repo.scratch.write("<<<<<<< HEAD\n" + (try repo.scratch.read(broken)), to: broken)
        let aggregation = repo.aggregate(childOnly)
        #expect(!aggregation.selectedIDs.contains("XX-0002/2026-02-01"))
        #expect(aggregation.invalidCount == 1)
    }
}
