import Foundation
import Testing

@testable import StarCore

/// Public questions are CL.CHILD.1 and WT.OT.1, so a factory's public compliance rate is over CL.CHILD and WT.OT
/// (WT.LEAVE has no public question): 1, 0.5 or 0.
@Suite struct TransparencyReportTests {
    @Test func onlyPublicQuestionsAreShownAndRated() throws {
        let repo = try ReportRepository(factories: ["XX-0001", "XX-0002", "XX-0003"])
        defer { repo.remove() }
        // Non-compliant on the public overtime question and on both non-public ones.
        try repo.record("XX-0001", "2026-03-01", ReportVisit(hours: 70, consent: "none", leavePaid: false, notes: ["WT.LEAVE.1": "secret payroll note"]))
        try repo.record("XX-0002", "2026-03-01", ReportVisit(leavePaid: false))
        let document = try TransparencyReport.build(on: reportDay("2026-12-31"), language: nil, plans: repo.plans)
        let findings = try #require(document.table("public-non-compliances"))
        #expect(findings.rows == [[.identifier("XX-0001"), .identifier("WT.OT"), .identifier("WT.OT.1"), .text("Highest weekly hours")]])
        let factories = try #require(document.table("factories"))
        #expect(factories.column("factory").map(\.textValue) == ["XX-0001", "XX-0002"])
        // XX-0002's leave is not public: its public rate is perfect.
        #expect(factories.column("public-rate").map(\.percentValue) == [0.5, 1])
        #expect(factories.column("public-noncompliant").map(\.countValue) == [1, 0])
        for rendered in document.renderings {
            for hidden in ["WT.LEAVE", "WT.OT.2", "Consent to overtime", "Is annual leave paid", "secret payroll note"] {
                #expect(!rendered.contains(hidden), "\(hidden) is not public")
            }
        }
        // A factory without a visit is named as not listed, nothing more.
        #expect(
            document.section("method")?.blocks.suffix(2) == [
                .paragraph("Registered factories without a final assessment or follow-up up to 2026-12-31 are not listed:"),
                .list(ReportList([.init("XX-0003")])),
            ])
    }

    @Test func aPointsPublicFindingUsesItsPublicQuestionsOnly() throws {
        let repo = try ReportRepository(factories: ["XX-0001"])
        defer { repo.remove() }
        try repo.record("XX-0001", "2026-03-01", ReportVisit(hours: 55, consent: "none"))
        let loaded = try #require(repo.plans.visits(of: try repo.plans.factory("XX-0001"), until: reportDay("2026-12-31")).last)
        let report = AssessmentReport(loaded, language: "en")
        let overtime = try #require(report.points.first { $0.id == "WT.OT" })
        #expect(overtime.finding == .nonCompliant, "the point is non-compliant through WT.OT.2, which is not public")
        #expect(TransparencyReport.publicFinding(overtime) == .compliant)
        #expect(TransparencyReport.publicFinding(try #require(report.points.first { $0.id == "WT.LEAVE" })) == nil)
        #expect(TransparencyReport.publicRate(report) == 1)
    }

    /// Twelve factories: ten with a perfect public rate, XX-0011 at 0 with three visits, XX-0012 at 0 with two.
    /// mean = 10/12, population SD = √(10/12 − (10/12)²) ≈ 0.373, threshold ≈ 0.088.
    @Test func aFactoryIsFlaggedOnlyFarBelowTheMeanAndWithThreeVisits() throws {
        let ids = (1...12).map { String(format: "XX-%04d", $0) }
        let repo = try ReportRepository(factories: ids)
        defer { repo.remove() }
        for id in ids.prefix(10) { try repo.record(id, "2026-03-01") }
        for date in ["2025-03-01", "2025-09-01", "2026-03-01"] { try repo.record("XX-0011", date, ReportVisit(child: true, hours: 70)) }
        for date in ["2025-09-01", "2026-03-01"] { try repo.record("XX-0012", date, ReportVisit(child: true, hours: 70)) }
        let document = try TransparencyReport.build(on: reportDay("2026-12-31"), language: nil, plans: repo.plans)
        let section = try #require(document.section("below-mean"))
        let mean = 10.0 / 12
        let deviation = (10.0 / 12 - mean * mean).squareRoot()
        #expect(section.fact("factories") == .count(12))
        #expect(abs((section.fact("mean")?.percentValue ?? 0) - mean) < 1e-12)
        #expect(abs((section.fact("standard-deviation")?.percentValue ?? 0) - deviation) < 1e-12)
        #expect(abs((section.fact("threshold")?.percentValue ?? 0) - (mean - 2 * deviation)) < 1e-12)
        let flagged = try #require(document.table("below-mean"))
        #expect(flagged.column("factory").map(\.textValue) == ["XX-0011"])
        #expect(flagged.column("visits").map(\.countValue) == [3])
    }

    @Test func fewFactoriesCanNeverFlagOneAndTheMethodIsInTheReport() throws {
        let repo = try ReportRepository(factories: ["XX-0001", "XX-0002", "XX-0003", "XX-0004", "XX-0005"])
        defer { repo.remove() }
        for id in ["XX-0001", "XX-0002", "XX-0003", "XX-0004"] { try repo.record(id, "2026-03-01") }
        for date in ["2025-03-01", "2025-09-01", "2026-03-01"] { try repo.record("XX-0005", date, ReportVisit(child: true, hours: 70)) }
        let document = try TransparencyReport.build(on: reportDay("2026-12-31"), language: "fr", plans: repo.plans)
        // Five factories: the outlier's z-score is √4 = 2 exactly, never more.
        #expect(document.table("below-mean") == nil)
        let method = try #require(document.section("method"))
        #expect(method.blocks.count == 4)
        #expect(MarkdownRenderer.render(document).contains("écart type"))
    }
}
