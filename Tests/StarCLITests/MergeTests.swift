import Foundation
import Testing

/// Real git repositories: two branches change one consent file, plan or access log with star commands, and
/// are merged both ways. No conflict, a valid repository, and the same meaning whichever way.
struct GitRepository {
    let star: StarRunner

    @discardableResult
    func git(_ arguments: [String], expectSuccess: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) throws -> StarRunner.Output {
        let output = try star.runProgram(
            "/usr/bin/git", ["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "init.defaultBranch=main"] + arguments)
        if expectSuccess {
            #expect(output.status == 0, "git \(arguments.joined(separator: " ")): \(output.stdout)\(output.stderr)", sourceLocation: sourceLocation)
        }
        return output
    }

    func commitAll(_ message: String) throws {
        try git(["add", "-A"])
        try git(["commit", "-q", "-m", message])
    }

    /// `star` run, expected to succeed.
    @discardableResult
    func star(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> StarRunner.Output {
        let output = try star.run(arguments)
        #expect(output.status == 0, "star \(arguments.joined(separator: " ")): \(output.stderr)", sourceLocation: sourceLocation)
        return output
    }

    /// Branches `a` and `b` from the current commit, each made by `changeA` and `changeB`; then `a` merged into
    /// `b` and `b` into `a`, and for each merge what `observe` says of it.
    func mergeBothWays(_ changeA: () throws -> Void, _ changeB: () throws -> Void, observe: () throws -> [String]) throws -> (ab: [String], ba: [String]) {
        try git(["branch", "base"])
        try git(["checkout", "-q", "-b", "a", "base"])
        try changeA()
        try commitAll("a")
        try git(["checkout", "-q", "-b", "b", "base"])
        try changeB()
        try commitAll("b")
        try git(["checkout", "-q", "-b", "a-into-b", "b"])
        let first = try git(["merge", "--no-edit", "a"])
        #expect(first.status == 0 && !first.stdout.contains("CONFLICT"), "merging a into b: \(first.stdout)")
        let ab = try observe()
        try git(["checkout", "-q", "-b", "b-into-a", "a"])
        let second = try git(["merge", "--no-edit", "b"])
        #expect(second.status == 0 && !second.stdout.contains("CONFLICT"), "merging b into a: \(second.stdout)")
        let ba = try observe()
        return (ab, ba)
    }

    /// A new repository made by `star init` (so with its .gitattributes), the minimal fixture's questionnaires
    /// compiled, factory XX-0001 assessed (two non-compliant points) and planned, three buyers; committed.
    static func make() throws -> GitRepository {
        let runner = try StarRunner()
        let repository = GitRepository(star: runner)
        try repository.star(["init", "."])
        // Consents recorded from paper forms on both branches: what is merged here is the entry files.
        let settings = try String(contentsOfFile: runner.path("star.yaml"), encoding: .utf8)
        try settings.replacingOccurrences(of: "consent: signed\n", with: "consent: recorded\n").write(
            toFile: runner.path("star.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: runner.path("questionnaires"))
        try FileManager.default.copyItem(
            atPath: StarRunner.testsDirectory.appendingPathComponent("Fixtures/minimal/questionnaires").path, toPath: runner.path("questionnaires"))
        try repository.star(["questionnaire", "compile"])
        try repository.star(["factory", "add", "XX-0001", "--name", "Xland Shirts", "--country", "XX", "--industry", "garment"])
        for id in ["northwind", "southbay", "eastgate"] { try repository.star(["buyer", "add", id, "--name", "Buyer \(id)"]) }
        let blank = try repository.star(["assess", "new", "--factory", "XX-0001", "--date", "2026-03-14"]).stdout
        let pin = try #require(blank.split(separator: "\n").first { $0.hasPrefix("questionnaire: ") })
        let sheet = minimalFinalSheet(pin: pin)
        try sheet.write(toFile: runner.path("sheet.yaml"), atomically: true, encoding: .utf8)
        try repository.star(["assess", "record", "sheet.yaml", "--final"])
        try FileManager.default.removeItem(atPath: runner.path("sheet.yaml"))
        try repository.star(["remediate", "plan", "XX-0001/2026-03-14", "--on", "2026-03-20"])
        try repository.star([
            "share", "grant", "--factory", "XX-0001", "--buyer", "northwind", "--scope", "assessments,plans", "--from", "2026-01-01", "--by", "Sok Dara",
            "--evidence", "paper form",
        ])
        try repository.git(["init", "-q"])
        try repository.commitAll("start")
        return repository
    }
}

private let days = ["2026-01-15", "2026-03-01", "2026-06-30", "2026-07-01", "2026-09-01", "2027-01-01"]

@Suite struct MergeTests {
    @Test func consentsAppendedOnTwoBranchesMergeBothWaysToTheSameAccess() throws {
        let repository = try GitRepository.make()
        defer { repository.star.cleanUp() }
        let (ab, ba) = try repository.mergeBothWays(
            {
                try repository.star(["share", "revoke", "--factory", "XX-0001", "--buyer", "northwind", "--at", "2026-07-01", "--by", "Sok Dara"])
                try repository.star([
                    "share", "grant", "--factory", "XX-0001", "--buyer", "eastgate", "--scope", "reports", "--from", "2026-02-01", "--by", "Sok Dara",
                    "--evidence", "paper form",
                ])
            },
            {
                try repository.star([
                    "share", "grant", "--factory", "XX-0001", "--buyer", "southbay", "--scope", "plans", "--from", "2026-03-01", "--until", "2026-12-31",
                    "--by", "Chan Vanna", "--evidence", "paper form",
                ])
            },
            observe: {
                #expect(try repository.star.run(["validate"]).status == 0)
                return try days.map { try repository.star(["share", "list", "--at", $0, "--format", "json"]).stdout }
            })
        #expect(ab == ba)
        // The union: northwind until the revocation, southbay and eastgate from their grants.
        #expect(ab[2].contains("northwind") && !ab[3].contains("northwind"))
        #expect(ab[3].contains("southbay") && ab[3].contains("eastgate"))
    }

    @Test func planChangesOfTwoItemsAndThePICCMergeBothWaysToTheSamePlan() throws {
        let repository = try GitRepository.make()
        defer { repository.star.cleanUp() }
        let (ab, ba) = try repository.mergeBothWays(
            {
                try repository.star(["remediate", "update", "XX-0001#1", "--status", "in-progress", "--owner", "HR manager", "--on", "2026-03-28"])
                try repository.star(["picc", "member", "add", "XX-0001", "--name", "Sok Dara", "--role", "worker", "--since", "2026-03-20"])
            },
            {
                try repository.star(["remediate", "update", "XX-0001#2", "--status", "done", "--note", "rota posted", "--on", "2026-04-02"])
                try repository.star(["picc", "member", "add", "XX-0001", "--name", "Meas Rathana", "--role", "management", "--since", "2026-03-20"])
                try repository.star(["picc", "meeting", "add", "XX-0001", "--date", "2026-03-28", "--attendee", "Meas Rathana"])
            },
            observe: {
                let validated = try repository.star.run(["validate"])
                #expect(validated.status == 0 && validated.stdout.isEmpty, "\(validated.stdout)")
                return [
                    try repository.star(["remediate", "list", "--format", "json", "--on", "2026-05-01"]).stdout,
                    try repository.star(["remediate", "progress", "XX-0001", "--format", "json", "--on", "2026-05-01"]).stdout,
                ]
            })
        #expect(ab == ba)
        #expect(ab[0].contains("\"status\": \"in-progress\"") && ab[0].contains("\"status\": \"done\""))
        // Both members count: one of each, so a balanced committee.
        #expect(ab[1].contains("\"management\": 1") && ab[1].contains("\"workers\": 1"), "\(ab[1])")
    }

    @Test func twoDifferentStatusChangesOfOneItemAreKeptAndValidateSaysHowToSettleThem() throws {
        let repository = try GitRepository.make()
        defer { repository.star.cleanUp() }
        let (ab, ba) = try repository.mergeBothWays(
            {
                try repository.star(["remediate", "update", "XX-0001#1", "--status", "done", "--note", "fixed", "--on", "2026-05-31"])
            },
            {
                try repository.star(["remediate", "update", "XX-0001#1", "--status", "in-progress", "--note", "started", "--on", "2026-05-15"])
            },
            observe: {
                let validated = try repository.star.run(["validate"])
                return [validated.stdout, try repository.star(["remediate", "list", "--format", "json", "--on", "2026-06-01"]).stdout]
            })
        #expect(ab[1] == ba[1])
        // Both changes are in the log; the later day decides the status; validate names the disagreement.
        #expect(ab[1].contains("\"note\": \"fixed\"") && ab[1].contains("\"note\": \"started\""))
        #expect(ab[0].contains("warning: XX-0001#1 was changed on two branches: ") && ab[0].contains("[plan-disagreement]"), "\(ab[0])")
        #expect(ab[0].contains("settle it: 'star remediate update XX-0001#1 --status STATUS --note \"WHY\"'"))
        // Settled: an update made after both.
        try repository.star(["remediate", "update", "XX-0001#1", "--status", "done", "--note", "agreed: fixed on 31 May", "--on", "2026-06-02"])
        #expect(try repository.star.run(["validate"]).stdout.isEmpty)
    }

    @Test func thePlanOpenedFromOneRecordOnTwoBranchesIsOnePlan() throws {
        let repository = try GitRepository.make()
        defer { repository.star.cleanUp() }
        try FileManager.default.removeItem(atPath: repository.star.path("plans/XX/XX-0001.yaml"))
        try repository.commitAll("no plan yet")
        let (ab, ba) = try repository.mergeBothWays(
            {
                try repository.star(["remediate", "plan", "XX-0001/2026-03-14", "--on", "2026-03-20"])
                try repository.star(["remediate", "update", "XX-0001#1", "--status", "in-progress", "--on", "2026-03-28"])
            },
            {
                try repository.star(["remediate", "plan", "XX-0001/2026-03-14", "--on", "2026-03-21"])
                try repository.star(["remediate", "update", "XX-0001#2", "--note", "rota drafted", "--on", "2026-03-29"])
            },
            observe: {
                let validated = try repository.star.run(["validate"])
                #expect(validated.status == 0 && validated.stdout.isEmpty, "\(validated.stdout)")
                return [try repository.star(["remediate", "list", "--format", "json", "--on", "2026-05-01"]).stdout]
            })
        #expect(ab == ba)
        #expect(ab[0].components(separatedBy: "\"id\": \"XX-0001#").count - 1 == 2, "two items, not four")
        #expect(ab[0].contains("\"status\": \"in-progress\"") && ab[0].contains("rota drafted"))
    }

    @Test func accessLogsOfTwoBranchesMergeBothWaysToTheSameLog() throws {
        let repository = try GitRepository.make()
        defer { repository.star.cleanUp() }
        // Keys and bundles stay out of git.
        try "keys/\nbundles/\n".write(toFile: repository.star.path(".git/info/exclude"), atomically: true, encoding: .utf8)
        try repository.star(["keys", "generate", "--out", repository.star.directory.path + "-keys/signing"])
        let keyPath = repository.star.directory.path + "-keys/signing.key"
        let (ab, ba) = try repository.mergeBothWays(
            {
                try repository.star(["share", "export", "--buyer", "northwind", "--out", "bundles/a", "--key", keyPath, "--by", "adv-a"])
            },
            {
                try repository.star(["share", "export", "--buyer", "northwind", "--out", "bundles/b", "--key", keyPath, "--by", "adv-b"])
                try repository.star(["share", "export", "--buyer", "northwind", "--out", "bundles/c", "--key", keyPath, "--by", "adv-c"])
            },
            observe: {
                #expect(try repository.star.run(["validate"]).status == 0)
                return [try repository.star(["share", "log", "--format", "json"]).stdout]
            })
        #expect(ab == ba)
        #expect(["adv-a", "adv-b", "adv-c"].allSatisfy { ab[0].contains($0) })
    }
}
