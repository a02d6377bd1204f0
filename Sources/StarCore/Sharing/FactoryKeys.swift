import Yams

/// One public key registered for a factory, with when and by whom it was registered and, once retired, when and
/// by whom it was retired. A key is never removed or replaced: the history stays in the factory's file.
public struct FactoryKey: Sendable, Equatable {
    public var publicKey: SSHPublicKey
    public var added: CalendarDate
    public var by: String
    /// The first day the key signs nothing; nil while it is in force.
    public var retired: CalendarDate?
    public var retiredBy: String?

    public init(publicKey: SSHPublicKey, added: CalendarDate, by: String, retired: CalendarDate? = nil, retiredBy: String? = nil) {
        self.publicKey = publicKey
        self.added = added
        self.by = by
        self.retired = retired
        self.retiredBy = retiredBy
    }

    public var fingerprint: String { publicKey.fingerprint }

    /// Whether a statement issued on `day` may be signed with this key.
    public func isInForce(on day: CalendarDate) -> Bool {
        retired.map { day < $0 } ?? true
    }

    /// The entry as the factory file holds it (and `star factory key list --format json` prints it).
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "key": .string(publicKey.openSSHLine), "fingerprint": .string(fingerprint),
            "added": .string(added.description), "by": .string(by),
        ]
        if let retired { object["retired"] = .string(retired.description) }
        if let retiredBy { object["retired-by"] = .string(retiredBy) }
        return .object(object)
    }
}

/// The public keys of one factory: the `keys:` list of its registry file, `factories/<CC>/<F>.yaml`, oldest first.
public struct FactoryKeys: Sendable, Equatable {
    public var factory: String
    public var keys: [FactoryKey]

    public init(factory: String, keys: [FactoryKey] = []) {
        self.factory = factory
        self.keys = keys
    }

    public func key(fingerprint: String) -> FactoryKey? {
        keys.first { $0.fingerprint == fingerprint }
    }

    /// Registers a key; refused when it is already registered, in force or retired (a key is never registered
    /// twice), or when `by` is empty.
    public mutating func add(_ publicKey: SSHPublicKey, on day: CalendarDate, by: String) throws(ConsentSigningError) -> FactoryKey {
        guard !by.trimmingSpaces.isEmpty else { throw ConsentSigningError("--by is empty: say who registers the key") }
        if let existing = keys.first(where: { $0.publicKey == publicKey }) {
            let state = existing.retired.map { "and was retired on \($0)" } ?? "and is in force"
            throw ConsentSigningError(
                "the key \(publicKey.fingerprint) is already registered for \(factory) (added \(existing.added) by \(existing.by)) \(state); a key is registered once and never re-added"
            )
        }
        let key = FactoryKey(publicKey: publicKey, added: day, by: by)
        keys.append(key)
        return key
    }

    /// Retires a key from `day` on; refused for a key that is not registered or is already retired.
    public mutating func retire(fingerprint: String, on day: CalendarDate, by: String) throws(ConsentSigningError) -> FactoryKey {
        guard !by.trimmingSpaces.isEmpty else { throw ConsentSigningError("--by is empty: say who retires the key") }
        guard let index = keys.firstIndex(where: { $0.fingerprint == fingerprint }) else {
            let registered = keys.isEmpty ? "it has none" : "its keys: " + keys.map(\.fingerprint).joined(separator: ", ")
            throw ConsentSigningError(
                "no key \(YAMLReader.excerpt(fingerprint)) is registered for \(factory) (\(registered)); copy the fingerprint from 'star factory key list \(factory)'"
            )
        }
        if let retired = keys[index].retired {
            throw ConsentSigningError(
                "the key \(fingerprint) of \(factory) was already retired on \(retired) by \(keys[index].retiredBy ?? "?"); a key is retired once")
        }
        guard !(day < keys[index].added) else {
            throw ConsentSigningError("the key \(fingerprint) was added on \(keys[index].added); it cannot be retired before that (\(day))")
        }
        keys[index].retired = day
        keys[index].retiredBy = by
        return keys[index]
    }

    var json: JSONValue { .array(keys.map(\.json)) }

    /// The `keys:` list of a factory file, its problems reported on `r`: each entry's `key` an Ed25519 OpenSSH key
    /// whose `fingerprint` matches it (so a hand edit of one is caught), real dates, a non-empty `by`, `retired` and
    /// `retired-by` together and not before `added`, and no key listed twice.
    static func read(_ node: Node, factory: String, with r: YAMLReader) -> FactoryKeys {
        var keys: [FactoryKey] = []
        func date(_ node: Node?, _ what: String) -> CalendarDate? {
            guard let node, let text = r.string(node, what) else { return nil }
            guard let date = CalendarDate(text) else {
                r.error("invalid-date", "\(what) '\(YAMLReader.excerpt(text))' is not a date that exists; write YYYY-MM-DD", at: r.location(node))
                return nil
            }
            return date
        }
        for entry in r.sequence(node, "keys") ?? [] {
            guard
                let e = r.fields(
                    entry, "a factory key", allowed: ["key", "fingerprint", "added", "by", "retired", "retired-by"],
                    required: ["key", "fingerprint", "added", "by"]),
                let line = e["key"].flatMap({ r.string($0, "key") }), let fingerprint = e["fingerprint"].flatMap({ r.string($0, "fingerprint") }),
                let added = date(e["added"], "added"), let by = e["by"].flatMap({ r.string($0, "by") })
            else { continue }
            let publicKey: SSHPublicKey
            do { publicKey = try SSHPublicKey(openSSHLine: line) } catch {
                r.error("invalid-key", error.description, at: e.keyLocation("key"))
                continue
            }
            guard publicKey.fingerprint == fingerprint else {
                r.error(
                    "invalid-key", "the fingerprint '\(YAMLReader.excerpt(fingerprint))' is not the key's (\(publicKey.fingerprint)): one of them was changed",
                    at: e.keyLocation("fingerprint"))
                continue
            }
            let retired = e["retired"].flatMap { date($0, "retired") }
            let retiredBy = e["retired-by"].flatMap { r.string($0, "retired-by") }
            if (e["retired"] == nil) != (e["retired-by"] == nil) {
                r.error("invalid-key", "'retired' and 'retired-by' go together: a retired key says when and by whom", at: e.location)
                continue
            }
            if let retired, retired < added {
                r.error("invalid-key", "the key is retired (\(retired)) before it was added (\(added))", at: e.keyLocation("retired"))
                continue
            }
            if keys.contains(where: { $0.publicKey == publicKey }) {
                r.error("invalid-key", "the key \(fingerprint) is listed twice; a key is registered once", at: e.keyLocation("key"))
                continue
            }
            keys.append(FactoryKey(publicKey: publicKey, added: added, by: by, retired: retired, retiredBy: retiredBy))
        }
        return FactoryKeys(factory: factory, keys: keys)
    }
}
