import Foundation
import StarCore
import Testing

/// The example repository (real questionnaires, 11 factories) with its consents replaced by two known ones:
/// northwind-retail sees everything of KH-0001 and the assessments of KH-0002, from 2026-01-01, open-ended.
/// A programme key pair beside it (`$REPO-keys/programme`), and a secret that must never leave.
struct HostileRepository {
    let star: StarRunner
    let key: String
    /// Bytes that appear in no repository file: the private key's line, and a line of /etc/passwd.
    let secrets: [String]

    init() throws {
        star = try StarRunner()
        let examples = StarRunner.packageRoot.appendingPathComponent("examples")
        for name in try FileManager.default.contentsOfDirectory(atPath: examples.path) where ![".star", "consents", "shares"].contains(name) {
            try FileManager.default.copyItem(at: examples.appendingPathComponent(name), to: star.directory.appendingPathComponent(name))
        }
        try star.setConsentPolicy("recorded")
        for (factory, scope) in [("KH-0001", "assessments,plans,reports"), ("KH-0002", "assessments")] {
            let granted = try star.run([
                "share", "grant", "--factory", factory, "--buyer", "northwind-retail", "--scope", scope, "--from", "2026-01-01", "--by", "HR manager",
                "--evidence", "paper form",
            ])
            #expect(granted.status == 0, "\(granted.stderr)")
        }
        key = star.directory.path + "-keys/programme"
        #expect(try star.run(["keys", "generate", "--out", key]).status == 0)
        let keyLine = try String(contentsOfFile: key + ".key", encoding: .utf8).split(separator: "\n")[1]
        secrets = [String(keyLine), "root:x:0:0"]
    }

    /// Exports for northwind-retail to `bundles/<name>` and returns the run, after checking that no secret
    /// is in the bundle and that it verifies.
    func export(_ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> StarRunner.Output {
        let output = try star.run(["share", "export", "--buyer", "northwind-retail", "--out", "bundles/\(name)", "--by", "adv-test", "--key", key + ".key"])
        #expect(output.status != 9, "star hung and was killed", sourceLocation: sourceLocation)
        let bundle = star.path("bundles/\(name)")
        for file in (FileManager.default.subpaths(atPath: bundle) ?? []) {
            let path = (bundle as NSString).appendingPathComponent(file)
            guard !isFolder(path), let bytes = FileManager.default.contents(atPath: path) else { continue }
            let text = String(decoding: bytes, as: UTF8.self)
            for secret in secrets { #expect(!text.contains(secret), "\(file) carries a secret", sourceLocation: sourceLocation) }
        }
        if output.status == 0 {
            let verified = try star.run(["share", "verify", "bundles/\(name)", "--key", key + ".pub", "--buyer", "northwind-retail"])
            #expect(verified.status == 0, "\(verified.stdout)", sourceLocation: sourceLocation)
        }
        return output
    }

    /// The files of a bundle, relative, sorted.
    func files(_ name: String) -> [String] {
        let bundle = star.path("bundles/\(name)")
        return (FileManager.default.subpaths(atPath: bundle) ?? []).filter { !isFolder((bundle as NSString).appendingPathComponent($0)) }.sorted()
    }

    func replace(_ relative: String, with make: (String) throws -> Void) throws {
        try? FileManager.default.removeItem(atPath: star.path(relative))
        try make(star.path(relative))
    }

    func cleanUp() { star.cleanUp() }
}

private func isFolder(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
}

private let linkRefusal = "refused: the file is a symbolic link; star reads only regular files inside the repository (replace the link with the file itself)"

@Suite struct HostileRepositoryTests {
    @Test func aPlanLinkedToTheProgrammeKeyOrToEtcPasswdStaysBehindNamedAndValidateSaysWhy() throws {
        let repo = try HostileRepository()
        defer { repo.cleanUp() }
        for (name, target) in [("key", repo.key + ".key"), ("passwd", "/etc/passwd")] {
            try repo.replace("plans/KH/KH-0001.yaml") { try FileManager.default.createSymbolicLink(atPath: $0, withDestinationPath: target) }
            let output = try repo.export(name)
            #expect(output.status == 0)
            #expect(output.stderr.contains("left out: plans/KH/KH-0001.yaml: \(linkRefusal); nor does its progress report"), "\(output.stderr)")
            #expect(!repo.files(name).contains("plans/KH/KH-0001.yaml") && !repo.files(name).contains { $0.hasPrefix("reports/") })
            // The other consented factory is not held back.
            #expect(repo.files(name).contains("factories/KH/KH-0002.yaml"))
            let validated = try repo.star.run(["validate"])
            #expect(validated.status == 1)
            #expect(validated.stdout.contains("plans/KH/KH-0001.yaml:1:1: error: \(linkRefusal) [refused-file]"), "\(validated.stdout)")
            for secret in repo.secrets { #expect(!validated.stdout.contains(secret) && !validated.stderr.contains(secret)) }
        }
    }

    @Test func aHardLinkAndAFolderLinkedOutOfTheRepositoryAreRefused() throws {
        let repo = try HostileRepository()
        defer { repo.cleanUp() }
        // A hard link to a secret outside: a regular file, but with a second name outside the repository.
        let secret = repo.star.directory.path + "-keys/passwd"
        try "root:x:0:0:root:/root:/bin/bash\n".write(toFile: secret, atomically: true, encoding: .utf8)
        try repo.replace("plans/KH/KH-0001.yaml") { try FileManager.default.linkItem(atPath: secret, toPath: $0) }
        var output = try repo.export("hard")
        #expect(
            output.stderr.contains("left out: plans/KH/KH-0001.yaml: refused: the file has 2 hard links; a repository file must have one name only"),
            "\(output.stderr)")
        try FileManager.default.removeItem(atPath: repo.star.path("plans/KH/KH-0001.yaml"))
        // A folder of the repository linked to one outside, holding what looks like records.
        let outside = repo.star.directory.path + "-keys/outside"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: repo.star.path("assessments/KH/KH-0002"), toPath: outside + "/KH-0002")
        try FileManager.default.removeItem(atPath: repo.star.path("assessments/KH/KH-0002"))
        try FileManager.default.createSymbolicLink(atPath: repo.star.path("assessments/KH/KH-0002"), withDestinationPath: outside + "/KH-0002")
        output = try repo.export("folder")
        #expect(output.status == 0)
        #expect(!repo.files("folder").contains { $0.hasPrefix("assessments/KH/KH-0002/") })
        let validated = try repo.star.run(["validate"])
        #expect(
            validated.stdout.contains(
                "assessments/KH/KH-0002:1:1: error: refused: the folder assessments/KH/KH-0002 is a symbolic link; star reads only files inside the repository (replace the link with the folder itself) [refused-file]"
            ), "\(validated.stdout)")
    }

