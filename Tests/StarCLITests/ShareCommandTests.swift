import Foundation
import StarCore
import Testing

/// The minimal fixture with two factories and two buyers: XX-0001 has a final record (2026-03-14), a draft
/// (2026-04-02) and a plan; XX-0002 a final record (2026-03-14). No consent yet.
private func sharingRepository() throws -> StarRunner {
    let star = try StarRunner(fixture: "minimal")
    #expect(try star.run(["questionnaire", "compile"]).status == 0)
    for id in ["XX-0001", "XX-0002"] {
        #expect(try star.run(["factory", "add", id, "--name", "Factory \(id)", "--country", "XX", "--industry", "garment"]).status == 0)
    }
    for id in ["northwind", "southbay"] {
        #expect(try star.run(["buyer", "add", id, "--name", "Buyer \(id)"]).status == 0)
    }
    // (factory, date, answers in the order of the blank sheet: CL.CHILD.1, CL.CHILD.2, XX.WT.OT.1, XX.WT.OT.2, final)
    let visits: [(String, String, [String], Bool)] = [
        ("XX-0001", "2026-03-14", ["yes", "original-document", "yes", "70"], true),
        ("XX-0001", "2026-04-02", ["no"], false),
        ("XX-0002", "2026-03-14", ["no", "original-document", "yes", "50"], true),
    ]
    for (factory, date, answers, final) in visits {
        var filled = try star.run(["assess", "new", "--factory", factory, "--date", date]).stdout
        for answer in answers {
            let range = try #require(filled.range(of: ": ~\n", range: filled.range(of: "answers:")!.upperBound..<filled.endIndex))
            filled.replaceSubrange(range, with: ": \(answer)\n")
        }
        try filled.write(toFile: star.path("sheet.yaml"), atomically: true, encoding: .utf8)
        let recorded = try star.run(["assess", "record", "sheet.yaml"] + (final ? ["--final"] : []))
        #expect(recorded.status == 0, "\(factory) \(date): \(recorded.stderr)")
    }
    #expect(try star.run(["remediate", "plan", "XX-0001/2026-03-14", "--on", "2026-03-20"]).status == 0)
    return star
}

/// The consents used by the export tests: northwind sees assessments and plans of XX-0001 until 2026-06-30
/// and the assessments of XX-0002; southbay the reports of XX-0001.
private func grantConsents(_ star: StarRunner) throws {
    let steps: [[String]] = [
        [
            "share", "grant", "--factory", "XX-0001", "--buyer", "northwind", "--scope", "assessments,plans", "--from", "2026-01-01", "--by",
            "Sok Dara, HR manager",
        ],
        ["share", "revoke", "--factory", "XX-0001", "--buyer", "northwind", "--at", "2026-07-01", "--by", "Sok Dara, HR manager"],
        ["share", "grant", "--factory", "XX-0002", "--buyer", "northwind", "--scope", "assessments", "--from", "2026-03-01", "--by", "Chan Vanna"],
        [
            "share", "grant", "--factory", "XX-0001", "--buyer", "southbay", "--scope", "reports", "--from", "2026-02-01", "--until", "2099-12-31", "--by",
            "Sok Dara",
        ],
    ]
    for step in steps {
        let result = try star.run(step)
        #expect(result.status == 0, "\(step): \(result.stderr)")
    }
}

private func read(_ star: StarRunner, _ relative: String) throws -> String {
    try String(contentsOfFile: star.path(relative), encoding: .utf8)
}

/// Every file under `relative` with its bytes, for "nothing changed" checks.
private func snapshot(_ star: StarRunner, _ relative: String) -> [String: Data] {
    let root = star.path(relative)
    var files: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(atPath: root)
    while let path = enumerator?.nextObject() as? String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: (root as NSString).appendingPathComponent(path), isDirectory: &isDirectory), !isDirectory.boolValue {
            files[path] = FileManager.default.contents(atPath: (root as NSString).appendingPathComponent(path))
        }
    }
    return files
}

