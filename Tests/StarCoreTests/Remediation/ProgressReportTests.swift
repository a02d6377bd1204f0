import StarCore
import Testing

/// Nine items around the period 2026-04-01 .. 2026-06-30 (boundaries included):
///
///     #1 verified   done 04-20, verified 06-15                  closed in the period
///     #2 in-progress due 05-31                                   overdue
///     #3 done       done 06-30 (last day)                        closed
///     #4 open       due 07-31                                    open
///     #5 reopened   due 04-15, done 03-31, reopened 04-10        overdue; its done is before the period
///     #6 open       no due date                                  open
///     #7 done       done 04-01 (first day), due 03-25            closed; past due but done, so not overdue
///     #8 done       done 07-01 (after the period)                not closed in the period
///     #9 open       due 06-30 (the last day)                     open, not yet overdue
private let progressPlanYAML = """
    star: plan/1
    factory: XX-0001
    items:
      - {number: 1, point: CL.CHILD, opened: 2026-03-20, source: XX-0001/2026-03-14, status: verified, due: 2026-04-30, owner: HR manager,
         log: [{on: 2026-03-20, status: open}, {on: 2026-04-20, status: done}, {on: 2026-06-15, status: verified, record: XX-0001/2026-06-10}]}
      - {number: 2, point: WT.OT, opened: 2026-03-20, source: XX-0001/2026-03-14, status: in-progress, due: 2026-05-31, owner: Production manager,
         log: [{on: 2026-03-20, status: open}, {on: 2026-03-28, status: in-progress}]}
      - {number: 3, point: WT.HOURS, opened: 2026-03-20, source: XX-0001/2026-03-14, status: done, due: 2026-06-30,
         log: [{on: 2026-03-20, status: open}, {on: 2026-06-30, status: done}]}
      - {number: 4, point: OSH.FIRE, opened: 2026-03-20, source: XX-0001/2026-03-14, status: open, due: 2026-07-31,
         log: [{on: 2026-03-20, status: open}]}
      - {number: 5, point: COMP.WAGES, opened: 2026-03-20, source: XX-0001/2026-03-14, status: reopened, due: 2026-04-15, owner: Finance manager,
         log: [{on: 2026-03-20, status: open}, {on: 2026-03-31, status: done}, {on: 2026-04-10, status: reopened}]}
      - {number: 6, point: DISC.HIRING, opened: 2026-03-20, source: XX-0001/2026-03-14, status: open,
         log: [{on: 2026-03-20, status: open}]}
      - {number: 7, point: CONTRACTS.TERMS, opened: 2026-03-20, source: XX-0001/2026-03-14, status: done, due: 2026-03-25,
         log: [{on: 2026-03-20, status: open}, {on: 2026-04-01, status: done}]}
      - {number: 8, point: FOA.UNION, opened: 2026-03-20, source: XX-0001/2026-03-14, status: done,
         log: [{on: 2026-03-20, status: open}, {on: 2026-07-01, status: done}]}
      - {number: 9, point: OSH.CHEM, opened: 2026-03-20, source: XX-0001/2026-03-14, status: open, due: 2026-06-30,
         log: [{on: 2026-03-20, status: open}]}
    picc:
      members:
        - {name: Sok Dara, role: worker, since: 2026-03-20}
        - {name: Meas Rathana, role: management, since: 2026-03-20, until: 2026-06-01}
        - {name: Chan Lina, role: management, since: 2026-06-01}
      meetings:
        - {date: 2026-03-28, attendees: [Sok Dara, Meas Rathana], decisions: ["Plan agreed"]}
        - {date: 2026-04-01, attendees: [Sok Dara], decisions: ["Fire drill monthly", "Wages audit"]}
        - {date: 2026-06-30, attendees: [Sok Dara, Chan Lina], decisions: []}
        - {date: 2026-07-02, attendees: [Sok Dara, Chan Lina], decisions: ["Later"]}

    """

private let factory = Factory(id: "XX-0001", name: "Xland Shirts", country: "XX", industry: "garment")

