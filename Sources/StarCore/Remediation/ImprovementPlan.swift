import Yams

/// A factory's improvement plan and its PICC: `plans/<CC>/<factory>.yaml` (docs/remediation.md). Items are
/// opened from non-compliant compliance points; every change appends to an item's log, which is never
/// rewritten. The file holds one entry per line (ImprovementPlan+Entries.swift); this is what they mean.
public struct ImprovementPlan: Sendable, Equatable {
    public static let format = "plan/2"
    /// The first format: items, logs and the PICC as nested blocks. Still read; `star migrate` rewrites it.
    public static let legacyFormat = "plan/1"

    public var factory: String
    public var items: [Item]
    public var picc: PICC
    /// Lines kept as they are but outside the plan's meaning: an item number opened a second time on another
    /// branch, an interval since changed. History is never dropped.
    var keptLines: [String: (time: Timestamp, line: JSONValue)] = [:]
    /// The ids of the entries in the order of the file's lines, which a write keeps (so a merge stays an append).
    var lineOrder: [String] = []

    public static func == (a: ImprovementPlan, b: ImprovementPlan) -> Bool {
        a.factory == b.factory && a.items == b.items && a.picc == b.picc && a.keptLines.mapValues(\.line) == b.keptLines.mapValues(\.line)
    }

    public init(factory: String, items: [Item] = [], picc: PICC = PICC()) {
        self.factory = factory
        self.items = items
        self.picc = picc
    }

    public static func path(country: String, factory: String) -> String {
        "plans/\(country)/\(factory).yaml"
    }

    public enum Status: String, Sendable, CaseIterable {
        case open, inProgress = "in-progress", done, verified, reopened

        /// The statuses an item may move to by `star remediate update`.
        public var next: [Status] {
            switch self {
            case .open: [.inProgress, .done]
            case .inProgress: [.done, .open]
            case .done: [.verified, .reopened]
            case .verified: [.reopened]
            case .reopened: [.inProgress, .done]
            }
        }

        /// Work still to do (counts as overdue past its due date).
        public var isActive: Bool { self == .open || self == .inProgress || self == .reopened }
    }

    public struct Item: Sendable, Equatable {
        /// Unique within the plan; shown as `<factory>#<number>`.
        public var number: Int
        public var point: String
        public var opened: CalendarDate
        /// The record whose finding opened it.
        public var source: RecordID
        public var questions: [Evidence]
        public var action: String?
        public var owner: String?
        public var due: CalendarDate?
        public var status: Status
        public var log: [LogEntry]

        public func id(factory: String) -> String { "\(factory)#\(number)" }

        public func isOverdue(on date: CalendarDate) -> Bool {
            status.isActive && due.map { $0 < date } == true
        }
    }

    /// A non-compliant question carried into the plan, so the plan reads on its own.
    public struct Evidence: Sendable, Equatable {
        public var question: String
        public var text: String
        public var answer: String?
        public var note: String?
        public var legal: [String]
    }

    public struct LogEntry: Sendable, Equatable {
        public var on: CalendarDate
        public var status: Status
        public var note: String?
        /// The record that justified the change (verification, reconciliation).
        public var record: RecordID?
        /// What this change set, if anything (the item's due date, owner, action are the latest set).
        public var due: CalendarDate? = nil
        public var owner: String? = nil
        public var action: String? = nil
        /// The entry's id and recording time (EntryFile), given when it is first written.
        public var id: String? = nil
        public var time: Timestamp? = nil
        /// The ids of the item's entries this change was made after (those no other entry followed yet): two
        /// changes made after the same entry were made apart, on two branches.
        public var after: [String] = []
        /// For a change read from a file: the id of the opening it names (which may be that of the same item
        /// opened on another branch), so that its line is written again as it was.
        public var of: String? = nil

        public init(
            on: CalendarDate, status: Status, note: String? = nil, record: RecordID? = nil, due: CalendarDate? = nil,
            owner: String? = nil, action: String? = nil, id: String? = nil, time: Timestamp? = nil, after: [String] = []
        ) {
            self.on = on
            self.status = status
            self.note = note
            self.record = record
            self.due = due
            self.owner = owner
            self.action = action
            self.id = id
            self.time = time
            self.after = after
        }
    }

    /// The Performance Improvement Consultative Committee: equal numbers of management and worker members.
    public struct PICC: Sendable, Equatable {
        public static let defaultMeetingInterval = 3

