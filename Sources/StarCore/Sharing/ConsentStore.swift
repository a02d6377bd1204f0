/// Reads and appends to the consent histories under `consents/`. History is never rewritten: a revocation
/// is a new entry.
public struct ConsentStore: Sendable {
    public let store: AssessmentStore
    public let buyers: [Buyer]

    public init(store: AssessmentStore) {
        self.store = store
        buyers = BuyerRegistry(repository: store.repository).load().buyers
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
            throw Failure("\(path) has errors", diagnostics: [.error("misplaced-file", "\(path) holds the consents of '\(history.factory)', not of \(factory.id)", at: SourceLocation(file: path))])
        }
        return history
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

    /// Records a grant. Refused for unknown buyers, grants already over on `recorded`, and grants that
    /// overlap one still in force for the same buyer and scope.
    public func grant(_ grant: ConsentHistory.Grant, factory: Factory) throws(Failure) {
        _ = try buyer(grant.buyer)
        guard !grant.scope.isEmpty else { throw Failure("a grant needs a scope: assessments, plans, reports") }
        if let until = grant.until {
            if until < grant.from { throw Failure("the grant would end (\(until)) before it starts (\(grant.from))") }
            if until < grant.recorded { throw Failure("the grant would already be over: it ends on \(until), before today (\(grant.recorded))") }
        }
        let history = try history(of: factory)
        for entry in history.entries {
            guard case .grant(let existing) = entry, existing.buyer == grant.buyer, !existing.scope.isDisjoint(with: grant.scope) else { continue }
            // An earlier grant stops at its end or at the first revocation recorded after it.
            let ends = [existing.until, AccessPolicy.endOfGrant(entry, in: history).map { $0.adding(days: -1) }].compactMap { $0 }.min()
            if let ends, ends < existing.from { continue }
            let startsBeforeOtherEnds = ends.map { !($0 < grant.from) } ?? true
            let otherStartsBeforeThisEnds = grant.until.map { !($0 < existing.from) } ?? true
            if startsBeforeOtherEnds, otherStartsBeforeThisEnds {
                let shared = existing.scope.intersection(grant.scope).map(\.rawValue).sorted().joined(separator: ", ")
                throw Failure("\(grant.buyer) already has a grant for \(shared) of \(factory.id) from \(existing.from)\(ends.map { " until \($0)" } ?? ", open-ended"), which this one overlaps; revoke it first or start after it ends")
            }
        }
        try append(.grant(grant), to: history, country: factory.country)
    }

    /// Records a revocation from `at` on. Refused when the buyer has no access to revoke on or after `at`.
    public func revoke(_ revocation: ConsentHistory.Revocation, factory: Factory) throws(Failure) {
        _ = try buyer(revocation.buyer)
        let history = try history(of: factory)
        // Something to revoke: a grant that would still give access on or after `at`, not already ended by then.
        let inForce = history.entries.contains { entry in
            guard case .grant(let g) = entry, g.buyer == revocation.buyer, g.until.map({ !($0 < revocation.at) }) ?? true else { return false }
            return AccessPolicy.endOfGrant(entry, in: history).map { revocation.at < $0 && g.from < $0 } ?? true
        }
        guard inForce else {
            throw Failure("\(revocation.buyer) has no consent for \(factory.id) in force on or after \(revocation.at): nothing to revoke")
        }
        try append(.revocation(revocation), to: history, country: factory.country)
    }

    /// Every factory `buyer` may see something of on `date`, with the scopes, through AccessPolicy; apart, the
    /// factories whose consent file cannot be read or has errors, which give no access.
    public func visibility(to buyer: String, on date: CalendarDate) -> (visible: [(factory: Factory, scopes: Set<ConsentHistory.Scope>)],
                                                                       unreadable: [(factory: Factory, failure: Failure)]) {
        var visible: [(Factory, Set<ConsentHistory.Scope>)] = []
        var unreadable: [(Factory, Failure)] = []
        for factory in store.context.factories.values.sorted(by: { $0.id < $1.id }) {
            do throws(Failure) {
                let scopes = AccessPolicy.scopes(buyer: buyer, on: date, history: try history(of: factory))
                if !scopes.isEmpty { visible.append((factory, scopes)) }
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
            let scopes = AccessPolicy.scopes(buyer: buyer, on: date, history: try history(of: factory))
            if !scopes.isEmpty { result.append((factory, scopes)) }
        }
        return result
    }
}

extension CalendarDate {
    /// The day `days` later (or earlier).
    public func adding(days: Int) -> CalendarDate {
        var (y, m, d) = (year, month, day + days)
        while d < 1 {
            m -= 1
            if m < 1 { m = 12; y -= 1 }
            d += CalendarDate.days(inMonth: m, year: y)
        }
        while d > CalendarDate.days(inMonth: m, year: y) {
            d -= CalendarDate.days(inMonth: m, year: y)
            m += 1
            if m > 12 { m = 1; y += 1 }
        }
        return CalendarDate(String(format: "%04d-%02d-%02d", y, m, d))!
    }
}
