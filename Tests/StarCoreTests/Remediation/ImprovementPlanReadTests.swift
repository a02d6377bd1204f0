import StarCore
import Testing

private let planFile = "plans/XX/XX-0001.yaml"

/// A plan as someone might write it by hand: one item, done, and a committee. Line numbers matter:
///
///      6  opened          12  due             15-17  log entries (open, in-progress, done)
///      7  source          13  status          20-21  members (worker, management)
let handWrittenPlan = """
    star: plan/1
    factory: XX-0001
    items:
      - number: 1
        point: CL.CHILD
        opened: 2026-03-20
        source: XX-0001/2026-03-14
        questions:
          - {question: CL.CHILD.1, text: "Workers under 15?", answer: "yes", note: "two finishers", legal: ["ILO C138, art. 2"]}
        action: "Check the original ID of every new hire"
        owner: HR manager
        due: 2026-06-30
        status: done
        log:
          - {on: 2026-03-20, status: open, note: "non-compliant in XX-0001/2026-03-14", record: XX-0001/2026-03-14}
          - {on: 2026-03-28, status: in-progress}
          - {on: 2026-05-31, status: done, note: "IDs checked"}
    picc:
      members:
        - {name: Sok Dara, role: worker, since: 2026-03-20}
        - {name: Meas Rathana, role: management, since: 2026-03-20, until: 2026-10-01}
      meetings:
        - {date: 2026-03-28, attendees: [Sok Dara, Meas Rathana], decisions: ["Plan agreed"]}
      meeting-interval-months: 2

    """

/// A second item, appended to `handWrittenPlan`'s items (before `picc:`).
private func withSecondItem(number: Int) -> String {
    handWrittenPlan.replacingOccurrences(
        of: "picc:\n",
        with: """
              - number: \(number)
                point: WT.OT
                opened: 2026-03-20
                source: XX-0001/2026-03-14
                status: open
                log:
                  - {on: 2026-03-20, status: open}
            picc:

            """)
}

/// Reads `text` and returns the errors as a user reads them (without the final newline); the plan must be refused.
private func errors(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
    let (plan, diagnostics) = ImprovementPlan.read(text, file: planFile)
    #expect(plan == nil, "a plan with errors is not returned", sourceLocation: sourceLocation)
    #expect(diagnostics.hasErrors, sourceLocation: sourceLocation)
    let rendered = errorText(diagnostics)
    #expect(rendered.hasSuffix("\n"), sourceLocation: sourceLocation)
    return String(rendered.dropLast())
}

/// `handWrittenPlan` with `old` replaced by `new` (which must occur).
private func edited(_ old: String, _ new: String, in text: String = handWrittenPlan) -> String {
    precondition(text.contains(old), "'\(old)' is not in the plan")
    return text.replacingOccurrences(of: old, with: new)
}

@Suite struct ImprovementPlanReadTests {
    @Test func aHandWrittenPlanIsRead() throws {
        let (read, diagnostics) = ImprovementPlan.read(handWrittenPlan, file: planFile)
        #expect(diagnostics.isEmpty)
        let plan = try #require(read)
        #expect(plan.factory == "XX-0001")
        let item = try #require(plan.items.first)
        #expect(plan.items.count == 1)
        #expect(item.number == 1)
        #expect(item.point == "CL.CHILD")
        #expect(item.opened == day("2026-03-20"))
        #expect(item.source == recordID("XX-0001/2026-03-14"))
        #expect(item.questions.map(\.question) == ["CL.CHILD.1"])
        #expect(item.questions.map(\.answer) == ["yes"])
        #expect(item.questions.map(\.note) == ["two finishers"])
        #expect(item.questions.map(\.legal) == [["ILO C138, art. 2"]])
        #expect(item.action == "Check the original ID of every new hire")
        #expect(item.owner == "HR manager")
        #expect(item.due == day("2026-06-30"))
        #expect(item.status == .done)
        #expect(item.log.map(\.status) == [.open, .inProgress, .done])
        #expect(item.log.map(\.record) == [recordID("XX-0001/2026-03-14"), nil, nil])
        #expect(item.log.map(\.note) == ["non-compliant in XX-0001/2026-03-14", nil, "IDs checked"])
        #expect(plan.picc.members.map(\.name) == ["Sok Dara", "Meas Rathana"])
        #expect(plan.picc.members.map(\.role) == [.worker, .management])
        #expect(plan.picc.members.map(\.until) == [nil, day("2026-10-01")])
        #expect(plan.picc.meetings.map(\.attendees) == [["Sok Dara", "Meas Rathana"]])
        #expect(plan.picc.meetings.map(\.decisions) == [["Plan agreed"]])
        #expect(plan.picc.meetingIntervalMonths == 2)
    }

