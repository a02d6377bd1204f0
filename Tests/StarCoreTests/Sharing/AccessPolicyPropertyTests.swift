import Foundation
import StarCore
import Testing

// Property-based tests of AccessPolicy against an independent oracle written from docs/sharing.md.
// Every failure names the seed of the case; rerun one case with STAR_PROPERTY_SEED=<seed>.

/// SplitMix64: small, fast, and the same sequence on every platform, so a printed seed reproduces a case.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `range`, without modulo bias worth worrying about for ranges this small.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    mutating func int(_ range: Range<Int>) -> Int {
        int(range.lowerBound...(range.upperBound - 1))
    }

    /// True with probability `percent`/100.
    mutating func chance(_ percent: Int) -> Bool {
        int(0..<100) < percent
    }

    mutating func element<T>(_ items: [T]) -> T {
        items[int(0..<items.count)]
    }
}

/// Day numbers of the test window: day 0 is 2026-01-01, the window is two years (days 0..<730). Dates are
/// computed here with the civil-from-days algorithm, not with StarCore's calendar arithmetic.
enum TestDays {
    static let window = 0..<730
    /// Query days reach a little past both ends of the window.
    static let queries = -20..<760
    /// Open-ended grants are simulated up to here; every query day is before it.
    static let horizon = 1_200

    /// Days since 1970-01-01 of 2026-01-01.
    static let base = daysFromCivil(2026, 1, 1)

    static func date(_ day: Int) -> CalendarDate {
        let (y, m, d) = civilFromDays(base + day)
        let text = String(format: "%04d-%02d-%02d", y, m, d)
        guard let date = CalendarDate(text) else { fatalError("not a date: \(text)") }
        return date
    }

    /// Howard Hinnant's days_from_civil.
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Howard Hinnant's civil_from_days.
    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp + (mp < 10 ? 3 : -9)
        return (m <= 2 ? y + 1 : y, m, d)
    }
}

/// A consent history in day numbers, turned into a ConsentHistory for the code under test.
struct TestHistory: CustomStringConvertible {
    enum Entry {
        case grant(buyer: String, scopes: Set<ConsentHistory.Scope>, from: Int, until: Int?)
        case revoke(buyer: String, at: Int)

        var buyer: String {
            switch self {
            case .grant(let buyer, _, _, _), .revoke(let buyer, _): buyer
            }
        }

        var isGrant: Bool {
            if case .grant = self { return true }
            return false
        }
    }

    var entries: [Entry]

    func history(factory: String = "XX-0001") -> ConsentHistory {
        ConsentHistory(
            factory: factory,
            entries: entries.map { entry in
                switch entry {
                case .grant(let buyer, let scopes, let from, let until):
                    .grant(
                        .init(
                            buyer: buyer, scope: scopes, from: TestDays.date(from), until: until.map(TestDays.date), by: "Sok Dara",
                            recorded: TestDays.date(from - 10)))
                case .revoke(let buyer, let at):
                    .revocation(.init(buyer: buyer, at: TestDays.date(at), by: "Sok Dara", recorded: TestDays.date(at - 3)))
                }
            })
    }

    var description: String {
        entries.isEmpty
            ? "(no entries)"
            : entries.map { entry in
                switch entry {
                case .grant(let buyer, let scopes, let from, let until):
                    "grant \(buyer) \(scopes.map(\.rawValue).sorted()) \(TestDays.date(from))..\(until.map { TestDays.date($0).description } ?? "open")"
                case .revoke(let buyer, let at):
                    "revoke \(buyer) at \(TestDays.date(at))"
                }
            }.joined(separator: "; ")
    }

