import Yams

/// The plan file, `plan/2`: one entry per line (EntryFile), each an event with its own id and time:
///
///     {open: 3, point, opened, source, questions, on, status, note, record, due, owner, action, id, time}
///     {item: 3, of: OPENING-ID, on, status, note, record, due, owner, action, after: [IDS], id, time}
///     {member: NAME, role, since, id, time}
///     {member-left: NAME, of: MEMBER-ID, on, id, time}
///     {meeting: DATE, attendees, decisions, id, time}
///     {meeting-interval-months: N, id, time}
///
/// What the plan says is folded from them by dates, times and ids, never by the order of the lines.
extension ImprovementPlan {
    /// One line of the plan file, as read.
    enum Entry {
        case open(Item)
        case change(item: Int, of: String, LogEntry)
        case member(PICC.Member)
        case memberLeft(name: String, of: String, on: CalendarDate, id: String, time: Timestamp)
        case meeting(PICC.Meeting)
        case interval(months: Int, id: String, time: Timestamp)
    }

    // MARK: - Writing

    /// The whole file: the lines already there in their order, then the new ones by time.
    public var text: String {
        let lines = self.lines
        let placed = Set(lineOrder)
        let ordered =
            lineOrder.filter { lines[$0] != nil }
            + lines.keys.filter { !placed.contains($0) }.sorted { (lines[$0]!.time, $0) < (lines[$1]!.time, $1) }
        return EntryFile.render(
            comment: "Improvement plan and PICC of \(factory), one entry per line. Change it with 'star remediate' and 'star picc'; see docs/remediation.md.",
            header: ["star": .string(Self.format), "factory": .string(factory)], list: "entries", entries: ordered.map { lines[$0]!.line })
    }

    /// Every entry as written on its line, by id (entries not yet stamped are left out).
    public var lines: [String: (time: Timestamp, line: JSONValue)] {
        var lines: [String: (time: Timestamp, line: JSONValue)] = keptLines
        func add(_ id: String?, _ time: Timestamp?, _ line: JSONValue) {
            guard let id, let time else { return }
            lines[id] = (time, line)
        }
        for item in items {
            guard let opening = item.log.first else { continue }
            add(opening.id, opening.time, Self.encode(.open(item)))
            for change in item.log.dropFirst() {
                add(change.id, change.time, Self.encode(.change(item: item.number, of: change.of ?? opening.id ?? "", change)))
            }
        }
        for member in picc.members {
            add(member.id, member.time, Self.encode(.member(member)))
            if let until = member.until, let leftID = member.leftID, let leftTime = member.leftTime, let id = member.id {
                add(leftID, leftTime, Self.encode(.memberLeft(name: member.name, of: id, on: until, id: leftID, time: leftTime)))
            }
        }
        for meeting in picc.meetings { add(meeting.id, meeting.time, Self.encode(.meeting(meeting))) }
        if let interval = picc.intervalEntry {
            add(interval.id, interval.time, Self.encode(.interval(months: interval.months, id: interval.id, time: interval.time)))
        }
        return lines
    }

    /// Gives every change made since the plan was read its id and time (just after the latest already there),
    /// and each new item change the entries it was made after. What `text` writes.
    public mutating func stampNewEntries() {
        var clock = latestTime
        func next() -> (String, Timestamp) {
            clock = EntryFile.nextTime(after: clock)
            return (EntryFile.newID(), clock!)
        }
        for index in items.indices {
            for position in items[index].log.indices where items[index].log[position].id == nil {
                let (id, time) = next()
                if position > 0 { items[index].log[position].after = Self.heads(Array(items[index].log[..<position])).map { $0.id ?? "" } }
                items[index].log[position].id = id
                items[index].log[position].time = time
            }
        }
        for index in picc.members.indices {
            if picc.members[index].id == nil { (picc.members[index].id, picc.members[index].time) = next() }
            if picc.members[index].until != nil, picc.members[index].leftID == nil { (picc.members[index].leftID, picc.members[index].leftTime) = next() }
        }
        for index in picc.meetings.indices where picc.meetings[index].id == nil { (picc.meetings[index].id, picc.meetings[index].time) = next() }
        let recorded = picc.intervalEntry?.months ?? PICC.defaultMeetingInterval
        if picc.meetingIntervalMonths != recorded {
            if let old = picc.intervalEntry { keptLines[old.id] = (old.time, Self.encode(.interval(months: old.months, id: old.id, time: old.time))) }
            let (id, time) = next()
            picc.intervalEntry = (picc.meetingIntervalMonths, id, time)
        }
    }