    @Test func aPlanHoldingAnotherFactorysPlanNeverLeavesUnderTheConsentingFactorysName() throws {
        let repo = try HostileRepository()
        defer { repo.cleanUp() }
        let other = try String(contentsOfFile: repo.star.path("plans/KH/KH-0002.yaml"), encoding: .utf8)
        try other.write(toFile: repo.star.path("plans/KH/KH-0001.yaml"), atomically: true, encoding: .utf8)
        let output = try repo.export("misplaced")
        #expect(output.status == 0)
        #expect(
            output.stderr.contains("left out: plans/KH/KH-0001.yaml: the file holds the plan of 'KH-0002', not of KH-0001; nor does its progress report"),
            "\(output.stderr)")
        #expect(!repo.files("misplaced").contains("plans/KH/KH-0001.yaml"))
    }

    @Test func fifosDevicesAndHugeFilesAreRefusedWithinSecondsAndNothingHangs() throws {
        let repo = try HostileRepository()
        defer { repo.cleanUp() }
        try repo.replace("plans/KH/KH-0001.yaml") { #expect(mkfifo($0, 0o644) == 0) }
        try repo.replace("consents/KH/KH-0002.yaml") { try FileManager.default.createSymbolicLink(atPath: $0, withDestinationPath: "/dev/zero") }
        let record = try #require(FileManager.default.contentsOfDirectory(atPath: repo.star.path("assessments/KH/KH-0001")).sorted().last)
        try repo.replace("assessments/KH/KH-0001/\(record)") { path in
            // Sparse: 2 GB that take no room, and must take no memory.
            #expect(FileManager.default.createFile(atPath: path, contents: nil))
            let handle = try #require(FileHandle(forWritingAtPath: path))
            try handle.truncate(atOffset: 2 << 30)
            try handle.close()
        }
        let output = try repo.export("special")
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stderr.contains("left out: plans/KH/KH-0001.yaml: refused: the file is a FIFO (named pipe), not a regular file"), "\(output.stderr)")
        #expect(output.stderr.contains("left out: consents/KH/KH-0002.yaml: the consent file has errors"), "\(output.stderr)")
        #expect(
            output.stderr.contains("left out: assessments/KH/KH-0001/\(record): refused: the file is 2.0 GB, more than the 32 MB a file of its kind may hold"),
            "\(output.stderr)")
        #expect(!repo.files("special").contains { $0.hasPrefix("factories/KH/KH-0002") }, "a broken consent file gives no access")
        let validated = try repo.star.run(["validate"])
        #expect(validated.status == 1)
        for expected in [
            "plans/KH/KH-0001.yaml:1:1: error: refused: the file is a FIFO (named pipe), not a regular file [refused-file]",
            "consents/KH/KH-0002.yaml:1:1: error: \(linkRefusal) [refused-file]",
            "assessments/KH/KH-0001/\(record):1:1: error: refused: the file is 2.0 GB, more than the 32 MB a file of its kind may hold [refused-file]",
        ] {
            #expect(validated.stdout.contains(expected), "\(expected)\n\(validated.stdout)")
        }
    }

    @Test func aConsentOfAHundredThousandEntriesIsRefusedByItsSizeAndGivesNoAccess() throws {
        let repo = try HostileRepository()
        defer { repo.cleanUp() }
        var text = "star: \"consent/1\"\nfactory: \"KH-0002\"\nentries:\n"
        for day in 0..<100_000 {
            text +=
                "  - {grant: \"northwind-retail\", scope: [\"assessments\", \"plans\"], from: \"2026-01-01\", by: \"HR \(day)\", recorded: \"2026-01-01\"}\n"
        }
        try text.write(toFile: repo.star.path("consents/KH/KH-0002.yaml"), atomically: true, encoding: .utf8)
        let output = try repo.export("flood")
        #expect(output.status == 0)
        #expect(output.stderr.contains("left out: consents/KH/KH-0002.yaml: the consent file has errors"), "\(output.stderr)")
        #expect(output.stderr.contains("more than the 8 MB a file of its kind may hold"), "\(output.stderr)")
        #expect(!repo.files("flood").contains("factories/KH/KH-0002.yaml"))
        #expect(repo.files("flood").contains("factories/KH/KH-0001.yaml"))
    }

    /// Under 8 MB, so read: 20,000 grants each revoked by the next entry, then one last grant. Judging it scanned
    /// every entry for every grant once (minutes, past the runner's watchdog); it must stay the access it says.
    @Test func aConsentOfFortyThousandGrantsAndRevocationsIsJudgedRightWithoutHanging() throws {
        let repo = try HostileRepository()
        defer { repo.cleanUp() }
        var text = "star: \"consent/2\"\nfactory: \"KH-0002\"\nentries:\n"
        func time(_ index: Int) -> String {
            String(format: "2026-11-01T%02d:%02d:%02d.%03dZ", index / 3_600_000, index / 60_000 % 60, index / 1000 % 60, index % 1000)
        }
        for index in 0...40_000 {
            let id = String(format: "%016x", index)
            text +=
                index % 2 == 0
                ? "  - {by: \"HR\", evidence: \"form \(index)\", from: \"2026-01-01\", grant: \"northwind-retail\", id: \"\(id)\", recorded: \"2026-11-01\", scope: [\"assessments\", \"plans\"], time: \"\(time(index))\"}\n"
                : "  - {at: \"2026-11-01\", by: \"HR\", id: \"\(id)\", recorded: \"2026-11-01\", revoke: \"northwind-retail\", time: \"\(time(index))\"}\n"
        }
        #expect(text.utf8.count < 8 << 20)
        try text.write(toFile: repo.star.path("consents/KH/KH-0002.yaml"), atomically: true, encoding: .utf8)
        let listed = try repo.star.run(["share", "list", "--buyer", "northwind-retail"])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("KH-0002\tnorthwind-retail\tassessments,plans\n"), "\(listed.stdout)")
        // Revoked by a later entry, a grant gives nothing: the same file without its last grant lists no KH-0002.
        let withoutLast = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast(2).joined(separator: "\n") + "\n"
        try withoutLast.write(toFile: repo.star.path("consents/KH/KH-0002.yaml"), atomically: true, encoding: .utf8)
        let revoked = try repo.star.run(["share", "list", "--buyer", "northwind-retail"])
        #expect(revoked.status == 0, "\(revoked.stderr)")
        #expect(!revoked.stdout.contains("KH-0002"), "\(revoked.stdout)")
    }

    @Test func aFactoryIdRegisteredInTwoCountriesIsAnErrorAndLeavesNothing() throws {
        let repo = try HostileRepository()
        defer { repo.cleanUp() }
        let entry = try String(contentsOfFile: repo.star.path("factories/KH/KH-0002.yaml"), encoding: .utf8)
        try FileManager.default.createDirectory(atPath: repo.star.path("factories/VN"), withIntermediateDirectories: true)
        let copy = entry.split(separator: "\n").filter { !$0.hasPrefix("os-id:") }.joined(separator: "\n") + "\n"
        try copy.replacingOccurrences(of: "country: \"KH\"", with: "country: \"VN\"").write(
            toFile: repo.star.path("factories/VN/KH-0002.yaml"), atomically: true, encoding: .utf8)
        let validated = try repo.star.run(["validate"])
        #expect(
            validated.stdout.contains(
                "factories/KH/KH-0002.yaml:1:1: error: factory 'KH-0002' is registered 2 times: factories/KH/KH-0002.yaml, factories/VN/KH-0002.yaml; an id names one factory [duplicate-factory]"
            ), "\(validated.stdout)")
        let output = try repo.export("twice")
        #expect(
            output.stderr.contains("left out: factories/KH/KH-0002.yaml: the registry entry has errors (see 'star validate'); nothing of KH-0002 leaves"),
            "\(output.stderr)")
        #expect(!repo.files("twice").contains { $0.contains("KH-0002") })
    }

    @Test func aBundleWithAFIFOALinkToDevZeroOrAnExtraFolderFailsVerificationWithoutHanging() throws {
        let repo = try HostileRepository()
        defer { repo.cleanUp() }
        #expect(try repo.export("clean").status == 0)
        let listed = try #require(repo.files("clean").first { $0.hasPrefix("assessments/") })
        let bundle = repo.star.path("bundles/clean")
        // A listed file replaced by a link to /dev/zero, one by a FIFO; an unlisted folder with a link in it.
        try FileManager.default.removeItem(atPath: bundle + "/" + listed)
        try FileManager.default.createSymbolicLink(atPath: bundle + "/" + listed, withDestinationPath: "/dev/zero")
        try FileManager.default.removeItem(atPath: bundle + "/factories/KH/KH-0002.yaml")
        #expect(mkfifo(bundle + "/factories/KH/KH-0002.yaml", 0o644) == 0)
        try FileManager.default.createDirectory(atPath: bundle + "/extra", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: bundle + "/extra/passwd", withDestinationPath: "/etc/passwd")
        try FileManager.default.createDirectory(atPath: bundle + "/empty", withIntermediateDirectories: true)
        let verified = try repo.star.run(["share", "verify", "bundles/clean", "--key", repo.key + ".pub"])
        #expect(verified.status == 1)
        #expect(verified.stdout.contains("modified: \(listed) (the file is a symbolic link;"), "\(verified.stdout)")
        #expect(verified.stdout.contains("modified: factories/KH/KH-0002.yaml (the file is a FIFO (named pipe), not a regular file)"), "\(verified.stdout)")
        #expect(verified.stdout.contains("extra: extra/passwd (it is a symbolic link;"), "\(verified.stdout)")
        #expect(verified.stdout.contains("extra: empty/ (a folder the manifest does not list)"), "\(verified.stdout)")
        #expect(verified.stderr.contains("NOT verified"))
    }

    /// Random kills at any point of an export: a bundle at --out always has its log entry, and what a killed
    /// export left is removed by the next one.
    @Test func randomKillsDuringExportNeverReleaseAnUnloggedBundle() throws {
        let repo = try HostileRepository()
        defer { repo.cleanUp() }
        let started = Date()
        #expect(try repo.export("timing").status == 0)
        let duration = Date().timeIntervalSince(started)
        var released = 0
        var killed = 0
        for run in 0..<30 {
            let process = Process()
            process.executableURL = StarRunner.binary
            process.arguments = [
                "share", "export", "--buyer", "northwind-retail", "--out", "bundles/run-\(run)", "--by", "adv-test", "--key", repo.key + ".key",
            ]
            process.currentDirectoryURL = repo.star.directory
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32.random(in: 0...UInt32(duration * 1_000_000)))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed += 1
            }
            process.waitUntilExit()
            let manifest = repo.star.path("bundles/run-\(run)/manifest.json")
            guard let bytes = FileManager.default.contents(atPath: manifest) else { continue }
            released += 1
            let digest = ContentDigest.of(bytes: [UInt8](bytes))
            let log = (try? String(contentsOfFile: repo.star.path("shares/northwind-retail.yaml"), encoding: .utf8)) ?? ""
            #expect(log.contains(digest), "run \(run): a bundle was released without its log entry")
        }
        #expect(killed > 0, "no export was interrupted: the kills came too late")
        // The next export removes what the killed ones left: no hidden staging folder remains.
        #expect(try repo.export("after").status == 0)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: repo.star.path("bundles")).filter { $0.hasPrefix(".") }
        #expect(leftovers == [], "\(released) released, \(killed) killed")
    }
}
