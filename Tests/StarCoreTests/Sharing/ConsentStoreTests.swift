import StarCore
import Testing

/// A repository with factory XX-0001 and buyers northwind and southbay, nothing else.
private struct ConsentRepository {
    let scratch: ScratchRepository
    let factory = Factory(id: "XX-0001", name: "Xland Shirts", country: "XX", industry: "garment")
    let file = "consents/XX/XX-0001.yaml"

    init() throws {
        scratch = try ScratchRepository()
        try FactoryRegistry(repository: scratch.repository).add(factory)
        for id in ["northwind", "southbay"] { try BuyerRegistry(repository: scratch.repository).add(Buyer(id: id, name: id)) }
    }

    var store: ConsentStore { ConsentStore(store: AssessmentStore(repository: scratch.repository)) }

    /// The consent file's text, or nil when there is none.
    var text: String? { try? scratch.read(file) }

    func grant(
        _ buyer: String = "northwind", _ scope: Set<ConsentHistory.Scope> = [.assessments], from: String, until: String? = nil,
        recorded: String = "2026-01-01"
    ) -> String? {
        consentFailure {
            try store.grant(
                .init(
                    buyer: buyer, scope: scope, from: CalendarDate(from)!, until: until.map { CalendarDate($0)! }, by: "Sok Dara",
                    recorded: CalendarDate(recorded)!), factory: factory)
        }
    }

    func revoke(_ buyer: String = "northwind", at: String, recorded: String = "2026-01-01") -> String? {
        consentFailure {
            try store.revoke(.init(buyer: buyer, at: CalendarDate(at)!, by: "Sok Dara", recorded: CalendarDate(recorded)!), factory: factory)
        }
    }

    func history() throws -> ConsentHistory {
        try store.history(of: factory)
    }

    func remove() { scratch.remove() }
}

