import Foundation
import Testing

/// Real `star` processes racing on one repository: every command that reads a file and then writes it holds
/// the repository's lock, so none loses another's update and no id is registered twice.
private let rounds = 100

/// The minimal fixture compiled, XX-0001 assessed (two non-compliant points) and planned, two buyers, and a
/// standing grant for southbay to revoke.
private func raceRepository() throws -> StarRunner {
    let star = try StarRunner(fixture: "minimal")
    #expect(try star.run(["questionnaire", "compile"]).status == 0)
    #expect(try star.run(["factory", "add", "XX-0001", "--name", "Xland Shirts", "--country", "XX", "--industry", "garment"]).status == 0)
    for id in ["northwind", "southbay"] {
        #expect(try star.run(["buyer", "add", id, "--name", "Buyer \(id)"]).status == 0)
    }
    let blank = try star.run(["assess", "new", "--factory", "XX-0001", "--date", "2026-03-14"]).stdout
    let pin = try #require(blank.split(separator: "\n").first { $0.hasPrefix("questionnaire: ") })
    let sheet = minimalFinalSheet(pin: pin)
    try sheet.write(toFile: star.path("sheet.yaml"), atomically: true, encoding: .utf8)
    #expect(try star.run(["assess", "record", "sheet.yaml", "--final"]).status == 0)
    #expect(try star.run(["remediate", "plan", "XX-0001/2026-03-14", "--on", "2026-03-20"]).status == 0)
    return star
}

/// Starts every command at once and waits for all; their exit statuses, in order.
private func race(_ star: StarRunner, _ commands: [[String]]) throws -> [Int32] {
    let processes = commands.map { arguments in
        let process = Process()
        process.executableURL = StarRunner.binary
        process.arguments = arguments
        process.currentDirectoryURL = star.directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        return process
    }
    for process in processes { try process.run() }
    for process in processes { process.waitUntilExit() }
    return processes.map(\.terminationStatus)
}

private func read(_ star: StarRunner, _ relative: String) throws -> String {
    try String(contentsOfFile: star.path(relative), encoding: .utf8)
}

/// A day of its own for each round and racer, far in the future: 2030-01-01 onwards.
private func day(_ round: Int, _ racer: Int) -> String {
    String(format: "%04d-%02d-%02d", 2030 + round, 1 + racer, 1)
}

@Suite(.serialized) struct ConcurrencyTests {
    @Test func updatesOfTwoItemsOfOnePlanAreAllKept() throws {
        let star = try raceRepository()
        defer { star.cleanUp() }
        var failed = 0
        for round in 0..<rounds {
            let statuses = try race(
                star,
                [1, 2].map { item in
                    ["remediate", "update", "XX-0001#\(item)", "--note", "race \(round) item \(item)", "--on", "2026-03-21"]
                })
            failed += statuses.filter { $0 != 0 }.count
        }
        let plan = try read(star, "plans/XX/XX-0001.yaml")
        let lost = (0..<rounds).flatMap { round in [1, 2].map { "race \(round) item \($0)\"" } }.filter { !plan.contains($0) }
        #expect(failed == 0)
        #expect(lost.isEmpty, "\(lost.count) of \(2 * rounds) updates lost")
    }

    @Test func updatesOfOneItemAreAllKept() throws {
        let star = try raceRepository()
        defer { star.cleanUp() }
        var failed = 0
        for round in 0..<rounds {
            let statuses = try race(
                star,
                ["a", "b"].map { racer in
                    ["remediate", "update", "XX-0001#1", "--note", "race \(round) by \(racer)", "--on", "2026-03-21"]
                })
            failed += statuses.filter { $0 != 0 }.count
        }
        let plan = try read(star, "plans/XX/XX-0001.yaml")
        let lost = (0..<rounds).flatMap { round in ["a", "b"].map { "race \(round) by \($0)\"" } }.filter { !plan.contains($0) }
        #expect(failed == 0)
        #expect(lost.isEmpty, "\(lost.count) of \(2 * rounds) updates lost")
    }

