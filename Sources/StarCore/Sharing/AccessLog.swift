import Yams

/// Who received what, and when: `shares/<buyer>.yaml`, one append-only file per buyer, written by every
/// `star share export`.
public struct AccessLog: Sendable {
    public static let format = "share-log/1"

    public struct Entry: Sendable, Equatable {
        /// The day the bundle's consents were evaluated.
        public var on: CalendarDate
        public var by: String
        /// sha256 of the signed manifest: identifies the bundle exactly.
        public var manifest: String
        public var factories: [(id: String, scopes: [String], files: Int)]

        public init(on: CalendarDate, by: String, manifest: String, factories: [(id: String, scopes: [String], files: Int)]) {
            self.on = on
            self.by = by
            self.manifest = manifest
            self.factories = factories
        }

        public static func == (a: Entry, b: Entry) -> Bool {
            a.on == b.on && a.by == b.by && a.manifest == b.manifest
                && a.factories.map { "\($0.id) \($0.scopes) \($0.files)" } == b.factories.map { "\($0.id) \($0.scopes) \($0.files)" }
        }
    }

    public let repository: Repository

    public init(repository: Repository) {
        self.repository = repository
    }

    public static func path(buyer: String) -> String { "shares/\(buyer).yaml" }

    public func entries(buyer: String) -> (entries: [Entry], diagnostics: [Diagnostic]) {
        let path = Self.path(buyer: buyer)
        guard FileStore.anythingAt(repository.path(path)) else { return ([], []) }
        // A log that exists but cannot be read is an error, never an empty history: append would rewrite it.
        let text: String
        do throws(RepositoryError) { text = try repository.readText(path, limit: FileStore.Limit.document) } catch {
            return ([], [Repository.diagnostic(for: error, file: path)])
        }
        let r = YAMLReader(file: path)
        guard let root = r.parse(text), let fields = r.fields(root, "a share log", allowed: ["star", "buyer", "exports"], required: ["star", "buyer"]) else {
            return ([], r.diagnostics)
        }
        var entries: [Entry] = []
        for node in fields["exports"].flatMap({ r.sequence($0, "exports") }) ?? [] {
            guard let e = r.fields(node, "an export", allowed: ["on", "by", "manifest", "factories"], required: ["on", "by", "manifest"]),
                  let onText = e["on"].flatMap({ r.string($0, "on") }),
                  let by = e["by"].flatMap({ r.string($0, "by") }), let manifest = e["manifest"].flatMap({ r.string($0, "manifest") }) else { continue }
            guard let on = CalendarDate(onText) else {
                r.error("invalid-date", "export date '\(onText)' is not a date that exists", at: e.keyLocation("on"))
                continue
            }
            var factories: [(String, [String], Int)] = []
            for f in e["factories"].flatMap({ r.sequence($0, "factories") }) ?? [] {
                guard let ff = r.fields(f, "a factory", allowed: ["id", "scopes", "files"], required: ["id"]),
                      let id = ff["id"].flatMap({ r.string($0, "id") }) else { continue }
                factories.append((id, ff["scopes"].flatMap { r.stringList($0, "scopes") } ?? [], Int(ff["files"].flatMap { r.number($0, "files") } ?? 0)))
            }
            entries.append(Entry(on: on, by: by, manifest: manifest, factories: factories))
        }
        return (entries, r.diagnostics)
    }

    /// Appends an export. A log that cannot be read in full is never rewritten (its history would be lost).
    public func append(_ entry: Entry, buyer: String) throws(RepositoryError) {
        let (existing, diagnostics) = self.entries(buyer: buyer)
        if diagnostics.hasErrors {
            throw .io(path: repository.path(Self.path(buyer: buyer)), reason: "the access log has errors and is left as it is; fix it (see 'star validate') before exporting again")
        }
        var entries = existing
        entries.append(entry)
        let json: JSONValue = .object([
            "star": .string(Self.format),
            "buyer": .string(buyer),
            "exports": .array(entries.map { e in
                .object(["on": .string(e.on.description), "by": .string(e.by), "manifest": .string(e.manifest),
                         "factories": .array(e.factories.map { .object(["id": .string($0.id), "scopes": .array($0.scopes.map(JSONValue.string)), "files": .int($0.files)]) })])
            }),
        ])
        try FileStore.write(CanonicalYAML.string(json, header: "What \(buyer) received from this repository, export by export. Written by 'star share export'; append-only."),
                            to: repository.path(Self.path(buyer: buyer)))
    }
}
