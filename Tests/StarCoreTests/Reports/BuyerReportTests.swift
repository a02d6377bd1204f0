import Foundation
import Testing

@testable import StarCore

/// Five factories with a visit each (XX-0002's with child labour) and one buyer, `northwind`:
///
///     XX-0001  assessments, plans, reports from 2026-01-01
///     XX-0002  plans only, from 2026-01-01
///     XX-0003  no consent at all
///     XX-0004  assessments from 2026-01-01, revoked from 2026-06-01
///     XX-0005  assessments from 2027-01-01 (not yet)
///
/// A second buyer, `maple`, has XX-0003's assessments: consent to one buyer is not consent to another.
private func consentedFactories() throws -> ReportRepository {
    let repo = try ReportRepository(factories: ["XX-0001", "XX-0002", "XX-0003", "XX-0004", "XX-0005"], buyers: ["northwind", "maple"])
    try repo.record("XX-0001", "2025-10-01", ReportVisit(hours: 70))
    try repo.record("XX-0001", "2026-09-01")
    for id in ["XX-0002", "XX-0003", "XX-0004", "XX-0005"] { try repo.record(id, "2026-03-01", ReportVisit(child: true)) }
    try repo.openPlan(from: try #require(RecordID("XX-0002/2026-03-01")), on: "2026-03-05")
    try repo.grant("XX-0001", to: "northwind", [.assessments, .plans, .reports], from: "2026-01-01")
    try repo.grant("XX-0002", to: "northwind", [.plans], from: "2026-01-01")
    try repo.grant("XX-0003", to: "maple", [.assessments], from: "2026-01-01")
    try repo.grant("XX-0004", to: "northwind", [.assessments], from: "2026-01-01")
    try repo.revoke("XX-0004", from: "northwind", at: "2026-06-01")
    try repo.grant("XX-0005", to: "northwind", [.assessments], from: "2027-01-01")
    return repo
}

@Suite struct BuyerReportTests {
    @Test func onlyFactoriesWithAConsentInForceAppear() throws {
        let repo = try consentedFactories()
        defer { repo.remove() }
        let document = try BuyerReport.build(buyer: "northwind", on: reportDay("2026-11-30"), language: nil, consents: repo.consents)
        #expect(document.sections.map(\.id) == ["buyer", "overview", "factory-xx-0001", "factory-xx-0002"])
        for rendered in document.renderings {
            for hidden in ["XX-0003", "XX-0004", "XX-0005"] { #expect(!rendered.contains(hidden), "\(hidden) has no consent in force") }
        }
        // Before the revocation XX-0004 was visible, and it is again in the report of that day.
        let earlier = try BuyerReport.build(buyer: "northwind", on: reportDay("2026-05-31"), language: nil, consents: repo.consents)
        #expect(earlier.sections.map(\.id) == ["buyer", "overview", "factory-xx-0001", "factory-xx-0002", "factory-xx-0004"])
        // The listing is exactly what the access policy gives.
        let visible = try repo.consents.visible(to: "northwind", on: reportDay("2026-11-30")).map { ReportSection.anchor("factory", $0.factory.id) }
        #expect(Array(document.sections.dropFirst(2).map(\.id)) == visible)
        #expect(document.table("factories")?.column("factory").map(\.textValue) == ["XX-0001", "XX-0002"], "the overview lists the same factories")
    }

    @Test func aPlansOnlyConsentShowsNoAssessmentData() throws {
        let repo = try consentedFactories()
        defer { repo.remove() }
        let document = try BuyerReport.build(buyer: "northwind", on: reportDay("2026-11-30"), language: nil, consents: repo.consents)
        let section = try #require(document.section("factory-xx-0002"))
        #expect(section.sections.map(\.id) == ["factory-xx-0002-plans"])
        #expect(section.fact("shared") == .term("plans", "improvement plan"))
        let everything = section.flattened
        #expect(everything.flatMap(\.charts).isEmpty)
        #expect(!everything.flatMap(\.facts).contains { ["record", "compliance-rate", "non-compliant-points"].contains($0.key) })
        for rendered in document.renderings {
            #expect(!rendered.contains("XX-0002/2026-03-01"), "no record of XX-0002 may show")
        }
        // The plan's own numbers are there.
        #expect(document.section("factory-xx-0002-plans")?.fact("items") == .count(1))
    }

    @Test func theAssessmentScopeGivesTheLatestStatusAndTheTrendFromTheFindings() throws {
        let repo = try consentedFactories()
        defer { repo.remove() }
        let document = try BuyerReport.build(buyer: "northwind", on: reportDay("2026-11-30"), language: nil, consents: repo.consents)
        let visits = repo.plans.visits(of: try repo.plans.factory("XX-0001"), until: reportDay("2026-11-30")).map { AssessmentReport($0, language: "en") }
        let latest = try #require(document.section("factory-xx-0001-assessments"))
        #expect(latest.fact("non-compliant-points") == .count(0))
        #expect(latest.fact("compliance-rate") == .percent(1))
        let trend = try #require(document.chart("non-compliant-points-per-visit"))
        #expect(trend.unit == .count)
        #expect(trend.bars.map(\.value) == visits.map { Double($0.count(.nonCompliant)) })
        #expect(trend.bars.map(\.value) == [1, 0])
        let table = try #require(document.table("visits"))
        #expect(table.column("record").map(\.textValue) == ["XX-0001/2025-10-01", "XX-0001/2026-09-01"])
        #expect(table.column("compliance-rate").map(\.percentValue) == [2.0 / 3, 1])
        // Reports scope: the progress report's summary over the three months to the day.
        #expect(document.section("factory-xx-0001-reports")?.fact("period") == .text("2026-08-30 – 2026-11-30"))
    }

    @Test func noConsentMeansAnEmptyReportAndAnUnknownBuyerIsRefused() throws {
        let repo = try consentedFactories()
        defer { repo.remove() }
        let document = try BuyerReport.build(buyer: "maple", on: reportDay("2025-12-31"), language: "fr", consents: repo.consents)
        #expect(document.sections.count == 1)
        #expect(document.sections[0].blocks.last == .paragraph("Aucune usine n'a consenti à partager ses données avec Buyer maple au 2025-12-31."))
        do {
            _ = try BuyerReport.build(buyer: "nobody", on: reportDay("2026-11-30"), language: nil, consents: repo.consents)
            Issue.record("an unknown buyer was accepted")
        } catch let failure as ConsentStore.Failure {
            #expect(failure.description.hasPrefix("no buyer 'nobody' is registered"))
        }
    }
}

@Suite struct BuyerReportContentTests {
    @Test func theLatestNonCompliantPointsComeWithTheirClusterWhetherCriticalAndWhetherNew() throws {
        let repo = try ReportRepository(factories: ["XX-0001"], buyers: ["northwind"])
        defer { repo.remove() }
        // WT.OT non-compliant first through WT.OT.2 (not public), then through WT.OT.1 (public); leave unpaid, then child labour.
        try repo.record("XX-0001", "2025-10-01", ReportVisit(hours: 55, consent: "none", leavePaid: false))
        try repo.record("XX-0001", "2026-09-01", ReportVisit(child: true, hours: 70, leavePaid: false))
        try repo.grant("XX-0001", to: "northwind", [.assessments], from: "2025-01-01")
        let document = try BuyerReport.build(buyer: "northwind", on: reportDay("2026-11-30"), language: nil, consents: repo.consents)
        let table = try #require(document.table("non-compliant-points"))
        #expect(table.column("point").map(\.textValue) == ["CL.CHILD", "WT.OT", "WT.LEAVE"])
        #expect(table.column("cluster").map(\.textValue) == ["CL Child labour", "WT Working time", "WT Working time"])
        #expect(table.column("critical").map(\.textValue) == ["critical", "critical", nil])
        #expect(table.column("since-previous").map(\.textValue) == ["new", "persisting", "persisting"])
        #expect(document.section("factory-xx-0001-assessments")?.fact("critical-points") == .count(2))
        #expect(document.section("factory-xx-0001-assessments-changes")?.fact("newly-non-compliant") == .count(1))

        // At the first visit a non-public finding is not critical, and critical issues come before it.
        let first = try BuyerReport.build(buyer: "northwind", on: reportDay("2025-12-31"), language: nil, consents: repo.consents)
        let earlier = try #require(first.table("non-compliant-points"))
        #expect(earlier.column("point").map(\.textValue) == ["WT.OT", "WT.LEAVE"])
        #expect(earlier.column("critical").map(\.textValue) == [nil, nil])
        #expect(earlier.column("since-previous").map(\.textValue) == ["first-visit", "first-visit"])
    }

    @Test func criticalIssuesComeFirst() throws {
        let repo = try ReportRepository(factories: ["XX-0001"], buyers: ["northwind"])
        defer { repo.remove() }
        try repo.record("XX-0001", "2026-09-01", ReportVisit(hours: 55, consent: "none", leavePaid: false))
        try repo.grant("XX-0001", to: "northwind", [.assessments], from: "2025-01-01")
        let latest = try #require(repo.plans.visits(of: try repo.plans.factory("XX-0001"), until: reportDay("2026-12-31")).last)
        // Mark WT.LEAVE.1 public in what the report reads: the later point must then come first.
        var report = AssessmentReport(latest, language: "en")
        report.clusters[1].points[1].questions[0].isPublic = true
        #expect(BuyerReport.criticalPoints(report).map(\.id) == ["WT.LEAVE"])
        let entry = BuyerReport.Shared(factory: report.factory, scopes: [.assessments], on: reportDay("2026-12-31"), visits: [report])
        let section = BuyerReport.assessments(entry, id: "f", scale: 0, ReportStrings("en"))
        let table = try #require(section.sections.first?.tables.first)
        #expect(table.column("point").map(\.textValue) == ["WT.LEAVE", "WT.OT"])
    }

    @Test func everyFactoryIsDrawnOnOneScale() throws {
        let repo = try ReportRepository(factories: ["XX-0001", "XX-0002"], buyers: ["northwind"])
        defer { repo.remove() }
        try repo.record("XX-0001", "2026-03-01")
        try repo.record("XX-0002", "2026-03-01", ReportVisit(child: true, hours: 70, leavePaid: false))
        for id in ["XX-0001", "XX-0002"] { try repo.grant(id, to: "northwind", [.assessments], from: "2026-01-01") }
        let document = try BuyerReport.build(buyer: "northwind", on: reportDay("2026-11-30"), language: nil, consents: repo.consents)
        let perVisit = document.allSections.flatMap(\.charts).filter { $0.key == "non-compliant-points-per-visit" }
        #expect(perVisit.count == 2)
        #expect(perVisit.allSatisfy { $0.scale == 3 && $0.maximum == 4 }, "XX-0001's clean visit is drawn against XX-0002's three points")
        let overview = try #require(document.chart("latest-non-compliant-points"))
        #expect(overview.bars.map(\.key) == ["XX-0001", "XX-0002"] && overview.bars.map(\.value) == [0, 3])
        #expect(MarkdownRenderer.render(document).contains("Every factory of this report is drawn on the same scale, from 0 to 4 points."))
    }

    @Test func selfAssessmentsAreShownApartLabelledAndNeverCounted() throws {
        let repo = try ReportRepository(factories: ["XX-0001", "XX-0002"], buyers: ["northwind"])
        defer { repo.remove() }
        try repo.record("XX-0001", "2026-03-01")
        try repo.record("XX-0001", "2026-06-01", ReportVisit(child: true), kind: .selfAssessment)
        try repo.record("XX-0002", "2026-06-01", ReportVisit(child: true), kind: .selfAssessment)
        try repo.grant("XX-0001", to: "northwind", [.assessments], from: "2026-01-01")
        try repo.grant("XX-0002", to: "northwind", [.plans], from: "2026-01-01")
        let document = try BuyerReport.build(buyer: "northwind", on: reportDay("2026-11-30"), language: nil, consents: repo.consents)
        let own = try #require(document.section("factory-xx-0001-self-assessments"))
        #expect(own.title == "Self-assessments by the factory")
        #expect(own.tables.first?.column("record").map(\.textValue) == ["XX-0001/2026-06-01"])
        #expect(own.tables.first?.column("kind").map(\.textValue) == ["self-assessment"])
        #expect(own.tables.first?.column("non-compliant-points").map(\.countValue) == [1])
        // The advisor's visit alone makes the status and the trend.
        #expect(document.section("factory-xx-0001-assessments")?.fact("non-compliant-points") == .count(0))
        #expect(document.table("visits")?.column("record").map(\.textValue) == ["XX-0001/2026-03-01"])
        // A plans-only consent shows no self-assessment either, and the overview says what is not shared.
        #expect(document.section("factory-xx-0002-self-assessments") == nil)
        for rendered in document.renderings { #expect(!rendered.contains("XX-0002/2026-06-01")) }
        let overview = try #require(document.table("factories"))
        #expect(overview.rows[1][3...6].allSatisfy { $0 == .term("not-shared", "not shared") })
    }

    @Test func thePlanSaysWhatIsOpenOverdueAndVerified() throws {
        let repo = try consentedFactories()
        defer { repo.remove() }
        let document = try BuyerReport.build(buyer: "northwind", on: reportDay("2026-11-30"), language: nil, consents: repo.consents)
        let plan = try #require(document.section("factory-xx-0002-plans"))
        #expect(plan.fact("open") == .count(1) && plan.fact("overdue") == .count(0) && plan.fact("verified") == .count(0))
        #expect(plan.tables.first?.column("item").map(\.textValue) == ["XX-0002#1"])
        #expect(plan.tables.first?.column("status").map(\.textValue) == ["open"])
        let overview = try #require(document.table("factories"))
        #expect(overview.column("open-items").map(\.countValue) == [0, 1], "XX-0001 has no plan, XX-0002 one open item")
    }
}
