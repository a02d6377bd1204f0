import Foundation
import Testing

/// `star validate --since REV` on real git history: rewrites committed by hand are reported, appends made
/// with star are not.
@Suite struct HistoryCommandTests {
    private func edit(_ repository: GitRepository, _ relative: String, _ change: (String) -> String) throws {
        let path = repository.star.path(relative)
        try change(try String(contentsOfFile: path, encoding: .utf8)).write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The repository of GitRepository.make with a revocation, a plan update and an export, committed as `main`'s tip.
    private func history() throws -> GitRepository {
        let repository = try GitRepository.make()
        try "keys/\nbundles/\n".write(toFile: repository.star.path(".git/info/exclude"), atomically: true, encoding: .utf8)
        try repository.star(["keys", "generate", "--out", repository.star.directory.path + "-keys/signing"])
        try repository.star(["share", "revoke", "--factory", "XX-0001", "--buyer", "northwind", "--at", "2026-07-01", "--by", "Sok Dara"])
        try repository.star(["remediate", "update", "XX-0001#1", "--status", "in-progress", "--note", "started", "--on", "2026-03-28"])
        try repository.star([
            "share", "export", "--buyer", "southbay", "--out", "bundles/1", "--key", repository.star.directory.path + "-keys/signing.key", "--by", "adv-a",
        ])
        try repository.commitAll("history")
        try repository.git(["tag", "reviewed"])
        return repository
    }

    @Test func appendsMadeWithStarAreNotReported() throws {
        let repository = try history()
        defer { repository.star.cleanUp() }
        try repository.star([
            "share", "grant", "--factory", "XX-0001", "--buyer", "southbay", "--scope", "plans", "--from", "2026-08-01", "--by", "Sok Dara", "--evidence",
            "paper form",
        ])
        try repository.star(["remediate", "update", "XX-0001#1", "--status", "done", "--on", "2026-04-30"])
        try repository.star(["migrate"])
        try repository.commitAll("more")
        let result = try repository.star.run(["validate", "--since", "reviewed"])
        #expect(result.status == 0 && result.stdout.isEmpty, "\(result.stdout)")
    }

    @Test func aRevocationDeletedAndCommittedIsReported() throws {
        let repository = try history()
        defer { repository.star.cleanUp() }
        try edit(repository, "consents/XX/XX-0001.yaml") { text in
            text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("revoke: ") }.joined(separator: "\n")
        }
        try repository.commitAll("oops")
        let result = try repository.star.run(["validate", "--since", "reviewed"])
        #expect(result.status == 1)
        #expect(
            result.stdout.contains("consents/XX/XX-0001.yaml:1:1: error: entry ")
                && result.stdout.contains(" was removed since reviewed; consents/XX/XX-0001.yaml is append-only: an entry is never removed [history-rewritten]"),
            "\(result.stdout)")
        let github = try repository.star.run(["validate", "--since", "reviewed", "--format", "github"])
        #expect(
            github.status == 1 && github.stdout.hasPrefix("::error file=consents/XX/XX-0001.yaml,line=1,col=1,title=history-rewritten::entry "),
            "\(github.stdout)")
    }

    @Test func aPlanLogEntryAndALogEntryRewrittenAreReported() throws {
        let repository = try history()
        defer { repository.star.cleanUp() }
        try edit(repository, "plans/XX/XX-0001.yaml") { $0.replacingOccurrences(of: "note: \"started\"", with: "note: \"finished\"") }
        try edit(repository, "shares/southbay.yaml") { text in
            text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("adv-a") }.joined(separator: "\n")
        }
        try repository.commitAll("rewritten")
        let result = try repository.star.run(["validate", "--since", "reviewed"])
        #expect(result.status == 1)
        #expect(
            result.stdout.contains("plans/XX/XX-0001.yaml:")
                && result.stdout.contains("was changed since reviewed; plans/XX/XX-0001.yaml is append-only: an entry is never edited [history-rewritten]"),
            "\(result.stdout)")
        #expect(result.stdout.contains("note: it was: {after: ["))
        #expect(result.stdout.contains("was removed since reviewed; shares/southbay.yaml is append-only"), "\(result.stdout)")
    }

    @Test func aFinalRecordChangedOrDeletedIsReported() throws {
        let repository = try history()
        defer { repository.star.cleanUp() }
        let record = "assessments/XX/XX-0001/2026-03-14.json"
        try edit(repository, record) { $0.replacingOccurrences(of: "\"announced\": false", with: "\"announced\": true") }
        var result = try repository.star.run(["validate", "--since", "reviewed"])
        #expect(
            result.stdout.contains(
                "\(record):1:1: error: the final record \(record) was changed since reviewed; a final record never changes (a correction is a new record that amends it) [history-rewritten]"
            ), "\(result.stdout)")
        try FileManager.default.removeItem(atPath: repository.star.path(record))
        try repository.commitAll("gone")
        result = try repository.star.run(["validate", "--since", "reviewed"])
        #expect(result.status == 1)
        #expect(
            result.stdout.contains("\(record):1:1: error: the final record \(record) of reviewed was deleted; a final record is never removed"),
            "\(result.stdout)")
        #expect(result.stdout.contains("note: restore it: git checkout reviewed -- \(record)"))
    }

    @Test func sinceOutsideAGitRepositoryOrAnUnknownRevisionIsAClearError() throws {
        let repository = try history()
        defer { repository.star.cleanUp() }
        let unknown = try repository.star.run(["validate", "--since", "no-such-branch"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("error: --since: 'no-such-branch' is not a commit of this git repository"))
        let plain = try StarRunner(fixture: "minimal")
        defer { plain.cleanUp() }
        let outside = try plain.run(["validate", "--since", "main"])
        #expect(outside.status == 64)
        #expect(outside.stderr.contains("is not in a git repository; --since compares with git history"), "\(outside.stderr)")
    }
}

