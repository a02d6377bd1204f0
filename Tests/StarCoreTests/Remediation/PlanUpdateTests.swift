import StarCore
import Testing

private typealias Status = ImprovementPlan.Status

/// The transitions of docs/remediation.md ("Status changes"), written out rather than read from the code.
private let allowedMoves: [Status: [Status]] = [
    .open: [.inProgress, .done],
    .inProgress: [.done, .open],
    .done: [.verified, .reopened],
    .verified: [.reopened],
    .reopened: [.inProgress, .done],
]

/// How the refusal names the allowed moves, as a user reads it.
private let allowedText: [Status: String] = [
    .open: "in-progress or done",
    .inProgress: "done or open",
    .done: "verified or reopened",
    .verified: "reopened",
    .reopened: "in-progress or done",
]

/// XX-0001 with item #1 (CL.CHILD, opened 2026-03-20 from the visit of 2026-03-14) and item #2 (WT.OT), and
/// a follow-up of 2026-09-03 that finds CL.CHILD compliant and WT.OT still non-compliant.
private struct Followed {
    let repo: PlanRepository
    var plan = ImprovementPlan(factory: "XX-0001")

    init(followUp: Bool = true) throws {
        repo = try PlanRepository()
        _ = repo.plans.open(from: try repo.record(bothNonCompliant, start: "2026-03-14"), on: day("2026-03-20"), into: &plan)
        if followUp { try repo.record(overtimeNonCompliant, start: "2026-09-03", kind: "follow-up") }
    }

    @discardableResult
    mutating func update(_ number: Int, _ update: PlanStore.Update) throws(PlanStore.Failure) -> ImprovementPlan.Item {
        try repo.plans.update(number, update, in: &plan, factory: repo.factory)
    }

    mutating func failure(_ number: Int, _ update: PlanStore.Update) -> PlanStore.Failure? {
        let before = plan
        let failure = planFailure { () throws(PlanStore.Failure) in try self.update(number, update) }
        #expect(plan == before, "a refused update changes nothing")
        return failure
    }

    /// Brings item #1 to `status` by allowed moves, all before 2026-09-10.
    mutating func bring(toStatus status: Status) throws {
        switch status {
        case .open: break
        case .inProgress: try update(1, .init(status: .inProgress, on: day("2026-04-01")))
        case .done: try update(1, .init(status: .done, on: day("2026-04-01")))
        case .reopened:
            try update(1, .init(status: .done, on: day("2026-04-01")))
            try update(1, .init(status: .reopened, on: day("2026-05-01")))
        case .verified:
            try update(1, .init(status: .done, on: day("2026-04-01")))
            try update(1, .init(status: .verified, on: day("2026-09-05")))
        }
        #expect(plan.item(1)?.status == status)
    }
}

@Suite struct PlanUpdateTests {
    @Test(arguments: Status.allCases, Status.allCases)
    func everyMoveOfTheTableIsAllowedAndEveryOtherIsRefusedWithTheAllowedMoves(from: ImprovementPlan.Status, to: ImprovementPlan.Status) throws {
        guard from != to else { return }
        var followed = try Followed()
        defer { followed.repo.remove() }
        try followed.bring(toStatus: from)
        let update = PlanStore.Update(status: to, on: day("2026-09-10"))
        if allowedMoves[from]!.contains(to) {
            let item = try followed.update(1, update)
            #expect(item.status == to)
            #expect(item.log.last?.status == to)
            #expect(item.log.last?.on == day("2026-09-10"))
            #expect(followed.plan.item(1) == item)
        } else {
            #expect(refusal(followed.failure(1, update)) == "XX-0001#1 is \(from.rawValue); it can become \(allowedText[from]!), not \(to.rawValue)")
        }
    }

    @Test func verifiedCitesTheNewerVisitThatFindsThePointCompliant() throws {
        var followed = try Followed()
        defer { followed.repo.remove() }
        try followed.update(1, .init(status: .done, on: day("2026-05-31")))
        let item = try followed.update(1, .init(status: .verified, on: day("2026-09-03")))
        #expect(item.status == .verified)
        #expect(item.log.last?.record == recordID("XX-0001/2026-09-03"), "the log cites the evidence")
        #expect(item.log.last?.on == day("2026-09-03"), "a visit started on --on counts")
        #expect(item.log.map(\.status) == [.open, .done, .verified])
    }

