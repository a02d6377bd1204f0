import Foundation
import StarCore
import Testing

/// The minimal fixture under `consent: signed`, with factories XX-0001 and XX-0002, buyers northwind and southbay,
/// a final record of XX-0001 and a plan; the factory HR manager's key made with ssh-keygen beside the repository
/// and registered for XX-0001. Keys never go in the repository.
private struct SignedRepository {
    let star: StarRunner
    let keys: String

    init(policy: String = "signed") throws {
        star = try StarRunner(fixture: "minimal")
        try star.setConsentPolicy(policy)
        for id in ["XX-0001", "XX-0002"] {
            #expect(try star.run(["factory", "add", id, "--name", "Factory \(id)", "--country", "XX", "--industry", "garment"]).status == 0)
        }
        for id in ["northwind", "southbay"] { #expect(try star.run(["buyer", "add", id, "--name", "Buyer \(id)"]).status == 0) }
        #expect(try star.run(["questionnaire", "compile"]).status == 0)
        let blank = try star.run(["assess", "new", "--factory", "XX-0001", "--date", "2026-03-14"]).stdout
        let pin = try #require(blank.split(separator: "\n").first { $0.hasPrefix("questionnaire: ") })
        try minimalFinalSheet(pin: pin).write(toFile: star.path("sheet.yaml"), atomically: true, encoding: .utf8)
        #expect(try star.run(["assess", "record", "sheet.yaml", "--final"]).status == 0)
        try FileManager.default.removeItem(atPath: star.path("sheet.yaml"))
        #expect(try star.run(["remediate", "plan", "XX-0001/2026-03-14", "--on", "2026-03-20"]).status == 0)
        keys = star.directory.path + "-keys"
        try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
        #expect(try star.run(["keys", "generate", "--out", keys + "/programme"]).status == 0)
    }

    func ssh(_ arguments: [String]) throws -> StarRunner.Output {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/ssh-keygen"), "ssh-keygen is missing: apt-get install -y openssh-client")
        return try star.runProgram("/usr/bin/ssh-keygen", arguments)
    }

    /// A factory key made as the docs say, `ssh-keygen -t ed25519`, without a passphrase (a test has no one to type it).
    func makeKey(_ name: String) throws -> String {
        #expect(try ssh(["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", keys + "/" + name]).status == 0)
        return keys + "/" + name
    }

    /// The statement written by star and signed by ssh-keygen with `key`, joined into one file as the docs say.
    func signed(
        _ key: String, factory: String = "XX-0001", buyer: String = "northwind", scope: String = "assessments",
        from: String = "2026-01-01", until: String? = nil, name: String
    ) throws -> String {
        let statement = keys + "/\(name).txt"
        let written = try star.run(
            ["consent", "statement", "--factory", factory, "--buyer", buyer, "--scope", scope, "--from", from]
                + (until.map { ["--until", $0] } ?? []) + ["--out", statement])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(try ssh(["-Y", "sign", "-q", "-f", key, "-n", "star-consent", statement]).status == 0)
        let joined = try String(contentsOfFile: statement, encoding: .utf8) + String(contentsOfFile: statement + ".sig", encoding: .utf8)
        try joined.write(toFile: keys + "/\(name).sig", atomically: true, encoding: .utf8)
        return keys + "/\(name).sig"
    }

    func fingerprint(_ factory: String = "XX-0001") throws -> String {
        String(try star.run(["factory", "key", "list", factory]).stdout.prefix { $0 != "\t" })
    }

    func export(_ name: String) throws -> StarRunner.Output {
        try star.run(["share", "export", "--buyer", "northwind", "--out", keys + "/" + name, "--key", keys + "/programme.key", "--by", "adv-test"])
    }

    func verify(_ name: String, _ extra: [String] = []) throws -> StarRunner.Output {
        try star.run(["share", "verify", keys + "/" + name, "--key", keys + "/programme.pub"] + extra)
    }
}

@Suite struct SignedConsentCommandTests {
    @Test func theFactorysSignedConsentIsRecordedSharedAndCheckedByTheBuyer() throws {
        let repo = try SignedRepository()
        defer { repo.star.cleanUp() }
        let key = try repo.makeKey("angkor-hr")
        #expect(try repo.star.run(["factory", "key", "add", "XX-0001", "--public", key + ".pub", "--by", "adv-sophea"]).status == 0)
        let print = try repo.fingerprint()
        let consent = try repo.signed(key, scope: "assessments,plans", name: "northwind")
        let recorded = try repo.star.run(["share", "grant", "--signed", consent, "--by", "adv-sophea"])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(recorded.stdout == "XX-0001 lets northwind see assessments, plans from 2026-01-01 until revoked, signed with \(print): recorded\n")
        #expect(try repo.star.run(["share", "list"]).stdout == "XX-0001\tnorthwind\tassessments,plans\n")
        #expect(try repo.star.run(["validate"]).stdout.isEmpty)
        let line = try String(contentsOfFile: repo.star.path("consents/XX/XX-0001.yaml"), encoding: .utf8).split(separator: "\n").last ?? ""
        #expect(line.contains("key: \"\(print)\"") && line.contains("signed: \"star-consent/1\\nfactory: XX-0001\\nbuyer: northwind\\n"))

        let exported = try repo.export("bundle")
        #expect(exported.status == 0, "\(exported.stderr)")
        let verified = try repo.verify("bundle", ["--require-signed"])
        #expect(verified.status == 0, "\(verified.stdout)")
        #expect(verified.stdout.contains("  XX-0001\tassessments,plans\tsigned by the factory: key \(print), issued $TODAY\n"))
        #expect(verified.stdout.hasSuffix("verified: signature good, every file as signed, every factory's data allowed by its consent\n"))
        let json = try repo.verify("bundle", ["--format", "json"])
        #expect(json.stdout.contains("\"covered\": true") && json.stdout.contains("\"signed-by-factory\": true"))

        // The buyer checks the factory's signature with ssh-keygen from the bundle alone: docs/sharing.md's recipe.
        let bundle = repo.keys + "/bundle"
        let docs = try String(contentsOfFile: StarRunner.packageRoot.appendingPathComponent("docs/sharing.md").path, encoding: .utf8)
        let begin = try #require(docs.range(of: "<!-- consent recipe: begin -->\n```sh\n"))
        let end = try #require(docs.range(of: "```\n<!-- consent recipe: end -->", range: begin.upperBound..<docs.endIndex))
        try String(docs[begin.upperBound..<end.lowerBound]).write(toFile: repo.keys + "/recipe.sh", atomically: true, encoding: .utf8)
        let checked = try repo.star.runProgram(
            "/bin/sh", ["-c", "cd \"$0\" && sh recipe.sh", repo.keys], environment: ["BUNDLE": bundle, "FACTORY": "XX-0001"])
        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
        #expect(
            checked.stdout.hasPrefix(
                "Good \"star-consent\" signature for XX-0001 with ED25519 key \(print)\nstar-consent/1\nfactory: XX-0001\nbuyer: northwind\nscope: assessments,plans\n"
            ),
            "\(checked.stdout)")
        let statement = try #require(try FileManager.default.contentsOfDirectory(atPath: bundle + "/consents/XX/XX-0001").first { $0.hasSuffix(".txt") })
        let path = bundle + "/consents/XX/XX-0001/" + statement
        // The recipe fails on a statement changed by one byte.
        let original = try String(contentsOfFile: path, encoding: .utf8)
        try original.replacingOccurrences(of: "scope: assessments,plans", with: "scope: assessments,plant").write(
            toFile: path, atomically: true, encoding: .utf8)
        #expect(
            try repo.star.runProgram("/bin/sh", ["-c", "cd \"$0\" && sh recipe.sh", repo.keys], environment: ["BUNDLE": bundle, "FACTORY": "XX-0001"]).status
                != 0)

