import StarCore
import Testing

private let file = "consents/XX/XX-0001.yaml"

/// A consent file whose entries are `entries` (each line indented as written).
private func consentFile(_ entries: String) -> String {
    "star: \"consent/1\"\nfactory: \"XX-0001\"\nentries:\n" + entries
}

/// What reading `text` reports, as a user reads it.
private func readErrors(_ text: String) -> String {
    errorText(ConsentHistory.read(text, file: file).1)
}

@Suite struct ConsentHistoryTests {
    @Test func aValidFileIsReadWithEveryField() throws {
        let (history, diagnostics) = ConsentHistory.read(
            consentFile(
                """
                  - grant: "northwind"
                    scope: ["plans", "assessments"]
                    from: "2026-01-01"
                    until: "2026-12-31"
                    by: "Sok Dara, HR manager"
                    recorded: "2025-12-20"
                  - revoke: "northwind"
                    at: "2026-07-01"
                    by: "Sok Dara, HR manager"
                    recorded: "2026-06-28"

                """), file: file)
        #expect(diagnostics.isEmpty)
        #expect(
            history
                == ConsentHistory(
                    factory: "XX-0001",
                    entries: [
                        .grant(
                            .init(
                                buyer: "northwind", scope: [.assessments, .plans], from: CalendarDate("2026-01-01")!, until: CalendarDate("2026-12-31")!,
                                by: "Sok Dara, HR manager", recorded: CalendarDate("2025-12-20")!)),
                        .revocation(
                            .init(buyer: "northwind", at: CalendarDate("2026-07-01")!, by: "Sok Dara, HR manager", recorded: CalendarDate("2026-06-28")!)),
                    ]))
    }

    @Test func anUnknownScopeIsReportedAtTheScopeKey() {
        #expect(
            readErrors(
                consentFile(
                    """
                      - grant: "northwind"
                        scope: ["assessments", "audits"]
                        from: "2026-01-01"
                        by: "Sok Dara"
                        recorded: "2025-12-20"

                    """)) == "consents/XX/XX-0001.yaml:5:5: error: scope 'audits' is not one of assessments, plans, reports [invalid-consent]\n")
    }

    @Test func aGrantWithoutAnyScopeIsReportedAtTheEntry() {
        #expect(
            readErrors(
                consentFile(
                    """
                      - grant: "northwind"
                        scope: []
                        from: "2026-01-01"
                        by: "Sok Dara"
                        recorded: "2025-12-20"

                    """)) == "consents/XX/XX-0001.yaml:4:5: error: a grant needs a scope (assessments, plans, reports) [invalid-consent]\n")
        #expect(
            readErrors(
                consentFile(
                    """
                      - grant: "northwind"
                        from: "2026-01-01"
                        by: "Sok Dara"
                        recorded: "2025-12-20"

                    """)) == "consents/XX/XX-0001.yaml:4:5: error: a grant needs a scope (assessments, plans, reports) [invalid-consent]\n")
    }

    @Test func aGrantEndingBeforeItStartsIsReportedAtUntil() {
        #expect(
            readErrors(
                consentFile(
                    """
                      - grant: "northwind"
                        scope: ["plans"]
                        from: "2026-01-01"
                        until: "2025-12-31"
                        by: "Sok Dara"
                        recorded: "2025-12-20"

                    """)) == "consents/XX/XX-0001.yaml:7:5: error: the grant ends (2025-12-31) before it starts (2026-01-01) [invalid-consent]\n")
    }

    @Test func aGrantEndingOnItsFirstDayIsOneDayOfAccess() throws {
        let (history, diagnostics) = ConsentHistory.read(
            consentFile(
                """
                  - grant: "northwind"
                    scope: ["plans"]
                    from: "2026-01-01"
                    until: "2026-01-01"
                    by: "Sok Dara"
                    recorded: "2025-12-20"

                """), file: file)
        #expect(diagnostics.isEmpty)
        let read = try #require(history)
        #expect(AccessPolicy.mayAccess(buyer: "northwind", scope: .plans, on: CalendarDate("2026-01-01")!, history: read))
        #expect(!AccessPolicy.mayAccess(buyer: "northwind", scope: .plans, on: CalendarDate("2026-01-02")!, history: read))
    }

    @Test func aGrantWithoutFromAndARevocationWithoutAtAreReportedAtTheirEntries() {
        #expect(
            readErrors(
                consentFile(
                    """
                      - grant: "northwind"
                        scope: ["plans"]
                        by: "Sok Dara"
                        recorded: "2025-12-20"
                      - revoke: "northwind"
                        by: "Sok Dara"
                        recorded: "2026-06-28"

                    """)) == """
                    consents/XX/XX-0001.yaml:4:5: error: a grant needs 'from' [missing-key]
                    consents/XX/XX-0001.yaml:8:5: error: a revocation needs 'at' [missing-key]

                    """)
    }

    @Test func anEntryThatIsNeitherAGrantNorARevocationIsReported() {
        #expect(
            readErrors(
                consentFile(
                    """
                      - scope: ["plans"]
                        from: "2026-01-01"
                        by: "Sok Dara"
                        recorded: "2025-12-20"

                    """)) == """
                    consents/XX/XX-0001.yaml:4:5: error: an entry is either 'grant: BUYER' or 'revoke: BUYER' [invalid-consent]
                    consents/XX/XX-0001.yaml:4:5: error: 'scope' does not belong in a revocation [unknown-key]
                    consents/XX/XX-0001.yaml:5:5: error: 'from' does not belong in a revocation [unknown-key]

                    """)
    }

    @Test func datesThatDoNotExistAreReportedAtTheValue() {
        #expect(
            readErrors(
                consentFile(
                    """
                      - grant: "northwind"
                        scope: ["plans"]
                        from: "2026-02-30"
                        by: "Sok Dara"
                        recorded: "2025-12-20"
                      - revoke: "northwind"
                        at: "1 July 2026"
                        by: "Sok Dara"
                        recorded: "2026-06-28"
                      - revoke: "northwind"
                        at: "2026-07-01"
                        by: "Sok Dara"
                        recorded: "yesterday"

                    """)) == """
                    consents/XX/XX-0001.yaml:6:11: error: from '2026-02-30' is not a date that exists; write YYYY-MM-DD [invalid-date]
                    consents/XX/XX-0001.yaml:10:9: error: at '1 July 2026' is not a date that exists; write YYYY-MM-DD [invalid-date]
                    consents/XX/XX-0001.yaml:16:15: error: recorded 'yesterday' is not a date that exists; write YYYY-MM-DD [invalid-date]

                    """)
    }

    @Test func missingAndUnknownKeysAreReportedByName() {
        #expect(
            readErrors(
                consentFile(
                    """
                      - grant: "northwind"
                        scope: ["plans"]
                        from: "2026-01-01"
                        untill: "2026-12-31"
                        recorded: "2025-12-20"

                    """)) == """
                    consents/XX/XX-0001.yaml:4:5: error: a consent entry is missing required key 'by' [missing-key]
                    consents/XX/XX-0001.yaml:7:5: error: unknown key 'untill' in a consent entry [unknown-key]
                      note: did you mean 'until'?

                    """)
        #expect(
            readErrors("star: \"consent/3\"\nfactory: \"XX-0001\"\nentries: []\n")
                == "consents/XX/XX-0001.yaml:1:1: error: unsupported format 'consent/3'; this version of star reads 'consent/2' (and 'consent/1') [unsupported-format]\n"
        )
        #expect(
            readErrors("star: \"consent/1\"\nfactory: \"XX-0001\"\n")
                == "consents/XX/XX-0001.yaml:1:1: error: a consent file is missing required key 'entries' [missing-key]\n")
    }

    @Test func aFileWithErrorsIsNotReadAtAll() {
        let (history, diagnostics) = ConsentHistory.read(
            consentFile(
                """
                  - grant: "northwind"
                    scope: ["plans"]
                    from: "2026-01-01"
                    by: "Sok Dara"
                    recorded: "2025-12-20"
                  - revoke: "northwind"
                    by: "Sok Dara"
                    recorded: "2026-06-28"

                """), file: file)
        #expect(history == nil, "a history missing its revocation's date must not be used half-read")
        #expect(diagnostics.hasErrors)
    }

    @Test func keysOfTheOtherKindOfEntryAreReportedNotSilentlyIgnored() {
        // A revocation names no scope: it ends every earlier grant of the buyer. Someone writing `scope` on a
        // revocation believes they revoke one scope only, and would revoke everything without being told.
        let text = consentFile(
            """
              - grant: "northwind"
                scope: ["assessments", "plans"]
                from: "2026-01-01"
                by: "Sok Dara"
                recorded: "2025-12-20"
              - revoke: "northwind"
                scope: ["plans"]
                at: "2026-07-01"
                by: "Sok Dara"
                recorded: "2026-06-28"

            """)
        let (history, diagnostics) = ConsentHistory.read(text, file: file)
        #expect(history == nil)
        #expect(
            errorText(diagnostics) == """
                consents/XX/XX-0001.yaml:10:5: error: 'scope' does not belong in a revocation [unknown-key]

                """)
        #expect(
            readErrors(
                consentFile(
                    """
                      - grant: "northwind"
                        scope: ["plans"]
                        from: "2026-01-01"
                        at: "2026-07-01"
                        by: "Sok Dara"
                        recorded: "2025-12-20"
                      - revoke: "northwind"
                        from: "2026-01-01"
                        until: "2026-12-31"
                        at: "2026-07-01"
                        by: "Sok Dara"
                        recorded: "2026-06-28"

                    """)) == """
                    consents/XX/XX-0001.yaml:7:5: error: 'at' does not belong in a grant [unknown-key]
                    consents/XX/XX-0001.yaml:11:5: error: 'from' does not belong in a revocation [unknown-key]
                    consents/XX/XX-0001.yaml:12:5: error: 'until' does not belong in a revocation [unknown-key]

                    """)
    }

    @Test func anEntryThatIsBothAGrantAndARevocationIsReported() {
        let text = consentFile(
            """
              - grant: "northwind"
                revoke: "northwind"
                scope: ["plans"]
                from: "2026-01-01"
                at: "2026-07-01"
                by: "Sok Dara"
                recorded: "2025-12-20"

            """)
        let (history, diagnostics) = ConsentHistory.read(text, file: file)
        #expect(history == nil)
        #expect(errorText(diagnostics) == "consents/XX/XX-0001.yaml:4:5: error: an entry is either a grant or a revocation, not both [invalid-consent]\n")
    }

    @Test func theFileStarWritesReadsBackAsTheSameHistoryOneEntryPerLine() throws {
        let history = ConsentHistory(
            factory: "XX-0001",
            entries: [
                .grant(
                    .init(
                        buyer: "northwind", scope: [.assessments, .plans, .reports], from: CalendarDate("2026-01-01")!, until: nil,
                        by: "Sok Dara: HR manager, \"acting\"", recorded: CalendarDate("2025-12-20")!)),
                .revocation(.init(buyer: "northwind", at: CalendarDate("2026-07-01")!, by: "Sok Dara", recorded: CalendarDate("2026-06-28")!)),
                .grant(
                    .init(
                        buyer: "southbay", scope: [.plans], from: CalendarDate("2026-02-28")!,
                        until: CalendarDate("2026-12-31")!, by: "NO", recorded: CalendarDate("2026-02-01")!)),
            ])
        let text = history.text
        let (read, diagnostics) = ConsentHistory.read(text, file: file)
        #expect(diagnostics.isEmpty)
        #expect(read == history)
        #expect(text.contains("star: \"consent/2\"") && text.contains("scope: [\"assessments\", \"plans\", \"reports\"]"))
        #expect(text.split(separator: "\n").filter { $0.hasPrefix("  - {") }.count == 3, "one line per entry")
        #expect(!text.contains("until: \"\""), "an open-ended grant has no until")
    }

    @Test func randomHistoriesSurviveTheRoundTrip() {
        for seed in propertySeeds(base: 0xC0_5E47_0000, count: 300) {
            var random = SplitMix64(seed: seed)
            let history = random.history(buyers: testBuyers, maxEntries: 10).history()
            let (read, diagnostics) = ConsentHistory.read(history.text, file: file)
            if read != history || !diagnostics.isEmpty {
                Issue.record("seed \(seed): the history read back differs: \(diagnostics)")
                return
            }
        }
    }
}
