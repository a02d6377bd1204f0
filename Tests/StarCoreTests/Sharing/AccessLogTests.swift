import StarCore
import Testing

@Suite struct AccessLogTests {
    @Test func appendedExportsReadBackInOrderAndEarlierOnesAreKept() throws {
        let scratch = try ScratchRepository()
        defer { scratch.remove() }
        let log = AccessLog(repository: scratch.repository)
        #expect(log.entries(buyer: "northwind").entries.isEmpty && log.entries(buyer: "northwind").diagnostics.isEmpty)
        let first = AccessLog.Entry(
            on: CalendarDate("2026-06-30")!, by: "adv-sophea", manifest: "sha256:" + String(repeating: "a", count: 64),
            factories: [("XX-0001", ["assessments", "plans", "reports"], 5), ("XX-0002", ["assessments"], 2)])
        let second = AccessLog.Entry(
            on: CalendarDate("2026-07-01")!, by: "Sok \"Dara\": advisor", manifest: "sha256:" + String(repeating: "b", count: 64),
            factories: [])
        try log.append(first, buyer: "northwind")
        #expect(
            withoutIdentity(try scratch.read(AccessLog.path(buyer: "northwind"))) == """
                # What northwind received from this repository, export by export. Written by 'star share export'; append-only, one export per line.
                star: "share-log/2"
                buyer: "northwind"
                exports:
                  - {by: "adv-sophea", factories: [{files: 5, id: "XX-0001", scopes: ["assessments", "plans", "reports"]}, {files: 2, id: "XX-0002", scopes: ["assessments"]}], id: "ID", manifest: "sha256:\(String(repeating: "a", count: 64))", on: "2026-06-30", time: "TIME"}

                """)
        try log.append(second, buyer: "northwind")
        let (entries, diagnostics) = log.entries(buyer: "northwind")
        #expect(diagnostics.isEmpty)
        // Given an id and a time when appended, and otherwise as they were.
        #expect(entries.map { AccessLog.Entry(on: $0.on, by: $0.by, manifest: $0.manifest, factories: $0.factories) } == [first, second])
        #expect(entries.allSatisfy { $0.id != nil && $0.time != nil } && entries[0].time! < entries[1].time!)
        #expect(entries.first?.factories.map(\.files) == [5, 2])
        // Another buyer's log is another file.
        #expect(log.entries(buyer: "southbay").entries.isEmpty)
        #expect(AccessLog.path(buyer: "southbay") == "shares/southbay.yaml")
    }

    @Test func entriesCompareEveryField() {
        let entry = AccessLog.Entry(on: CalendarDate("2026-06-30")!, by: "a", manifest: "m", factories: [("XX-0001", ["plans"], 1)])
        var other = entry
        other.factories = [("XX-0001", ["plans"], 2)]
        #expect(entry != other)
        other = entry
        other.by = "b"
        #expect(entry != other)
    }

    @Test func aHandEditedLogWithUnknownKeysIsReported() throws {
        let scratch = try ScratchRepository()
        defer { scratch.remove() }
        try scratch.write(
            """
            star: "share-log/1"
            buyer: "northwind"
            exports:
              - on: "2026-06-30"
                by: "adv-sophea"
                manifest: "sha256:00"
                sent-to: "someone"

            """, to: "shares/northwind.yaml")
        let (entries, diagnostics) = AccessLog(repository: scratch.repository).entries(buyer: "northwind")
        #expect(entries.count == 1)
        #expect(
            errorText(diagnostics) == """
                shares/northwind.yaml:7:5: error: unknown key 'sent-to' in an export [unknown-key]
                  note: allowed keys: on, by, manifest, factories, id, time

                """)
    }

    @Test func appendingToALogWithABadEntryNeverDropsThatEntry() throws {
        let scratch = try ScratchRepository()
        defer { scratch.remove() }
        let kept = """
            star: "share-log/1"
            buyer: "northwind"
            exports:
              - on: "2026-06-30"
                by: "adv-sophea"
                manifest: "sha256:first"
              - on: "2026-02-30"
                by: "adv-sophea"
                manifest: "sha256:second"

            """
        try scratch.write(kept, to: "shares/northwind.yaml")
        let log = AccessLog(repository: scratch.repository)
        let (entries, diagnostics) = log.entries(buyer: "northwind")
        #expect(entries.map(\.manifest) == ["sha256:first"])
        #expect(errorText(diagnostics) == "shares/northwind.yaml:7:5: error: export date '2026-02-30' is not a date that exists [invalid-date]\n")
        // The log is append-only: one that cannot be read in full is left exactly as it is.
        #expect(
            appendFailure(log, "sha256:third")
                == "\(scratch.repository.path("shares/northwind.yaml")): the access log has errors and is left as it is; fix it (see 'star validate') before exporting again"
        )
        #expect(try scratch.read("shares/northwind.yaml") == kept)
    }

    @Test func appendingToALogThatCannotBeParsedNeverReplacesIt() throws {
        let scratch = try ScratchRepository()
        defer { scratch.remove() }
        let broken = "star: \"share-log/1\"\nbuyer: \"northwind\"\nexports:\n  - on: \"2026-06-30\"\n    by: [unclosed\n    manifest: \"sha256:first\"\n"
        try scratch.write(broken, to: "shares/northwind.yaml")
        let log = AccessLog(repository: scratch.repository)
        #expect(log.entries(buyer: "northwind").diagnostics.hasErrors)
        #expect(
            appendFailure(log, "sha256:second")
                == "\(scratch.repository.path("shares/northwind.yaml")): the access log has errors and is left as it is; fix it (see 'star validate') before exporting again"
        )
        #expect(try scratch.read("shares/northwind.yaml") == broken, "the record of the earlier export survives")
    }
}

/// What `append` refuses with, or nil if it appended.
private func appendFailure(_ log: AccessLog, _ manifest: String) -> String? {
    do {
        try log.append(.init(on: CalendarDate("2026-07-01")!, by: "adv-dara", manifest: manifest, factories: []), buyer: "northwind")
        return nil
    } catch {
        return error.description
    }
}