    @Test func aPlanWithoutItemsOrCommitteeIsAnEmptyPlan() {
        let (plan, diagnostics) = ImprovementPlan.read("star: plan/1\nfactory: XX-0001\n", file: planFile)
        #expect(diagnostics.isEmpty)
        #expect(plan == ImprovementPlan(factory: "XX-0001"))
    }

    @Test func anUnknownStatusIsReportedWhereItIsWritten() {
        #expect(
            errors(edited("    status: done\n", "    status: finished\n"))
                == "\(planFile):13:5: error: status 'finished' is not one of open, in-progress, done, verified, reopened [invalid-plan]")
    }

    @Test func anUnknownLogStatusIsReportedWhereItIsWritten() {
        #expect(
            errors(edited("status: in-progress}", "status: started}"))
                == "\(planFile):16:26: error: log status 'started' is not one of open, in-progress, done, verified, reopened [invalid-plan]")
    }

    @Test func aStatusOtherThanTheLastLogEntryIsRefused() {
        #expect(
            errors(edited("    status: done\n", "    status: verified\n"))
                == "\(planFile):13:5: error: item 1 says it is verified, but its last log entry says done; the log is the history, change the status with 'star remediate update' [invalid-plan]"
        )
    }

    @Test func logEntriesOutOfDateOrderAreRefused() {
        #expect(
            errors(edited("{on: 2026-03-28,", "{on: 2026-03-10,"))
                == "\(planFile):16:10: error: log entries must be in date order: 2026-03-10 comes after 2026-03-20 [invalid-plan]")
    }

    @Test func anItemWithoutLogIsRefused() {
        let text = edited(
            """
                  - {on: 2026-03-20, status: open, note: "non-compliant in XX-0001/2026-03-14", record: XX-0001/2026-03-14}
                  - {on: 2026-03-28, status: in-progress}
                  - {on: 2026-05-31, status: done, note: "IDs checked"}

            """, "", in: edited("    log:\n", "    log: []\n"))
        #expect(
            errors(text)
                == "\(planFile):14:5: error: item 1 has no log; every item starts with the entry that opened it [invalid-plan]")
    }

    @Test func aDueDateBeforeTheOpeningDateIsRefused() {
        #expect(
            errors(edited("due: 2026-06-30", "due: 2026-03-19"))
                == "\(planFile):12:5: error: item 1 is due (2026-03-19) before it was opened (2026-03-20) [invalid-plan]")
    }

    @Test func aDuplicateItemNumberIsRefused() {
        let (plan, diagnostics) = ImprovementPlan.read(withSecondItem(number: 2), file: planFile)
        #expect(diagnostics.isEmpty)
        #expect(plan?.items.map(\.number) == [1, 2])
        #expect(errors(withSecondItem(number: 1)) == "\(planFile):3:1: error: item number 1 is used twice [invalid-plan]")
    }

    @Test func anUnknownKeyIsReportedByNameWithAGuess() {
        #expect(
            errors(edited("    owner: HR manager\n", "    ownr: HR manager\n"))
                == "\(planFile):11:5: error: unknown key 'ownr' in an item [unknown-key]\n  note: did you mean 'owner'?")
    }

    @Test func anUnknownKeyWithoutAGuessListsTheAllowedKeys() {
        #expect(
            errors(edited("    owner: HR manager\n", "    owner: HR manager\n    priority: high\n"))
                == "\(planFile):12:5: error: unknown key 'priority' in an item [unknown-key]\n  note: allowed keys: number, point, opened, source, questions, action, owner, due, status, log"
        )
    }

    @Test func aMissingRequiredKeyIsReported() {
        #expect(
            errors(edited("    source: XX-0001/2026-03-14\n", ""))
                == "\(planFile):4:5: error: an item is missing required key 'source' [missing-key]")
    }

    @Test func aDateThatDoesNotExistIsRefused() {
        #expect(
            errors(edited("opened: 2026-03-20", "opened: 2026-02-30"))
                == "\(planFile):6:13: error: opened '2026-02-30' is not a date that exists; write YYYY-MM-DD [invalid-date]")
        #expect(
            errors(edited("since: 2026-03-20}", "since: 20-03-2026}"))
                == "\(planFile):20:45: error: since '20-03-2026' is not a date that exists; write YYYY-MM-DD [invalid-date]")
        #expect(
            errors(edited("{date: 2026-03-28,", "{date: 2026-04-31,"))
                == "\(planFile):23:14: error: meeting date '2026-04-31' is not a date that exists; write YYYY-MM-DD [invalid-date]")
    }

    @Test func aSourceThatIsNotARecordIdIsRefused() {
        #expect(
            errors(edited("source: XX-0001/2026-03-14", "source: XX-0001/march"))
                == "\(planFile):7:5: error: source 'XX-0001/march' is not a record id such as KH-0001/2026-03-14 [invalid-plan]")
    }

    @Test func aRoleOtherThanManagementOrWorkerIsRefused() {
        #expect(
            errors(edited("role: worker", "role: supervisor"))
                == "\(planFile):20:24: error: role 'supervisor' is not management or worker [invalid-plan]")
    }

    @Test func anotherFormatIsRefused() {
        #expect(
            errors(edited("star: plan/1", "star: plan/3"))
                == "\(planFile):1:7: error: unsupported format 'plan/3'; this version of star reads 'plan/2' (and 'plan/1') [unsupported-format]")
    }

    @Test func everyProblemIsReportedAtOnce() {
        let text = edited("role: worker", "role: supervisor", in: edited("due: 2026-06-30", "due: 2026-03-19"))
        let rendered = errors(text)
        #expect(rendered.contains("\(planFile):12:5: error: item 1 is due (2026-03-19) before it was opened (2026-03-20) [invalid-plan]"))
        #expect(rendered.contains("\(planFile):20:24: error: role 'supervisor' is not management or worker [invalid-plan]"))
    }

    @Test func aLogEntryCitingSomethingThatIsNotARecordIsRefused() {
        #expect(
            errors(edited("record: XX-0001/2026-03-14}", "record: last visit}"))
                == "\(planFile):15:85: error: log record 'last visit' is not a record id such as KH-0001/2026-03-14 [invalid-plan]")
    }

    @Test func anItemNumberThatIsNotAWholeNumberIsRefused() {
        #expect(
            errors(edited("  - number: 1\n", "  - number: 1.5\n"))
                == "\(planFile):4:13: error: item number must be a whole number from 1, found 1.5 [invalid-plan]")
        #expect(
            errors(edited("  - number: 1\n", "  - number: 0\n"))
                == "\(planFile):4:13: error: item number must be a whole number from 1, found 0 [invalid-plan]")
        #expect(
            errors(edited("  - number: 1\n", "  - number: 1e20\n"))
                == "\(planFile):4:13: error: item number must be a whole number from 1, found 1e+20 [invalid-plan]")
        #expect(
            errors(edited("meeting-interval-months: 2", "meeting-interval-months: 2.5"))
                == "\(planFile):24:28: error: meeting-interval-months must be a whole number from 1, found 2.5 [invalid-plan]")
    }
}

