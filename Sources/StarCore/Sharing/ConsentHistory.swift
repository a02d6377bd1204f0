import Yams

/// A factory's consents: `consents/<CC>/<factory>.yaml`, an append-only history of grants and revocations,
/// one entry per line (docs/sharing.md, EntryFile). What a buyer may see is decided from it by AccessPolicy
/// alone, by the entries' own times and ids: the order of the lines means nothing.
public struct ConsentHistory: Sendable, Equatable {
    public static let format = "consent/2"
    /// The first format: a block list, meaning taken from the order of the entries. Still read; `star migrate` rewrites it.
    public static let legacyFormat = "consent/1"

    public var factory: String
    public var entries: [Entry]
    /// The line each entry (by id) was read from, for located diagnostics; empty for a history made in memory.
    public var lines: [String: Int] = [:]

    public static func == (a: ConsentHistory, b: ConsentHistory) -> Bool {
        a.factory == b.factory && a.entries == b.entries
    }

    /// Entries without an id or a time (made in memory, or read from a consent/1 file) get them from their
    /// place in `entries`: the order they are given in is the order they were recorded in.
    public init(factory: String, entries: [Entry] = []) {
        self.factory = factory
        self.entries = Self.stamped(entries)
    }

    public static func path(country: String, factory: String) -> String {
        "consents/\(country)/\(factory).yaml"
    }

    public enum Scope: String, Sendable, CaseIterable, Hashable {
        case assessments, plans, reports
    }

    public enum Entry: Sendable, Equatable {
        case grant(Grant)
        case revocation(Revocation)

        public var buyer: String {
            switch self {
            case .grant(let g): g.buyer
            case .revocation(let r): r.buyer
            }
        }

        public var id: String? {
            switch self {
            case .grant(let g): g.id
            case .revocation(let r): r.id
            }
        }

        public var time: Timestamp? {
            switch self {
            case .grant(let g): g.time
            case .revocation(let r): r.time
            }
        }

        public var recorded: CalendarDate {
            switch self {
            case .grant(let g): g.recorded
            case .revocation(let r): r.recorded
            }
        }

        /// Whether `self` was recorded after `other`: by time, then id. An entry not yet given a time is the latest.
        public func isRecorded(after other: Entry) -> Bool {
            let a = (time?.milliseconds ?? .max, id ?? "")
            let b = (other.time?.milliseconds ?? .max, other.id ?? "")
            return b < a
        }

        mutating func stamp(id: String, time: Timestamp) {
            switch self {
            case .grant(var g):
                g.id = g.id ?? id
                g.time = g.time ?? time
                self = .grant(g)
            case .revocation(var r):
                r.id = r.id ?? id
                r.time = r.time ?? time
                self = .revocation(r)
            }
        }
    }

    public struct Grant: Sendable, Equatable {
        public var buyer: String
        public var scope: Set<Scope>
        /// First day of access.
        public var from: CalendarDate
        /// Last day of access, inclusive; nil means until revoked.
        public var until: CalendarDate?
        /// Who at the factory gave it.
        public var by: String
        /// The repository's day it was recorded on.
        public var recorded: CalendarDate
        /// The entry's own id (EntryFile.newID), which recognises it wherever and however often it appears.
        public var id: String?
        /// When it was recorded, to the millisecond: what orders it among the other entries.
        public var time: Timestamp?
        /// Where the consent given on paper (or otherwise outside star) is kept: what a `recorded` grant rests on.
        public var evidence: String?
        /// The signed consent file's text (SignedConsent: the statement, then its SSH signature), for a grant the
        /// factory signed. Its buyer, scope and days must be the entry's; AccessPolicy.judge checks it.
        public var signed: String?
        /// The fingerprint of the factory key that signed it, as recorded.
        public var key: String?

        public init(
            buyer: String, scope: Set<Scope>, from: CalendarDate, until: CalendarDate?, by: String, recorded: CalendarDate,
            id: String? = nil, time: Timestamp? = nil, evidence: String? = nil, signed: String? = nil, key: String? = nil
        ) {
            self.buyer = buyer
            self.scope = scope
            self.from = from
            self.until = until
            self.by = by
            self.recorded = recorded
            self.id = id
            self.time = time
            self.evidence = evidence
            self.signed = signed
            self.key = key
        }

        /// The grant a signed consent makes, its buyer, scope and days taken from the statement alone.
        public init(_ consent: SignedConsent, key: FactoryKey, by: String, recorded: CalendarDate) {
            let s = consent.statement
            self.init(buyer: s.buyer, scope: s.scope, from: s.from, until: s.until, by: by, recorded: recorded, signed: consent.text, key: key.fingerprint)
        }
    }