    /// The oracle, straight from docs/sharing.md: walk the entries in the order they were recorded, keeping per
    /// buyer and scope the set of days granted; a grant adds its days, a revocation removes every day from
    /// its `at` on (it only reaches grants recorded before it, because later grants are added afterwards).
    /// The sets cover the query days only (an array of flags, day `TestDays.queries.lowerBound` first).
    func oracle() -> TestAccess {
        var days: [String: [ConsentHistory.Scope: [Bool]]] = [:]
        let none = [Bool](repeating: false, count: TestDays.queries.count)
        let first = TestDays.queries.lowerBound
        let last = TestDays.queries.upperBound - 1
        for entry in entries {
            switch entry {
            case .grant(let buyer, let scopes, let from, let until):
                let end = min(until ?? TestDays.horizon, last)
                guard max(from, first) <= end else { continue }
                for scope in scopes {
                    var granted = days[buyer]?[scope] ?? none
                    for day in max(from, first)...end { granted[day - first] = true }
                    days[buyer, default: [:]][scope] = granted
                }
            case .revoke(let buyer, let at):
                for scope in ConsentHistory.Scope.allCases {
                    guard var granted = days[buyer]?[scope], at <= last else { continue }
                    for day in max(at, first)...last { granted[day - first] = false }
                    days[buyer]![scope] = granted
                }
            }
        }
        return TestAccess(days: days)
    }
}

/// The days each buyer may see each scope, by the oracle.
struct TestAccess {
    var days: [String: [ConsentHistory.Scope: [Bool]]]

    func allows(_ buyer: String, _ scope: ConsentHistory.Scope, _ day: Int) -> Bool {
        precondition(TestDays.queries.contains(day), "the oracle only knows the query days")
        return days[buyer]?[scope]?[day - TestDays.queries.lowerBound] ?? false
    }
}

extension SplitMix64 {
    mutating func scopes() -> Set<ConsentHistory.Scope> {
        let mask = int(1...7)
        return Set(ConsentHistory.Scope.allCases.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element))
    }

    mutating func grant(buyers: [String]) -> TestHistory.Entry {
        let from = int(TestDays.window)
        let until: Int? = chance(35) ? nil : from + int(0...400)
        return .grant(buyer: element(buyers), scopes: scopes(), from: from, until: until)
    }

    mutating func revocation(buyers: [String]) -> TestHistory.Entry {
        .revoke(buyer: element(buyers), at: int(TestDays.window))
    }

    /// Up to `maxEntries` grants and revocations among `buyers`, in a random order of recording: a revocation
    /// may come before the grants it could have ended, and dates do not follow the order of entries.
    mutating func history(buyers: [String], maxEntries: Int = 8) -> TestHistory {
        TestHistory(entries: (0..<int(0...maxEntries)).map { _ in chance(60) ? grant(buyers: buyers) : revocation(buyers: buyers) })
    }
}

let testBuyers = ["northwind", "southbay", "eastgate"]

/// The seeds of the property runs: `count` seeds from `base`, or the single seed in STAR_PROPERTY_SEED.
func propertySeeds(base: UInt64, count: Int) -> [UInt64] {
    if let text = ProcessInfo.processInfo.environment["STAR_PROPERTY_SEED"], let seed = UInt64(text) { return [seed] }
    return (0..<UInt64(count)).map { base &+ $0 }
}

@Suite struct AccessPolicyPropertyTests {
    static let histories = 2_000
    static let queriesPerHistory = 20

    /// Compares AccessPolicy with the oracle on `queries` random (buyer, scope, day) triples and on every
    /// scope of `scopes(...)`; returns the first disagreement.
    func disagreement(_ test: TestHistory, _ random: inout SplitMix64, queries: Int) -> String? {
        let history = test.history()
        let oracle = test.oracle()
        for _ in 0..<queries {
            let buyer = random.element(testBuyers)
            let day = random.int(TestDays.queries)
            for scope in ConsentHistory.Scope.allCases {
                let actual = AccessPolicy.mayAccess(buyer: buyer, scope: scope, on: TestDays.date(day), history: history)
                if actual != oracle.allows(buyer, scope, day) {
                    return "mayAccess(\(buyer), \(scope.rawValue), \(TestDays.date(day))) = \(actual), oracle says \(!actual)"
                }
            }
            let scopes = AccessPolicy.scopes(buyer: buyer, on: TestDays.date(day), history: history)
            let expected = Set(ConsentHistory.Scope.allCases.filter { oracle.allows(buyer, $0, day) })
            if scopes != expected { return "scopes(\(buyer), \(TestDays.date(day))) = \(scopes), oracle says \(expected)" }
        }
        return nil
    }