@Suite struct ImprovementPlanRoundTripTests {
    /// A plan touching every field: evidence with and without notes, every status, logs citing records,
    /// members who left, meetings, a custom interval.
    private func busyPlan() throws -> (PlanRepository, ImprovementPlan) {
        let repo = try PlanRepository()
        var plan = ImprovementPlan(factory: "XX-0001")
        _ = repo.plans.open(
            from: try repo.record(bothNonCompliant, start: "2026-03-14", notes: ["WT.OT.2": "payroll \"week\" 9: 61h"]),
            on: day("2026-03-20"), into: &plan)
        _ = try repo.plans.update(
            1,
            .init(
                status: .inProgress, note: "agreed", due: day("2026-06-30"), owner: "HR manager",
                action: "Check IDs; train HR", on: day("2026-03-28")), in: &plan, factory: repo.factory)
        _ = try repo.plans.update(1, .init(status: .done, on: day("2026-05-31")), in: &plan, factory: repo.factory)
        _ = try repo.plans.update(2, .init(status: .done, on: day("2026-05-31")), in: &plan, factory: repo.factory)
        try repo.record(overtimeNonCompliant, start: "2026-09-03", kind: "follow-up")
        _ = repo.plans.reconcile(&plan, factory: repo.factory, on: day("2026-09-10"))
        try plan.picc.addMember("Sok Dara", role: .worker, since: day("2026-03-20"))
        try plan.picc.addMember("Meas Rathana", role: .management, since: day("2026-03-20"))
        try plan.picc.addMeeting(on: day("2026-03-28"), attendees: ["Sok Dara", "Meas Rathana"], decisions: ["Plan agreed", "Owners: HR"])
        try plan.picc.removeMember("Meas Rathana", on: day("2026-10-01"))
        plan.picc.meetingIntervalMonths = 2
        return (repo, plan)
    }