    /// The latest time of any entry, for the next one's.
    var latestTime: Timestamp? {
        var times =
            items.flatMap { $0.log.compactMap(\.time) } + picc.members.flatMap { [$0.time, $0.leftTime].compactMap { $0 } }
            + picc.meetings.compactMap(\.time) + keptLines.values.map(\.time)
        if let interval = picc.intervalEntry { times.append(interval.time) }
        return times.max()
    }

    /// Ids and times for a plan read from a plan/1 file, from the order of its entries (which was their meaning):
    /// each log entry follows the one before it, and the item's due date, owner and action are set by its last.
    mutating func stampLegacy() {
        var previous: Timestamp?
        var index = 0
        func stamp(_ day: CalendarDate, _ content: JSONValue) -> (String, Timestamp) {
            let start = Timestamp(startOf: day)
            let time = previous.map { start > $0 ? start : $0.adding(milliseconds: 1) } ?? start
            previous = time
            index += 1
            return (EntryFile.legacyID(content, index: index), time)
        }
        for i in items.indices {
            var item = items[i]
            if let last = item.log.indices.last {
                item.log[last].due = item.due
                item.log[last].owner = item.owner
                item.log[last].action = item.action
            }
            for p in item.log.indices {
                let entry = item.log[p]
                (item.log[p].id, item.log[p].time) = stamp(
                    entry.on, .array([.int(item.number), .string(entry.on.description), .string(entry.status.rawValue), .string(entry.note ?? "")]))
                if p > 0 { item.log[p].after = [item.log[p - 1].id!] }
            }
            items[i] = item
        }
        for i in picc.members.indices {
            let m = picc.members[i]
            (picc.members[i].id, picc.members[i].time) = stamp(m.since, .array([.string(m.name), .string(m.since.description)]))
            if let until = m.until { (picc.members[i].leftID, picc.members[i].leftTime) = stamp(until, .array([.string(m.name), .string(until.description)])) }
        }
        for i in picc.meetings.indices {
            let m = picc.meetings[i]
            (picc.meetings[i].id, picc.meetings[i].time) = stamp(m.date, .array([.string(m.date.description)] + m.attendees.map(JSONValue.string)))
        }
        if picc.meetingIntervalMonths != PICC.defaultMeetingInterval {
            // No date was recorded for it: just after everything else.
            let (id, time) = stamp(CalendarDate("2000-01-01")!, .int(picc.meetingIntervalMonths))
            picc.intervalEntry = (picc.meetingIntervalMonths, id, time)
        }
    }

    /// The entries of one item that no other of them was made after: one, unless it was changed on two branches.
    /// `aliases` maps the id of an opening of the same item on another branch to the id of the one followed.
    static func heads(_ log: [LogEntry], aliases: [String: String] = [:]) -> [LogEntry] {
        let followed = Set(log.flatMap(\.after).map { aliases[$0] ?? $0 })
        return log.filter { !followed.contains($0.id ?? "") }
    }

    /// The order of an item's log: by day, then recording time, then id.
    static func logOrder(_ a: LogEntry, _ b: LogEntry) -> Bool {
        (a.on, a.time ?? Timestamp(milliseconds: .max), a.id ?? "") < (b.on, b.time ?? Timestamp(milliseconds: .max), b.id ?? "")
    }

    // MARK: - One entry, on its line