/// `star migrate` and the settings `star init` writes.
@Suite struct MigrateCommandTests {
    private let oldConsents = """
        # Consents of XX-0001.
        entries:
          - by: "Sok Dara"
            from: "2026-01-01"
            grant: "northwind"
            recorded: "2026-06-30"
            scope:
              - "plans"
          - at: "2026-07-01"
            by: "Sok Dara"
            recorded: "2026-06-28"
            revoke: "northwind"
          - by: "Sok Dara"
            from: "2026-09-01"
            grant: "northwind"
            recorded: "2026-06-29"
            scope:
              - "plans"
        factory: "XX-0001"
        star: "consent/1"

        """

    @Test func oldFilesAreRewrittenOnceWithTheSameMeaning() throws {
        let repository = try GitRepository.make()
        defer { repository.star.cleanUp() }
        // A consent/1 file whose meaning is its order (recorded dates out of order), and a plan/1 file.
        try oldConsents.write(toFile: repository.star.path("consents/XX/XX-0001.yaml"), atomically: true, encoding: .utf8)
        try repository.star(["picc", "member", "add", "XX-0001", "--name", "Sok Dara", "--role", "worker", "--since", "2026-03-20"])
        let before = try ["2026-06-30", "2026-07-01", "2026-09-01"].map { try repository.star(["share", "list", "--at", $0]).stdout }
        #expect(before == ["XX-0001\tnorthwind\tplans\n", "no consent in force on 2026-07-01\n", "XX-0001\tnorthwind\tplans\n"])
        let dry = try repository.star(["migrate", "--dry-run"])
        #expect(dry.stdout == "would migrate consents/XX/XX-0001.yaml: consent/1 -> consent/2\n")
        let migrated = try repository.star(["migrate", "--format", "json"])
        #expect(
            migrated.stdout.contains("\"path\": \"consents/XX/XX-0001.yaml\"") && migrated.stdout.contains("\"from\": \"consent/1\"")
                && migrated.stdout.contains("\"written\": true"))
        let text = try String(contentsOfFile: repository.star.path("consents/XX/XX-0001.yaml"), encoding: .utf8)
        #expect(text.contains("star: \"consent/2\"") && text.split(separator: "\n").filter { $0.hasPrefix("  - {") }.count == 3)
        #expect(try ["2026-06-30", "2026-07-01", "2026-09-01"].map { try repository.star(["share", "list", "--at", $0]).stdout } == before)
        let again = try repository.star(["migrate"])
        #expect(again.stdout.isEmpty && again.stderr == "nothing to migrate\n")
        #expect(try repository.star(["migrate", "--format", "json"]).stdout.contains("\"changed\": []"))
    }

    @Test func initWritesTheTimeZoneAndTheGitAttributesAndRefusesAnUnknownZone() throws {
        let star = try StarRunner()
        defer { star.cleanUp() }
        #expect(try star.run(["init", "cambodia", "--timezone", "Asia/Phnom_Penh"]).status == 0)
        #expect(try String(contentsOfFile: star.path("cambodia/star.yaml"), encoding: .utf8).contains("timezone: \"Asia/Phnom_Penh\"\n"))
        #expect(
            try String(contentsOfFile: star.path("cambodia/.gitattributes"), encoding: .utf8).contains(
                "consents/**/*.yaml merge=union\nplans/**/*.yaml merge=union\nshares/**/*.yaml merge=union\n"))
        let refused = try star.run(["init", "elsewhere", "--timezone", "Mars/Olympus"])
        #expect(refused.status == 1)
        #expect(refused.stderr == "error: star.yaml: timezone 'Mars/Olympus' is not a time zone name (IANA, such as Asia/Phnom_Penh or Europe/Paris)\n")
    }

    @Test func aDefaultDateWithAnUnknownTimeZoneIsAnErrorNamingIt() throws {
        let star = try StarRunner(fixture: "minimal")
        defer { star.cleanUp() }
        let settings = try String(contentsOfFile: star.path("star.yaml"), encoding: .utf8)
        try (settings + "timezone: Asia/Phnom_Pen\n").write(toFile: star.path("star.yaml"), atomically: true, encoding: .utf8)
        #expect(try star.run(["factory", "add", "XX-0001", "--name", "A", "--country", "XX", "--industry", "garment"]).status == 0)
        let result = try star.run(["remediate", "list"])
        #expect(result.status == 1)
        #expect(result.stderr == "error: star.yaml: timezone 'Asia/Phnom_Pen' is not a time zone name (IANA, such as Asia/Phnom_Penh or Europe/Paris)\n")
    }
}