    @Test func aPlanWrittenAsCanonicalYAMLReadsBackTheSame() throws {
        let (repo, plan) = try busyPlan()
        defer { repo.remove() }
        #expect(plan.items.map(\.status) == [.verified, .reopened])
        let text = CanonicalYAML.string(plan.json, header: "a header comment")
        let (read, diagnostics) = ImprovementPlan.read(text, file: planFile)
        #expect(diagnostics.isEmpty)
        #expect(read?.meaning == plan.meaning)
        // And writing it again gives the same bytes.
        #expect(read.map { CanonicalYAML.string($0.json, header: "a header comment") } == text)
    }

    @Test func aPlanWrittenOneEntryPerLineReadsBackTheSameAndWritesTheSameBytes() throws {
        let (repo, plan) = try busyPlan()
        defer { repo.remove() }
        var stamped = plan
        stamped.stampNewEntries()
        let (read, diagnostics) = ImprovementPlan.read(stamped.text, file: planFile)
        #expect(diagnostics.isEmpty)
        #expect(read == stamped)
        #expect(read?.meaning == plan.meaning)
        #expect(read?.text == stamped.text)
        #expect(stamped.text.contains("star: \"plan/2\"\n"))
    }

    @Test func thePlanMeansTheSameWhateverTheOrderOfItsLines() throws {
        let (repo, plan) = try busyPlan()
        defer { repo.remove() }
        var stamped = plan
        stamped.stampNewEntries()
        let lines = stamped.text.split(separator: "\n", omittingEmptySubsequences: false)
        let header = lines.prefix { !$0.hasPrefix("  - ") }
        let entries = lines.filter { $0.hasPrefix("  - ") }
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let shuffled = (header + entries.shuffled(using: &random)).joined(separator: "\n") + "\n"
            let (read, diagnostics) = ImprovementPlan.read(shuffled, file: planFile)
            #expect(diagnostics.isEmpty)
            #expect(read == stamped)
        }
    }

    @Test func theDefaultIntervalIsNotWritten() throws {
        var plan = ImprovementPlan(factory: "XX-0001")
        #expect(!CanonicalYAML.string(plan.json).contains("meeting-interval-months"))
        plan.picc.meetingIntervalMonths = 2
        #expect(CanonicalYAML.string(plan.json).contains("meeting-interval-months: 2\n"))
        #expect(ImprovementPlan.read(CanonicalYAML.string(plan.json), file: planFile).0?.meaning == plan.meaning)
    }
}