/// The manifest digest of a bundle, as `share export` logs it.
private func manifestDigest(_ star: StarRunner, _ bundle: String) throws -> String {
    ContentDigest.of(bytes: [UInt8](try #require(FileManager.default.contents(atPath: star.path("\(bundle)/manifest.json")))))
}

/// Like `StarRunner.expectGolden`, with each manifest digest of `bundles` replaced by a name (in full, and as
/// the 19-character prefix `share log` prints), so the golden file does not change with the records' bytes.
/// A log naming another manifest than the bundle's keeps its digest and fails the comparison.
private func expectGolden(
    _ star: StarRunner, _ name: String, _ arguments: [String], bundles: [String],
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws {
    let output = try star.run(arguments)
    var rendered =
        "$ star \(star.normalize(arguments.joined(separator: " ")))\n--- exit: \(output.status)\n--- stdout\n\(output.stdout)--- stderr\n\(output.stderr)"
    for bundle in bundles {
        let digest = try manifestDigest(star, bundle)
        rendered = rendered.replacingOccurrences(of: digest, with: "sha256:<manifest of \(bundle)>")
            .replacingOccurrences(of: String(digest.prefix(19)) + "…", with: "sha256:<manifest of \(bundle)>…")
    }
    let golden = StarRunner.testsDirectory.appendingPathComponent("Golden/\(name).txt")
    if ProcessInfo.processInfo.environment["STAR_RECORD_GOLDEN"] != nil {
        try rendered.write(to: golden, atomically: true, encoding: .utf8)
        return
    }
    let expected = try String(contentsOf: golden, encoding: .utf8)
    #expect(rendered == expected, "output differs from Golden/\(name).txt (re-record with STAR_RECORD_GOLDEN=1)", sourceLocation: sourceLocation)
}

/// A file star wrote, with its entries' ids and recording times (new on every run) replaced by ID and TIME.
func withoutIdentity(_ text: String) -> String {
    text.replacingOccurrences(of: "\"[0-9a-f]{16}\"", with: "\"ID\"", options: .regularExpression)
        .replacingOccurrences(of: "\"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]{12}Z\"", with: "\"TIME\"", options: .regularExpression)
}

/// Today in UTC, as `share grant` records it.
private var today: String { StarRunner.today }

/// Consents in force today, as an export judges them: northwind granted XX-0001's assessments and plans again
/// after the revocation of 2026-07-01, and the grant of XX-0002 still open.
private func grantConsentsInForceToday(_ star: StarRunner) throws {
    try grantConsents(star)
    let regrant = [
        "share", "grant", "--factory", "XX-0001", "--buyer", "northwind", "--scope", "assessments,plans", "--from", "2026-07-02", "--by",
        "Sok Dara, HR manager",
    ]
    let result = try star.run(regrant)
    #expect(result.status == 0, "\(regrant): \(result.stderr)")
}

/// A key pair outside the repository, as keys must be: `$REPO-keys/<name>.key` and `.pub`.
private func keys(_ star: StarRunner, _ name: String) throws -> String {
    let prefix = star.directory.path + "-keys/" + name
    let result = try star.run(["keys", "generate", "--out", prefix])
    #expect(result.status == 0, "\(result.stderr)")
    return prefix
}

@Suite struct ShareCommandTests {
    @Test func grantAndRevokeAppendToTheConsentFileAndRefusalsWriteNothing() throws {
        let star = try sharingRepository()
        defer { star.cleanUp() }
        let file = "consents/XX/XX-0001.yaml"
        try star.expectGolden(
            "share-grant",
            [
                "share", "grant", "--factory", "XX-0001", "--buyer", "northwind", "--scope", "assessments,plans",
                "--from", "2026-01-01", "--by", "Sok Dara, HR manager",
            ])
        let granted = try read(star, file)
        #expect(
            withoutIdentity(granted) == """
                # Consents of XX-0001: which buyer may see what, since when. Append-only, one entry per line; change it with 'star share grant|revoke'.
                star: "consent/2"
                factory: "XX-0001"
                entries:
                  - {by: "Sok Dara, HR manager", from: "2026-01-01", grant: "northwind", id: "ID", recorded: "\(today)", scope: ["assessments", "plans"], time: "TIME"}

                """)

        // Refused, with the reason, and nothing written.
        try star.expectGolden(
            "share-grant-overlap",
            [
                "share", "grant", "--factory", "XX-0001", "--buyer", "northwind", "--scope", "plans,reports",
                "--from", "2026-06-01", "--until", "2099-12-31", "--by", "Sok Dara",
            ])
        try star.expectGolden(
            "share-grant-unknown-buyer",
            [
                "share", "grant", "--factory", "XX-0001", "--buyer", "westwind", "--scope", "plans",
                "--from", "2026-01-01", "--by", "Sok Dara",
            ])
        try star.expectGolden(
            "share-grant-unknown-factory",
            [
                "share", "grant", "--factory", "XX-0009", "--buyer", "southbay", "--scope", "plans",
                "--from", "2026-01-01", "--by", "Sok Dara",
            ])
        try star.expectGolden(
            "share-grant-unknown-scope",
            [
                "share", "grant", "--factory", "XX-0001", "--buyer", "southbay", "--scope", "plans,audits",
                "--from", "2026-01-01", "--by", "Sok Dara",
            ])
        try star.expectGolden(
            "share-grant-ends-before-start",
            [
                "share", "grant", "--factory", "XX-0001", "--buyer", "southbay", "--scope", "plans",
                "--from", "2026-05-01", "--until", "2026-04-30", "--by", "Sok Dara",
            ])
        try star.expectGolden(
            "share-grant-empty-by",
            [
                "share", "grant", "--factory", "XX-0001", "--buyer", "southbay", "--scope", "plans",
                "--from", "2026-01-01", "--by", " ",
            ])
        try star.expectGolden(
            "share-grant-bad-date",
            [
                "share", "grant", "--factory", "XX-0001", "--buyer", "southbay", "--scope", "plans",
                "--from", "2026-02-30", "--by", "Sok Dara",
            ])
        #expect(try read(star, file) == granted)
        #expect(!FileManager.default.fileExists(atPath: star.path("consents/XX/XX-0009.yaml")))

        try star.expectGolden(
            "share-revoke",
            [
                "share", "revoke", "--factory", "XX-0001", "--buyer", "northwind", "--at", "2026-07-01",
                "--by", "Sok Dara, HR manager",
            ])
        let revoked = try read(star, file)
        #expect(revoked.hasPrefix(granted), "the revocation is appended; the grant is kept as it was")
        #expect(
            withoutIdentity(String(revoked.dropFirst(granted.count))) == """
                  - {at: "2026-07-01", by: "Sok Dara, HR manager", id: "ID", recorded: "\(today)", revoke: "northwind", time: "TIME"}

                """)
        try star.expectGolden(
            "share-revoke-nothing",
            [
                "share", "revoke", "--factory", "XX-0001", "--buyer", "northwind", "--at", "2026-08-01",
                "--by", "Sok Dara",
            ])
        try star.expectGolden("share-revoke-empty-by", ["share", "revoke", "--factory", "XX-0001", "--buyer", "northwind", "--at", "2026-08-01", "--by", ""])
        try star.expectGolden(
            "share-revoke-nothing-never-granted",
            [
                "share", "revoke", "--factory", "XX-0002", "--buyer", "southbay",
                "--at", "2026-08-01", "--by", "Sok Dara",
            ])
        #expect(try read(star, file) == revoked)
        #expect(!FileManager.default.fileExists(atPath: star.path("consents/XX/XX-0002.yaml")))

        // A grant starting after the revocation is accepted, for a scope the revoked grant had.
        try star.expectGolden(
            "share-grant-after-revoke",
            [
                "share", "grant", "--factory", "XX-0001", "--buyer", "northwind", "--scope", "assessments",
                "--from", "2026-09-01", "--until", "2099-12-31", "--by", "Sok Dara",
            ])
        #expect(try read(star, file).split(separator: "\n").filter { $0.hasPrefix("  - ") }.count == 3, "grant, revocation, grant")
    }

    @Test func listSaysWhoMaySeeWhatOnADayByFactoryOrByBuyer() throws {
        let star = try sharingRepository()
        defer { star.cleanUp() }
        try grantConsents(star)
        try star.expectGolden("share-list-factory", ["share", "list", "--factory", "XX-0001", "--at", "2026-06-30"])
        try star.expectGolden("share-list-factory-json", ["share", "list", "--factory", "XX-0001", "--at", "2026-07-01", "--format", "json"])
        try star.expectGolden("share-list-buyer", ["share", "list", "--buyer", "northwind", "--at", "2026-06-30"])
        try star.expectGolden("share-list-buyer-json", ["share", "list", "--buyer", "northwind", "--at", "2026-07-01", "--format", "json"])
        try star.expectGolden("share-list-all", ["share", "list", "--at", "2026-03-01"])
        try star.expectGolden("share-list-empty", ["share", "list", "--at", "2025-12-31"])
        try star.expectGolden("share-list-unknown-buyer", ["share", "list", "--buyer", "westwind", "--at", "2026-06-30"])
        try star.expectGolden("share-list-unknown-factory", ["share", "list", "--factory", "XX-0009", "--at", "2026-06-30"])
        try star.expectGolden("share-list-both", ["share", "list", "--factory", "XX-0001", "--buyer", "northwind", "--at", "2026-06-30"])
    }

    @Test func keysGenerateAPairAndNeverOverwriteOne() throws {
        let star = try StarRunner()
        defer { star.cleanUp() }
        try star.expectGolden("keys-generate", ["keys", "generate", "--out", "keys/programme"])
        let mode = try FileManager.default.attributesOfItem(atPath: star.path("keys/programme.key"))[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let privateKey = try read(star, "keys/programme.key")
        let publicKey = try read(star, "keys/programme.pub")
        #expect(privateKey.hasPrefix("-----BEGIN STAR ED25519 PRIVATE KEY-----\n") && publicKey.hasPrefix("-----BEGIN STAR ED25519 PUBLIC KEY-----\n"))
        try star.expectGolden("keys-generate-existing", ["keys", "generate", "--out", "keys/programme"])
        #expect(try read(star, "keys/programme.key") == privateKey && read(star, "keys/programme.pub") == publicKey)
    }

    @Test func exportWritesASignedBundleThatVerifiesAndIsLogged() throws {
        let star = try sharingRepository()
        defer { star.cleanUp() }
        try grantConsentsInForceToday(star)
        let programme = try keys(star, "programme")
        let export = ["share", "export", "--buyer", "northwind", "--out", "bundles/northwind", "--by", "adv-sophea"]

        try star.expectGolden("share-export-public-key", export + ["--key", programme + ".pub"])
        #expect(!FileManager.default.fileExists(atPath: star.path("bundles")))
        #expect(!FileManager.default.fileExists(atPath: star.path("shares")))
        try star.expectGolden(
            "share-export-unknown-buyer",
            [
                "share", "export", "--buyer", "westwind", "--out", "bundles/westwind", "--by", "adv-sophea",
                "--key", programme + ".key",
            ])
        #expect(!FileManager.default.fileExists(atPath: star.path("bundles")))

        try star.expectGolden("share-export", export + ["--key", programme + ".key"])
        let bundle = snapshot(star, "bundles/northwind")
        #expect(
            bundle.keys.sorted() == [
                "assessments/XX/XX-0001/2026-03-14.json", "assessments/XX/XX-0002/2026-03-14.json",
                "consents/XX/XX-0001.json", "consents/XX/XX-0002.json",
                "factories/XX/XX-0001.yaml", "factories/XX/XX-0002.yaml", "manifest.json", "manifest.sig",
                "plans/XX/XX-0001.yaml", "questionnaires/compiled/xx-garment/2026.1.json",
            ], "the draft of 2026-04-02 stays home; southbay's reports are not northwind's")
        #expect(bundle["assessments/XX/XX-0001/2026-03-14.json"] == FileManager.default.contents(atPath: star.path("assessments/XX/XX-0001/2026-03-14.json")))
        let log = try read(star, "shares/northwind.yaml")

        // Never over an existing path: the bundle and the log are as they were.
        try star.expectGolden("share-export-existing", export + ["--key", programme + ".key"])
        #expect(snapshot(star, "bundles/northwind") == bundle)
        #expect(try read(star, "shares/northwind.yaml") == log)
        #expect(try FileManager.default.contentsOfDirectory(atPath: star.path("bundles")) == ["northwind"])

        try star.expectGolden("share-verify", ["share", "verify", "bundles/northwind", "--key", programme + ".pub"])
        try star.expectGolden("share-verify-private-key", ["share", "verify", "bundles/northwind", "--key", programme + ".key"])
        try star.expectGolden("share-verify-not-a-bundle", ["share", "verify", "bundles/nothing", "--key", programme + ".pub"])
        try star.expectGolden("share-verify-other-buyer", ["share", "verify", "bundles/northwind", "--key", programme + ".pub", "--buyer", "southbay"])

        // A second export, to southbay, a day later; then the log, whole and filtered.
        #expect(
            try star.run([
                "share", "export", "--buyer", "southbay", "--out", "bundles/southbay", "--by", "adv-dara",
                "--key", programme + ".key",
            ]).status == 0)
        let bundles = ["bundles/northwind", "bundles/southbay"]
        try expectGolden(star, "share-log", ["share", "log"], bundles: bundles)
        try expectGolden(star, "share-log-buyer-json", ["share", "log", "--buyer", "northwind", "--format", "json"], bundles: bundles)
        try expectGolden(star, "share-log-factory", ["share", "log", "--factory", "XX-0002"], bundles: bundles)
        try star.expectGolden("share-log-unknown-buyer", ["share", "log", "--buyer", "westwind"])
        try star.expectGolden("share-log-unknown-factory", ["share", "log", "--factory", "XX-0099"])
    }

    @Test func aPrivateKeyInsideTheRepositoryLinkedOrReadableByOthersIsRefusedWithWhatToDo() throws {
        let star = try sharingRepository()
        defer { star.cleanUp() }
        try grantConsentsInForceToday(star)
        try star.expectGolden("keys-generate-inside-repository", ["keys", "generate", "--out", "keys/programme"])
        #expect(!FileManager.default.fileExists(atPath: star.path("keys")))
        let programme = try keys(star, "programme")
        let export = ["share", "export", "--buyer", "northwind", "--out", "bundles/northwind", "--by", "adv-sophea", "--key"]
        // Copied into the repository, where 'git add -A' would stage it.
        try FileManager.default.createDirectory(atPath: star.path("keys"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: programme + ".key", toPath: star.path("keys/programme.key"))
        try star.expectGolden("share-export-key-inside-repository", export + ["keys/programme.key"])
        // A link to it: the link could be pointed at another file.
        try FileManager.default.createSymbolicLink(atPath: star.path("../linked.key"), withDestinationPath: programme + ".key")
        defer { try? FileManager.default.removeItem(atPath: star.path("../linked.key")) }
        let linked = try star.run(export + ["../linked.key"])
        #expect(linked.status == 64 && linked.stderr.contains("linked.key is a symbolic link; give the key file itself"), "\(linked.stderr)")
        // Readable by the group: refused with the chmod to run.
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: programme + ".key")
        try star.expectGolden("share-export-key-readable-by-others", export + [programme + ".key"])
        #expect(!FileManager.default.fileExists(atPath: star.path("bundles")) && !FileManager.default.fileExists(atPath: star.path("shares")))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: programme + ".key")
        #expect(try star.run(export + [programme + ".key"]).status == 0)
    }

    @Test func aTamperedBundleNamesEveryModifiedMissingAndExtraFileWithExit1() throws {
        let star = try sharingRepository()
        defer { star.cleanUp() }
        try grantConsentsInForceToday(star)
        let programme = try keys(star, "programme")
        let impostor = try keys(star, "impostor")
        for name in ["tampered", "changed-manifest"] {
            let exported = try star.run([
                "share", "export", "--buyer", "northwind", "--out", "bundles/\(name)", "--by", "adv-sophea",
                "--key", programme + ".key",
            ])
            #expect(exported.status == 0)
            #expect(
                exported.stderr
                    == "left out: assessments/XX/XX-0001/2026-04-02.json: a draft; only final records leave\nwrote bundles/\(name): 2 factories, 8 files, signed, 1 left out; logged in shares/northwind.yaml\n"
            )
        }
        let record = star.path("bundles/tampered/assessments/XX/XX-0001/2026-03-14.json")
        try (try String(contentsOfFile: record, encoding: .utf8)).replacingOccurrences(of: "\"yes\"", with: "\"no\"")
            .write(toFile: record, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: star.path("bundles/tampered/plans/XX/XX-0001.yaml"))
        try "remember to remove the child labour finding\n".write(toFile: star.path("bundles/tampered/notes.txt"), atomically: true, encoding: .utf8)
        try "x".write(toFile: star.path("bundles/tampered/factories/XX/.hidden"), atomically: true, encoding: .utf8)
        try star.expectGolden("share-verify-tampered", ["share", "verify", "bundles/tampered", "--key", programme + ".pub"])

        let manifest = star.path("bundles/changed-manifest/manifest.json")
        try (try String(contentsOfFile: manifest, encoding: .utf8)).replacingOccurrences(of: "\"\(today)\"", with: "\"2026-06-29\"")
            .write(toFile: manifest, atomically: true, encoding: .utf8)
        try star.expectGolden("share-verify-changed-manifest", ["share", "verify", "bundles/changed-manifest", "--key", programme + ".pub"])
        // An intact bundle checked with another key fails the same way.
        #expect(
            try star.run([
                "share", "export", "--buyer", "northwind", "--out", "bundles/intact", "--by", "adv-sophea",
                "--key", programme + ".key",
            ]).status == 0)
        try star.expectGolden("share-verify-other-key", ["share", "verify", "bundles/intact", "--key", impostor + ".pub"])
    }
}