private func report(since: String = "2026-04-01", on: String = "2026-06-30", warnings: [String] = []) throws -> ProgressReport {
    let (plan, diagnostics) = ImprovementPlan.read(progressPlanYAML, file: "plans/XX/XX-0001.yaml")
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    return ProgressReport(factory: factory, plan: try #require(plan), since: day(since), on: day(on), piccWarnings: warnings)
}

@Suite struct ProgressReportTests {
    @Test func statusCountsCoverEveryItem() throws {
        let report = try report()
        #expect(ImprovementPlan.Status.allCases.map(report.count) == [3, 1, 3, 1, 1])
    }

    @Test func itemsClosedInThePeriodAreThoseDoneOrVerifiedBetweenItsFirstAndLastDay() throws {
        #expect(try report().closed.map(\.number) == [1, 3, 7])
        #expect(try report(since: "2026-04-02").closed.map(\.number) == [1, 3], "done on 04-01 is before a period starting 04-02")
        #expect(try report(on: "2026-07-01").closed.map(\.number) == [1, 3, 7, 8])
    }

    @Test func overdueItemsAreActiveItemsPastTheirDueDateByDueDate() throws {
        #expect(try report().overdue.map(\.number) == [5, 2])
        #expect(try report(on: "2026-07-01").overdue.map(\.number) == [5, 2, 9], "due 06-30 is overdue the next day")
        #expect(try report(on: "2026-05-01").overdue.map(\.number) == [5])
    }

    @Test func meetingsInThePeriodIncludeBothEnds() throws {
        #expect(try report().meetings.map(\.date) == [day("2026-04-01"), day("2026-06-30")])
        #expect(try report(since: "2026-03-01", on: "2026-03-31").meetings.map(\.date) == [day("2026-03-28")])
        #expect(try report(since: "2026-05-01", on: "2026-06-29").meetings.isEmpty)
    }

    @Test func theJSONCarriesThePeriodCountsItemsAndCommittee() throws {
        let json = try report(warnings: ["the PICC is unbalanced"]).json
        func item(_ id: String, _ point: String, _ status: String, due: String? = nil, owner: String? = nil) -> JSONValue {
            var object: [String: JSONValue] = ["id": .string(id), "point": .string(point), "status": .string(status)]
            if let due { object["due"] = .string(due) }
            if let owner { object["owner"] = .string(owner) }
            return .object(object)
        }
        let overdue: [JSONValue] = [
            item("XX-0001#5", "COMP.WAGES", "reopened", due: "2026-04-15", owner: "Finance manager"),
            item("XX-0001#2", "WT.OT", "in-progress", due: "2026-05-31", owner: "Production manager"),
        ]
        #expect(
            json
                == .object([
                    "factory": .object(["id": .string("XX-0001"), "name": .string("Xland Shirts"), "country": .string("XX")]),
                    "period": .object(["from": .string("2026-04-01"), "to": .string("2026-06-30")]),
                    "status": .object(["open": .int(3), "in-progress": .int(1), "done": .int(3), "verified": .int(1), "reopened": .int(1)]),
                    "closed": .array([
                        item("XX-0001#1", "CL.CHILD", "verified", due: "2026-04-30", owner: "HR manager"),
                        item("XX-0001#3", "WT.HOURS", "done", due: "2026-06-30"),
                        item("XX-0001#7", "CONTRACTS.TERMS", "done", due: "2026-03-25"),
                    ]),
                    "overdue": .array(overdue),
                    "open": .array([
                        item("XX-0001#2", "WT.OT", "in-progress", due: "2026-05-31", owner: "Production manager"),
                        item("XX-0001#4", "OSH.FIRE", "open", due: "2026-07-31"),
                        item("XX-0001#5", "COMP.WAGES", "reopened", due: "2026-04-15", owner: "Finance manager"),
                        item("XX-0001#6", "DISC.HIRING", "open"),
                        item("XX-0001#9", "OSH.CHEM", "open", due: "2026-06-30"),
                    ]),
                    "picc": .object([
                        "management": .int(1), "workers": .int(1),
                        "meetings": .array([
                            .object(["date": .string("2026-04-01"), "decisions": .array([.string("Fire drill monthly"), .string("Wages audit")])]),
                            .object(["date": .string("2026-06-30"), "decisions": .array([])]),
                        ]),
                        "warnings": .array([.string("the PICC is unbalanced")]),
                    ]),
                ]))
    }

    @Test func theMarkdownIsWhatBuyersRead() throws {
        #expect(
            try report(warnings: ["the PICC has no recorded meeting"]).markdown == """
                # Improvement plan progress: Xland Shirts (XX-0001)

                Period: 2026-04-01 to 2026-06-30. Country: XX.

                ## Plan status

                | status | items |
                | --- | ---: |
                | open | 3 |
                | in-progress | 1 |
                | done | 3 |
                | verified | 1 |
                | reopened | 1 |

                ## Closed in the period

                | item | point | status | due | owner |
                | --- | --- | --- | --- | --- |
                | XX-0001#1 | CL.CHILD | verified | 2026-04-30 | HR manager |
                | XX-0001#3 | WT.HOURS | done | 2026-06-30 |  |
                | XX-0001#7 | CONTRACTS.TERMS | done | 2026-03-25 |  |

                ## Overdue

                | item | point | status | due | owner |
                | --- | --- | --- | --- | --- |
                | XX-0001#5 | COMP.WAGES | reopened | 2026-04-15 | Finance manager |
                | XX-0001#2 | WT.OT | in-progress | 2026-05-31 | Production manager |

                ## Open

                | item | point | status | due | owner |
                | --- | --- | --- | --- | --- |
                | XX-0001#4 | OSH.FIRE | open | 2026-07-31 |  |
                | XX-0001#6 | DISC.HIRING | open |  |  |
                | XX-0001#9 | OSH.CHEM | open | 2026-06-30 |  |

                ## PICC

                Members: 1 management, 1 workers.

                - 2026-04-01: Fire drill monthly; Wages audit
                - 2026-06-30: no decision recorded

                > Warning: the PICC has no recorded meeting

                """)
    }

    @Test func anEmptyPeriodSaysSo() throws {
        let (plan, _) = ImprovementPlan.read("star: plan/1\nfactory: XX-0001\n", file: "plans/XX/XX-0001.yaml")
        let empty = ProgressReport(factory: factory, plan: try #require(plan), since: day("2026-04-01"), on: day("2026-06-30"), piccWarnings: [])
        #expect(
            empty.markdown.hasSuffix(
                """
                ## Closed in the period

                None.

                ## Overdue

                None.

                ## Open

                None.

                ## PICC

                Members: 0 management, 0 workers.

                No meeting in the period.

                """))
    }
}