    @Test func verifiedIsRefusedWithoutANewerVisit() throws {
        var followed = try Followed(followUp: false)
        defer { followed.repo.remove() }
        try followed.update(1, .init(status: .done, on: day("2026-05-31")))
        #expect(
            refusal(followed.failure(1, .init(status: .verified, on: day("2026-09-10"))))
                == "verified needs a newer assessment or follow-up that finds CL.CHILD compliant; XX-0001 has none after XX-0001/2026-03-14 up to 2026-09-10")
    }

    @Test func verifiedIsRefusedWhenTheNewerVisitStartedAfterTheDayOfTheChange() throws {
        var followed = try Followed()
        defer { followed.repo.remove() }
        try followed.update(1, .init(status: .done, on: day("2026-05-31")))
        #expect(
            refusal(followed.failure(1, .init(status: .verified, on: day("2026-09-02"))))
                == "verified needs a newer assessment or follow-up that finds CL.CHILD compliant; XX-0001 has none after XX-0001/2026-03-14 up to 2026-09-02")
    }

    @Test func verifiedIsRefusedWhenTheNewestVisitStillFindsThePointNonCompliant() throws {
        var followed = try Followed()
        defer { followed.repo.remove() }
        try followed.update(2, .init(status: .done, on: day("2026-05-31")))
        #expect(
            refusal(followed.failure(2, .init(status: .verified, on: day("2026-09-10"))))
                == "verified needs a newer assessment or follow-up that finds WT.OT compliant; the newest, XX-0001/2026-09-03, finds it non-compliant")
    }

    @Test func verifiedLooksAtTheNewestVisitNotAnyCompliantOne() throws {
        var followed = try Followed(followUp: false)
        defer { followed.repo.remove() }
        try followed.repo.record(allCompliant, start: "2026-06-01", kind: "follow-up")
        try followed.repo.record(bothNonCompliant, start: "2026-08-01", kind: "follow-up")
        try followed.update(1, .init(status: .done, on: day("2026-05-31")))
        #expect(
            refusal(followed.failure(1, .init(status: .verified, on: day("2026-09-10"))))
                == "verified needs a newer assessment or follow-up that finds CL.CHILD compliant; the newest, XX-0001/2026-08-01, finds it non-compliant")
        // Dated before the second visit, the first one is the newest and is evidence.
        let item = try followed.update(1, .init(status: .verified, on: day("2026-07-01")))
        #expect(item.log.last?.record == recordID("XX-0001/2026-06-01"))
    }

    @Test func aSelfAssessmentIsNotEvidence() throws {
        var followed = try Followed(followUp: false)
        defer { followed.repo.remove() }
        try followed.repo.record(allCompliant, start: "2026-09-03", kind: "self-assessment")
        try followed.update(1, .init(status: .done, on: day("2026-05-31")))
        #expect(
            refusal(followed.failure(1, .init(status: .verified, on: day("2026-09-10"))))
                == "verified needs a newer assessment or follow-up that finds CL.CHILD compliant; XX-0001 has none after XX-0001/2026-03-14 up to 2026-09-10")
    }

    @Test func aDraftIsNotEvidence() throws {
        var followed = try Followed(followUp: false)
        defer { followed.repo.remove() }
        try followed.repo.record(allCompliant, start: "2026-09-03", kind: "follow-up", final: false)
        try followed.update(1, .init(status: .done, on: day("2026-05-31")))
        #expect(
            refusal(followed.failure(1, .init(status: .verified, on: day("2026-09-10"))))
                == "verified needs a newer assessment or follow-up that finds CL.CHILD compliant; XX-0001 has none after XX-0001/2026-03-14 up to 2026-09-10")
    }

    @Test func aCorrectionOfTheNewerVisitIsTheEvidenceInItsPlace() throws {
        var followed = try Followed(followUp: false)
        defer { followed.repo.remove() }
        try followed.repo.record(bothNonCompliant, start: "2026-09-03", kind: "follow-up")
        let correction = try followed.repo.record(overtimeNonCompliant, start: "2026-09-03", kind: "follow-up", amends: "XX-0001/2026-09-03")
        #expect(correction.record.id == recordID("XX-0001/2026-09-03-2"))
        try followed.update(1, .init(status: .done, on: day("2026-05-31")))
        let item = try followed.update(1, .init(status: .verified, on: day("2026-09-10")))
        #expect(item.log.last?.record == recordID("XX-0001/2026-09-03-2"))
    }

    @Test func restatingVerifiedNeverAddsAVerifiedEntryWithoutEvidence() throws {
        var followed = try Followed()
        defer { followed.repo.remove() }
        try followed.bring(toStatus: .verified)
        #expect(followed.plan.item(1)?.log.last?.record == recordID("XX-0001/2026-09-03"))
        // 'update --status verified' on an item already verified is refused: it would log a `verified` entry
        // that cites no record.
        #expect(
            refusal(followed.failure(1, .init(status: .verified, note: "checked again", on: day("2026-09-20"))))
                == "XX-0001#1 is already verified")
        #expect(followed.plan.item(1)?.log.allSatisfy { $0.status != .verified || $0.record != nil } == true)
    }

    @Test func anUpdateDatedBeforeTheLastLogEntryIsRefused() throws {
        var followed = try Followed()
        defer { followed.repo.remove() }
        #expect(
            refusal(followed.failure(1, .init(note: "too early", on: day("2026-03-19"))))
                == "XX-0001#1 was last changed on 2026-03-20; an update dated 2026-03-19 would put its log out of order")
        try followed.update(1, .init(status: .inProgress, on: day("2026-04-10")))
        #expect(
            refusal(followed.failure(1, .init(status: .done, on: day("2026-04-09"))))
                == "XX-0001#1 was last changed on 2026-04-10; an update dated 2026-04-09 would put its log out of order")
        let sameDay = try followed.update(1, .init(status: .done, on: day("2026-04-10")))
        #expect(sameDay.log.map(\.on) == [day("2026-03-20"), day("2026-04-10"), day("2026-04-10")], "the same day keeps the log in order")
    }

    @Test func aDueDateBeforeTheItemWasOpenedIsRefused() throws {
        var followed = try Followed()
        defer { followed.repo.remove() }
        #expect(
            refusal(followed.failure(1, .init(due: day("2026-03-19"), on: day("2026-03-28"))))
                == "the due date 2026-03-19 is before XX-0001#1 was opened (2026-03-20)")
        #expect(try followed.update(1, .init(due: day("2026-03-20"), on: day("2026-03-28"))).due == day("2026-03-20"))
    }

    @Test func everyChangeAppendsOneLogEntryThatSaysWhatChanged() throws {
        var followed = try Followed()
        defer { followed.repo.remove() }
        let opening = try #require(followed.plan.item(1)?.log)
        let item = try followed.update(
            1,
            .init(
                status: .inProgress, note: "agreed at the PICC", due: day("2026-06-30"), owner: "HR manager",
                action: "Check the original ID of every new hire", on: day("2026-03-28")))
        #expect(item.status == .inProgress)
        #expect(item.due == day("2026-06-30"))
        #expect(item.owner == "HR manager")
        #expect(item.action == "Check the original ID of every new hire")
        #expect(item.log.count == 2)
        #expect(Array(item.log.prefix(1)) == opening, "the opening entry is kept as it was")
        #expect(item.log.last?.on == day("2026-03-28"))
        #expect(item.log.last?.status == .inProgress)
        #expect(item.log.last?.note == "agreed at the PICC; due 2026-06-30; owner HR manager; action set")
        #expect(item.log.last?.record == nil)

        // A note alone keeps the status and is logged as written.
        let noted = try followed.update(1, .init(note: "first IDs checked", on: day("2026-04-15")))
        #expect(noted.status == .inProgress)
        #expect(noted.log.count == 3)
        #expect(Array(noted.log.prefix(2)) == item.log, "entries are never rewritten")
        #expect(noted.log.last?.note == "first IDs checked")

        // A status change alone carries no note.
        let done = try followed.update(1, .init(status: .done, on: day("2026-05-31")))
        #expect(done.log.last?.note == nil)
        #expect(done.owner == "HR manager", "what is not given is kept")
        #expect(followed.plan.item(2)?.log.count == 1, "other items are untouched")
    }

    @Test func anUnknownItemIsRefusedNamingTheItemsThatExist() throws {
        var followed = try Followed()
        defer { followed.repo.remove() }
        #expect(
            unknownItem(followed.failure(9, .init(status: .done, on: day("2026-04-01"))))
                == "no item XX-0001#9; its items are XX-0001#1, XX-0001#2")
        var empty = ImprovementPlan(factory: "XX-0001")
        let failure = planFailure { () throws(PlanStore.Failure) in
            try followed.repo.plans.update(1, .init(status: .done, on: day("2026-04-01")), in: &empty, factory: followed.repo.factory)
        }
        #expect(unknownItem(failure) == "no item XX-0001#1; XX-0001 has no improvement plan yet ('star remediate plan RECORD' opens one)")
    }
}
