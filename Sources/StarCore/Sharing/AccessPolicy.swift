/// The one rule that decides what leaves the repository: "may buyer B see factory F's X on day T".
/// Every command that lets data out (share export, buyer reports, exports for a buyer) asks it, and
/// nothing else grants access.
public enum AccessPolicy {
    /// A grant gives access on the days from its `from` to its `until` (inclusive; open-ended without one),
    /// for the scopes it names. A revocation recorded after a grant ends that grant from the revocation's
    /// `at` day on; a later grant may give access again. No grant, no access.
    public static func mayAccess(buyer: String, scope: ConsentHistory.Scope, on date: CalendarDate, history: ConsentHistory) -> Bool {
        for (index, entry) in history.entries.enumerated() {
            guard case .grant(let grant) = entry, grant.buyer == buyer, grant.scope.contains(scope),
                  !(date < grant.from), grant.until.map({ !($0 < date) }) ?? true else { continue }
            let revoked = history.entries[(index + 1)...].contains { later in
                if case .revocation(let revocation) = later, revocation.buyer == buyer, !(date < revocation.at) { return true }
                return false
            }
            if !revoked { return true }
        }
        return false
    }

    /// The scopes of `factory` that `buyer` may see on `date`.
    public static func scopes(buyer: String, on date: CalendarDate, history: ConsentHistory) -> Set<ConsentHistory.Scope> {
        Set(ConsentHistory.Scope.allCases.filter { mayAccess(buyer: buyer, scope: $0, on: date, history: history) })
    }
}
