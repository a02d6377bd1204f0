/// Reads and appends to the consent histories under `consents/`. History is never rewritten: a revocation
/// is a new entry.
public struct ConsentStore: Sendable {
    public let store: AssessmentStore
    public let buyers: [Buyer]
    /// star.yaml's `consent:` policy. A value star does not know means `signed`, the stricter: a typo never
    /// opens access (`star validate` names it).
    public let policy: ConsentPolicy
    /// Whether star.yaml sets the policy. Without it (a repository made before signed consents), grants are
    /// recorded as they always were, without evidence, and `star validate` warns.
    public let policyIsDeclared: Bool

    public init(store: AssessmentStore) {
        self.store = store
        buyers = BuyerRegistry(repository: store.repository).load().buyers
        do throws(RepositoryError) {
            let declared = try store.repository.declaredConsentPolicy()
            policy = declared ?? ConsentPolicy.unsetMeaning
            policyIsDeclared = declared != nil
        } catch {
            policy = .signed
            policyIsDeclared = true
        }
    }

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
        /// The consent file has errors (located diagnostics); nothing is written until it is fixed.
        public var diagnostics: [Diagnostic] = []
        init(_ description: String, diagnostics: [Diagnostic] = []) {
            self.description = description
            self.diagnostics = diagnostics
        }
    }

    public func factory(_ id: String) throws(Failure) -> Factory {
        guard let factory = store.context.factories[id] else { throw Failure(UnknownID.factory(id, among: store.context.factories.keys)) }
        return factory
    }

    public func buyer(_ id: String) throws(Failure) -> Buyer {
        guard let buyer = buyers.first(where: { $0.id == id }) else {
            throw Failure(UnknownID.buyer(id, among: buyers.map(\.id)) + ", 'star buyer add' registers one")
        }
        return buyer
    }

    public func history(of factory: Factory) throws(Failure) -> ConsentHistory {
        let path = ConsentHistory.path(country: factory.country, factory: factory.id)
        guard FileStore.anythingAt(store.repository.path(path)) else { return ConsentHistory(factory: factory.id) }
        let text: String
        do { text = try store.repository.readText(path, limit: FileStore.Limit.document) } catch { throw Failure(error.description) }
        let (history, diagnostics) = ConsentHistory.read(text, file: path)
        guard let history, !diagnostics.hasErrors else { throw Failure("\(path) has errors", diagnostics: diagnostics) }
        // A file naming another factory must neither grant access to it nor be written over its file.
        guard history.factory == factory.id else {
            throw Failure(
                "\(path) has errors",
                diagnostics: [
                    .error("misplaced-file", "\(path) holds the consents of '\(history.factory)', not of \(factory.id)", at: SourceLocation(file: path))
                ])
        }
        return history
    }

    /// The factory's public keys, from its registry file.
    public func keys(of factory: Factory) throws(Failure) -> FactoryKeys {
        do { return try FactoryKeyStore(repository: store.repository).keys(of: factory) } catch { throw Failure(error.description) }
    }

    /// The factory's consents judged under the policy: every signature checked, once (AccessPolicy.judge).
    public func judged(_ factory: Factory) throws(Failure) -> JudgedConsents {
        AccessPolicy.judge(try history(of: factory), policy: policy, keys: try keys(of: factory))
    }

    /// Appends `entry` (given its id and time here) and writes the file; the caller holds the repository's lock.
    func append(_ entry: ConsentHistory.Entry, to history: ConsentHistory, country: String) throws(Failure) {
        var entry = entry
        entry.stamp(id: EntryFile.newID(), time: EntryFile.nextTime(after: history.latestTime))
        var history = history
        history.entries.append(entry)
        do {
            try FileStore.write(history.text, to: store.repository.path(ConsentHistory.path(country: country, factory: history.factory)))
        } catch {
            throw Failure(error.description)
        }
    }

    /// Records a grant the factory signed (`share grant --signed`): its buyer, scope and days are the statement's.
    /// Refused when the signature is not the factory's (ConsentStatement.verify, on `recorded`), when the
    /// statement names another factory, and when a consent with its nonce is already recorded.
    @discardableResult
    public func grant(signed consent: SignedConsent, by: String, recorded: CalendarDate, factory: Factory) throws(Failure) -> FactoryKey {
        let s = consent.statement
        guard s.factory == factory.id else {
            throw Failure("the consent is for factory \(s.factory), not \(factory.id): a consent counts only for the factory it names")
        }
        _ = try buyer(s.buyer)
        let keys = try keys(of: factory)
        let key: FactoryKey
        switch consent.verify(keys: keys, recorded: recorded) {
        case .success(let signer): key = signer
        case .failure(let refusal): throw Failure("the consent is not valid: \(refusal)")
        }
        let history = try history(of: factory)
        for entry in history.entries {
            guard case .grant(let g) = entry, let text = g.signed, let other = try? SignedConsent(text: text), other.statement.nonce == s.nonce else {
                continue
            }
            throw Failure(
                "this signed consent (nonce \(s.nonce)) is already recorded for \(factory.id) (entry \(entry.id ?? "?"), recorded \(g.recorded)); a signed consent is recorded once"
            )
        }
        try grant(ConsentHistory.Grant(consent, key: key, by: by, recorded: recorded), factory: factory)
        return key
    }

    /// Records a grant. Refused for unknown buyers, grants already over on `recorded`, grants that overlap one
    /// still in force for the same buyer and scope, and, for a grant the factory did not sign, under `signed`
    /// always and under `recorded` without its evidence.
    public func grant(_ grant: ConsentHistory.Grant, factory: Factory) throws(Failure) {
        _ = try buyer(grant.buyer)
        if grant.signed == nil {
            switch policy {
            case .signed:
                throw Failure(
                    "star.yaml sets 'consent: signed': only a consent the factory signed gives access; record it with 'star share grant --signed FILE' (docs/sharing.md, for the factory's side)"
                )
            case .recorded where policyIsDeclared:
                guard let evidence = grant.evidence, !evidence.trimmingSpaces.isEmpty else {
                    throw Failure(
                        "star.yaml's consent policy is 'recorded': say where the factory's consent is kept, with --evidence (for example \"paper form #123, scanned in the country office\")"
                    )
                }
            case .recorded:
                break
            }
        }
        guard !grant.scope.isEmpty else { throw Failure("a grant needs a scope: assessments, plans, reports") }
        if let until = grant.until {
            if until < grant.from { throw Failure("the grant would end (\(until)) before it starts (\(grant.from))") }
            if until < grant.recorded { throw Failure("the grant would already be over: it ends on \(until), before today (\(grant.recorded))") }
        }
        let judged = try judged(factory)
        let history = judged.history
        if let signed = grant.signed, case .failure(let refusal) = AccessPolicy.verify(signed, of: grant, in: history, keys: try keys(of: factory)) {
            throw Failure("the consent is not valid: \(refusal.reason)")
        }
        // A grant that gives no access (a broken signature, say) blocks nothing.
        let revocations = AccessPolicy.Revocations(of: grant.buyer, in: history)
        for entry in history.entries where judged.counts(entry) {
            guard case .grant(let existing) = entry, existing.buyer == grant.buyer, !existing.scope.isDisjoint(with: grant.scope) else { continue }
            // An earlier grant stops at its end or at the first revocation recorded after it.
            let ends = [existing.until, revocations.end(of: entry).map { $0.adding(days: -1) }].compactMap { $0 }.min()
            if let ends, ends < existing.from { continue }
            let startsBeforeOtherEnds = ends.map { !($0 < grant.from) } ?? true
            let otherStartsBeforeThisEnds = grant.until.map { !($0 < existing.from) } ?? true
            if startsBeforeOtherEnds, otherStartsBeforeThisEnds {
                let shared = existing.scope.intersection(grant.scope).map(\.rawValue).sorted().joined(separator: ", ")
                throw Failure(
                    "\(grant.buyer) already has a grant for \(shared) of \(factory.id) from \(existing.from)\(ends.map { " until \($0)" } ?? ", open-ended"), which this one overlaps; revoke it first or start after it ends"
                )
            }
        }
        try append(.grant(grant), to: history, country: factory.country)
    }

    /// Records a revocation from `at` on. Refused when the buyer has no access to revoke on or after `at`.
    public func revoke(_ revocation: ConsentHistory.Revocation, factory: Factory) throws(Failure) {
        _ = try buyer(revocation.buyer)
        let history = try history(of: factory)
        // Something to revoke: a grant that would still give access on or after `at`, not already ended by then.
        let revocations = AccessPolicy.Revocations(of: revocation.buyer, in: history)
        let inForce = history.entries.contains { entry in
            guard case .grant(let g) = entry, g.buyer == revocation.buyer, g.until.map({ !($0 < revocation.at) }) ?? true else { return false }
            return revocations.end(of: entry).map { revocation.at < $0 && g.from < $0 } ?? true
        }
        guard inForce else {
            throw Failure("\(revocation.buyer) has no consent for \(factory.id) in force on or after \(revocation.at): nothing to revoke")
        }
        try append(.revocation(revocation), to: history, country: factory.country)
    }

    /// Every factory `buyer` may see something of on `date`, with the scopes and the judged consents that allow
    /// them, through AccessPolicy; apart, the
    /// factories whose consent file cannot be read or has errors, which give no access.
    public func visibility(
        to buyer: String, on date: CalendarDate
    ) -> (
        visible: [(factory: Factory, scopes: Set<ConsentHistory.Scope>, consents: JudgedConsents)],
        unreadable: [(factory: Factory, failure: Failure)]
    ) {
        var visible: [(Factory, Set<ConsentHistory.Scope>, JudgedConsents)] = []
        var unreadable: [(Factory, Failure)] = []
        for factory in store.context.factories.values.sorted(by: { $0.id < $1.id }) {
            do throws(Failure) {
                let consents = try judged(factory)
                let scopes = AccessPolicy.scopes(buyer: buyer, on: date, consents: consents)
                if !scopes.isEmpty { visible.append((factory, scopes, consents)) }
            } catch {
                unreadable.append((factory, error))
            }
        }
        return (visible, unreadable)
    }

    /// Every factory `buyer` may see something of on `date`, with the scopes, through AccessPolicy.
    public func visible(to buyer: String, on date: CalendarDate) throws(Failure) -> [(factory: Factory, scopes: Set<ConsentHistory.Scope>)] {
        var result: [(Factory, Set<ConsentHistory.Scope>)] = []
        for factory in store.context.factories.values.sorted(by: { $0.id < $1.id }) {
            let scopes = AccessPolicy.scopes(buyer: buyer, on: date, consents: try judged(factory))
            if !scopes.isEmpty { result.append((factory, scopes)) }
        }
        return result
    }
}
