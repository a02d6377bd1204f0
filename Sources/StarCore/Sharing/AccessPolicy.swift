/// The one rule that decides what leaves the repository: "may buyer B see factory F's X on day T".
/// Every command that lets data out (share export, share list, buyer reports, validate) asks it, and
/// nothing else grants access.
public enum AccessPolicy {
    /// A grant that counts (see `judge`) gives access on the days from its `from` to its `until` (inclusive;
    /// open-ended without one), for the scopes it names. A revocation ends, from its `at` day on, every grant of
    /// that buyer recorded before it; a grant recorded after it may give access again. "Before" and "after" are
    /// the entries' own recording times (then ids, for a tie), never their places in the file, so reordering the
    /// lines or merging two branches either way means the same. No grant that counts, no access.
    public static func mayAccess(buyer: String, scope: ConsentHistory.Scope, on date: CalendarDate, consents: JudgedConsents) -> Bool {
        !grants(allowing: buyer, scope, on: date, consents: consents).isEmpty
    }

    /// The grants that give `buyer` access to `scope` on `date`: what a bundle carries as the proof of access.
    public static func grants(allowing buyer: String, _ scope: ConsentHistory.Scope, on date: CalendarDate, consents: JudgedConsents) -> [ConsentHistory.Grant]
    {
        let revocations = Revocations(of: buyer, in: consents.history)
        return consents.history.entries.compactMap { entry in
            guard case .grant(let grant) = entry, grant.buyer == buyer, grant.scope.contains(scope), consents.counts(entry),
                !(date < grant.from), grant.until.map({ !($0 < date) }) ?? true,
                revocations.end(of: entry).map({ date < $0 }) ?? true
            else { return nil }
            return grant
        }
    }

    /// A buyer's revocations in recorded order, with the earliest `at` from each one on: the end of any grant in
    /// one binary search, so a consent file of many thousand entries is judged in n log n, not n².
    struct Revocations {
        private var keys: [(Int64, String)] = []
        private var earliestFrom: [CalendarDate] = []

        init(of buyer: String, in history: ConsentHistory) {
            let sorted = history.entries.compactMap { entry -> ((Int64, String), CalendarDate)? in
                guard case .revocation(let revocation) = entry, revocation.buyer == buyer else { return nil }
                return (Revocations.key(of: entry), revocation.at)
            }.sorted { $0.0 < $1.0 }
            keys = sorted.map(\.0)
            earliestFrom = sorted.map(\.1)
            for index in earliestFrom.indices.reversed().dropFirst() { earliestFrom[index] = min(earliestFrom[index], earliestFrom[index + 1]) }
        }

        /// The order `Entry.isRecorded(after:)` judges by: time, then id; an entry without a time is the latest.
        static func key(of entry: ConsentHistory.Entry) -> (Int64, String) {
            (entry.time?.milliseconds ?? .max, entry.id ?? "")
        }

        /// The first day a revocation recorded after `grant` takes its access away, if any does. Every
        /// revocation counts, signed or not: it can only take access away.
        func end(of grant: ConsentHistory.Entry) -> CalendarDate? {
            let key = Revocations.key(of: grant)
            var (low, high) = (0, keys.count)
            while low < high {
                let middle = (low + high) / 2
                if key < keys[middle] { high = middle } else { low = middle + 1 }
            }
            return low < keys.count ? earliestFrom[low] : nil
        }
    }

    /// The scopes of the factory that `buyer` may see on `date`.
    public static func scopes(buyer: String, on date: CalendarDate, consents: JudgedConsents) -> Set<ConsentHistory.Scope> {
        Set(ConsentHistory.Scope.allCases.filter { mayAccess(buyer: buyer, scope: $0, on: date, consents: consents) })
    }