    public struct Revocation: Sendable, Equatable {
        public var buyer: String
        /// From this day on, the buyer's grants recorded before this revocation give no access.
        public var at: CalendarDate
        public var by: String
        public var recorded: CalendarDate
        public var id: String?
        public var time: Timestamp?

        public init(buyer: String, at: CalendarDate, by: String, recorded: CalendarDate, id: String? = nil, time: Timestamp? = nil) {
            self.buyer = buyer
            self.at = at
            self.by = by
            self.recorded = recorded
            self.id = id
            self.time = time
        }
    }

    /// The entries in the order they were recorded (time, then id), wherever they stand in the file.
    public var recordedOrder: [Entry] {
        entries.sorted { $1.isRecorded(after: $0) }
    }

    /// The latest time recorded, for the next entry's (EntryFile.nextTime).
    public var latestTime: Timestamp? { entries.compactMap(\.time).max() }

    /// Gives every entry lacking one an id and a time (EntryFile.legacyID, EntryFile.legacyTimes) from its place.
    static func stamped(_ entries: [Entry]) -> [Entry] {
        guard entries.contains(where: { $0.id == nil || $0.time == nil }) else { return entries }
        var result: [Entry] = []
        var previous: Timestamp?
        for (index, var entry) in entries.enumerated() {
            let start = Timestamp(startOf: entry.recorded)
            let time = entry.time ?? previous.map { start > $0 ? start : $0.adding(milliseconds: 1) } ?? start
            entry.stamp(id: EntryFile.legacyID(encode(entry, withIdentity: false), index: index), time: time)
            previous = entry.time
            result.append(entry)
        }
        return result
    }
}

// MARK: - Reading and writing

extension ConsentHistory {
    /// The whole file, one entry per line, in the order of `entries`.
    public var text: String {
        EntryFile.render(
            comment: "Consents of \(factory): which buyer may see what, since when. Append-only, one entry per line; change it with 'star share grant|revoke'.",
            header: ["star": .string(Self.format), "factory": .string(factory)], list: "entries", entries: entries.map { Self.encode($0) })
    }

    /// One entry as written on its line.
    static func encode(_ entry: Entry, withIdentity: Bool = true) -> JSONValue {
        var object: [String: JSONValue]
        switch entry {
        case .grant(let g):
            object = [
                "grant": .string(g.buyer), "scope": .array(g.scope.map(\.rawValue).sorted().map(JSONValue.string)),
                "from": .string(g.from.description), "by": .string(g.by), "recorded": .string(g.recorded.description),
            ]
            if let until = g.until { object["until"] = .string(until.description) }
            if let evidence = g.evidence { object["evidence"] = .string(evidence) }
            if let signed = g.signed { object["signed"] = .string(signed) }
            if let key = g.key { object["key"] = .string(key) }
        case .revocation(let r):
            object = ["revoke": .string(r.buyer), "at": .string(r.at.description), "by": .string(r.by), "recorded": .string(r.recorded.description)]
        }
        if withIdentity {
            if let id = entry.id { object["id"] = .string(id) }
            if let time = entry.time { object["time"] = .string(time.description) }
        }
        return .object(object)
    }

