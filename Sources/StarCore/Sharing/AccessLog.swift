import Yams

/// Who received what, and when: `shares/<buyer>.yaml`, one append-only file per buyer, written by every
/// `star share export`, one export per line (EntryFile).
public struct AccessLog: Sendable {
    public static let format = "share-log/2"
    /// The first format, a block list; still read, rewritten by `star migrate`.
    public static let legacyFormat = "share-log/1"

    public struct Entry: Sendable, Equatable {
        /// The day the bundle's consents were evaluated.
        public var on: CalendarDate
        public var by: String
        /// sha256 of the signed manifest: identifies the bundle exactly.
        public var manifest: String
        public var factories: [(id: String, scopes: [String], files: Int)]
        /// The entry's own id and the time it was logged (EntryFile); given when appended.
        public var id: String?
        public var time: Timestamp?

        public init(
            on: CalendarDate, by: String, manifest: String, factories: [(id: String, scopes: [String], files: Int)],
            id: String? = nil, time: Timestamp? = nil
        ) {
            self.on = on
            self.by = by
            self.manifest = manifest
            self.factories = factories
            self.id = id
            self.time = time
        }

        public static func == (a: Entry, b: Entry) -> Bool {
            a.on == b.on && a.by == b.by && a.manifest == b.manifest && a.id == b.id && a.time == b.time
                && a.factories.map { "\($0.id) \($0.scopes) \($0.files)" } == b.factories.map { "\($0.id) \($0.scopes) \($0.files)" }
        }
    }

    public let repository: Repository

    public init(repository: Repository) {
        self.repository = repository
    }

    public static func path(buyer: String) -> String { "shares/\(buyer).yaml" }

    /// The exports logged for `buyer`, in the order they were logged (time, then id), each once, with the
    /// log's problems (`validate` reports them).
    public func entries(buyer: String) -> (entries: [Entry], diagnostics: [Diagnostic]) {
        var (entries, diagnostics) = fileEntries(buyer: buyer)
        // Every entry read has a time and an id (given from its place when the file has none).
        entries.sort { ($0.time?.milliseconds ?? 0, $0.id ?? "") < ($1.time?.milliseconds ?? 0, $1.id ?? "") }
        return (entries, diagnostics)
    }

    /// The exports logged for `buyer`, as `entries(buyer:)`; a log that exists but cannot be read in full is a
    /// failure with its located diagnostics, never a shorter history.
    public func exports(buyer: String) throws(StarError) -> [Entry] {
        let (entries, diagnostics) = entries(buyer: buyer)
        if diagnostics.hasErrors {
            throw StarError(
                .findings,
                "\(Self.path(buyer: buyer)) cannot be read in full; fix it (or restore it from version control), 'star validate' shows every problem",
                diagnostics: diagnostics)
        }
        return entries
    }

    /// The entries in the order of the file's lines (which a write keeps, so that merges stay appends).
    func fileEntries(buyer: String) -> (entries: [Entry], diagnostics: [Diagnostic]) {
        let path = Self.path(buyer: buyer)
        guard FileStore.anythingAt(repository.path(path)) else { return ([], []) }
        // A log that exists but cannot be read is an error, never an empty history: append would rewrite it.
        let text: String
        do throws(RepositoryError) { text = try repository.readText(path, limit: FileStore.Limit.document) } catch {
            return ([], [Repository.diagnostic(for: error, file: path)])
        }
        return Self.read(text, file: path)
    }

    /// Reads a log of either format, entries in file order (a share-log/1 entry has no id or time: they are
    /// given from its place).
    public static func read(_ text: String, file path: String) -> (entries: [Entry], diagnostics: [Diagnostic]) {
        let r = YAMLReader(file: path)
        guard let root = r.parse(text), let fields = r.fields(root, "a share log", allowed: ["star", "buyer", "exports"], required: ["star", "buyer"]) else {
            return ([], r.diagnostics)
        }
        let format = fields["star"].flatMap { r.string($0, "star") }
        if let format, format != Self.format, format != legacyFormat {
            r.error(
                "unsupported-format", "unsupported format '\(format)'; this version of star reads '\(Self.format)' (and '\(legacyFormat)')",
                at: fields.keyLocation("star"))
        }
        var entries: [Entry] = []
        var seen = Set<String>()
        var previous: Timestamp?
        for (index, node) in (fields["exports"].flatMap({ r.sequence($0, "exports") }) ?? []).enumerated() {
            guard var entry = decode(node, r, identityRequired: format == Self.format) else { continue }
            let id = entry.id ?? EntryFile.legacyID(encode(entry), index: index)
            entry.id = id
            if entry.time == nil {
                let start = Timestamp(startOf: entry.on)
                entry.time = previous.map { start > $0 ? start : $0.adding(milliseconds: 1) } ?? start
            }
            previous = entry.time
            // The same export on two merged branches is one export.
            if !seen.insert(id).inserted { continue }
            entries.append(entry)
        }
        return (entries, r.diagnostics)
    }

