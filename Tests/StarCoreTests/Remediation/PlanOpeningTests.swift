import StarCore
import Testing

@Suite struct PlanOpeningTests {
    @Test func aFinalRecordOpensOneItemPerNonCompliantPoint() throws {
        let repo = try PlanRepository()
        defer { repo.remove() }
        let march = try repo.record(bothNonCompliant, start: "2026-03-14")
        var plan = try repo.plans.load(repo.factory)
        #expect(plan == ImprovementPlan(factory: "XX-0001"), "no plan file yet: an empty plan")

        let opened = repo.plans.open(from: march, on: day("2026-03-20"), into: &plan)
        #expect(opened.map(\.number) == [1, 2])
        #expect(opened.map(\.point) == ["CL.CHILD", "WT.OT"])
        #expect(plan.items == opened)
        for item in opened {
            #expect(item.opened == day("2026-03-20"))
            #expect(item.source == recordID("XX-0001/2026-03-14"))
            #expect(item.status == .open)
            #expect(item.action == nil && item.owner == nil && item.due == nil)
            #expect(item.log.count == 1)
            #expect(item.log.first?.on == day("2026-03-20"))
            #expect(item.log.first?.status == .open)
            #expect(item.log.first?.note == "non-compliant in XX-0001/2026-03-14")
            #expect(item.log.first?.record == recordID("XX-0001/2026-03-14"))
        }
        #expect(opened.map { $0.id(factory: "XX-0001") } == ["XX-0001#1", "XX-0001#2"])
    }

    @Test func onlyNonCompliantPointsOpenItems() throws {
        let repo = try PlanRepository()
        defer { repo.remove() }
        var plan = ImprovementPlan(factory: "XX-0001")
        let opened = repo.plans.open(from: try repo.record(childNonCompliant, start: "2026-03-14"), on: day("2026-03-20"), into: &plan)
        #expect(opened.map(\.point) == ["CL.CHILD"])

        var clean = ImprovementPlan(factory: "XX-0001")
        #expect(repo.plans.open(from: try repo.record(allCompliant, start: "2026-04-01"), on: day("2026-04-02"), into: &clean).isEmpty)
        #expect(clean.items.isEmpty)
    }

    @Test func anItemCarriesEachNonCompliantQuestionWithItsAnswerNoteAndLaw() throws {
        let repo = try PlanRepository()
        defer { repo.remove() }
        let march = try repo.record(bothNonCompliant, start: "2026-03-14", notes: ["WT.OT.2": "payroll week 9", "WT.OT.1": "time cards seen"])
        var plan = ImprovementPlan(factory: "XX-0001")
        _ = repo.plans.open(from: march, on: day("2026-03-20"), into: &plan)

        let child = try #require(plan.item(1))
        #expect(child.questions.map(\.question) == ["CL.CHILD.1"])
        #expect(child.questions.map(\.text) == ["Workers under 15?"])
        #expect(child.questions.map(\.answer) == ["yes"])
        #expect(child.questions.map(\.note) == [nil])
        #expect(child.questions.map(\.legal) == [["ILO C138, art. 2"]])

        // WT.OT.1 (compliant, with a note) is not carried: only the questions that made the point non-compliant.
        let overtime = try #require(plan.item(2))
        #expect(overtime.questions.map(\.question) == ["WT.OT.2", "WT.OT.3"])
        #expect(overtime.questions.map(\.text) == ["Highest weekly hours", "Consent to overtime"])
        #expect(overtime.questions.map(\.answer) == ["61", "none"])
        #expect(overtime.questions.map(\.note) == ["payroll week 9", nil])
        #expect(overtime.questions.map(\.legal) == [["Labour Code, art. 10", "ILO C1"], []])
    }

    @Test func aPointWithAnItemNotYetVerifiedGetsNoSecondItem() throws {
        let repo = try PlanRepository()
        defer { repo.remove() }
        var plan = ImprovementPlan(factory: "XX-0001")
        _ = repo.plans.open(from: try repo.record(bothNonCompliant, start: "2026-03-14"), on: day("2026-03-20"), into: &plan)
        _ = try repo.plans.update(1, .init(status: .done, on: day("2026-05-31")), in: &plan, factory: repo.factory)
        _ = try repo.plans.update(2, .init(status: .inProgress, on: day("2026-05-31")), in: &plan, factory: repo.factory)
        let before = plan

        // A newer visit finds both points non-compliant again: one item is open, the other done; neither is verified.
        let september = try repo.record(bothNonCompliant, start: "2026-09-03", kind: "follow-up")
        #expect(repo.plans.open(from: september, on: day("2026-09-10"), into: &plan).isEmpty)
        #expect(plan == before)
    }

