import Yams

/// A factory's consents: `consents/<CC>/<factory>.yaml`, an append-only history of grants and revocations
/// (docs/sharing.md). What a buyer may see is decided from it by AccessPolicy alone.
public struct ConsentHistory: Sendable, Equatable {
    public static let format = "consent/1"

    public var factory: String
    public var entries: [Entry]

    public init(factory: String, entries: [Entry] = []) {
        self.factory = factory
        self.entries = entries
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
        public var recorded: CalendarDate

        public init(buyer: String, scope: Set<Scope>, from: CalendarDate, until: CalendarDate?, by: String, recorded: CalendarDate) {
            self.buyer = buyer
            self.scope = scope
            self.from = from
            self.until = until
            self.by = by
            self.recorded = recorded
        }
    }

    public struct Revocation: Sendable, Equatable {
        public var buyer: String
        /// From this day on, the buyer's earlier grants give no access.
        public var at: CalendarDate
        public var by: String
        public var recorded: CalendarDate

        public init(buyer: String, at: CalendarDate, by: String, recorded: CalendarDate) {
            self.buyer = buyer
            self.at = at
            self.by = by
            self.recorded = recorded
        }
    }
}

// MARK: - Reading and writing

extension ConsentHistory {
    public var json: JSONValue {
        .object([
            "star": .string(Self.format),
            "factory": .string(factory),
            "entries": .array(entries.map { entry in
                switch entry {
                case .grant(let g):
                    var object: [String: JSONValue] = [
                        "grant": .string(g.buyer), "scope": .array(g.scope.map(\.rawValue).sorted().map(JSONValue.string)),
                        "from": .string(g.from.description), "by": .string(g.by), "recorded": .string(g.recorded.description),
                    ]
                    if let until = g.until { object["until"] = .string(until.description) }
                    return .object(object)
                case .revocation(let r):
                    return .object(["revoke": .string(r.buyer), "at": .string(r.at.description), "by": .string(r.by), "recorded": .string(r.recorded.description)])
                }
            }),
        ])
    }

    public static func read(_ text: String, file: String) -> (ConsentHistory?, [Diagnostic]) {
        let r = YAMLReader(file: file)
        guard let root = r.parse(text),
              let fields = r.fields(root, "a consent file", allowed: ["star", "factory", "entries"], required: ["star", "factory", "entries"]) else {
            return (nil, r.diagnostics)
        }
        RegistryFile.checkFormat(fields, expected: format, with: r)
        let factory = fields["factory"].flatMap { r.string($0, "factory") } ?? ""
        var entries: [Entry] = []
        func date(_ node: Node?, _ what: String) -> CalendarDate? {
            guard let node, let text = r.string(node, what) else { return nil }
            guard let date = CalendarDate(text) else {
                r.error("invalid-date", "\(what) '\(text)' is not a date that exists; write YYYY-MM-DD", at: r.location(node))
                return nil
            }
            return date
        }
        for node in fields["entries"].flatMap({ r.sequence($0, "entries") }) ?? [] {
            guard let e = r.fields(node, "a consent entry", allowed: ["grant", "revoke", "scope", "from", "until", "at", "by", "recorded"], required: ["by", "recorded"]),
                  let by = e["by"].flatMap({ r.string($0, "by") }), let recorded = date(e["recorded"], "recorded") else { continue }
            if e["grant"] != nil, e["revoke"] != nil {
                r.error("invalid-consent", "an entry is either a grant or a revocation, not both", at: e.location)
                continue
            }
            // Keys of the other kind of entry would be silently ignored: a revocation has no scope.
            let foreign = e["grant"] != nil ? ["at"] : ["scope", "from", "until"]
            for key in foreign where e[key] != nil {
                r.error("unknown-key", "'\(key)' does not belong in a \(e["grant"] != nil ? "grant" : "revocation")", at: e.keyLocation(key))
            }
            if let buyer = e["grant"].flatMap({ r.string($0, "grant") }) {
                guard let from = date(e["from"], "from") else {
                    if e["from"] == nil { r.error("missing-key", "a grant needs 'from'", at: e.location) }
                    continue
                }
                var scope = Set<Scope>()
                for name in e["scope"].flatMap({ r.stringList($0, "scope") }) ?? [] {
                    guard let s = Scope(rawValue: name) else {
                        r.error("invalid-consent", "scope '\(name)' is not one of \(Scope.allCases.map(\.rawValue).joined(separator: ", "))", at: e.keyLocation("scope"))
                        continue
                    }
                    scope.insert(s)
                }
                if scope.isEmpty { r.error("invalid-consent", "a grant needs a scope (assessments, plans, reports)", at: e.location) }
                let until = e["until"].flatMap { date($0, "until") }
                if let until, until < from { r.error("invalid-consent", "the grant ends (\(until)) before it starts (\(from))", at: e.keyLocation("until")) }
                entries.append(.grant(Grant(buyer: buyer, scope: scope, from: from, until: until, by: by, recorded: recorded)))
            } else if let buyer = e["revoke"].flatMap({ r.string($0, "revoke") }) {
                guard let at = date(e["at"], "at") else {
                    if e["at"] == nil { r.error("missing-key", "a revocation needs 'at'", at: e.location) }
                    continue
                }
                entries.append(.revocation(Revocation(buyer: buyer, at: at, by: by, recorded: recorded)))
            } else {
                r.error("invalid-consent", "an entry is either 'grant: BUYER' or 'revoke: BUYER'", at: e.location)
            }
        }
        return (r.diagnostics.hasErrors ? nil : ConsentHistory(factory: factory, entries: entries), r.diagnostics)
    }
}