    @Test func grantsForOneFactoryAreAllKept() throws {
        let star = try raceRepository()
        defer { star.cleanUp() }
        var failed = 0
        for round in 0..<rounds {
            let statuses = try race(
                star,
                [0, 1].map { racer in
                    [
                        "share", "grant", "--factory", "XX-0001", "--buyer", "northwind", "--scope", "assessments",
                        "--from", day(round, racer), "--until", day(round, racer), "--by", "racer \(racer)",
                    ]
                })
            failed += statuses.filter { $0 != 0 }.count
        }
        let consents = try read(star, "consents/XX/XX-0001.yaml")
        let lost = (0..<rounds).flatMap { round in [0, 1].map { day(round, $0) } }.filter { !consents.contains("from: \"\($0)\"") }
        #expect(failed == 0)
        #expect(lost.isEmpty, "\(lost.count) of \(2 * rounds) grants lost")
    }

    @Test func aRevocationRacingAGrantIsNeverLost() throws {
        let star = try raceRepository()
        defer { star.cleanUp() }
        var failed = 0
        for round in 0..<rounds {
            // southbay's own one-day grant, then its revocation races a grant for northwind.
            let grant = try star.run([
                "share", "grant", "--factory", "XX-0001", "--buyer", "southbay", "--scope", "plans",
                "--from", day(round, 0), "--until", day(round, 0), "--by", "setup",
            ])
            #expect(grant.status == 0, "\(grant.stderr)")
            let statuses = try race(
                star,
                [
                    ["share", "revoke", "--factory", "XX-0001", "--buyer", "southbay", "--at", day(round, 0), "--by", "revoker"],
                    [
                        "share", "grant", "--factory", "XX-0001", "--buyer", "northwind", "--scope", "assessments",
                        "--from", day(round, 1), "--until", day(round, 1), "--by", "granter",
                    ],
                ])
            failed += statuses.filter { $0 != 0 }.count
        }
        let consents = try read(star, "consents/XX/XX-0001.yaml")
        let revocations = consents.components(separatedBy: "revoke: \"southbay\"").count - 1
        let grants = consents.components(separatedBy: "grant: \"northwind\"").count - 1
        #expect(failed == 0)
        #expect(revocations == rounds, "\(rounds - revocations) of \(rounds) revocations lost")
        #expect(grants == rounds, "\(rounds - grants) of \(rounds) grants lost")
        // And the revocations are in force: southbay sees nothing on any of its days.
        let listed = try star.run(["share", "list", "--buyer", "southbay", "--at", day(7, 0)])
        #expect(listed.stdout == "no consent in force on \(day(7, 0))\n")
    }

    @Test func concurrentExportsAreAllLogged() throws {
        let star = try raceRepository()
        defer { star.cleanUp() }
        #expect(try star.run(["keys", "generate", "--out", star.directory.path + "-keys/signing"]).status == 0)
        #expect(
            try star.run([
                "share", "grant", "--factory", "XX-0001", "--buyer", "northwind", "--scope", "assessments",
                "--from", "2026-01-01", "--by", "Sok Dara",
            ]).status == 0)
        let exports = rounds / 2
        var failed = 0
        for round in 0..<exports {
            let statuses = try race(
                star,
                [0, 1].map { racer in
                    [
                        "share", "export", "--buyer", "northwind", "--out", "bundles/\(round)-\(racer)", "--key", star.directory.path + "-keys/signing.key",
                        "--by", "racer-\(round)-\(racer)",
                    ]
                })
            failed += statuses.filter { $0 != 0 }.count
        }
        let log = try read(star, "shares/northwind.yaml")
        let lost = (0..<exports).flatMap { round in [0, 1].map { "racer-\(round)-\($0)\"" } }.filter { !log.contains($0) }
        #expect(failed == 0)
        #expect(lost.isEmpty, "\(lost.count) of \(2 * exports) log entries lost")
    }

    @Test func oneFactoryIDAddedInTwoCountriesAtOnceIsRegisteredOnce() throws {
        let star = try raceRepository()
        defer { star.cleanUp() }
        var twice = 0
        for round in 0..<rounds {
            let statuses = try race(
                star,
                ["XX", "YY"].map { country in
                    ["factory", "add", "RACE-\(round)", "--name", "Race \(round)", "--country", country, "--industry", "garment"]
                })
            // Exactly one wins; the other is refused as a duplicate (73).
            #expect(statuses.sorted() == [0, 73], "round \(round): \(statuses)")
            let files = ["XX", "YY"].filter { FileManager.default.fileExists(atPath: star.path("factories/\($0)/RACE-\(round).yaml")) }
            if files.count != 1 { twice += 1 }
        }
        #expect(twice == 0, "\(twice) of \(rounds) ids registered twice")
    }
}
