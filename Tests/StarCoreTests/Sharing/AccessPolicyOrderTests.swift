import Foundation
import StarCore
import Testing

/// Order does not matter: what a consent history means is decided by its entries' own recording times and
/// ids, never by where they stand in the file. Every permutation of small histories is checked against the
/// oracle of AccessPolicyPropertyTests walking the entries in the order they were recorded.
@Suite struct AccessPolicyOrderTests {
    /// The history with entry `i` recorded at 2026-01-01T00:00:00Z plus `times[i]` seconds, with ids that
    /// do not follow the times (so a tie in time is broken by id, not by place).
    static func recorded(_ test: TestHistory, times: [Int]) -> [ConsentHistory.Entry] {
        let base = Timestamp(startOf: CalendarDate("2026-01-01")!)
        return test.history().entries.enumerated().map { index, entry in
            let time = base.adding(milliseconds: Int64(times[index]) * 1000)
            let id = String(format: "%016x", (index * 7_919 + 13) % 10_007)
            switch entry {
            case .grant(var g):
                g.id = id
                g.time = time
                return .grant(g)
            case .revocation(var r):
                r.id = id
                r.time = time
                return .revocation(r)
            }
        }
    }

    static func permutations<T>(_ items: [T]) -> [[T]] {
        guard let first = items.first else { return [[]] }
        return permutations(Array(items.dropFirst())).flatMap { rest in
            (0...rest.count).map { position in
                var permuted = rest
                permuted.insert(first, at: position)
                return permuted
            }
        }
    }

    /// What the history allows on every query day, for every buyer and scope.
    static func access(_ history: ConsentHistory) -> [Bool] {
        testBuyers.flatMap { buyer in
            ConsentHistory.Scope.allCases.flatMap { scope in
                stride(from: TestDays.queries.lowerBound, to: TestDays.queries.upperBound, by: 7).map { day in
                    AccessPolicy.mayAccess(buyer: buyer, scope: scope, on: TestDays.date(day), history: history)
                }
            }
        }
    }

    @Test func everyPermutationOfSmallHistoriesMeansWhatTheOracleSaysInRecordingOrder() {
        var failures = 0
        var permutationsChecked = 0
        for seed in propertySeeds(base: 0x5EED_0100_0000, count: 300) {
            var random = SplitMix64(seed: seed)
            let test = random.history(buyers: testBuyers, maxEntries: 5)
            // Recording times in a random order, some equal (a tie is broken by the id).
            let times = test.entries.map { _ in random.int(0...3) }
            let entries = Self.recorded(test, times: times)
            // The oracle walks the entries in the order they were recorded: by time, then id.
            let order = entries.indices.sorted { (entries[$0].time!, entries[$0].id!) < (entries[$1].time!, entries[$1].id!) }
            let oracle = TestHistory(entries: order.map { test.entries[$0] }).oracle()
            let expected = testBuyers.flatMap { buyer in
                ConsentHistory.Scope.allCases.flatMap { scope in
                    stride(from: TestDays.queries.lowerBound, to: TestDays.queries.upperBound, by: 7).map { oracle.allows(buyer, scope, $0) }
                }
            }
            for permuted in Self.permutations(entries) {
                permutationsChecked += 1
                if Self.access(ConsentHistory(factory: "XX-0001", entries: permuted)) != expected {
                    Issue.record("seed \(seed): a permutation of \(test) (times \(times)) means something else")
                    failures += 1
                    break
                }
            }
            if failures >= 5 { break }
        }
        #expect(permutationsChecked > 1_000)
    }

    @Test func aGrantAndARevocationSwappedInTheFileMeanTheSame() throws {
        let text = """
            star: "consent/2"
            factory: "XX-0001"
            entries:
              - {at: "2026-07-01", by: "Sok Dara", id: "0000000000000002", recorded: "2026-06-28", revoke: "northwind", time: "2026-06-28T03:00:00.000Z"}
              - {by: "Sok Dara", from: "2026-01-01", grant: "northwind", id: "0000000000000001", recorded: "2025-12-20", scope: ["plans"], time: "2025-12-20T02:00:00.000Z"}

            """
        let (history, diagnostics) = ConsentHistory.read(text, file: "consents/XX/XX-0001.yaml")
        #expect(diagnostics.isEmpty)
        let read = try #require(history)
        // The revocation was recorded after the grant, wherever its line stands: no access from its day on.
        #expect(AccessPolicy.mayAccess(buyer: "northwind", scope: .plans, on: CalendarDate("2026-06-30")!, history: read))
        #expect(!AccessPolicy.mayAccess(buyer: "northwind", scope: .plans, on: CalendarDate("2026-07-01")!, history: read))
    }

    @Test func anEntryThatAppearsTwiceCountsOnceAndOneIdOnTwoEntriesIsAnError() {
        let line =
            #"  - {by: "Sok Dara", from: "2026-01-01", grant: "northwind", id: "0000000000000001", recorded: "2025-12-20", scope: ["plans"], time: "2025-12-20T02:00:00.000Z"}"#
        let header = "star: \"consent/2\"\nfactory: \"XX-0001\"\nentries:\n"
        let (twice, none) = ConsentHistory.read(header + line + "\n" + line + "\n", file: "consents/XX/XX-0001.yaml")
        #expect(none.isEmpty && twice?.entries.count == 1)
        let other = line.replacingOccurrences(of: "plans", with: "reports")
        let (clash, errors) = ConsentHistory.read(header + line + "\n" + other + "\n", file: "consents/XX/XX-0001.yaml")
        #expect(clash == nil)
        #expect(
            DiagnosticRenderer.render(errors, as: .text).contains(
                "consents/XX/XX-0001.yaml:5:5: error: two different entries have the id '0000000000000001' (the other is at line 4); an id names one entry [duplicate-id]"
            ))
    }

    @Test func aConsent2EntryWithoutItsIdOrTimeIsReported() {
        let text =
            "star: \"consent/2\"\nfactory: \"XX-0001\"\nentries:\n  - {by: \"Sok Dara\", from: \"2026-01-01\", grant: \"northwind\", recorded: \"2025-12-20\", scope: [\"plans\"]}\n"
        let (history, diagnostics) = ConsentHistory.read(text, file: "consents/XX/XX-0001.yaml")
        #expect(history == nil)
        #expect(DiagnosticRenderer.render(diagnostics, as: .text).contains("a consent entry is missing required key 'id'"))
    }
}