    /// One export as written on its line.
    static func encode(_ e: Entry) -> JSONValue {
        var object: [String: JSONValue] = [
            "on": .string(e.on.description), "by": .string(e.by), "manifest": .string(e.manifest),
            "factories": .array(
                e.factories.map { .object(["id": .string($0.id), "scopes": .array($0.scopes.map(JSONValue.string)), "files": .int($0.files)]) }),
        ]
        if let id = e.id { object["id"] = .string(id) }
        if let time = e.time { object["time"] = .string(time.description) }
        return .object(object)
    }

    /// One export read from its node, its problems reported to `r`.
    static func decode(_ node: Node, _ r: YAMLReader, identityRequired: Bool) -> Entry? {
        guard
            let e = r.fields(
                node, "an export", allowed: ["on", "by", "manifest", "factories", "id", "time"],
                required: ["on", "by", "manifest"] + (identityRequired ? ["id", "time"] : [])),
            let onText = e["on"].flatMap({ r.string($0, "on") }),
            let by = e["by"].flatMap({ r.string($0, "by") }), let manifest = e["manifest"].flatMap({ r.string($0, "manifest") })
        else { return nil }
        guard let on = CalendarDate(onText) else {
            r.error("invalid-date", "export date '\(onText)' is not a date that exists", at: e.keyLocation("on"))
            return nil
        }
        var time: Timestamp?
        if let node = e["time"], let text = r.string(node, "time") {
            time = Timestamp(text)
            if time == nil { r.error("invalid-date", "time '\(text)' is not an instant written YYYY-MM-DDTHH:MM:SS.mmmZ", at: r.location(node)) }
        }
        var factories: [(String, [String], Int)] = []
        for f in e["factories"].flatMap({ r.sequence($0, "factories") }) ?? [] {
            guard let ff = r.fields(f, "a factory", allowed: ["id", "scopes", "files"], required: ["id"]),
                let id = ff["id"].flatMap({ r.string($0, "id") })
            else { continue }
            factories.append((id, ff["scopes"].flatMap { r.stringList($0, "scopes") } ?? [], Int(ff["files"].flatMap { r.number($0, "files") } ?? 0)))
        }
        return Entry(on: on, by: by, manifest: manifest, factories: factories, id: e["id"].flatMap { r.string($0, "id") }, time: time)
    }

    /// The whole file for `entries`, one per line.
    static func text(buyer: String, entries: [Entry]) -> String {
        EntryFile.render(
            comment: "What \(buyer) received from this repository, export by export. Written by 'star share export'; append-only, one export per line.",
            header: ["star": .string(format), "buyer": .string(buyer)], list: "exports", entries: entries.map(encode))
    }

    /// Appends an export (the caller holds the repository's lock). A log that cannot be read in full is never
    /// rewritten (its history would be lost).
    public func append(_ entry: Entry, buyer: String) throws(RepositoryError) {
        let (existing, diagnostics) = fileEntries(buyer: buyer)
        if diagnostics.hasErrors {
            throw .io(
                path: repository.path(Self.path(buyer: buyer)),
                reason: "the access log has errors and is left as it is; fix it (see 'star validate') before exporting again")
        }
        var entry = entry
        entry.id = entry.id ?? EntryFile.newID()
        entry.time = entry.time ?? EntryFile.nextTime(after: existing.compactMap(\.time).max())
        try FileStore.write(Self.text(buyer: buyer, entries: existing + [entry]), to: repository.path(Self.path(buyer: buyer)))
    }
}