@Suite struct ConsentStoreTests {
    @Test func aGrantIsAppendedToTheFactorysConsentFile() throws {
        let repo = try ConsentRepository()
        defer { repo.remove() }
        #expect(repo.text == nil)
        #expect(repo.grant(from: "2026-01-01", until: "2026-12-31") == nil)
        #expect(
            withoutIdentity(repo.text) == """
                # Consents of XX-0001: which buyer may see what, since when. Append-only, one entry per line; change it with 'star share grant|revoke'.
                star: "consent/2"
                factory: "XX-0001"
                entries:
                  - {by: "Sok Dara", from: "2026-01-01", grant: "northwind", id: "ID", recorded: "2026-01-01", scope: ["assessments"], time: "TIME", until: "2026-12-31"}

                """)
        #expect(repo.grant("southbay", [.plans, .reports], from: "2026-02-01") == nil)
        #expect(try repo.history().entries.map(\.buyer) == ["northwind", "southbay"])
    }

    @Test func aGrantForAnUnknownBuyerIsRefusedAndNothingIsWritten() throws {
        let repo = try ConsentRepository()
        defer { repo.remove() }
        #expect(
            repo.grant("nobody", from: "2026-01-01")
                == "no buyer 'nobody' is registered (registered: northwind, southbay); 'star buyer list' shows those that are, 'star buyer add' registers one")
        #expect(repo.text == nil)
        #expect(
            consentFailure { try repo.store.factory("XX-0009") }
                == "no factory 'XX-0009' is registered (did you mean 'XX-0001'?); 'star factory list' shows those that are")
    }

    @Test func aGrantWithoutScopeOrEndingBeforeItStartsOrAlreadyOverIsRefused() throws {
        let repo = try ConsentRepository()
        defer { repo.remove() }
        #expect(repo.grant("northwind", [], from: "2026-01-01") == "a grant needs a scope: assessments, plans, reports")
        #expect(repo.grant(from: "2026-02-01", until: "2026-01-31") == "the grant would end (2026-01-31) before it starts (2026-02-01)")
        #expect(
            repo.grant(from: "2026-01-01", until: "2026-01-31", recorded: "2026-02-15")
                == "the grant would already be over: it ends on 2026-01-31, before today (2026-02-15)")
        #expect(repo.text == nil)
        // Ending on the day it is recorded is still one day of access.
        #expect(repo.grant(from: "2026-01-01", until: "2026-02-15", recorded: "2026-02-15") == nil)
    }

    @Test func aGrantOverlappingOneInForceForTheSameBuyerAndScopeIsRefused() throws {
        let repo = try ConsentRepository()
        defer { repo.remove() }
        #expect(repo.grant("northwind", [.assessments, .plans], from: "2026-01-01", until: "2026-12-31") == nil)
        let before = repo.text
        #expect(
            repo.grant("northwind", [.plans, .reports], from: "2026-12-31")
                == "northwind already has a grant for plans of XX-0001 from 2026-01-01 until 2026-12-31, which this one overlaps; revoke it first or start after it ends"
        )
        #expect(
            repo.grant("northwind", [.assessments], from: "2025-06-01", until: "2026-01-01")
                == "northwind already has a grant for assessments of XX-0001 from 2026-01-01 until 2026-12-31, which this one overlaps; revoke it first or start after it ends"
        )
        #expect(repo.text == before)
        // Another scope, another buyer, or the day after it ends: no overlap.
        #expect(repo.grant("northwind", [.reports], from: "2026-03-01") == nil)
        #expect(repo.grant("southbay", [.assessments, .plans], from: "2026-03-01") == nil)
        #expect(repo.grant("northwind", [.assessments], from: "2027-01-01") == nil)
        #expect(repo.grant("northwind", [.plans], from: "2025-01-01", until: "2025-12-31", recorded: "2025-01-01") == nil)
    }

    @Test func anOpenEndedGrantOverlapsEveryLaterGrantUntilItIsRevoked() throws {
        let repo = try ConsentRepository()
        defer { repo.remove() }
        #expect(repo.grant("northwind", [.assessments], from: "2026-01-01") == nil)
        #expect(
            repo.grant("northwind", [.assessments], from: "2030-01-01", until: "2030-01-31")
                == "northwind already has a grant for assessments of XX-0001 from 2026-01-01, open-ended, which this one overlaps; revoke it first or start after it ends"
        )
        #expect(
            repo.grant("northwind", [.assessments], from: "2025-01-01", until: "2025-12-31", recorded: "2025-01-01") == nil,
            "ends the day before the open-ended one starts")
        #expect(repo.revoke(at: "2026-07-01") == nil)
        // After the revocation, the first grant ends on 2026-06-30: a grant from 2026-07-01 is accepted.
        #expect(
            repo.grant("northwind", [.assessments], from: "2026-06-30")
                == "northwind already has a grant for assessments of XX-0001 from 2026-01-01 until 2026-06-30, which this one overlaps; revoke it first or start after it ends"
        )
        #expect(repo.grant("northwind", [.assessments], from: "2026-07-01") == nil)
        let history = try repo.history()
        #expect(AccessPolicy.mayAccess(buyer: "northwind", scope: .assessments, on: CalendarDate("2026-07-01")!, history: history))
        #expect(history.entries.count == 4)
    }

    @Test func aGrantRecordedAfterARevocationGivesAccessAgain() throws {
        let repo = try ConsentRepository()
        defer { repo.remove() }
        #expect(repo.grant("northwind", [.plans], from: "2026-01-01", until: "2026-12-31") == nil)
        #expect(repo.revoke(at: "2026-03-01") == nil)
        #expect(repo.grant("northwind", [.plans], from: "2026-05-01", until: "2026-12-31") == nil)
        let history = try repo.history()
        func may(_ day: String) -> Bool { AccessPolicy.mayAccess(buyer: "northwind", scope: .plans, on: CalendarDate(day)!, history: history) }
        #expect(may("2026-02-28") && !may("2026-03-01") && !may("2026-04-30") && may("2026-05-01") && may("2026-12-31"))
    }

    @Test func aRevocationWithNothingToRevokeIsRefused() throws {
        let repo = try ConsentRepository()
        defer { repo.remove() }
        #expect(repo.revoke(at: "2026-07-01") == "northwind has no consent for XX-0001 in force on or after 2026-07-01: nothing to revoke")
        #expect(repo.text == nil)
        #expect(repo.grant("northwind", [.plans], from: "2026-01-01", until: "2026-06-30") == nil)
        // The grant is over before the revocation's day.
        #expect(repo.revoke(at: "2026-07-01") == "northwind has no consent for XX-0001 in force on or after 2026-07-01: nothing to revoke")
        #expect(repo.revoke("southbay", at: "2026-03-01") == "southbay has no consent for XX-0001 in force on or after 2026-03-01: nothing to revoke")
        #expect(
            repo.revoke("nobody", at: "2026-03-01")
                == "no buyer 'nobody' is registered (registered: northwind, southbay); 'star buyer list' shows those that are, 'star buyer add' registers one")
        // Revoking on its last day is something; revoking the same again, or later, is not.
        #expect(repo.revoke(at: "2026-06-30") == nil)
        #expect(repo.revoke(at: "2026-06-30") == "northwind has no consent for XX-0001 in force on or after 2026-06-30: nothing to revoke")
        #expect(repo.revoke(at: "2026-06-15") == nil, "an earlier day revokes more")
        #expect(try repo.history().entries.count == 3)
    }

    @Test func aBrokenConsentFileIsNeverRewritten() throws {
        let repo = try ConsentRepository()
        defer { repo.remove() }
        let broken = "star: \"consent/1\"\nfactory: \"XX-0001\"\nentries:\n  - grant: \"northwind\"\n    by: \"x\"\n    recorded: \"2026-01-01\"\n"
        try repo.scratch.write(broken, to: repo.file)
        let error = try #require(repo.grant("southbay", [.plans], from: "2026-01-01"))
        #expect(error == "consents/XX/XX-0001.yaml has errors")
        #expect(repo.text == broken)
        do {
            _ = try repo.store.history(of: repo.factory)
            Issue.record("a broken consent file was read")
        } catch {
            #expect(
                errorText(error.diagnostics) == """
                    consents/XX/XX-0001.yaml:4:5: error: a grant needs 'from' [missing-key]

                    """)
        }
    }

    @Test func aConsentFileNamingAnotherFactoryIsNeitherAppliedNorWrittenOverThatFactorysFile() throws {
        let repo = try ConsentRepository()
        defer { repo.remove() }
        try FactoryRegistry(repository: repo.scratch.repository).add(Factory(id: "XX-0002", name: "Other", country: "XX", industry: "garment"))
        // XX-0002's own consents: nothing for anyone.
        let other = "star: \"consent/1\"\nfactory: \"XX-0002\"\nentries: []\n"
        try repo.scratch.write(other, to: "consents/XX/XX-0002.yaml")
        // XX-0001's file, copied from XX-0002's and edited, still says XX-0002.
        let misplaced = """
            star: "consent/1"
            factory: "XX-0002"
            entries:
              - grant: "northwind"
                scope: ["plans"]
                from: "2026-01-01"
                by: "Sok Dara"
                recorded: "2026-01-01"

            """
        try repo.scratch.write(misplaced, to: repo.file)
        let misplacedError = """
            consents/XX/XX-0001.yaml:1:1: error: consents/XX/XX-0001.yaml holds the consents of 'XX-0002', not of XX-0001 [misplaced-file]

            """
        // The grant is refused, and nothing is written: neither XX-0001's file nor XX-0002's.
        #expect(repo.grant("southbay", [.plans], from: "2026-02-01") == "consents/XX/XX-0001.yaml has errors")
        #expect(try repo.scratch.read("consents/XX/XX-0002.yaml") == other)
        #expect(try repo.scratch.read(repo.file) == misplaced)
        do {
            _ = try repo.store.history(of: repo.factory)
            Issue.record("a consent file naming another factory was read")
        } catch {
            #expect(errorText(error.diagnostics) == misplacedError)
        }
        // Nor is the misplaced file applied: southbay is never shown XX-0002 because of it.
        do {
            let southbaySees = try repo.store.visible(to: "southbay", on: CalendarDate("2026-03-01")!).map(\.factory.id)
            Issue.record("the misplaced consent file was applied: southbay sees \(southbaySees)")
        } catch {
            #expect(errorText(error.diagnostics) == misplacedError)
        }
    }

    @Test func visibleListsTheFactoriesABuyerMaySeeOnADayWithTheirScopes() throws {
        let repo = try ConsentRepository()
        defer { repo.remove() }
        #expect(repo.grant("northwind", [.plans, .reports], from: "2026-01-01", until: "2026-06-30") == nil)
        let june = try repo.store.visible(to: "northwind", on: CalendarDate("2026-06-30")!)
        #expect(june.map(\.factory.id) == ["XX-0001"] && june.first?.scopes == [.plans, .reports])
        #expect(try repo.store.visible(to: "northwind", on: CalendarDate("2026-07-01")!).isEmpty)
        #expect(try repo.store.visible(to: "southbay", on: CalendarDate("2026-03-01")!).isEmpty)
    }
}
