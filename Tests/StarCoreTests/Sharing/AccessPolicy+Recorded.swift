import StarCore

/// The rule tests written before signed consents judge unsigned grants: under `consent: recorded`, where every
/// grant that is not signed counts. Signed grants are tested through AccessPolicy.judge with real keys.
extension AccessPolicy {
    static func mayAccess(buyer: String, scope: ConsentHistory.Scope, on date: CalendarDate, history: ConsentHistory) -> Bool {
        mayAccess(buyer: buyer, scope: scope, on: date, consents: recorded(history))
    }

    static func scopes(buyer: String, on date: CalendarDate, history: ConsentHistory) -> Set<ConsentHistory.Scope> {
        scopes(buyer: buyer, on: date, consents: recorded(history))
    }

    static func recorded(_ history: ConsentHistory) -> JudgedConsents {
        judge(history, policy: .recorded, keys: FactoryKeys(factory: history.factory))
    }
}