    @Test func mayAccessAgreesWithADayByDaySimulationOfTheRuleOnThousandsOfRandomHistories() {
        var failures = 0
        var checked = 0
        for seed in propertySeeds(base: 0x5EED_0001_0000, count: Self.histories) {
            var random = SplitMix64(seed: seed)
            let test = random.history(buyers: testBuyers)
            checked += 1
            if let problem = disagreement(test, &random, queries: Self.queriesPerHistory) {
                Issue.record("seed \(seed): \(problem)\n  history: \(test)")
                failures += 1
                if failures >= 5 { break }
            }
        }
        #expect(checked >= 1)
    }

    @Test func mayAccessAgreesWithTheOracleOnLongHistoriesWithOneBuyer() {
        // One buyer and many entries: grants, revocations and re-grants pile up on the same days.
        var failures = 0
        for seed in propertySeeds(base: 0x5EED_0002_0000, count: 500) {
            var random = SplitMix64(seed: seed)
            let test = random.history(buyers: ["northwind"], maxEntries: 20)
            if let problem = disagreement(test, &random, queries: Self.queriesPerHistory) {
                Issue.record("seed \(seed): \(problem)\n  history: \(test)")
                failures += 1
                if failures >= 5 { break }
            }
        }
    }

    @Test func aBuyerWithoutAGrantHasNoAccessToAnyScopeOnAnyDay() {
        for seed in propertySeeds(base: 0x5EED_0003_0000, count: 1_000) {
            var random = SplitMix64(seed: seed)
            // Other buyers' grants and this buyer's revocations, but no grant for it.
            let test = random.history(buyers: testBuyers, maxEntries: 10)
            let withoutGrants = TestHistory(entries: test.entries.filter { !($0.isGrant && $0.buyer == "northwind") })
            let history = withoutGrants.history()
            for _ in 0..<Self.queriesPerHistory {
                let day = TestDays.date(random.int(TestDays.queries))
                for scope in ConsentHistory.Scope.allCases where AccessPolicy.mayAccess(buyer: "northwind", scope: scope, on: day, history: history) {
                    Issue.record("seed \(seed): northwind may see \(scope.rawValue) on \(day) without any grant\n  history: \(withoutGrants)")
                    return
                }
            }
        }
        // The empty history, the simplest case of all.
        #expect(AccessPolicy.scopes(buyer: "northwind", on: TestDays.date(0), history: ConsentHistory(factory: "XX-0001")).isEmpty)
    }

    @Test func scopesAreIndependentAGrantOfOneScopeNeverShowsAnother() {
        for seed in propertySeeds(base: 0x5EED_0004_0000, count: 1_000) {
            var random = SplitMix64(seed: seed)
            let test = random.history(buyers: testBuyers, maxEntries: 10)
            let full = test.history()
            for scope in ConsentHistory.Scope.allCases {
                // The history as seen by one scope: grants not naming it removed, the others narrowed to it.
                let projected = TestHistory(
                    entries: test.entries.compactMap { entry in
                        guard case .grant(let buyer, let scopes, let from, let until) = entry else { return entry }
                        return scopes.contains(scope) ? .grant(buyer: buyer, scopes: [scope], from: from, until: until) : nil
                    }
                ).history()
                // And without any grant naming it: no access at all in that scope.
                let without = TestHistory(
                    entries: test.entries.filter { entry in
                        guard case .grant(_, let scopes, _, _) = entry else { return true }
                        return !scopes.contains(scope)
                    }
                ).history()
                for _ in 0..<Self.queriesPerHistory {
                    let buyer = random.element(testBuyers)
                    let day = TestDays.date(random.int(TestDays.queries))
                    let actual = AccessPolicy.mayAccess(buyer: buyer, scope: scope, on: day, history: full)
                    if actual != AccessPolicy.mayAccess(buyer: buyer, scope: scope, on: day, history: projected) {
                        Issue.record("seed \(seed): \(scope.rawValue) for \(buyer) on \(day) depends on grants of other scopes\n  history: \(test)")
                        return
                    }
                    if AccessPolicy.mayAccess(buyer: buyer, scope: scope, on: day, history: without) {
                        Issue.record("seed \(seed): \(buyer) may see \(scope.rawValue) on \(day) with no grant naming it\n  history: \(test)")
                        return
                    }
                }
            }
        }
    }