        public var members: [Member] = []
        public var meetings: [Meeting] = []
        /// It should meet at least this often (months).
        public var meetingIntervalMonths: Int = PICC.defaultMeetingInterval
        /// The entry that last set the interval, as written: a new value differs from it and is a new entry.
        var intervalEntry: (months: Int, id: String, time: Timestamp)? = nil

        public static func == (a: PICC, b: PICC) -> Bool {
            a.members == b.members && a.meetings == b.meetings && a.meetingIntervalMonths == b.meetingIntervalMonths
        }

        public init() {}

        public struct Member: Sendable, Equatable {
            public var name: String
            public var role: Role
            public var since: CalendarDate
            /// Set when the member leaves; the entry stays as history.
            public var until: CalendarDate?
            /// The ids and times of the entries that added the member and that ended the membership (EntryFile).
            public var id: String? = nil
            public var time: Timestamp? = nil
            public var leftID: String? = nil
            public var leftTime: Timestamp? = nil
        }

        public enum Role: String, Sendable, CaseIterable {
            case management, worker
        }

        public struct Meeting: Sendable, Equatable {
            public var date: CalendarDate
            public var attendees: [String]
            public var decisions: [String]
            public var id: String? = nil
            public var time: Timestamp? = nil
        }

        public func activeMembers(on date: CalendarDate) -> [Member] {
            members.filter { !(date < $0.since) && ($0.until.map { date < $0 } ?? true) }
        }

        public mutating func addMember(_ name: String, role: Role, since: CalendarDate) throws(PICCError) {
            guard !name.trimmingSpaces.isEmpty else { throw PICCError("the member's name is empty") }
            // A membership that is current, or ends after `since`, would make one person count twice.
            if members.contains(where: { $0.name == name && ($0.until.map { since < $0 } ?? true) }) { throw PICCError("\(name) is already a member") }
            members.append(Member(name: name, role: role, since: since, until: nil))
        }

        /// Ends a membership; the entry stays as history.
        public mutating func removeMember(_ name: String, on date: CalendarDate) throws(PICCError) {
            guard let index = members.lastIndex(where: { $0.name == name && $0.until == nil }) else { throw PICCError("\(name) is not a current member") }
            if date < members[index].since { throw PICCError("\(name) joined on \(members[index].since), after \(date)") }
            members[index].until = date
        }

        /// Records a meeting; every attendee must have been a member that day.
        public mutating func addMeeting(on date: CalendarDate, attendees: [String], decisions: [String]) throws(PICCError) {
            let present = Set(activeMembers(on: date).map(\.name))
            if let stranger = attendees.first(where: { !present.contains($0) }) {
                throw PICCError("\(stranger) was not a member on \(date); add members with 'star picc member add'")
            }
            meetings.append(Meeting(date: date, attendees: attendees, decisions: decisions))
            meetings.sort { $0.date < $1.date }
        }
    }
}

// MARK: - Reading and writing

extension ImprovementPlan {
    /// The plan in the first format (plan/1, nested blocks): what older files look like, for migration tests.
    public var json: JSONValue {
        var picc: [String: JSONValue] = [
            "members": .array(
                self.picc.members.map { member in
                    var object: [String: JSONValue] = [
                        "name": .string(member.name), "role": .string(member.role.rawValue), "since": .string(member.since.description),
                    ]
                    if let until = member.until { object["until"] = .string(until.description) }
                    return .object(object)
                }),
            "meetings": .array(
                self.picc.meetings.map { meeting in
                    .object([
                        "date": .string(meeting.date.description), "attendees": .array(meeting.attendees.map(JSONValue.string)),
                        "decisions": .array(meeting.decisions.map(JSONValue.string)),
                    ])
                }),
        ]
        if self.picc.meetingIntervalMonths != PICC.defaultMeetingInterval { picc["meeting-interval-months"] = .int(self.picc.meetingIntervalMonths) }
        return .object([
            "star": .string(Self.legacyFormat),
            "factory": .string(factory),
            "items": .array(items.map(\.json)),
            "picc": .object(picc),
        ])
    }