    static func encode(_ entry: Entry) -> JSONValue {
        func log(_ e: LogEntry, into object: inout [String: JSONValue]) {
            object["on"] = .string(e.on.description)
            object["status"] = .string(e.status.rawValue)
            if let note = e.note { object["note"] = .string(note) }
            if let record = e.record { object["record"] = .string(record.description) }
            if let due = e.due { object["due"] = .string(due.description) }
            if let owner = e.owner { object["owner"] = .string(owner) }
            if let action = e.action { object["action"] = .string(action) }
            if let id = e.id { object["id"] = .string(id) }
            if let time = e.time { object["time"] = .string(time.description) }
        }
        var object: [String: JSONValue] = [:]
        switch entry {
        case .open(let item):
            object = [
                "open": .int(item.number), "point": .string(item.point), "opened": .string(item.opened.description), "source": .string(item.source.description),
                "questions": .array(
                    item.questions.map { e in
                        var q: [String: JSONValue] = ["question": .string(e.question), "text": .string(e.text), "legal": .array(e.legal.map(JSONValue.string))]
                        if let answer = e.answer { q["answer"] = .string(answer) }
                        if let note = e.note { q["note"] = .string(note) }
                        return .object(q)
                    }),
            ]
            if let first = item.log.first { log(first, into: &object) }
        case .change(let number, let opening, let e):
            object = ["item": .int(number), "of": .string(opening), "after": .array(e.after.map(JSONValue.string))]
            log(e, into: &object)
        case .member(let m):
            object = ["member": .string(m.name), "role": .string(m.role.rawValue), "since": .string(m.since.description)]
            if let id = m.id { object["id"] = .string(id) }
            if let time = m.time { object["time"] = .string(time.description) }
        case .memberLeft(let name, let of, let on, let id, let time):
            object = ["member-left": .string(name), "of": .string(of), "on": .string(on.description), "id": .string(id), "time": .string(time.description)]
        case .meeting(let m):
            object = [
                "meeting": .string(m.date.description), "attendees": .array(m.attendees.map(JSONValue.string)),
                "decisions": .array(m.decisions.map(JSONValue.string)),
            ]
            if let id = m.id { object["id"] = .string(id) }
            if let time = m.time { object["time"] = .string(time.description) }
        case .interval(let months, let id, let time):
            object = ["meeting-interval-months": .int(months), "id": .string(id), "time": .string(time.description)]
        }
        return .object(object)
    }

