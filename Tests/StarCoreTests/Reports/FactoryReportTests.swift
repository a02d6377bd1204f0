import Foundation
import Testing

@testable import StarCore

/// XX-0001: a first assessment with child labour, 70 hours without consent and unpaid leave (four non-compliant
/// questions), then one where child labour is gone and leave is paid but overtime (72 hours) persists. Its plan:
/// #1 CL.CHILD in progress and overdue, #2 WT.OT open, #3 WT.LEAVE done. XX-0002 starts with nothing.
private func twoVisits() throws -> ReportRepository {
    let repo = try ReportRepository(factories: ["XX-0001", "XX-0002"])
    let first = try repo.record(
        "XX-0001", "2025-10-01",
        ReportVisit(
            child: true, hours: 70, consent: "none", leavePaid: false,
            notes: ["WT.OT.1": "payroll week 9"]))
    try repo.record("XX-0001", "2026-10-01", ReportVisit(child: false, hours: 72, consent: "written", leavePaid: true))
    try repo.openPlan(from: first, on: "2025-10-10")
    // Items: #1 CL.CHILD, #2 WT.OT, #3 WT.LEAVE.
    try repo.updatePlan(
        "XX-0001", item: 1, PlanStore.Update(status: .inProgress, due: reportDay("2026-01-31"), owner: "HR manager", on: reportDay("2025-10-20")))
    try repo.updatePlan("XX-0001", item: 3, PlanStore.Update(status: .done, due: reportDay("2026-03-31"), on: reportDay("2026-02-01")))
    return repo
}

@Suite struct FactoryReportTests {
    @Test func theClusterTableAndChartAreTheLatestRecordsFindings() throws {
        let repo = try twoVisits()
        defer { repo.remove() }
        let document = try FactoryReport.build(factory: "XX-0001", on: reportDay("2026-12-01"), language: nil, plans: repo.plans)
        let latest = AssessmentReport(
            try #require(repo.plans.visits(of: try repo.plans.factory("XX-0001"), until: reportDay("2026-12-01")).last), language: "en")
        #expect(latest.record.id.description == "XX-0001/2026-10-01")
        let table = try #require(document.table("clusters"))
        #expect(table.column("cluster").map(\.textValue) == latest.clusters.map(\.id))
        #expect(table.column("compliance-rate").map(\.percentValue) == latest.clusters.map(\.complianceRate))
        #expect(table.column("non-compliant-points").map(\.countValue) == latest.clusters.map { $0.count(.nonCompliant) })
        let chart = try #require(document.chart("cluster-compliance"))
        #expect(chart.bars.map(\.value) == latest.clusters.map(\.complianceRate))
        // CL: 1 of 1 compliant; WT: WT.OT non-compliant (72 h), WT.LEAVE compliant.
        #expect(chart.bars.map(\.value) == [1.0, 0.5])
        #expect(document.section("latest")?.fact("record") == .identifier("XX-0001/2026-10-01"))
    }

    @Test func everyNonComplianceComesWithItsQuestionAnswerNoteAndLaw() throws {
        let repo = try twoVisits()
        defer { repo.remove() }
        let document = try FactoryReport.build(factory: "XX-0001", on: reportDay("2026-06-30"), language: nil, plans: repo.plans)
        // On 2026-06-30 the latest visit is the first one.
        let table = try #require(document.table("non-compliances"))
        #expect(table.column("question").map(\.textValue) == ["CL.CHILD.1", "WT.OT.1", "WT.OT.2", "WT.LEAVE.1"])
        #expect(
            table.rows[1] == [
                .identifier("WT.OT"), .identifier("WT.OT.1"), .text("Highest weekly hours"), .text("70"), .text("payroll week 9"),
                .list(["Labour Code, art. 10"]),
            ])
        #expect(table.column("answer")[2] == .text("none"))
        #expect(document.section("changes")?.blocks.first == .paragraph("No earlier final assessment or follow-up to compare with."))
    }