    /// Reads a plan file of either format; every problem is a located diagnostic, and the plan is nil when any
    /// is an error. Disagreements between branches are warnings: the plan means something, and someone should
    /// settle them.
    public static func read(_ text: String, file: String) -> (ImprovementPlan?, [Diagnostic]) {
        let r = YAMLReader(file: file)
        guard let root = r.parse(text) else { return (nil, r.diagnostics) }
        if case .mapping(let mapping) = root, let format = mapping.first(where: { $0.key.scalar?.string == "star" })?.value.scalar?.string,
            format == Self.format
        {
            return readEntries(root, r)
        }
        guard let fields = r.fields(root, "an improvement plan", allowed: ["star", "factory", "items", "picc"], required: ["star", "factory"]) else {
            return (nil, r.diagnostics)
        }
        if let node = fields["star"], let format = r.string(node, "star"), format != legacyFormat {
            r.error(
                "unsupported-format", "unsupported format '\(format)'; this version of star reads '\(Self.format)' (and '\(legacyFormat)')",
                at: r.location(node))
        }
        let factory = fields["factory"].flatMap { r.string($0, "factory") } ?? ""
        var items: [Item] = []
        for node in fields["items"].flatMap({ r.sequence($0, "items") }) ?? [] {
            if let item = readItem(node, r) { items.append(item) }
        }
        var numbers = Set<Int>()
        for item in items where !numbers.insert(item.number).inserted {
            r.error("invalid-plan", "item number \(item.number) is used twice", at: fields.keyLocation("items"))
        }
        let picc = fields["picc"].flatMap { readPICC($0, r) } ?? PICC()
        var plan = ImprovementPlan(factory: factory, items: items, picc: picc)
        plan.stampLegacy()
        return (r.diagnostics.hasErrors ? nil : plan, r.diagnostics)
    }

    /// A positive whole number that fits an Int; `1.5` or `1e20` is an error, never a rounding or a crash.
    static func wholeNumber(_ node: Node, _ what: String, _ r: YAMLReader) -> Int? {
        guard let value = r.number(node, what) else { return nil }
        guard value == value.rounded(), value >= 1, value < 1e9 else {
            r.error("invalid-plan", "\(what) must be a whole number from 1, found \(CanonicalJSON.formatDouble(value))", at: r.location(node))
            return nil
        }
        return Int(value)
    }

    static func date(_ node: Node?, _ what: String, _ r: YAMLReader) -> CalendarDate? {
        guard let node, let text = r.string(node, what) else { return nil }
        guard let date = CalendarDate(text) else {
            r.error("invalid-date", "\(what) '\(text)' is not a date that exists; write YYYY-MM-DD", at: r.location(node))
            return nil
        }
        return date
    }