    @Test func aRevocationNeverAddsAccessAndNeverChangesTheDaysBeforeItsDate() {
        for seed in propertySeeds(base: 0x5EED_0005_0000, count: 1_000) {
            var random = SplitMix64(seed: seed)
            let test = random.history(buyers: testBuyers, maxEntries: 10)
            let revocation = random.revocation(buyers: testBuyers)
            guard case .revoke(let revoked, let at) = revocation else { continue }
            var entries = test.entries
            entries.insert(revocation, at: random.int(0...entries.count))
            let before = test.history()
            let after = TestHistory(entries: entries).history()
            for _ in 0..<Self.queriesPerHistory {
                let buyer = random.element(testBuyers)
                let day = random.int(TestDays.queries)
                for scope in ConsentHistory.Scope.allCases {
                    let was = AccessPolicy.mayAccess(buyer: buyer, scope: scope, on: TestDays.date(day), history: before)
                    let now = AccessPolicy.mayAccess(buyer: buyer, scope: scope, on: TestDays.date(day), history: after)
                    if now, !was {
                        Issue.record(
                            "seed \(seed): revoking \(revoked) at \(TestDays.date(at)) gave \(buyer) \(scope.rawValue) on \(TestDays.date(day))\n  history: \(test)"
                        )
                        return
                    }
                    if now != was, day < at || buyer != revoked {
                        Issue.record(
                            "seed \(seed): revoking \(revoked) at \(TestDays.date(at)) changed \(buyer)'s \(scope.rawValue) on \(TestDays.date(day)), which it does not reach\n  history: \(test)"
                        )
                        return
                    }
                }
            }
        }
    }

    @Test func aGrantRecordedLastGivesAccessOnEveryDayOfItsPeriodAndNeverTakesAccessAway() {
        for seed in propertySeeds(base: 0x5EED_0006_0000, count: 1_000) {
            var random = SplitMix64(seed: seed)
            let test = random.history(buyers: testBuyers, maxEntries: 10)
            let grant = random.grant(buyers: testBuyers)
            guard case .grant(let buyer, let scopes, let from, let until) = grant else { continue }
            let before = test.history()
            let after = TestHistory(entries: test.entries + [grant]).history()
            for _ in 0..<Self.queriesPerHistory {
                let day = random.int(TestDays.queries)
                let who = random.element(testBuyers)
                for scope in ConsentHistory.Scope.allCases {
                    let was = AccessPolicy.mayAccess(buyer: who, scope: scope, on: TestDays.date(day), history: before)
                    let now = AccessPolicy.mayAccess(buyer: who, scope: scope, on: TestDays.date(day), history: after)
                    let covered = who == buyer && scopes.contains(scope) && from <= day && day <= (until ?? TestDays.horizon)
                    if now != (was || covered) {
                        Issue.record(
                            "seed \(seed): after \(TestHistory(entries: [grant])), \(who)'s \(scope.rawValue) on \(TestDays.date(day)) is \(now), expected \(was || covered)\n  history: \(test)"
                        )
                        return
                    }
                }
            }
        }
    }