    static func decode(_ node: Node, _ r: YAMLReader) -> (entry: Entry, id: String)? {
        let logKeys = ["on", "status", "note", "record", "due", "owner", "action", "id", "time"]
        guard case .mapping(let mapping) = node else {
            r.error("wrong-type", "a plan entry must be a mapping, found \(r.describe(node))", at: r.location(node))
            return nil
        }
        let keys = Set(mapping.keys.compactMap { $0.scalar?.string })
        func identity(_ f: YAMLFields) -> (String, Timestamp)? {
            guard let id = f["id"].flatMap({ r.string($0, "id") }), let node = f["time"], let text = r.string(node, "time") else { return nil }
            guard let time = Timestamp(text) else {
                r.error("invalid-date", "time '\(text)' is not an instant written YYYY-MM-DDTHH:MM:SS.mmmZ", at: r.location(node))
                return nil
            }
            return (id, time)
        }
        func logEntry(_ f: YAMLFields) -> LogEntry? {
            guard let (id, time) = identity(f), let on = date(f["on"], "log date", r), let text = f["status"].flatMap({ r.string($0, "log status") }) else {
                return nil
            }
            guard let status = Status(rawValue: text) else {
                r.error(
                    "invalid-plan", "log status '\(text)' is not one of \(Status.allCases.map(\.rawValue).joined(separator: ", "))", at: f.keyLocation("status")
                )
                return nil
            }
            var record: RecordID?
            if let text = f["record"].flatMap({ r.string($0, "log record") }) {
                record = RecordID(text)
                if record == nil {
                    r.error("invalid-plan", "log record '\(text)' is not a record id such as KH-0001/2026-03-14", at: f.keyLocation("record"))
                    return nil
                }
            }
            return LogEntry(
                on: on, status: status, note: f["note"].flatMap { r.string($0, "note") }, record: record, due: date(f["due"], "due", r),
                owner: f["owner"].flatMap { r.string($0, "owner") }, action: f["action"].flatMap { r.string($0, "action") },
                id: id, time: time, after: f["after"].flatMap { r.stringList($0, "after") } ?? [])
        }
        if keys.contains("open") {
            guard
                let f = r.fields(
                    node, "an item", allowed: ["open", "point", "opened", "source", "questions"] + logKeys,
                    required: ["open", "point", "opened", "source", "on", "status", "id", "time"]),
                let number = f["open"].flatMap({ wholeNumber($0, "item number", r) }), let point = f["point"].flatMap({ r.string($0, "point") }),
                let opened = date(f["opened"], "opened", r), let sourceText = f["source"].flatMap({ r.string($0, "source") }),
                let first = logEntry(f)
            else { return nil }
            guard let source = RecordID(sourceText) else {
                r.error("invalid-plan", "source '\(sourceText)' is not a record id such as KH-0001/2026-03-14", at: f.keyLocation("source"))
                return nil
            }
            var questions: [Evidence] = []
            for q in f["questions"].flatMap({ r.sequence($0, "questions") }) ?? [] {
                guard let e = r.fields(q, "a question", allowed: ["question", "text", "answer", "note", "legal"], required: ["question"]),
                    let id = e["question"].flatMap({ r.string($0, "question") })
                else { continue }
                questions.append(
                    Evidence(
                        question: id, text: e["text"].flatMap { r.string($0, "text", allowEmpty: true) } ?? "",
                        answer: e["answer"].flatMap { r.string($0, "answer") }, note: e["note"].flatMap { r.string($0, "note") },
                        legal: e["legal"].flatMap { r.stringList($0, "legal") } ?? []))
            }
            if let due = first.due, due < opened {
                r.error("invalid-plan", "item \(number) is due (\(due)) before it was opened (\(opened))", at: f.keyLocation("due"))
            }
            let item = Item(
                number: number, point: point, opened: opened, source: source, questions: questions, action: nil, owner: nil, due: nil,
                status: first.status, log: [first])
            return (.open(item), first.id!)
        }
        if keys.contains("item") {
            guard
                let f = r.fields(node, "an item change", allowed: ["item", "of", "after"] + logKeys, required: ["item", "of", "on", "status", "id", "time"]),
                let number = f["item"].flatMap({ wholeNumber($0, "item number", r) }), let of = f["of"].flatMap({ r.string($0, "of") }),
                let entry = logEntry(f)
            else { return nil }
            return (.change(item: number, of: of, entry), entry.id!)
        }
        if keys.contains("member") {
            guard let f = r.fields(node, "a member", allowed: ["member", "role", "since", "id", "time"], required: ["member", "role", "since", "id", "time"]),
                let name = f["member"].flatMap({ r.string($0, "member") }), let roleText = f["role"].flatMap({ r.string($0, "role") }),
                let since = date(f["since"], "since", r), let (id, time) = identity(f)
            else { return nil }
            guard let role = PICC.Role(rawValue: roleText) else {
                r.error("invalid-plan", "role '\(roleText)' is not management or worker", at: f.keyLocation("role"))
                return nil
            }
            return (.member(PICC.Member(name: name, role: role, since: since, until: nil, id: id, time: time)), id)
        }
        if keys.contains("member-left") {
            guard
                let f = r.fields(
                    node, "a member leaving", allowed: ["member-left", "of", "on", "id", "time"], required: ["member-left", "of", "on", "id", "time"]),
                let name = f["member-left"].flatMap({ r.string($0, "member-left") }), let of = f["of"].flatMap({ r.string($0, "of") }),
                let on = date(f["on"], "on", r), let (id, time) = identity(f)
            else { return nil }
            return (.memberLeft(name: name, of: of, on: on, id: id, time: time), id)
        }
        if keys.contains("meeting") {
            guard let f = r.fields(node, "a meeting", allowed: ["meeting", "attendees", "decisions", "id", "time"], required: ["meeting", "id", "time"]),
                let on = date(f["meeting"], "meeting date", r), let (id, time) = identity(f)
            else { return nil }
            return (
                .meeting(
                    PICC.Meeting(
                        date: on, attendees: f["attendees"].flatMap { r.stringList($0, "attendees") } ?? [],
                        decisions: f["decisions"].flatMap { r.stringList($0, "decisions") } ?? [], id: id, time: time)), id
            )
        }
        if keys.contains("meeting-interval-months") {
            guard
                let f = r.fields(
                    node, "an interval", allowed: ["meeting-interval-months", "id", "time"], required: ["meeting-interval-months", "id", "time"]),
                let monthsNode = f["meeting-interval-months"], let months = wholeNumber(monthsNode, "meeting-interval-months", r),
                let (id, time) = identity(f)
            else { return nil }
            guard (1...24).contains(months) else {
                r.error("invalid-plan", "meeting-interval-months must be between 1 and 24", at: r.location(monthsNode))
                return nil
            }
            return (.interval(months: months, id: id, time: time), id)
        }
        r.error("invalid-plan", "a plan entry is one of 'open', 'item', 'member', 'member-left', 'meeting' or 'meeting-interval-months'", at: r.location(node))
        return nil
    }