        // The statement removed from the bundle: its file is missing, and XX-0001 is no longer covered.
        try FileManager.default.removeItem(atPath: path)
        let removed = try repo.verify("bundle")
        #expect(removed.status == 1)
        #expect(removed.stdout.contains("consent: XX-0001: not covered: assessments,plans"))
        #expect(removed.stdout.contains("missing: consents/XX/XX-0001/" + statement))
    }

    @Test func everyForgedReplayedOrAlteredConsentIsRefusedWithItsReason() throws {
        let repo = try SignedRepository()
        defer { repo.star.cleanUp() }
        let key = try repo.makeKey("angkor-hr")
        #expect(try repo.star.run(["factory", "key", "add", "XX-0001", "--public", key + ".pub", "--by", "adv-sophea"]).status == 0)
        let print = try repo.fingerprint()
        func grant(_ file: String, _ extra: [String] = []) throws -> StarRunner.Output {
            try repo.star.run(["share", "grant", "--signed", file, "--by", "adv-sophea"] + extra)
        }
        // Unsigned, under `consent: signed`.
        let unsigned = try repo.star.run(["share", "grant", "--factory", "XX-0001", "--buyer", "northwind", "--scope", "plans", "--by", "Sok Dara"])
        #expect(unsigned.status == 64)
        #expect(
            unsigned.stderr
                == "error: star.yaml sets 'consent: signed': only a consent the factory signed gives access; record it with 'star share grant --signed FILE' (docs/sharing.md, for the factory's side)\n"
        )
        // Options that the statement decides.
        let consent = try repo.signed(key, name: "good")
        let flags = try grant(consent, ["--buyer", "southbay"])
        #expect(flags.status == 64)
        #expect(
            flags.stderr.contains(
                "--buyer cannot go with --signed: the factory, buyer, scope and days come from the signed statement, and the signature is the evidence"))
        // Forged: signed by a key that is not the factory's.
        let stranger = try repo.makeKey("stranger")
        let forged = try grant(try repo.signed(stranger, name: "forged"))
        #expect(forged.status == 64)
        #expect(
            forged.stderr.hasPrefix("error: the consent is not valid: signed with the key SHA256:")
                && forged.stderr.hasSuffix(", which is not registered for XX-0001 ('star factory key list XX-0001' shows its keys)\n"))
        // Altered: another buyer written into the signed file.
        let text = try String(contentsOfFile: consent, encoding: .utf8)
        try text.replacingOccurrences(of: "buyer: northwind", with: "buyer: southbay").write(
            toFile: repo.keys + "/altered.sig", atomically: true, encoding: .utf8)
        let altered = try grant(repo.keys + "/altered.sig")
        #expect(
            altered.stderr
                == "error: the consent is not valid: the signature by \(print) does not match the statement: the statement was changed after it was signed, or the signature is forged\n"
        )
        // Replayed: recorded twice.
        #expect(try grant(consent).status == 0)
        let twice = try grant(consent)
        #expect(twice.status == 64)
        #expect(twice.stderr.hasPrefix("error: this signed consent (nonce ") && twice.stderr.hasSuffix("; a signed consent is recorded once\n"))
        // Expired before it is recorded.
        let expired = try grant(try repo.signed(key, buyer: "southbay", from: "2025-01-01", until: "2025-12-31", name: "expired"))
        #expect(expired.stderr == "error: the grant would already be over: it ends on 2025-12-31, before today ($TODAY)\n")
        // Signed for XX-0002 with XX-0001's key: XX-0002 has no such key.
        let otherFactory = try grant(try repo.signed(key, factory: "XX-0002", name: "other-factory"))
        #expect(
            otherFactory.stderr
                == "error: the consent is not valid: signed with the key \(print), which is not registered for XX-0002 ('star factory key list XX-0002' shows its keys)\n"
        )
        // A key retired today signs nothing recorded today.
        let later = try repo.signed(key, buyer: "southbay", name: "later")
        #expect(try repo.star.run(["factory", "key", "retire", "XX-0001", "--fingerprint", print, "--by", "adv-dara"]).status == 0)
        let retired = try grant(later)
        #expect(
            retired.stderr
                == "error: the consent is not valid: signed with the key \(print), retired on $TODAY, on or before the day the statement was issued ($TODAY)\n")
        // Retired on the day the first consent was recorded: that one no longer counts either (only what was
        // recorded on a day before the retirement keeps its value).
        #expect(try repo.star.run(["share", "list"]).stdout == "no consent in force on $TODAY\n")
    }

    @Test func aSignedConsentFileThatIsALinkAFIFOOrHugeIsRefusedWithoutBeingRead() throws {
        let repo = try SignedRepository()
        defer { repo.star.cleanUp() }
        let key = try repo.makeKey("angkor-hr")
        #expect(try repo.star.run(["factory", "key", "add", "XX-0001", "--public", key + ".pub", "--by", "adv-sophea"]).status == 0)
        let consent = try repo.signed(key, name: "good")
        try FileManager.default.createSymbolicLink(atPath: repo.keys + "/link.sig", withDestinationPath: consent)
        let linked = try repo.star.run(["share", "grant", "--signed", repo.keys + "/link.sig", "--by", "adv-sophea"])
        #expect(linked.status == 64 && linked.stderr.contains("link.sig") && linked.stderr.contains("symbolic link"), "\(linked.stderr)")
        #expect(mkfifo(repo.keys + "/fifo.sig", 0o600) == 0)
        let fifo = try repo.star.run(["share", "grant", "--signed", repo.keys + "/fifo.sig", "--by", "adv-sophea"])
        #expect(fifo.status == 64 && fifo.stderr.contains("fifo.sig"), "\(fifo.stderr)")
        try String(repeating: "x", count: 1 << 20).write(toFile: repo.keys + "/huge.sig", atomically: true, encoding: .utf8)
        let huge = try repo.star.run(["share", "grant", "--signed", repo.keys + "/huge.sig", "--by", "adv-sophea"])
        #expect(huge.status == 64 && huge.stderr.contains("huge.sig"), "\(huge.stderr)")
        #expect(!FileManager.default.fileExists(atPath: repo.star.path("consents/XX/XX-0001.yaml")), "nothing was recorded")
        // The consent file itself made a link to a valid one elsewhere: it gives no access, and validate says so.
        #expect(try repo.star.run(["share", "grant", "--signed", consent, "--by", "adv-sophea"]).status == 0)
        try FileManager.default.moveItem(atPath: repo.star.path("consents/XX/XX-0001.yaml"), toPath: repo.keys + "/outside.yaml")
        try FileManager.default.createSymbolicLink(atPath: repo.star.path("consents/XX/XX-0001.yaml"), withDestinationPath: repo.keys + "/outside.yaml")
        let listed = try repo.star.run(["share", "list"])
        #expect(listed.status == 64 && listed.stdout.isEmpty)
        #expect(
            listed.stderr
                == "error: consents/XX/XX-0001.yaml: the file is a symbolic link; star reads only regular files inside the repository (replace the link with the file itself)\n"
        )
        #expect(try repo.export("bundle").stdout.isEmpty, "nothing of XX-0001 leaves")
        #expect(try repo.star.run(["validate"]).status == 1)
    }

    @Test func whatIsWrittenByHandIntoAConsentFileGivesNoAccessAndValidateNamesItsLine() throws {
        let repo = try SignedRepository()
        defer { repo.star.cleanUp() }
        let key = try repo.makeKey("angkor-hr")
        #expect(try repo.star.run(["factory", "key", "add", "XX-0001", "--public", key + ".pub", "--by", "adv-sophea"]).status == 0)
        #expect(try repo.star.run(["share", "grant", "--signed", try repo.signed(key, name: "good"), "--by", "adv-sophea"]).status == 0)
        let file = repo.star.path("consents/XX/XX-0001.yaml")
        let original = try String(contentsOfFile: file, encoding: .utf8)
        let signedLine = String(try #require(original.split(separator: "\n").last))
        // The signed line copied with a new id for southbay and every scope; an unsigned grant written by hand; the
        // consent copied into XX-0002's file.
        let widened = signedLine.replacingOccurrences(of: "grant: \"northwind\"", with: "grant: \"southbay\"")
            .replacingOccurrences(of: "scope: [\"assessments\"]", with: "scope: [\"assessments\", \"plans\", \"reports\"]")
            .replacingOccurrences(of: #"id: "[0-9a-f]{16}""#, with: "id: \"00000000000000aa\"", options: .regularExpression)
        let handWritten =
            "  - {by: \"Mallory\", from: \"2026-01-01\", grant: \"southbay\", id: \"00000000000000bb\", recorded: \"2026-02-01\", scope: [\"plans\"], time: \"2026-02-01T00:00:00.000Z\"}"
        try (original + widened + "\n" + handWritten + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        try original.replacingOccurrences(of: "XX-0001\"\n", with: "XX-0002\"\n").write(
            toFile: repo.star.path("consents/XX/XX-0002.yaml"), atomically: true, encoding: .utf8)
        #expect(try repo.star.run(["share", "list"]).stdout == "XX-0001\tnorthwind\tassessments\n")
        let validated = try repo.star.run(["validate"])
        #expect(validated.status == 1)
        #expect(
            validated.stdout.contains(
                "consents/XX/XX-0001.yaml:6:5: error: the grant of southbay (entry 00000000000000aa) gives no access: the entry's buyer (southbay) is not the signed statement's (northwind): the entry was changed after it was recorded [invalid-consent-signature]"
            )
                || validated.stdout.contains("consents/XX/XX-0001.yaml:6:"), "\(validated.stdout)")
        #expect(
            validated.stdout.contains("consents/XX/XX-0001.yaml:7:")
                && validated.stdout.contains(
                    "(entry 00000000000000bb) gives no access: the grant is not signed by the factory, and star.yaml sets 'consent: signed'")
        )
        #expect(
            validated.stdout.contains("consents/XX/XX-0002.yaml:5:")
                && validated.stdout.contains("the signed consent is for factory XX-0001, not XX-0002: a consent counts only for the factory it names"))
        // The export gives southbay nothing, and northwind nothing of XX-0002.
        let exported = try repo.star.run([
            "share", "export", "--buyer", "southbay", "--out", repo.keys + "/southbay", "--key", repo.keys + "/programme.key", "--by", "adv-test",
        ])
        #expect(exported.status == 0 && exported.stdout.isEmpty, "\(exported.stdout)")
        #expect(try repo.export("northwind").stdout.hasPrefix("XX-0001\tassessments\t"))
    }

    @Test func aBundleMadeUnderRecordedSaysSoAndFailsRequireSigned() throws {
        let repo = try SignedRepository(policy: "recorded")
        defer { repo.star.cleanUp() }
        let missing = try repo.star.run([
            "share", "grant", "--factory", "XX-0001", "--buyer", "northwind", "--scope", "assessments", "--from", "2026-01-01", "--by", "Sok Dara",
        ])
        #expect(missing.status == 64)
        #expect(
            missing.stderr
                == "error: star.yaml's consent policy is 'recorded': say where the factory's consent is kept, with --evidence (for example \"paper form #123, scanned in the country office\")\n"
        )
        #expect(
            try repo.star.run([
                "share", "grant", "--factory", "XX-0001", "--buyer", "northwind", "--scope", "assessments", "--from", "2026-01-01", "--by", "Sok Dara",
                "--evidence", "paper form #123",
            ]).status == 0)
        #expect(try repo.export("bundle").status == 0)
        let verified = try repo.verify("bundle")
        #expect(verified.status == 0)
        #expect(verified.stdout.contains("  XX-0001\tassessments\trecorded consent, evidence: paper form #123; not signed by the factory\n"))
        let strict = try repo.verify("bundle", ["--require-signed"])
        #expect(strict.status == 1)
        #expect(strict.stdout.contains("consent: XX-0001: not covered: assessments"))
    }

    /// docs/consent-signing.md's whole workflow, run as written, with star on the PATH and a home of its own.
    @Test func theFactoryWorkflowInTheDocsWorksAsWritten() throws {
        let star = try StarRunner(fixture: "minimal")
        defer { star.cleanUp() }
        try star.setConsentPolicy("signed")
        #expect(try star.run(["factory", "add", "KH-0001", "--name", "Angkor Apparel", "--country", "KH", "--industry", "garment"]).status == 0)
        #expect(try star.run(["buyer", "add", "northwind-retail", "--name", "Northwind Retail"]).status == 0)
        let docs = try String(contentsOfFile: StarRunner.packageRoot.appendingPathComponent("docs/consent-signing.md").path, encoding: .utf8)
        let begin = try #require(docs.range(of: "<!-- factory workflow: begin -->\n```sh\n"))
        let end = try #require(docs.range(of: "```\n<!-- factory workflow: end -->", range: begin.upperBound..<docs.endIndex))
        let home = star.directory.path + "-keys"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try String(docs[begin.upperBound..<end.lowerBound]).write(toFile: home + "/workflow.sh", atomically: true, encoding: .utf8)
        let path = StarRunner.binary.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let ran = try star.runProgram("/bin/sh", [home + "/workflow.sh"], environment: ["HOME": home, "PATH": path])
        #expect(ran.status == 0, "\(ran.stdout)\(ran.stderr)")
        #expect(ran.stdout.hasSuffix("KH-0001\tnorthwind-retail\tassessments,plans\n"), "\(ran.stdout)")
        #expect(ran.stdout.contains(": valid: signed with KH-0001's key SHA256:"))
        #expect(!FileManager.default.fileExists(atPath: star.path("angkor-hr.key")), "the private key stays in the factory's home")
    }

    @Test func aRepositoryWithoutAPolicyKeepsItsGrantsAndValidateSaysWhichLineToAdd() throws {
        let star = try StarRunner(fixture: "minimal")
        defer { star.cleanUp() }
        #expect(try star.run(["factory", "add", "XX-0001", "--name", "Factory", "--country", "XX", "--industry", "garment"]).status == 0)
        #expect(try star.run(["buyer", "add", "northwind", "--name", "Buyer"]).status == 0)
        #expect(try star.run(["share", "grant", "--factory", "XX-0001", "--buyer", "northwind", "--scope", "plans", "--by", "Sok Dara"]).status == 0)
        #expect(try star.run(["share", "list"]).stdout == "XX-0001\tnorthwind\tplans\n")
        let validated = try star.run(["validate", "--strict"])
        #expect(validated.status == 1)
        #expect(
            validated.stdout.contains(
                "star.yaml:1:1: warning: star.yaml sets no consent policy, so grants the factory did not sign give access (as 'consent: recorded') [consent-policy-unset]"
            ))
        #expect(validated.stdout.contains("add the line 'consent: signed' to star.yaml"))
        try star.setConsentPolicy("signe")
        let typo = try star.run(["validate"])
        #expect(typo.status == 1 && typo.stdout.contains("consent must be 'signed'"), "\(typo.stdout)")
        #expect(try star.run(["share", "list"]).stdout == "no consent in force on $TODAY\n", "an unknown policy is the stricter one")
    }
}