    private static func readItem(_ node: Node, _ r: YAMLReader) -> Item? {
        guard
            let f = r.fields(
                node, "an item", allowed: ["number", "point", "opened", "source", "questions", "action", "owner", "due", "status", "log"],
                required: ["number", "point", "opened", "source", "status", "log"]),
            let number = f["number"].flatMap({ wholeNumber($0, "item number", r) }), let point = f["point"].flatMap({ r.string($0, "point") }),
            let opened = date(f["opened"], "opened", r), let sourceText = f["source"].flatMap({ r.string($0, "source") }),
            let statusText = f["status"].flatMap({ r.string($0, "status") })
        else { return nil }
        guard let source = RecordID(sourceText) else {
            r.error("invalid-plan", "source '\(sourceText)' is not a record id such as KH-0001/2026-03-14", at: f.keyLocation("source"))
            return nil
        }
        guard let status = Status(rawValue: statusText) else {
            r.error(
                "invalid-plan", "status '\(statusText)' is not one of \(Status.allCases.map(\.rawValue).joined(separator: ", "))", at: f.keyLocation("status"))
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
        var log: [LogEntry] = []
        for entry in f["log"].flatMap({ r.sequence($0, "log") }) ?? [] {
            guard let e = r.fields(entry, "a log entry", allowed: ["on", "status", "note", "record"], required: ["on", "status"]),
                let on = date(e["on"], "log date", r), let text = e["status"].flatMap({ r.string($0, "log status") })
            else { continue }
            guard let entryStatus = Status(rawValue: text) else {
                r.error(
                    "invalid-plan", "log status '\(text)' is not one of \(Status.allCases.map(\.rawValue).joined(separator: ", "))", at: e.keyLocation("status")
                )
                continue
            }
            if let last = log.last, on < last.on {
                r.error("invalid-plan", "log entries must be in date order: \(on) comes after \(last.on)", at: e.keyLocation("on"))
            }
            var record: RecordID?
            if let text = e["record"].flatMap({ r.string($0, "log record") }) {
                record = RecordID(text)
                if record == nil { r.error("invalid-plan", "log record '\(text)' is not a record id such as KH-0001/2026-03-14", at: e.keyLocation("record")) }
            }
            log.append(LogEntry(on: on, status: entryStatus, note: e["note"].flatMap { r.string($0, "note") }, record: record))
        }
        let due = date(f["due"], "due", r)
        if let due, due < opened { r.error("invalid-plan", "item \(number) is due (\(due)) before it was opened (\(opened))", at: f.keyLocation("due")) }
        if log.isEmpty { r.error("invalid-plan", "item \(number) has no log; every item starts with the entry that opened it", at: f.keyLocation("log")) }
        if let last = log.last, last.status != status {
            r.error(
                "invalid-plan",
                "item \(number) says it is \(status.rawValue), but its last log entry says \(last.status.rawValue); the log is the history, change the status with 'star remediate update'",
                at: f.keyLocation("status"))
        }
        return Item(
            number: number, point: point, opened: opened, source: source, questions: questions,
            action: f["action"].flatMap { r.string($0, "action") }, owner: f["owner"].flatMap { r.string($0, "owner") },
            due: due, status: status, log: log)
    }

    private static func readPICC(_ node: Node, _ r: YAMLReader) -> PICC? {
        guard let f = r.fields(node, "picc", allowed: ["members", "meetings", "meeting-interval-months"]) else { return nil }
        var picc = PICC()
        if let node = f["meeting-interval-months"], let months = wholeNumber(node, "meeting-interval-months", r) {
            if (1...24).contains(months) {
                picc.meetingIntervalMonths = months
            } else {
                r.error("invalid-plan", "meeting-interval-months must be between 1 and 24", at: r.location(node))
            }
        }
        for m in f["members"].flatMap({ r.sequence($0, "members") }) ?? [] {
            guard let e = r.fields(m, "a member", allowed: ["name", "role", "since", "until"], required: ["name", "role", "since"]),
                let name = e["name"].flatMap({ r.string($0, "name") }), let roleText = e["role"].flatMap({ r.string($0, "role") }),
                let since = date(e["since"], "since", r)
            else { continue }
            guard let role = PICC.Role(rawValue: roleText) else {
                r.error("invalid-plan", "role '\(roleText)' is not management or worker", at: e.keyLocation("role"))
                continue
            }
            picc.members.append(PICC.Member(name: name, role: role, since: since, until: date(e["until"], "until", r)))
        }
        for m in f["meetings"].flatMap({ r.sequence($0, "meetings") }) ?? [] {
            guard let e = r.fields(m, "a meeting", allowed: ["date", "attendees", "decisions"], required: ["date"]),
                let on = date(e["date"], "meeting date", r)
            else { continue }
            picc.meetings.append(
                PICC.Meeting(
                    date: on, attendees: e["attendees"].flatMap { r.stringList($0, "attendees") } ?? [],
                    decisions: e["decisions"].flatMap { r.stringList($0, "decisions") } ?? []))
        }
        return picc
    }
}

public struct PICCError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

extension ImprovementPlan.Item {
    /// The fields `remediate list --format json` promises: id, point, status, due, owner and log.
    public func summaryJSON(factory: String, on date: CalendarDate) -> JSONValue {
        guard case .object(var object) = json else { return json }
        object["id"] = .string(id(factory: factory))
        object["factory"] = .string(factory)
        object["number"] = nil
        object["due"] = object["due"] ?? .null
        object["owner"] = object["owner"] ?? .null
        object["overdue"] = .bool(isOverdue(on: date))
        return .object(object)
    }

    var json: JSONValue {
        var object: [String: JSONValue] = [
            "number": .int(number), "point": .string(point), "opened": .string(opened.description), "source": .string(source.description),
            "status": .string(status.rawValue),
            "questions": .array(
                questions.map { e in
                    var q: [String: JSONValue] = ["question": .string(e.question), "text": .string(e.text), "legal": .array(e.legal.map(JSONValue.string))]
                    if let answer = e.answer { q["answer"] = .string(answer) }
                    if let note = e.note { q["note"] = .string(note) }
                    return .object(q)
                }),
            "log": .array(
                log.map { entry in
                    var e: [String: JSONValue] = ["on": .string(entry.on.description), "status": .string(entry.status.rawValue)]
                    if let note = entry.note { e["note"] = .string(note) }
                    if let record = entry.record { e["record"] = .string(record.description) }
                    return .object(e)
                }),
        ]
        if let action { object["action"] = .string(action) }
        if let owner { object["owner"] = .string(owner) }
        if let due { object["due"] = .string(due.description) }
        return .object(object)
    }
}
