import Foundation
import StarCore
import Testing

/// The minimal fixture with factories XX-0001 and XX-0002 and buyers northwind and southbay; keys go beside the
/// repository, never in it.
private func consentRepository() throws -> (star: StarRunner, keys: String) {
    let star = try StarRunner(fixture: "minimal")
    for id in ["XX-0001", "XX-0002"] {
        #expect(try star.run(["factory", "add", id, "--name", "Factory \(id)", "--country", "XX", "--industry", "garment"]).status == 0)
    }
    for id in ["northwind", "southbay"] {
        #expect(try star.run(["buyer", "add", id, "--name", "Buyer \(id)"]).status == 0)
    }
    let keys = star.directory.path + "-keys"
    try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
    return (star, keys)
}

private let sshKeygen = "/usr/bin/ssh-keygen"

private func sshKeygen(_ star: StarRunner, _ arguments: [String], stdin: String? = nil) throws -> StarRunner.Output {
    try #require(FileManager.default.isExecutableFile(atPath: sshKeygen), "ssh-keygen is missing: apt-get install -y openssh-client")
    return try star.runProgram(sshKeygen, arguments, stdin: stdin)
}

private func fingerprint(_ star: StarRunner, _ factory: String) throws -> String {
    String(try star.run(["factory", "key", "list", factory]).stdout.prefix { $0 != "\t" })
}