    @Test func changesSayWhatBecameCompliantWhatIsNewAndWhatPersists() throws {
        let repo = try twoVisits()
        defer { repo.remove() }
        // XX-0002: compliant on child labour, then non-compliant; overtime non-compliant both times.
        try repo.record("XX-0002", "2025-11-01", ReportVisit(hours: 65))
        try repo.record("XX-0002", "2026-11-01", ReportVisit(child: true, hours: 65))
        let document = try FactoryReport.build(factory: "XX-0002", on: reportDay("2026-12-01"), language: nil, plans: repo.plans)
        let changes = try #require(document.section("changes"))
        #expect(changes.fact("newly-non-compliant") == .count(1) && changes.fact("persisting") == .count(1) && changes.fact("newly-compliant") == .count(0))
        let table = try #require(changes.tables.first)
        #expect(table.column("point").map(\.textValue) == ["CL.CHILD", "WT.OT"])
        #expect(table.column("change").map(\.textValue) == ["newly-non-compliant", "persisting"])
        let first = try #require(FactoryReport.build(factory: "XX-0001", on: reportDay("2026-12-01"), language: nil, plans: repo.plans).table("changes"))
        #expect(first.column("point").map(\.textValue) == ["CL.CHILD", "WT.OT", "WT.LEAVE"])
        #expect(first.column("change").map(\.textValue) == ["newly-compliant", "persisting", "newly-compliant"])
    }

    @Test func thePlanSectionCountsItemsByStatusAndListsOverdueOnes() throws {
        let repo = try twoVisits()
        defer { repo.remove() }
        let document = try FactoryReport.build(factory: "XX-0001", on: reportDay("2026-12-01"), language: nil, plans: repo.plans)
        let plan = try #require(document.section("plan"))
        #expect(plan.fact("items") == .count(3) && plan.fact("done-or-verified") == .count(1) && plan.fact("overdue") == .count(1))
        let status = try #require(plan.tables.first { $0.key == "plan-status" })
        #expect(status.column("status").map(\.textValue) == ["open", "in-progress", "done", "verified", "reopened"])
        #expect(status.column("items").map(\.countValue) == [1, 1, 1, 0, 0])
        let overdue = try #require(document.table("overdue"))
        #expect(
            overdue.rows == [
                [.identifier("XX-0001#1"), .identifier("CL.CHILD"), .term("in-progress", "in progress"), .identifier("2026-01-31"), .text("HR manager")]
            ])
        #expect(document.section("picc") != nil, "a plan without a PICC is warned about")
    }

    @Test func aFactoryWithoutVisitsOrPlanSaysSo() throws {
        let repo = try twoVisits()
        defer { repo.remove() }
        let document = try FactoryReport.build(factory: "XX-0002", on: reportDay("2026-12-01"), language: nil, plans: repo.plans)
        #expect(document.section("latest")?.blocks == [.paragraph("No final assessment or follow-up of XX-0002 up to 2026-12-01.")])
        #expect(document.section("plan")?.blocks == [.paragraph("No improvement plan.")])
        #expect(document.section("profile")?.fact("workers") == .count(200))
        #expect(document.section("profile")?.fact("os-id") == ReportValue.none)
    }

    @Test func headingsAndQuestionnaireTextsFollowTheLanguage() throws {
        let repo = try twoVisits()
        defer { repo.remove() }
        let document = try FactoryReport.build(factory: "XX-0001", on: reportDay("2026-06-30"), language: "fr", plans: repo.plans)
        #expect(document.title == "Rapport d'usine : Factory XX-0001")
        #expect(document.section("non-compliances")?.title == "Non-conformités")
        #expect(document.table("clusters")?.column("title").map(\.textValue) == ["Travail des enfants", "Temps de travail"])
        #expect(document.table("non-compliances")?.column("text").first == .text("Travailleurs de moins de 15 ans ?"))
    }

    @Test func unknownFactoriesAndLanguagesAreRefusedWithWhatExists() throws {
        let repo = try twoVisits()
        defer { repo.remove() }
        #expect(throws: PlanStore.Failure.self) { try FactoryReport.build(factory: "XX-9999", on: reportDay("2026-12-01"), language: nil, plans: repo.plans) }
        do {
            _ = try FactoryReport.build(factory: "XX-0001", on: reportDay("2026-12-01"), language: "km", plans: repo.plans)
            Issue.record("km was accepted")
        } catch let error as ReportError {
            #expect(error.description == "no report texts in 'km'; available languages: en, fr")
        }
    }
}
