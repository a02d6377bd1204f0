import StarCore
import Testing

private typealias PICC = ImprovementPlan.PICC

/// A committee of Sok Dara (worker) and Meas Rathana (management), both since 2026-03-20.
private func balanced() throws -> PICC {
    var picc = PICC()
    try picc.addMember("Sok Dara", role: .worker, since: day("2026-03-20"))
    try picc.addMember("Meas Rathana", role: .management, since: day("2026-03-20"))
    return picc
}

/// The warnings star prints for a plan with this committee on `date`.
private func warnings(_ picc: PICC, on date: String) throws -> [String] {
    let repo = try PlanRepository()
    defer { repo.remove() }
    var plan = ImprovementPlan(factory: "XX-0001")
    plan.picc = picc
    return repo.plans.piccWarnings(plan, on: day(date))
}

@Suite struct PICCMembershipTests {
    @Test func aMemberIsActiveFromTheDayTheyJoin() throws {
        let picc = try balanced()
        #expect(picc.members.map(\.name) == ["Sok Dara", "Meas Rathana"])
        #expect(picc.members.map(\.role) == [.worker, .management])
        #expect(picc.members.allSatisfy { $0.since == day("2026-03-20") && $0.until == nil })
        #expect(picc.activeMembers(on: day("2026-03-19")).isEmpty)
        #expect(picc.activeMembers(on: day("2026-03-20")).count == 2)
    }

    @Test func aCurrentMemberCannotBeAddedTwice() throws {
        var picc = try balanced()
        #expect(
            piccError { () throws(PICCError) in try picc.addMember("Sok Dara", role: .management, since: day("2026-04-01")) }
                == "Sok Dara is already a member")
        #expect(picc.members.count == 2)
    }

    @Test(arguments: ["", "   "])
    func aMemberNeedsAName(name: String) throws {
        var picc = PICC()
        #expect(piccError { () throws(PICCError) in try picc.addMember(name, role: .worker, since: day("2026-03-20")) } == "the member's name is empty")
        #expect(picc.members.isEmpty)
    }

    @Test func aMemberWhoLeavesKeepsTheirEntryWithUntil() throws {
        var picc = try balanced()
        try picc.removeMember("Meas Rathana", on: day("2026-10-01"))
        #expect(picc.members.count == 2)
        #expect(picc.members[1].until == day("2026-10-01"))
        #expect(picc.activeMembers(on: day("2026-09-30")).map(\.name) == ["Sok Dara", "Meas Rathana"])
        #expect(picc.activeMembers(on: day("2026-10-01")).map(\.name) == ["Sok Dara"])
    }

    @Test func onlyACurrentMemberCanLeave() throws {
        var picc = try balanced()
        #expect(piccError { () throws(PICCError) in try picc.removeMember("Chan Lina", on: day("2026-10-01")) } == "Chan Lina is not a current member")
        try picc.removeMember("Sok Dara", on: day("2026-10-01"))
        #expect(piccError { () throws(PICCError) in try picc.removeMember("Sok Dara", on: day("2026-11-01")) } == "Sok Dara is not a current member")
        #expect(picc.members[0].until == day("2026-10-01"))
    }

    @Test func aMemberCannotLeaveBeforeJoining() throws {
        var picc = try balanced()
        #expect(
            piccError { () throws(PICCError) in try picc.removeMember("Sok Dara", on: day("2026-03-19")) }
                == "Sok Dara joined on 2026-03-20, after 2026-03-19")
        #expect(picc.members[0].until == nil)
    }

    @Test func aFormerMemberCanJoinAgainAsANewEntry() throws {
        var picc = try balanced()
        try picc.removeMember("Sok Dara", on: day("2026-05-01"))
        try picc.addMember("Sok Dara", role: .worker, since: day("2026-07-01"))
        #expect(picc.members.filter { $0.name == "Sok Dara" }.map(\.until) == [day("2026-05-01"), nil])
        #expect(picc.activeMembers(on: day("2026-06-01")).map(\.name) == ["Meas Rathana"])
        #expect(picc.activeMembers(on: day("2026-07-01")).map(\.name).sorted() == ["Meas Rathana", "Sok Dara"])
    }

    @Test func aPersonIsNeverCountedTwiceOnOneDay() throws {
        var picc = PICC()
        try picc.addMember("Sok Dara", role: .worker, since: day("2026-05-01"))
        // Added again from an earlier day: the current membership overlaps it, so it is refused.
        #expect(
            piccError { () throws(PICCError) in try picc.addMember("Sok Dara", role: .worker, since: day("2026-03-01")) }
                == "Sok Dara is already a member")
        #expect(picc.members.count == 1)
        #expect(picc.activeMembers(on: day("2026-06-01")).count == 1)
        // A membership that ended after the new `since` overlaps it too.
        try picc.removeMember("Sok Dara", on: day("2026-08-01"))
        #expect(
            piccError { () throws(PICCError) in try picc.addMember("Sok Dara", role: .worker, since: day("2026-07-01")) }
                == "Sok Dara is already a member")
        #expect(picc.activeMembers(on: day("2026-07-15")).count == 1)
    }
}

@Suite struct PICCMeetingTests {
    @Test func aMeetingOfMembersIsRecordedWithItsDecisions() throws {
        var picc = try balanced()
        try picc.addMeeting(on: day("2026-03-28"), attendees: ["Sok Dara", "Meas Rathana"], decisions: ["Improvement plan agreed"])
        #expect(picc.meetings.map(\.date) == [day("2026-03-28")])
        #expect(picc.meetings.map(\.attendees) == [["Sok Dara", "Meas Rathana"]])
        #expect(picc.meetings.map(\.decisions) == [["Improvement plan agreed"]])
    }

