/// The one rule that decides what leaves the repository: "may buyer B see factory F's X on day T".
/// Every command that lets data out (share export, buyer reports, exports for a buyer) asks it, and
/// nothing else grants access.
public enum AccessPolicy {
    /// A grant gives access on the days from its `from` to its `until` (inclusive; open-ended without one),
    /// for the scopes it names. A revocation ends, from its `at` day on, every grant of that buyer recorded
    /// before it; a grant recorded after it may give access again. "Before" and "after" are the entries' own
    /// recording times (then ids, for a tie), never their places in the file, so reordering the lines or
    /// merging two branches either way means the same. No grant, no access.
    public static func mayAccess(buyer: String, scope: ConsentHistory.Scope, on date: CalendarDate, history: ConsentHistory) -> Bool {
        history.entries.contains { entry in
            guard case .grant(let grant) = entry, grant.buyer == buyer, grant.scope.contains(scope),
                  !(date < grant.from), grant.until.map({ !($0 < date) }) ?? true else { return false }
            return endOfGrant(entry, in: history).map { date < $0 } ?? true
        }
    }

    /// The first day a revocation recorded after `grant` takes its access away, if any does.
    public static func endOfGrant(_ grant: ConsentHistory.Entry, in history: ConsentHistory) -> CalendarDate? {
        history.entries.compactMap { later -> CalendarDate? in
            guard case .revocation(let revocation) = later, revocation.buyer == grant.buyer, later.isRecorded(after: grant) else { return nil }
            return revocation.at
        }.min()
    }

    /// The scopes of `factory` that `buyer` may see on `date`.
    public static func scopes(buyer: String, on date: CalendarDate, history: ConsentHistory) -> Set<ConsentHistory.Scope> {
        Set(ConsentHistory.Scope.allCases.filter { mayAccess(buyer: buyer, scope: $0, on: date, history: history) })
    }
}