@Suite struct ConsentCommandTests {
    @Test func aFactorySignsWithAStarKeyAndTheCountryTeamChecksIt() throws {
        let (star, keys) = try consentRepository()
        defer { star.cleanUp() }
        #expect(try star.run(["keys", "generate", "--out", keys + "/angkor-hr"]).status == 0)
        let added = try star.run(["factory", "key", "add", "XX-0001", "--public", keys + "/angkor-hr.pub", "--by", "adv-sophea"])
        #expect(added.status == 0, "\(added.stderr)")
        let print = try fingerprint(star, "XX-0001")
        #expect(print.hasPrefix("SHA256:") && print.count == 50)
        #expect(added.stdout == "registered key \(print) for XX-0001 from $TODAY\n")
        #expect(try star.run(["factory", "key", "list", "XX-0001"]).stdout == "\(print)\tin force\tadded $TODAY by adv-sophea\n")

        let signed = try star.run([
            "consent", "sign", "--factory", "XX-0001", "--buyer", "northwind", "--scope", "plans,assessments",
            "--from", "2027-01-01", "--until", "2027-12-31", "--key", keys + "/angkor-hr.key", "--out", keys + "/consent.sig",
        ])
        #expect(signed.status == 0, "\(signed.stderr)")
        #expect(
            signed.stdout
                == "wrote $REPO-keys/consent.sig: XX-0001 lets northwind see assessments, plans from 2027-01-01 until 2027-12-31, signed with \(print)\n")
        let text = try String(contentsOfFile: keys + "/consent.sig", encoding: .utf8)
        #expect(
            text.hasPrefix(
                "star-consent/1\nfactory: XX-0001\nbuyer: northwind\nscope: assessments,plans\nfrom: 2027-01-01\nuntil: 2027-12-31\nissued: \(StarRunner.today)\nnonce: "
            ))
        let checked = try star.run(["consent", "check", keys + "/consent.sig"])
        #expect(checked.status == 0, "\(checked.stderr)")
        #expect(checked.stdout.hasSuffix("$REPO-keys/consent.sig: valid: signed with XX-0001's key \(print) (added $TODAY by adv-sophea)\n"))
        #expect(checked.stdout.hasPrefix("XX-0001 lets northwind see assessments, plans from 2027-01-01 until 2027-12-31 (issued $TODAY, nonce "))

        // Replayed to another buyer by editing the file: the signature no longer matches.
        try text.replacingOccurrences(of: "buyer: northwind", with: "buyer: southbay").write(toFile: keys + "/replayed.sig", atomically: true, encoding: .utf8)
        let replayed = try star.run(["consent", "check", keys + "/replayed.sig"])
        #expect(replayed.status == 1)
        #expect(
            replayed.stderr
                == "error: $REPO-keys/replayed.sig: NOT valid: the signature by \(print) does not match the statement: the statement was changed after it was signed, or the signature is forged\n"
        )

        // Signed with a key that is not registered.
        #expect(try star.run(["keys", "generate", "--out", keys + "/stranger"]).status == 0)
        #expect(
            try star.run([
                "consent", "sign", "--factory", "XX-0001", "--buyer", "northwind", "--scope", "plans", "--from", "2027-01-01",
                "--key", keys + "/stranger.key", "--out", keys + "/stranger.sig",
            ]).status == 0)
        let stranger = try star.run(["consent", "check", keys + "/stranger.sig"])
        #expect(stranger.status == 1)
        #expect(
            stranger.stderr.contains("NOT valid: signed with the key SHA256:")
                && stranger.stderr.hasSuffix(", which is not registered for XX-0001 ('star factory key list XX-0001' shows its keys)\n"))

        // Once the key is retired (today), what it signs today is refused.
        let retired = try star.run(["factory", "key", "retire", "XX-0001", "--fingerprint", print, "--by", "adv-dara"])
        #expect(retired.stdout == "retired key \(print) of XX-0001 from $TODAY\n")
        #expect(try star.run(["factory", "key", "list", "XX-0001"]).stdout == "\(print)\tretired $TODAY by adv-dara\tadded $TODAY by adv-sophea\n")
        let afterRetirement = try star.run(["consent", "check", keys + "/consent.sig"])
        #expect(afterRetirement.status == 1)
        #expect(
            afterRetirement.stderr
                == "error: $REPO-keys/consent.sig: NOT valid: signed with the key \(print), retired on $TODAY, on or before the day the statement was issued ($TODAY)\n"
        )
        let json = try star.run(["factory", "key", "list", "XX-0001", "--format", "json"])
        #expect(json.stdout.contains("\"retired-by\": \"adv-dara\"") && json.stdout.contains("\"key\": \"ssh-ed25519 AAAA"))
    }

    @Test func refusalsSayWhy() throws {
        let (star, keys) = try consentRepository()
        defer { star.cleanUp() }
        #expect(try star.run(["keys", "generate", "--out", keys + "/hr"]).status == 0)
        let sign = ["consent", "sign", "--factory", "XX-0001", "--buyer", "northwind", "--scope", "plans", "--from", "2027-01-01", "--key", keys + "/hr.key"]
        chmod(keys + "/hr.key", 0o644)
        let readable = try star.run(sign + ["--out", keys + "/c.sig"])
        #expect(readable.status == 64)
        #expect(
            readable.stderr
                == "error: $REPO-keys/hr.key can be read by other users (mode 644); a private key must be readable by its owner only: run 'chmod 600 $REPO-keys/hr.key'\n"
        )
        chmod(keys + "/hr.key", 0o600)
        try FileManager.default.createSymbolicLink(atPath: keys + "/link.key", withDestinationPath: keys + "/hr.key")
        let linked = try star.run(sign.dropLast() + [keys + "/link.key", "--out", keys + "/c.sig"])
        #expect(linked.stderr == "error: $REPO-keys/link.key is a symbolic link; give the key file itself (a link can be pointed at another file)\n")
        #expect(!FileManager.default.fileExists(atPath: keys + "/c.sig"))
        #expect(try star.run(sign + ["--out", keys + "/c.sig"]).status == 0)
        let again = try star.run(sign + ["--out", keys + "/c.sig"])
        #expect(again.status == 73)
        #expect(again.stderr == "error: $REPO-keys/c.sig already exists; choose another --out (a consent file is never overwritten)\n")
        let unknownBuyer = try star.run([
            "consent", "statement", "--factory", "XX-0001", "--buyer", "nortwind", "--scope", "plans", "--from", "2027-01-01", "--out", keys + "/s.txt",
        ])
        #expect(unknownBuyer.status == 64)
        #expect(unknownBuyer.stderr == "error: no buyer 'nortwind' is registered (did you mean 'northwind'?); 'star buyer list' shows those that are\n")
        let badScope = try star.run([
            "consent", "statement", "--factory", "XX-0001", "--buyer", "northwind", "--scope", "everything", "--from", "2027-01-01", "--out", keys + "/s.txt",
        ])
        #expect(badScope.stderr == "error: --scope 'everything' is not one of assessments, plans, reports\n")
        let backwards = try star.run([
            "consent", "statement", "--factory", "XX-0001", "--buyer", "northwind", "--scope", "plans", "--from", "2027-01-01", "--until", "2026-01-01",
            "--out", keys + "/s.txt",
        ])
        #expect(backwards.stderr == "error: the consent ends (2026-01-01) before it starts (2027-01-01)\n")
        // The check of a consent whose factory has no key.
        let noKey = try star.run(["consent", "check", keys + "/c.sig"])
        #expect(noKey.status == 1)
        #expect(noKey.stderr.contains("NOT valid: signed with the key SHA256:") && noKey.stderr.contains("which is not registered for XX-0001"))
        // Keys: a private key given as public, an RSA key, a key registered twice, an unknown fingerprint.
        let privateGiven = try star.run(["factory", "key", "add", "XX-0001", "--public", keys + "/hr.key", "--by", "adv-sophea"])
        #expect(privateGiven.status == 64)
        #expect(
            privateGiven.stderr
                == "error: $REPO-keys/hr.key is a private key; give the public key (the .pub file beside it). The private key must never leave the factory\n")
        try "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 me@host\n".write(toFile: keys + "/rsa.pub", atomically: true, encoding: .utf8)
        let rsa = try star.run(["factory", "key", "add", "XX-0001", "--public", keys + "/rsa.pub", "--by", "adv-sophea"])
        #expect(
            rsa.stderr
                == "error: $REPO-keys/rsa.pub: the key is an RSA key (ssh-rsa); star accepts Ed25519 keys only: make one with 'ssh-keygen -t ed25519' or 'star keys generate'\n"
        )
        #expect(try star.run(["factory", "key", "add", "XX-0001", "--public", keys + "/hr.pub", "--by", "adv-sophea"]).status == 0)
        let print = try fingerprint(star, "XX-0001")
        let twice = try star.run(["factory", "key", "add", "XX-0001", "--public", keys + "/hr.pub", "--by", "adv-dara"])
        #expect(twice.status == 64)
        #expect(
            twice.stderr
                == "error: the key \(print) is already registered for XX-0001 (added $TODAY by adv-sophea) and is in force; a key is registered once and never re-added\n"
        )
        let unknown = try star.run(["factory", "key", "retire", "XX-0001", "--fingerprint", "SHA256:abc", "--by", "adv-dara"])
        #expect(
            unknown.stderr
                == "error: no key SHA256:abc is registered for XX-0001 (its keys: \(print)); copy the fingerprint from 'star factory key list XX-0001'\n")
        #expect(try star.run(["consent", "check", keys + "/c.sig"]).status == 0)
        // Not a signed consent at all.
        let bare = try star.run(["consent", "check", keys + "/rsa.pub"])
        #expect(
            bare.stderr
                == "error: $REPO-keys/rsa.pub: the file holds no SSH signature: it must be the statement followed by '-----BEGIN SSH SIGNATURE-----' ... '-----END SSH SIGNATURE-----'\n"
        )
        // The factory file is still read by every command.
        #expect(try star.run(["factory", "list"]).status == 0)
        #expect(try star.run(["validate"]).status == 0)
        let noBy = try star.run(["factory", "key", "retire", "XX-0001", "--fingerprint", print, "--by", " "])
        #expect(noBy.stderr == "error: --by is empty: say who retires the key\n")
        let none = try star.run(["factory", "key", "list", "XX-0002"])
        #expect(none.status == 0 && none.stdout.isEmpty)
        #expect(none.stderr == "XX-0002 has no key registered; 'star factory key add' registers one\n")
    }

    @Test func aConsentSignedAwayFromTheRepositoryIsStillCheckedForItsBuyer() throws {
        let (star, keys) = try consentRepository()
        defer { star.cleanUp() }
        #expect(try star.run(["keys", "generate", "--out", keys + "/hr"]).status == 0)
        #expect(try star.run(["factory", "key", "add", "XX-0001", "--public", keys + "/hr.pub", "--by", "adv-sophea"]).status == 0)
        // On the factory's computer there is no repository: the ids cannot be checked, and star says so.
        let away = "../" + URL(fileURLWithPath: keys).lastPathComponent
        let signed = try star.run(
            [
                "consent", "sign", "--factory", "XX-0001", "--buyer", "nordwind", "--scope", "plans", "--from", "2027-01-01",
                "--key", "hr.key", "--out", "c.sig",
            ], in: away)
        #expect(signed.status == 0, "\(signed.stderr)")
        #expect(signed.stderr == "note: no star repository here, so XX-0001 and nordwind were not checked against the registry\n")
        let checked = try star.run(["consent", "check", keys + "/c.sig"])
        #expect(checked.status == 1)
        #expect(
            checked.stderr
                == "error: $REPO-keys/c.sig: the signature is good, but no buyer 'nordwind' is registered (did you mean 'northwind'?); 'star buyer list' shows those that are\n"
        )
        // --root naming a folder that is no repository is an error, not "no repository".
        let wrongRoot = try star.run(
            [
                "consent", "statement", "--factory", "XX-0001", "--buyer", "northwind", "--scope", "plans", "--from", "2027-01-01",
                "--out", "s.txt", "--root", keys,
            ], in: away)
        #expect(wrongRoot.status == 66)
        // A factory file whose keys were edited by hand: nothing is checked against it until it is fixed.
        let file = star.path("factories/XX/XX-0001.yaml")
        try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(of: "fingerprint: \"SHA256:", with: "fingerprint: \"SHA256:A").write(
            toFile: file, atomically: true, encoding: .utf8)
        let broken = try star.run(["consent", "check", keys + "/c.sig"])
        #expect(broken.status == 64)
        #expect(broken.stderr.hasPrefix("error: factories/XX/XX-0001.yaml has errors; fix it first: the fingerprint 'SHA256:A"))
        let validate = try star.run(["validate"])
        #expect(validate.status == 1)
        #expect(validate.stdout.contains("factories/XX/XX-0001.yaml:7:5: error: the fingerprint 'SHA256:A") && validate.stdout.contains("[invalid-key]"))
    }

    @Test func aConsentSignedWithSSHKeygenIsCheckedByStar() throws {
        let (star, keys) = try consentRepository()
        defer { star.cleanUp() }
        #expect(try sshKeygen(star, ["-q", "-t", "ed25519", "-N", "", "-C", "hr@factory.example", "-f", keys + "/id_ed25519"]).status == 0)
        #expect(try star.run(["factory", "key", "add", "XX-0001", "--public", keys + "/id_ed25519.pub", "--by", "adv-sophea"]).status == 0)
        let printed = try sshKeygen(star, ["-l", "-f", keys + "/id_ed25519.pub"]).stdout
        let print = try fingerprint(star, "XX-0001")
        #expect(printed.hasPrefix("256 \(print) "), "star's fingerprint is ssh-keygen's")

        let statement = try star.run([
            "consent", "statement", "--factory", "XX-0001", "--buyer", "northwind", "--scope", "assessments",
            "--from", "2027-01-01", "--out", keys + "/consent.txt",
        ])
        #expect(statement.status == 0, "\(statement.stderr)")
        #expect(statement.stdout == "wrote $REPO-keys/consent.txt: XX-0001 lets northwind see assessments from 2027-01-01 until revoked\n")
        #expect(statement.stderr == "sign it with: ssh-keygen -Y sign -f YOUR_KEY -n star-consent $REPO-keys/consent.txt\n")
        let signing = try sshKeygen(star, ["-Y", "sign", "-f", keys + "/id_ed25519", "-n", "star-consent", keys + "/consent.txt"])
        #expect(signing.status == 0, "\(signing.stderr)")
        let apart = try star.run(["consent", "check", keys + "/consent.txt", "--signature", keys + "/consent.txt.sig"])
        #expect(apart.status == 0, "\(apart.stderr)")
        #expect(apart.stdout.hasSuffix("valid: signed with XX-0001's key \(print) (added $TODAY by adv-sophea)\n"))
        let joined = try String(contentsOfFile: keys + "/consent.txt", encoding: .utf8) + String(contentsOfFile: keys + "/consent.txt.sig", encoding: .utf8)
        try joined.write(toFile: keys + "/consent.sig", atomically: true, encoding: .utf8)
        #expect(try star.run(["consent", "check", keys + "/consent.sig"]).status == 0)

        // ssh-keygen's sha256 variant is read too.
        try FileManager.default.copyItem(atPath: keys + "/consent.txt", toPath: keys + "/sha256.txt")
        #expect(
            try sshKeygen(star, ["-Y", "sign", "-f", keys + "/id_ed25519", "-n", "star-consent", "-O", "hashalg=sha256", keys + "/sha256.txt"]).status == 0)
        #expect(try star.run(["consent", "check", keys + "/sha256.txt", "--signature", keys + "/sha256.txt.sig"]).status == 0)

        // The same key and file signed under ssh-keygen's usual namespace is not a consent.
        try FileManager.default.copyItem(atPath: keys + "/consent.txt", toPath: keys + "/other.txt")
        #expect(try sshKeygen(star, ["-Y", "sign", "-f", keys + "/id_ed25519", "-n", "file", keys + "/other.txt"]).status == 0)
        let namespace = try star.run(["consent", "check", keys + "/other.txt", "--signature", keys + "/other.txt.sig"])
        #expect(namespace.status == 1)
        #expect(
            namespace.stderr
                == "error: $REPO-keys/other.txt: NOT valid: the signature was made for the namespace 'file', not 'star-consent'; sign with 'ssh-keygen -Y sign -n star-consent' or 'star consent sign'\n"
        )
    }

    @Test func aConsentSignedByStarIsVerifiedBySSHKeygen() throws {
        let (star, keys) = try consentRepository()
        defer { star.cleanUp() }
        #expect(try star.run(["keys", "generate", "--out", keys + "/hr"]).status == 0)
        #expect(try star.run(["factory", "key", "add", "XX-0001", "--public", keys + "/hr.pub", "--by", "adv-sophea"]).status == 0)
        #expect(
            try star.run([
                "consent", "sign", "--factory", "XX-0001", "--buyer", "northwind", "--scope", "assessments,plans,reports",
                "--from", "2027-01-01", "--key", keys + "/hr.key", "--out", keys + "/consent.sig",
            ]).status == 0)
        let text = try String(contentsOfFile: keys + "/consent.sig", encoding: .utf8)
        let begin = try #require(text.range(of: "-----BEGIN SSH SIGNATURE-----"))
        try String(text[..<begin.lowerBound]).write(toFile: keys + "/statement.txt", atomically: true, encoding: .utf8)
        try String(text[begin.lowerBound...]).write(toFile: keys + "/statement.txt.sig", atomically: true, encoding: .utf8)
        let listed = try star.run(["factory", "key", "list", "XX-0001", "--format", "json"]).stdout
        let line = try #require(listed.split(separator: "\n").first { $0.contains("\"key\": ") }).split(separator: "\"")[3]
        try "factory namespaces=\"star-consent\" \(line)\n".write(toFile: keys + "/allowed_signers", atomically: true, encoding: .utf8)
        let verify = ["-Y", "verify", "-f", keys + "/allowed_signers", "-I", "factory", "-n", "star-consent", "-s", keys + "/statement.txt.sig"]
        let good = try sshKeygen(star, verify, stdin: String(text[..<begin.lowerBound]))
        #expect(good.status == 0, "\(good.stdout)\(good.stderr)")
        #expect((good.stdout + good.stderr).contains("Good \"star-consent\" signature for factory with ED25519 key \(try fingerprint(star, "XX-0001"))"))
        let altered = try sshKeygen(star, verify, stdin: String(text[..<begin.lowerBound]).replacingOccurrences(of: "northwind", with: "southbay"))
        #expect(altered.status != 0)
        let otherNamespace = try sshKeygen(star, verify.map { $0 == "star-consent" ? "file" : $0 }, stdin: String(text[..<begin.lowerBound]))
        #expect(otherNamespace.status != 0)
    }

    /// The shell script between the ssh-keygen recipe's markers in docs/consent-signing.md.
    static func recipe() throws -> String {
        let docs = try String(contentsOf: StarRunner.packageRoot.appendingPathComponent("docs/consent-signing.md"), encoding: .utf8)
        let begin = try #require(docs.range(of: "<!-- ssh-keygen recipe: begin -->\n```sh\n"))
        let end = try #require(docs.range(of: "```\n<!-- ssh-keygen recipe: end -->", range: begin.upperBound..<docs.endIndex))
        return String(docs[begin.upperBound..<end.lowerBound])
    }

    @Test func theDocumentedSSHKeygenRecipeChecksARealConsentAndCatchesAChange() throws {
        let (star, keys) = try consentRepository()
        defer { star.cleanUp() }
        try #require(FileManager.default.isExecutableFile(atPath: sshKeygen), "ssh-keygen is missing: apt-get install -y openssh-client")
        #expect(try star.run(["keys", "generate", "--out", keys + "/hr"]).status == 0)
        #expect(try star.run(["factory", "key", "add", "XX-0001", "--public", keys + "/hr.pub", "--by", "adv-sophea"]).status == 0)
        #expect(
            try star.run([
                "consent", "sign", "--factory", "XX-0001", "--buyer", "northwind", "--scope", "plans", "--from", "2027-01-01",
                "--key", keys + "/hr.key", "--out", keys + "/consent.sig",
            ]).status == 0)
        let listed = try star.run(["factory", "key", "list", "XX-0001", "--format", "json"]).stdout
        let key = String(try #require(listed.split(separator: "\n").first { $0.contains("\"key\": ") }).split(separator: "\"")[3])
        try Self.recipe().write(toFile: keys + "/recipe.sh", atomically: true, encoding: .utf8)
        func runRecipe(_ consent: String) throws -> StarRunner.Output {
            try star.runProgram("/bin/sh", ["-c", "cd \"$0\" && sh recipe.sh", keys], environment: ["KEY": key, "CONSENT": consent])
        }
        let good = try runRecipe(keys + "/consent.sig")
        #expect(good.status == 0, "\(good.stdout)\(good.stderr)")
        #expect((good.stdout + good.stderr).contains("Good \"star-consent\" signature for factory with ED25519 key "))
        #expect(
            good.stdout.hasSuffix(
                "\nstar-consent/1\nfactory: XX-0001\nbuyer: northwind\nscope: plans\nfrom: 2027-01-01\nissued: $TODAY\n"
                    + String(good.stdout.split(separator: "\n").last!) + "\n"))
        let text = try String(contentsOfFile: keys + "/consent.sig", encoding: .utf8)
        try text.replacingOccurrences(of: "scope: plans", with: "scope: assessments,plans").write(
            toFile: keys + "/changed.sig", atomically: true, encoding: .utf8)
        let changed = try runRecipe(keys + "/changed.sig")
        #expect(changed.status != 0)
        #expect(!(changed.stdout + changed.stderr).contains("Good \"star-consent\" signature"))
    }

    @Test func theSignedConsentShownInTheDocsIsValid() throws {
        let docs = try String(contentsOf: StarRunner.packageRoot.appendingPathComponent("docs/consent-signing.md"), encoding: .utf8)
        let start = try #require(
            docs.range(
                of:
                    "```\nstar-consent/1\nfactory: KH-0001\nbuyer: northwind-retail\nscope: assessments,plans\nfrom: 2027-01-01\nuntil: 2027-12-31\nissued: 2026-12-03"
            ))
        let end = try #require(docs.range(of: "-----END SSH SIGNATURE-----\n", range: start.upperBound..<docs.endIndex))
        let signed = try SignedConsent(text: String(docs[docs.index(start.lowerBound, offsetBy: 4)..<end.upperBound]))
        // A genuine signature of the statement shown, by the key it names.
        let keys = FactoryKeys(
            factory: "KH-0001", keys: [FactoryKey(publicKey: signed.signature.publicKey, added: CalendarDate("2026-12-03")!, by: "adv-sophea")])
        #expect(try signed.verify(keys: keys, recorded: CalendarDate("2026-12-03")).get().fingerprint == "SHA256:a2K51bXlnUyofSHcjSe2vYVvFr4oPaMWyrYFpqzRtLA")
        #expect(docs.contains("signed with KH-0001's key SHA256:a2K51bXlnUyofSHcjSe2vYVvFr4oPaMWyrYFpqzRtLA"))
    }
}