    @Test func meetingsAreKeptInDateOrder() throws {
        var picc = try balanced()
        try picc.addMeeting(on: day("2026-06-02"), attendees: ["Sok Dara"], decisions: [])
        try picc.addMeeting(on: day("2026-03-28"), attendees: ["Meas Rathana"], decisions: ["first"])
        #expect(picc.meetings.map(\.date) == [day("2026-03-28"), day("2026-06-02")])
    }

    @Test func everyAttendeeMustBeAMemberThatDay() throws {
        var picc = try balanced()
        #expect(
            piccError { () throws(PICCError) in try picc.addMeeting(on: day("2026-03-28"), attendees: ["Sok Dara", "Chan Lina"], decisions: []) }
                == "Chan Lina was not a member on 2026-03-28; add members with 'star picc member add'")
        #expect(
            piccError { () throws(PICCError) in try picc.addMeeting(on: day("2026-03-19"), attendees: ["Sok Dara"], decisions: []) }
                == "Sok Dara was not a member on 2026-03-19; add members with 'star picc member add'")
        try picc.removeMember("Meas Rathana", on: day("2026-06-01"))
        #expect(
            piccError { () throws(PICCError) in try picc.addMeeting(on: day("2026-06-01"), attendees: ["Meas Rathana"], decisions: []) }
                == "Meas Rathana was not a member on 2026-06-01; add members with 'star picc member add'")
        #expect(picc.meetings.isEmpty)
    }
}

@Suite struct PICCWarningTests {
    @Test func aCommitteeWithoutMembersIsReportedAndNothingElse() throws {
        #expect(try warnings(PICC(), on: "2026-09-10") == ["the PICC has no members; add them with 'star picc member add'"])
    }

    @Test func aCommitteeWhoseMembersAllLeftHasNoMembers() throws {
        var picc = try balanced()
        try picc.removeMember("Sok Dara", on: day("2026-05-01"))
        try picc.removeMember("Meas Rathana", on: day("2026-05-01"))
        #expect(try warnings(picc, on: "2026-05-02") == ["the PICC has no members; add them with 'star picc member add'"])
    }

    @Test func anUnbalancedCommitteeIsReportedWithItsCounts() throws {
        var picc = try balanced()
        try picc.addMember("Chan Lina", role: .management, since: day("2026-03-20"))
        try picc.addMeeting(on: day("2026-03-28"), attendees: ["Sok Dara"], decisions: [])
        #expect(try warnings(picc, on: "2026-04-01") == ["the PICC is unbalanced: 2 management and 1 worker members; it needs equal numbers"])
        // Once a management member leaves, it is balanced again.
        try picc.removeMember("Chan Lina", on: day("2026-04-15"))
        #expect(try warnings(picc, on: "2026-04-15").isEmpty)
    }

    @Test func aCommitteeThatNeverMetIsReported() throws {
        #expect(try warnings(try balanced(), on: "2026-03-21") == ["the PICC has no recorded meeting"])
    }

    @Test func aMeetingAfterTheDayDoesNotCount() throws {
        var picc = try balanced()
        try picc.addMeeting(on: day("2026-04-10"), attendees: ["Sok Dara"], decisions: [])
        #expect(try warnings(picc, on: "2026-04-09") == ["the PICC has no recorded meeting"])
        #expect(try warnings(picc, on: "2026-04-10").isEmpty)
    }

    @Test func aLastMeetingOlderThanThreeMonthsIsReported() throws {
        var picc = try balanced()
        try picc.addMeeting(on: day("2026-03-28"), attendees: ["Sok Dara", "Meas Rathana"], decisions: [])
        #expect(try warnings(picc, on: "2026-06-28").isEmpty, "exactly three months is within the interval")
        #expect(try warnings(picc, on: "2026-06-29") == ["the PICC last met on 2026-03-28, more than 3 months before 2026-06-29"])
    }

    @Test func theIntervalRunsToTheMonthEnd() throws {
        var picc = try balanced()
        try picc.addMeeting(on: day("2026-05-31"), attendees: ["Sok Dara"], decisions: [])
        // Three months after May 31 is August 31; nothing counts as overdue before September.
        #expect(try warnings(picc, on: "2026-08-31").isEmpty)
        #expect(try warnings(picc, on: "2026-09-01") == ["the PICC last met on 2026-05-31, more than 3 months before 2026-09-01"])
    }

    @Test func aCustomIntervalIsUsed() throws {
        var picc = try balanced()
        picc.meetingIntervalMonths = 2
        try picc.addMeeting(on: day("2026-03-28"), attendees: ["Sok Dara"], decisions: [])
        #expect(try warnings(picc, on: "2026-05-28").isEmpty)
        #expect(try warnings(picc, on: "2026-05-29") == ["the PICC last met on 2026-03-28, more than 2 months before 2026-05-29"])
    }

    @Test func bothProblemsAreReportedTogether() throws {
        var picc = PICC()
        try picc.addMember("Sok Dara", role: .worker, since: day("2026-03-20"))
        try picc.addMeeting(on: day("2026-03-28"), attendees: ["Sok Dara"], decisions: [])
        #expect(
            try warnings(picc, on: "2026-09-10") == [
                "the PICC is unbalanced: 0 management and 1 worker members; it needs equal numbers",
                "the PICC last met on 2026-03-28, more than 3 months before 2026-09-10",
            ])
    }

    @Test func theDefaultIntervalIsThreeMonths() {
        #expect(PICC.defaultMeetingInterval == 3)
        #expect(PICC().meetingIntervalMonths == 3)
    }
}