    /// Which grants of `history` count under `policy`, each signature checked once against the factory's `keys`:
    ///
    /// - a grant carrying a signed consent counts, under either policy, only when the consent is the factory's:
    ///   the statement names this factory, the entry's buyer, scope and days are the statement's, its `key` is
    ///   the signer's fingerprint, the signature is valid with a key registered for the factory, registered on
    ///   or before the day the grant was recorded and in force on the statement's `issued` day and on that day
    ///   (ConsentStatement.verify), and no grant recorded before it carries the same nonce;
    /// - a grant without a signature counts under `recorded` only.
    public static func judge(_ history: ConsentHistory, policy: ConsentPolicy, keys: FactoryKeys) -> JudgedConsents {
        var refused: [String: String] = [:]
        var signers: [String: FactoryKey] = [:]
        var nonces: [String: String] = [:]
        for entry in history.recordedOrder {
            guard case .grant(let grant) = entry, let id = entry.id else { continue }
            guard let signed = grant.signed else {
                if policy == .signed {
                    refused[id] =
                        "the grant is not signed by the factory, and star.yaml sets 'consent: signed': record the consent the factory signed with 'star share grant --signed FILE'"
                }
                continue
            }
            switch verify(signed, of: grant, in: history, keys: keys) {
            case .failure(let reason):
                refused[id] = reason.reason
            case .success(let (consent, key)):
                if let first = nonces[consent.statement.nonce] {
                    refused[id] =
                        "the signed consent with the nonce \(consent.statement.nonce) is already recorded (entry \(first)); a signed consent counts once"
                } else {
                    nonces[consent.statement.nonce] = id
                    signers[id] = key
                }
            }
        }
        return JudgedConsents(history: history, policy: policy, keys: keys, refused: refused, signers: signers)
    }

    /// The signed consent of `grant` and the key that signed it, or why it does not count.
    static func verify(
        _ text: String, of grant: ConsentHistory.Grant, in history: ConsentHistory, keys: FactoryKeys
    ) -> Result<(SignedConsent, FactoryKey), Refusal> {
        let consent: SignedConsent
        do { consent = try SignedConsent(text: text) } catch { return .failure(Refusal("the signed consent cannot be read: \(error.description)")) }
        let s = consent.statement
        guard s.factory == history.factory else {
            return .failure(Refusal("the signed consent is for factory \(s.factory), not \(history.factory): a consent counts only for the factory it names"))
        }
        func differs(_ what: String, _ entry: String, _ statement: String) -> Result<(SignedConsent, FactoryKey), Refusal> {
            .failure(
                Refusal(
                    "the entry's \(what) (\(YAMLReader.excerpt(entry))) is not the signed statement's (\(statement)): the entry was changed after it was recorded"
                ))
        }
        if grant.buyer != s.buyer { return differs("buyer", grant.buyer, s.buyer) }
        if grant.scope != s.scope { return differs("scope", grant.scope.map(\.rawValue).sorted().joined(separator: ","), s.sortedScope.joined(separator: ",")) }
        if grant.from != s.from { return differs("from", grant.from.description, s.from.description) }
        if grant.until != s.until { return differs("until", grant.until?.description ?? "none", s.until?.description ?? "none") }
        if grant.key != consent.signature.publicKey.fingerprint {
            return differs("key", grant.key ?? "none", consent.signature.publicKey.fingerprint)
        }
        switch consent.verify(keys: keys, recorded: grant.recorded) {
        case .failure(let refusal):
            return .failure(Refusal(refusal.description))
        case .success(let key):
            guard !(grant.recorded < key.added) else {
                return .failure(
                    Refusal("the key \(key.fingerprint) was registered on \(key.added), after the day the grant says it was recorded (\(grant.recorded))"))
            }
            return .success((consent, key))
        }
    }

    struct Refusal: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }
}

/// A factory's consent history judged once (AccessPolicy.judge): which grants count under the repository's
/// policy, which do not and why, and which key signed each signed grant that counts.
public struct JudgedConsents: Sendable {
    public let history: ConsentHistory
    public let policy: ConsentPolicy
    /// The factory's registered keys the signatures were checked against.
    public let keys: FactoryKeys
    /// By entry id: why the grant gives no access.
    public let refused: [String: String]
    /// By entry id: the factory key that signed a grant that counts.
    public let signers: [String: FactoryKey]

    /// Whether `entry` may give access: a revocation always takes part; a grant unless refused.
    public func counts(_ entry: ConsentHistory.Entry) -> Bool {
        guard case .grant = entry else { return true }
        guard let id = entry.id else { return false }
        return refused[id] == nil
    }
}