    @Test func theOracleAndTheGeneratorAreThemselvesSound() {
        // The test's own calendar against dates written by hand, so a wrong oracle cannot hide a wrong policy.
        #expect(TestDays.date(0).description == "2026-01-01")
        #expect(TestDays.date(58).description == "2026-02-28")
        #expect(TestDays.date(59).description == "2026-03-01")
        #expect(TestDays.date(364).description == "2026-12-31")
        #expect(TestDays.date(365 + 31 + 28).description == "2027-03-01")
        #expect(TestDays.date(-1).description == "2025-12-31")
        #expect(TestDays.date(729).description == "2027-12-31")
        // The generator reaches every kind of case: open-ended grants, revocations first, empty histories.
        var random = SplitMix64(seed: 42)
        var openEnded = 0
        var revocationFirst = 0
        var empty = 0
        var scopeSets = Set<Set<ConsentHistory.Scope>>()
        for _ in 0..<500 {
            let test = random.history(buyers: testBuyers)
            if test.entries.isEmpty { empty += 1 }
            if case .revoke = test.entries.first { revocationFirst += 1 }
            for case .grant(_, let scopes, _, let until) in test.entries {
                if until == nil { openEnded += 1 }
                scopeSets.insert(scopes)
            }
        }
        #expect(openEnded > 50 && revocationFirst > 50 && empty > 10)
        #expect(scopeSets.count == 7, "every non-empty subset of the three scopes")
        // The oracle on the example of docs/sharing.md.
        let example = TestHistory(entries: [
            .grant(buyer: "northwind", scopes: [.assessments, .plans], from: 0, until: 364), .revoke(buyer: "northwind", at: 181),
        ])
        let oracle = example.oracle()
        #expect(TestDays.date(181).description == "2026-07-01")
        #expect(oracle.allows("northwind", .plans, 180) && !oracle.allows("northwind", .plans, 181) && !oracle.allows("northwind", .reports, 10))
    }

    @Test func theExampleOfTheDocumentationGivesAccessUntilTheDayBeforeTheRevocation() throws {
        let text = """
            star: "consent/1"
            factory: "KH-0001"
            entries:
              - grant: "northwind-retail"
                scope: ["assessments", "plans"]
                from: "2026-01-01"
                until: "2026-12-31"
                by: "Sok Dara, HR manager"
                recorded: "2025-12-20"
              - revoke: "northwind-retail"
                at: "2026-07-01"
                by: "Sok Dara, HR manager"
                recorded: "2026-06-28"

            """
        let (read, diagnostics) = ConsentHistory.read(text, file: "consents/KH/KH-0001.yaml")
        #expect(diagnostics.isEmpty)
        let history = try #require(read)
        func scopes(_ day: String) -> [String] {
            AccessPolicy.scopes(buyer: "northwind-retail", on: CalendarDate(day)!, history: history).map(\.rawValue).sorted()
        }
        #expect(scopes("2025-12-31") == [])
        #expect(scopes("2026-01-01") == ["assessments", "plans"])
        #expect(scopes("2026-06-30") == ["assessments", "plans"])
        #expect(scopes("2026-07-01") == [])
        #expect(scopes("2026-12-31") == [])
        #expect(AccessPolicy.scopes(buyer: "southbay", on: CalendarDate("2026-03-01")!, history: history).isEmpty)
    }

    @Test func aGrantRecordedAfterARevocationGivesAccessAgainFromItsOwnStart() {
        let test = TestHistory(entries: [
            .grant(buyer: "northwind", scopes: [.plans], from: 0, until: nil),
            .revoke(buyer: "northwind", at: 100),
            .grant(buyer: "northwind", scopes: [.plans], from: 150, until: 200),
        ])
        let history = test.history()
        func may(_ day: Int) -> Bool { AccessPolicy.mayAccess(buyer: "northwind", scope: .plans, on: TestDays.date(day), history: history) }
        #expect(may(99) && !may(100) && !may(149) && may(150) && may(200) && !may(201))
        // The same grant recorded before the revocation is ended by it.
        let earlier = TestHistory(entries: [test.entries[0], test.entries[2], test.entries[1]]).history()
        #expect(!AccessPolicy.mayAccess(buyer: "northwind", scope: .plans, on: TestDays.date(150), history: earlier))
    }
}
