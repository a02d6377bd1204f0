/// What a factory shares with its buyers between assessments: plan status, items closed since the previous
/// report, overdue items and PICC activity (docs/remediation.md).
public struct ProgressReport: Sendable {
    public var factory: Factory
    public var plan: ImprovementPlan
    public var since: CalendarDate
    public var on: CalendarDate
    public var piccWarnings: [String]

    public init(factory: Factory, plan: ImprovementPlan, since: CalendarDate, on: CalendarDate, piccWarnings: [String]) {
        self.factory = factory
        self.plan = plan
        self.since = since
        self.on = on
        self.piccWarnings = piccWarnings
    }

    public func count(_ status: ImprovementPlan.Status) -> Int { plan.items.filter { $0.status == status }.count }

    /// Items that reached done or verified within the period.
    public var closed: [ImprovementPlan.Item] {
        plan.items.filter { item in
            item.log.contains { ($0.status == .done || $0.status == .verified) && !($0.on < since) && !(on < $0.on) }
        }
    }

    public var overdue: [ImprovementPlan.Item] {
        plan.items.filter { $0.isOverdue(on: on) }.sorted { ($0.due!, $0.number) < ($1.due!, $1.number) }
    }

    public var meetings: [ImprovementPlan.PICC.Meeting] {
        plan.picc.meetings.filter { !($0.date < since) && !(on < $0.date) }
    }

    public var json: JSONValue {
        func item(_ item: ImprovementPlan.Item) -> JSONValue {
            var object: [String: JSONValue] = [
                "id": .string(item.id(factory: factory.id)), "point": .string(item.point), "status": .string(item.status.rawValue),
            ]
            if let due = item.due { object["due"] = .string(due.description) }
            if let owner = item.owner { object["owner"] = .string(owner) }
            return .object(object)
        }
        let active = plan.picc.activeMembers(on: on)
        return .object([
            "factory": .object(["id": .string(factory.id), "name": .string(factory.name), "country": .string(factory.country)]),
            "period": .object(["from": .string(since.description), "to": .string(on.description)]),
            "status": .object(Dictionary(uniqueKeysWithValues: ImprovementPlan.Status.allCases.map { ($0.rawValue, JSONValue.int(count($0))) })),
            "closed": .array(closed.map(item)),
            "overdue": .array(overdue.map(item)),
            "open": .array(plan.items.filter { $0.status.isActive }.map(item)),
            "picc": .object([
                "management": .int(active.filter { $0.role == .management }.count),
                "workers": .int(active.filter { $0.role == .worker }.count),
                "meetings": .array(meetings.map { .object(["date": .string($0.date.description), "decisions": .array($0.decisions.map(JSONValue.string))]) }),
                "warnings": .array(piccWarnings.map(JSONValue.string)),
            ]),
        ])
    }

    public var markdown: String {
        var lines = [
            "# Improvement plan progress: \(factory.name) (\(factory.id))", "",
            "Period: \(since) to \(on). Country: \(factory.country).", "",
            "## Plan status", "", "| status | items |", "| --- | ---: |",
        ]
        lines += ImprovementPlan.Status.allCases.map { "| \($0.rawValue) | \(count($0)) |" }
        func row(_ item: ImprovementPlan.Item) -> String {
            "| \(item.id(factory: factory.id)) | \(item.point) | \(item.status.rawValue) | \(item.due?.description ?? "") | \(item.owner ?? "") |"
        }
        let header = ["| item | point | status | due | owner |", "| --- | --- | --- | --- | --- |"]
        lines += ["", "## Closed in the period", ""] + (closed.isEmpty ? ["None."] : header + closed.map(row))
        lines += ["", "## Overdue", ""] + (overdue.isEmpty ? ["None."] : header + overdue.map(row))
        let open = plan.items.filter { $0.status.isActive && !$0.isOverdue(on: on) }
        lines += ["", "## Open", ""] + (open.isEmpty ? ["None."] : header + open.map(row))
        let active = plan.picc.activeMembers(on: on)
        lines += [
            "", "## PICC", "",
            "Members: \(active.filter { $0.role == .management }.count) management, \(active.filter { $0.role == .worker }.count) workers.", "",
        ]
        lines +=
            meetings.isEmpty
            ? ["No meeting in the period."]
            : meetings.map { "- \($0.date): " + ($0.decisions.isEmpty ? "no decision recorded" : $0.decisions.joined(separator: "; ")) }
        if !piccWarnings.isEmpty { lines += [""] + piccWarnings.map { "> Warning: \($0)" } }
        return lines.joined(separator: "\n") + "\n"
    }
}