    // MARK: - Reading and folding

    static func readEntries(_ root: Node, _ r: YAMLReader) -> (ImprovementPlan?, [Diagnostic]) {
        guard let fields = r.fields(root, "an improvement plan", allowed: ["star", "factory", "entries"], required: ["star", "factory", "entries"]) else {
            return (nil, r.diagnostics)
        }
        let factory = fields["factory"].flatMap { r.string($0, "factory") } ?? ""
        var plan = ImprovementPlan(factory: factory)
        var entries: [(entry: Entry, id: String, node: Node)] = []
        var seen: [String: Node] = [:]
        for node in fields["entries"].flatMap({ r.sequence($0, "entries") }) ?? [] {
            guard let (entry, id) = decode(node, r) else { continue }
            if let earlier = seen[id] {
                // The same line from two merged branches is one entry; one id on two different lines is not.
                if JSONValue(node) != JSONValue(earlier) {
                    r.error(
                        "duplicate-id", "two different entries have the id '\(id)' (the other is at line \(earlier.mark?.line ?? 0)); an id names one entry",
                        at: r.location(node))
                }
                continue
            }
            seen[id] = node
            plan.lineOrder.append(id)
            entries.append((entry, id, node))
        }
        func line(of id: String) -> Int { seen[id]?.mark?.line ?? 0 }
        func keep(_ id: String, _ time: Timestamp) { plan.keptLines[id] = (time, JSONValue(seen[id]!)) }

        // Items: the earliest opening of a number is the item; a second one (another branch) is kept and named.
        var openings: [Int: [Item]] = [:]
        for case (.open(let item), _, _) in entries { openings[item.number, default: []].append(item) }
        var items: [Int: Item] = [:]
        var openingIDs: [String: Int] = [:]
        // An opening of the same number, point and record on another branch (both planned or reconciled with
        // the same visit) is the same item: its line is kept, and its changes belong to the item.
        var aliases: [String: String] = [:]
        for (number, candidates) in openings {
            let sorted = candidates.sorted { ($0.log[0].time!, $0.log[0].id!) < ($1.log[0].time!, $1.log[0].id!) }
            items[number] = sorted[0]
            openingIDs[sorted[0].log[0].id!] = number
            for other in sorted.dropFirst() {
                keep(other.log[0].id!, other.log[0].time!)
                if other.point == sorted[0].point, other.source == sorted[0].source {
                    aliases[other.log[0].id!] = sorted[0].log[0].id!
                    openingIDs[other.log[0].id!] = number
                    continue
                }
                r.warning(
                    "plan-conflict",
                    "item \(factory)#\(number) was opened twice, on two branches: for \(sorted[0].point) (line \(line(of: sorted[0].log[0].id!))) and for \(other.point) (line \(line(of: other.log[0].id!))); star follows the first",
                    at: r.location(seen[other.log[0].id!]!),
                    notes: [
                        "settle it: on a branch, delete the line of the one not to keep and run 'star remediate plan \(other.source)' (or 'star remediate reconcile \(factory)') again, which opens its point under a new number"
                    ])
            }
        }
        for case (.change(let number, let of, let change), let id, let node) in entries {
            guard let owner = openingIDs[of], owner == number else {
                if openings[number] == nil {
                    r.error("invalid-plan", "a change of item \(number), which the plan does not open", at: r.location(node))
                } else {
                    keep(id, change.time!)
                }
                continue
            }
            var change = change
            change.of = of == items[owner]!.log[0].id ? nil : of
            items[owner]!.log.append(change)
        }
        for number in items.keys.sorted() {
            var item = items[number]!
            let opening = item.log[0]
            if opening.status != .open {
                r.error(
                    "invalid-plan",
                    "item \(number) is opened with status \(opening.status.rawValue); an item opens as open, and its log says what became of it",
                    at: r.location(seen[opening.id!]!))
            }
            for change in item.log.dropFirst() {
                if change.on < item.opened {
                    r.error(
                        "invalid-plan", "item \(number) is changed on \(change.on), before it was opened (\(item.opened))", at: r.location(seen[change.id!]!))
                }
                if let due = change.due, due < item.opened {
                    r.error("invalid-plan", "item \(number) is due (\(due)) before it was opened (\(item.opened))", at: r.location(seen[change.id!]!))
                }
            }
            item.log = [opening] + item.log.dropFirst().sorted(by: logOrder)
            item.status = item.log.last!.status
            item.due = item.log.last(where: { $0.due != nil })?.due
            item.owner = item.log.last(where: { $0.owner != nil })?.owner
            item.action = item.log.last(where: { $0.action != nil })?.action
            let heads = Self.heads(item.log, aliases: aliases)
            if heads.count > 1, Set(heads.map(\.status)).count > 1 {
                let described = heads.map { "to \($0.status.rawValue) on \($0.on) (line \(line(of: $0.id!)))" }.joined(separator: " and ")
                r.warning(
                    "plan-disagreement",
                    "\(item.id(factory: factory)) was changed on two branches: \(described); star takes the latest, \(item.status.rawValue)",
                    at: r.location(seen[heads.max(by: logOrder)!.id!]!),
                    notes: [
                        "settle it: 'star remediate update \(item.id(factory: factory)) --status STATUS --note \"WHY\"' records what was agreed, after both"
                    ])
            }
            plan.items.append(item)
        }

        // The PICC: memberships and departures by time, meetings by date, the latest interval.
        var members: [PICC.Member] = []
        var intervals: [(months: Int, id: String, time: Timestamp)] = []
        var events: [(time: Timestamp, id: String, entry: Entry)] = []
        for (entry, id, _) in entries {
            switch entry {
            case .member(let m): events.append((m.time!, id, entry))
            case .memberLeft(_, _, _, _, let time): events.append((time, id, entry))
            case .meeting(let m): plan.picc.meetings.append(m)
            case .interval(let months, let id, let time): intervals.append((months, id, time))
            default: break
            }
        }
        for event in events.sorted(by: { ($0.time, $0.id) < ($1.time, $1.id) }) {
            switch event.entry {
            case .member(let m): members.append(m)
            case .memberLeft(let name, let of, let on, let id, let time):
                guard let index = members.firstIndex(where: { $0.id == of }), members[index].until == nil else {
                    if members.contains(where: { $0.id == of }) {
                        keep(id, time)
                    } else {
                        r.error("invalid-plan", "\(name) leaves a membership ('\(of)') that the plan does not record", at: r.location(seen[id]!))
                    }
                    continue
                }
                members[index].until = on
                members[index].leftID = id
                members[index].leftTime = time
            default: break
            }
        }
        plan.picc.members = members
        plan.picc.meetings.sort { ($0.date, $0.time!, $0.id!) < ($1.date, $1.time!, $1.id!) }
        let latest = intervals.sorted { ($0.time, $0.id) < ($1.time, $1.id) }
        if let last = latest.last {
            plan.picc.meetingIntervalMonths = last.months
            plan.picc.intervalEntry = last
            for older in latest.dropLast() { keep(older.id, older.time) }
        }
        return (r.diagnostics.hasErrors ? nil : plan, r.diagnostics)
    }
}

extension JSONValue {
    /// A YAML node as the value it was written as: quoted scalars are strings, plain ones numbers where they
    /// read as numbers (star writes every string quoted).
    init(_ node: Node) {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain, let int = Int(scalar.string) {
                self = .int(int)
            } else if scalar.style == .plain, scalar.string == "~" || scalar.string == "null" {
                self = .null
            } else if scalar.style == .plain, let double = YAMLReader.parseNumber(scalar.string) {
                self = .double(double)
            } else {
                self = .string(scalar.string)
            }
        case .mapping(let mapping):
            var object: [String: JSONValue] = [:]
            for (key, value) in mapping { object[key.scalar?.string ?? ""] = JSONValue(value) }
            self = .object(object)
        case .sequence(let sequence):
            self = .array(sequence.map { JSONValue($0) })
        case .alias:
            self = .null
        }
    }
}
