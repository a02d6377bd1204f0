import StarCore
import Testing

/// A plan opened on 2026-03-20 from the visit of 2026-03-14 (`answers`), with `repo` to record the next visit.
private func planned(_ answers: [String]) throws -> (PlanRepository, ImprovementPlan) {
    let repo = try PlanRepository()
    var plan = ImprovementPlan(factory: "XX-0001")
    _ = repo.plans.open(from: try repo.record(answers, start: "2026-03-14"), on: day("2026-03-20"), into: &plan)
    return (repo, plan)
}

@Suite struct PlanReconcileTests {
    @Test func aPointNowCompliantIsVerifiedAndAPointStillNonCompliantIsFlagged() throws {
        var (repo, plan) = try planned(bothNonCompliant)
        defer { repo.remove() }
        _ = try repo.plans.update(1, .init(status: .inProgress, on: day("2026-03-28")), in: &plan, factory: repo.factory)
        _ = try repo.plans.update(2, .init(status: .inProgress, on: day("2026-03-28")), in: &plan, factory: repo.factory)
        try repo.record(overtimeNonCompliant, start: "2026-09-03", kind: "follow-up")

        let result = repo.plans.reconcile(&plan, factory: repo.factory, on: day("2026-09-10"))
        #expect(result.record == recordID("XX-0001/2026-09-03"))
        #expect(result.verified == [1])
        #expect(result.flagged == [2])
        #expect(result.reopened.isEmpty)
        #expect(result.opened.isEmpty)

        let child = try #require(plan.item(1))
        #expect(child.status == .verified)
        #expect(child.log.count == 3)
        #expect(child.log.last?.on == day("2026-09-10"))
        #expect(child.log.last?.status == .verified)
        #expect(child.log.last?.note == "compliant in XX-0001/2026-09-03")
        #expect(child.log.last?.record == recordID("XX-0001/2026-09-03"))

        let overtime = try #require(plan.item(2))
        #expect(overtime.status == .inProgress, "flagged, not reopened: it was not done")
        #expect(overtime.log.count == 3)
        #expect(overtime.log.last?.status == .inProgress)
        #expect(overtime.log.last?.note == "still non-compliant in XX-0001/2026-09-03")
        #expect(overtime.log.last?.record == recordID("XX-0001/2026-09-03"))
    }

    @Test func aDoneItemWhosePointIsStillNonCompliantIsReopened() throws {
        var (repo, plan) = try planned(bothNonCompliant)
        defer { repo.remove() }
        _ = try repo.plans.update(2, .init(status: .done, on: day("2026-05-31")), in: &plan, factory: repo.factory)
        try repo.record(overtimeNonCompliant, start: "2026-09-03", kind: "follow-up")

        let result = repo.plans.reconcile(&plan, factory: repo.factory, on: day("2026-09-10"))
        #expect(result.reopened == [2])
        #expect(result.flagged.isEmpty)
        #expect(result.verified == [1], "an open item whose point is compliant is verified too")
        let overtime = try #require(plan.item(2))
        #expect(overtime.status == .reopened)
        #expect(overtime.log.map(\.status) == [.open, .done, .reopened])
        #expect(overtime.log.last?.note == "still non-compliant in XX-0001/2026-09-03")
        #expect(overtime.log.last?.record == recordID("XX-0001/2026-09-03"))
    }

    @Test func aNonCompliantPointWithoutAnItemOpensANewItem() throws {
        var (repo, plan) = try planned(childNonCompliant)
        defer { repo.remove() }
        #expect(plan.items.map(\.point) == ["CL.CHILD"])
        try repo.record(overtimeNonCompliant, start: "2026-09-03", kind: "follow-up", notes: ["WT.OT.2": "payroll week 30"])

        let result = repo.plans.reconcile(&plan, factory: repo.factory, on: day("2026-09-10"))
        #expect(result.verified == [1])
        #expect(result.opened == [2])
        let new = try #require(plan.item(2))
        #expect(new.point == "WT.OT")
        #expect(new.source == recordID("XX-0001/2026-09-03"))
        #expect(new.opened == day("2026-09-10"))
        #expect(new.status == .open)
        #expect(new.questions.map(\.question) == ["WT.OT.2"])
        #expect(new.questions.map(\.note) == ["payroll week 30"])
        #expect(new.log.map(\.note) == ["non-compliant in XX-0001/2026-09-03"])
    }

    @Test func reconcilingAgainWithTheSameVisitChangesNothing() throws {
        var (repo, plan) = try planned(childNonCompliant)
        defer { repo.remove() }
        try repo.record(bothNonCompliant, start: "2026-09-03", kind: "follow-up")
        let first = repo.plans.reconcile(&plan, factory: repo.factory, on: day("2026-09-10"))
        #expect(first.flagged == [1])
        #expect(first.opened == [2])
        let once = plan

        let second = repo.plans.reconcile(&plan, factory: repo.factory, on: day("2026-09-12"))
        #expect(second.record == recordID("XX-0001/2026-09-03"))
        #expect(second.verified.isEmpty && second.reopened.isEmpty && second.flagged.isEmpty && second.opened.isEmpty)
        #expect(plan == once)
    }