    @Test func aPointWhoseItemIsVerifiedGetsANewItemWithTheNextNumber() throws {
        let repo = try PlanRepository()
        defer { repo.remove() }
        var plan = ImprovementPlan(factory: "XX-0001")
        _ = repo.plans.open(from: try repo.record(bothNonCompliant, start: "2026-03-14"), on: day("2026-03-20"), into: &plan)
        try repo.record(allCompliant, start: "2026-06-01", kind: "follow-up")
        _ = try repo.plans.update(1, .init(status: .done, on: day("2026-05-31")), in: &plan, factory: repo.factory)
        _ = try repo.plans.update(1, .init(status: .verified, on: day("2026-06-05")), in: &plan, factory: repo.factory)

        let september = try repo.record(bothNonCompliant, start: "2026-09-03", kind: "follow-up")
        let opened = repo.plans.open(from: september, on: day("2026-09-10"), into: &plan)
        #expect(opened.map(\.number) == [3], "numbers are never reused")
        #expect(opened.map(\.point) == ["CL.CHILD"])
        #expect(opened.map(\.source) == [recordID("XX-0001/2026-09-03")])
        #expect(plan.items.map(\.number) == [1, 2, 3])
        #expect(plan.item(1)?.status == .verified)
    }

    @Test func planningTheSameRecordTwiceOpensNothing() throws {
        let repo = try PlanRepository()
        defer { repo.remove() }
        let march = try repo.record(bothNonCompliant, start: "2026-03-14")
        var plan = ImprovementPlan(factory: "XX-0001")
        #expect(repo.plans.open(from: march, on: day("2026-03-20"), into: &plan).count == 2)
        let once = plan
        #expect(repo.plans.open(from: march, on: day("2026-03-21"), into: &plan).isEmpty)
        #expect(plan == once)
    }

    @Test func planningTheSameRecordAgainOpensNothingEvenOnceItsItemIsVerified() throws {
        let repo = try PlanRepository()
        defer { repo.remove() }
        let march = try repo.record(childNonCompliant, start: "2026-03-14")
        var plan = ImprovementPlan(factory: "XX-0001")
        _ = repo.plans.open(from: march, on: day("2026-03-20"), into: &plan)
        try repo.record(allCompliant, start: "2026-06-01", kind: "follow-up")
        _ = try repo.plans.update(1, .init(status: .done, on: day("2026-05-31")), in: &plan, factory: repo.factory)
        _ = try repo.plans.update(1, .init(status: .verified, on: day("2026-06-05")), in: &plan, factory: repo.factory)
        let verified = plan
        #expect(repo.plans.open(from: march, on: day("2026-06-06"), into: &plan).isEmpty)
        #expect(plan == verified)
    }

    @Test func aSavedPlanIsLoadedBackAsItWasAndLivesUnderItsCountry() throws {
        let repo = try PlanRepository()
        defer { repo.remove() }
        var plan = ImprovementPlan(factory: "XX-0001")
        _ = repo.plans.open(
            from: try repo.record(bothNonCompliant, start: "2026-03-14", notes: ["WT.OT.2": "payroll week 9"]), on: day("2026-03-20"), into: &plan)
        try repo.plans.save(plan, country: "XX")
        #expect(repo.scratch.exists("plans/XX/XX-0001.yaml"))
        let text = try repo.scratch.read("plans/XX/XX-0001.yaml")
        #expect(
            text.hasPrefix(
                "# Improvement plan and PICC of XX-0001, one entry per line. Change it with 'star remediate' and 'star picc'; see docs/remediation.md.\n"))
        #expect(text.contains("star: \"plan/2\"\n"))
        #expect(try repo.plans.load(repo.factory).meaning == plan.meaning)
    }

    @Test func anUnknownFactoryIsRefusedWithTheWayToListThem() throws {
        let repo = try PlanRepository()
        defer { repo.remove() }
        let failure = planFailure { () throws(PlanStore.Failure) in try repo.plans.factory("XX-0009") }
        guard case .unknownFactory("XX-0009", _)? = failure else {
            Issue.record("expected unknownFactory, got \(String(describing: failure))")
            return
        }
        #expect(failure?.description == "no factory 'XX-0009' is registered (did you mean 'XX-0001'?); 'star factory list' shows those that are")
        #expect(try repo.plans.factory("XX-0001") == repo.factory)
    }
}