    /// One entry read from its node, with its problems reported to `r`; nil when it cannot be read.
    static func decode(_ node: Node, _ r: YAMLReader, identityRequired: Bool) -> Entry? {
        func date(_ node: Node?, _ what: String) -> CalendarDate? {
            guard let node, let text = r.string(node, what) else { return nil }
            guard let date = CalendarDate(text) else {
                r.error("invalid-date", "\(what) '\(text)' is not a date that exists; write YYYY-MM-DD", at: r.location(node))
                return nil
            }
            return date
        }
        guard
            let e = r.fields(
                node, "a consent entry",
                allowed: ["grant", "revoke", "scope", "from", "until", "at", "by", "recorded", "id", "time", "evidence", "signed", "key"],
                required: ["by", "recorded"] + (identityRequired ? ["id", "time"] : [])),
            let by = e["by"].flatMap({ r.string($0, "by") }), let recorded = date(e["recorded"], "recorded")
        else { return nil }
        let id = e["id"].flatMap { r.string($0, "id") }
        var time: Timestamp?
        if let node = e["time"], let text = r.string(node, "time") {
            time = Timestamp(text)
            if time == nil { r.error("invalid-date", "time '\(text)' is not an instant written YYYY-MM-DDTHH:MM:SS.mmmZ", at: r.location(node)) }
        }
        if e["grant"] != nil, e["revoke"] != nil {
            r.error("invalid-consent", "an entry is either a grant or a revocation, not both", at: e.location)
            return nil
        }
        // Keys of the other kind of entry would be silently ignored: a revocation has no scope.
        let foreign = e["grant"] != nil ? ["at"] : ["scope", "from", "until", "evidence", "signed", "key"]
        for key in foreign where e[key] != nil {
            r.error("unknown-key", "'\(key)' does not belong in a \(e["grant"] != nil ? "grant" : "revocation")", at: e.keyLocation(key))
        }
        if let buyer = e["grant"].flatMap({ r.string($0, "grant") }) {
            guard let from = date(e["from"], "from") else {
                if e["from"] == nil { r.error("missing-key", "a grant needs 'from'", at: e.location) }
                return nil
            }
            var scope = Set<Scope>()
            for name in e["scope"].flatMap({ r.stringList($0, "scope") }) ?? [] {
                guard let s = Scope(rawValue: name) else {
                    r.error(
                        "invalid-consent", "scope '\(name)' is not one of \(Scope.allCases.map(\.rawValue).joined(separator: ", "))", at: e.keyLocation("scope")
                    )
                    continue
                }
                scope.insert(s)
            }
            if scope.isEmpty { r.error("invalid-consent", "a grant needs a scope (assessments, plans, reports)", at: e.location) }
            let until = e["until"].flatMap { date($0, "until") }
            if let until, until < from { r.error("invalid-consent", "the grant ends (\(until)) before it starts (\(from))", at: e.keyLocation("until")) }
            let evidence = e["evidence"].flatMap { r.string($0, "evidence") }
            let signed = e["signed"].flatMap { r.string($0, "signed") }
            let key = e["key"].flatMap { r.string($0, "key") }
            if (signed == nil) != (key == nil) {
                r.error(
                    "invalid-consent", "'signed' and 'key' go together: a signed grant holds the signed consent and the fingerprint of the key that signed it",
                    at: e.location)
            }
            return .grant(
                Grant(
                    buyer: buyer, scope: scope, from: from, until: until, by: by, recorded: recorded, id: id, time: time,
                    evidence: evidence, signed: signed, key: key))
        } else if let buyer = e["revoke"].flatMap({ r.string($0, "revoke") }) {
            guard let at = date(e["at"], "at") else {
                if e["at"] == nil { r.error("missing-key", "a revocation needs 'at'", at: e.location) }
                return nil
            }
            return .revocation(Revocation(buyer: buyer, at: at, by: by, recorded: recorded, id: id, time: time))
        }
        r.error("invalid-consent", "an entry is either 'grant: BUYER' or 'revoke: BUYER'", at: e.location)
        return nil
    }

    /// Reads a consent file of either format. An entry that appears twice (a union merge of two branches that
    /// both had it) counts once; one id on two different entries is an error.
    public static func read(_ text: String, file: String) -> (ConsentHistory?, [Diagnostic]) {
        let r = YAMLReader(file: file)
        guard let root = r.parse(text),
            let fields = r.fields(root, "a consent file", allowed: ["star", "factory", "entries"], required: ["star", "factory", "entries"])
        else {
            return (nil, r.diagnostics)
        }
        let format = fields["star"].flatMap { r.string($0, "star") }
        if let format, format != Self.format, format != legacyFormat {
            r.error(
                "unsupported-format", "unsupported format '\(format)'; this version of star reads '\(Self.format)' (and '\(legacyFormat)')",
                at: fields.keyLocation("star"))
        }
        let factory = fields["factory"].flatMap { r.string($0, "factory") } ?? ""
        var entries: [Entry] = []
        var lines: [String: Int] = [:]
        var seen: [String: (entry: Entry, node: Node)] = [:]
        for node in fields["entries"].flatMap({ r.sequence($0, "entries") }) ?? [] {
            guard let entry = decode(node, r, identityRequired: format == Self.format) else { continue }
            if let id = entry.id, let earlier = seen[id] {
                if earlier.entry != entry {
                    r.error(
                        "duplicate-id",
                        "two different entries have the id '\(id)' (the other is at line \(earlier.node.mark?.line ?? 0)); an id names one entry",
                        at: r.location(node))
                }
                continue
            }
            if let id = entry.id {
                seen[id] = (entry, node)
                lines[id] = node.mark?.line
            }
            entries.append(entry)
        }
        guard !r.diagnostics.hasErrors else { return (nil, r.diagnostics) }
        var history = ConsentHistory(factory: factory, entries: entries)
        // A consent/1 file's entries get their ids here, from their places.
        for (entry, node) in zip(history.entries, fields["entries"].flatMap({ r.sequence($0, "entries") }) ?? []) where lines[entry.id ?? ""] == nil {
            if let id = entry.id { lines[id] = node.mark?.line }
        }
        history.lines = lines
        return (history, r.diagnostics)
    }
}