    @Test func aVerifiedItemIsLeftAloneAndItsPointGetsANewItemWhenItFailsAgain() throws {
        var (repo, plan) = try planned(childNonCompliant)
        defer { repo.remove() }
        try repo.record(allCompliant, start: "2026-06-01", kind: "follow-up")
        #expect(repo.plans.reconcile(&plan, factory: repo.factory, on: day("2026-06-05")).verified == [1])
        let verifiedLog = try #require(plan.item(1)?.log)

        try repo.record(childNonCompliant, start: "2026-09-03", kind: "follow-up")
        let result = repo.plans.reconcile(&plan, factory: repo.factory, on: day("2026-09-10"))
        #expect(result.flagged.isEmpty && result.reopened.isEmpty && result.verified.isEmpty)
        #expect(result.opened == [2])
        #expect(plan.item(1)?.status == .verified)
        #expect(plan.item(1)?.log == verifiedLog)
        #expect(plan.item(2)?.point == "CL.CHILD")
        #expect(plan.item(2)?.source == recordID("XX-0001/2026-09-03"))
    }

    @Test func aSelfAssessmentIsNotEvidence() throws {
        var (repo, plan) = try planned(bothNonCompliant)
        defer { repo.remove() }
        try repo.record(allCompliant, start: "2026-09-03", kind: "self-assessment")
        let before = plan
        let result = repo.plans.reconcile(&plan, factory: repo.factory, on: day("2026-09-10"))
        #expect(result.record == recordID("XX-0001/2026-03-14"), "the newest visit that counts is still the first one")
        #expect(result.verified.isEmpty && result.reopened.isEmpty && result.flagged.isEmpty && result.opened.isEmpty)
        #expect(plan == before)
    }

    @Test func aDraftIsNotEvidence() throws {
        var (repo, plan) = try planned(bothNonCompliant)
        defer { repo.remove() }
        try repo.record(allCompliant, start: "2026-09-03", kind: "follow-up", final: false)
        let before = plan
        let result = repo.plans.reconcile(&plan, factory: repo.factory, on: day("2026-09-10"))
        #expect(result.record == recordID("XX-0001/2026-03-14"))
        #expect(plan == before)
    }

    @Test func aVisitStartedAfterTheDayOfReconcilingIsNotUsed() throws {
        var (repo, plan) = try planned(bothNonCompliant)
        defer { repo.remove() }
        try repo.record(allCompliant, start: "2026-09-03", kind: "follow-up")
        let before = plan
        #expect(repo.plans.reconcile(&plan, factory: repo.factory, on: day("2026-09-02")).record == recordID("XX-0001/2026-03-14"))
        #expect(plan == before)
        #expect(repo.plans.reconcile(&plan, factory: repo.factory, on: day("2026-09-03")).verified == [1, 2])
    }

    @Test func aCorrectionStandsInForTheVisitItAmends() throws {
        var (repo, plan) = try planned(bothNonCompliant)
        defer { repo.remove() }
        try repo.record(bothNonCompliant, start: "2026-09-03", kind: "follow-up")
        // The follow-up's overtime figure was mistyped; the correction finds both points compliant.
        try repo.record(allCompliant, start: "2026-09-03", kind: "follow-up", amends: "XX-0001/2026-09-03")
        let result = repo.plans.reconcile(&plan, factory: repo.factory, on: day("2026-09-10"))
        #expect(result.record == recordID("XX-0001/2026-09-03-2"))
        #expect(result.verified == [1, 2])
        #expect(result.flagged.isEmpty)
        #expect(plan.items.allSatisfy { $0.log.last?.record == recordID("XX-0001/2026-09-03-2") })
    }

    @Test func itemsOpenedFromTheNewestVisitItselfAreNotTouched() throws {
        let repo = try PlanRepository()
        defer { repo.remove() }
        var plan = ImprovementPlan(factory: "XX-0001")
        _ = repo.plans.open(from: try repo.record(bothNonCompliant, start: "2026-03-14"), on: day("2026-03-20"), into: &plan)
        let before = plan
        let result = repo.plans.reconcile(&plan, factory: repo.factory, on: day("2026-03-25"))
        #expect(result.record == recordID("XX-0001/2026-03-14"))
        #expect(result.verified.isEmpty && result.reopened.isEmpty && result.flagged.isEmpty && result.opened.isEmpty)
        #expect(plan == before)
    }

    @Test func withoutAnyFinalVisitThereIsNothingToReconcileWith() throws {
        let repo = try PlanRepository()
        defer { repo.remove() }
        try repo.record(bothNonCompliant, start: "2026-03-14", final: false)
        var plan = ImprovementPlan(factory: "XX-0001")
        let result = repo.plans.reconcile(&plan, factory: repo.factory, on: day("2026-09-10"))
        #expect(result.record == nil)
        #expect(plan.items.isEmpty)
    }

    @Test func reconcilingKeepsEveryLogInDateOrderSoThePlanReadsBack() throws {
        var (repo, plan) = try planned(bothNonCompliant)
        defer { repo.remove() }
        _ = try repo.plans.update(2, .init(status: .done, on: day("2026-09-15")), in: &plan, factory: repo.factory)
        try repo.record(overtimeNonCompliant, start: "2026-09-03", kind: "follow-up")
        _ = repo.plans.reconcile(&plan, factory: repo.factory, on: day("2026-09-10"))
        for item in plan.items {
            #expect(item.log.map(\.on) == item.log.map(\.on).sorted(), "item \(item.number)")
        }
        let (read, diagnostics) = ImprovementPlan.read(CanonicalYAML.string(plan.json), file: "plans/XX/XX-0001.yaml")
        #expect(diagnostics.isEmpty)
        #expect(read?.meaning == plan.meaning)
    }
}
