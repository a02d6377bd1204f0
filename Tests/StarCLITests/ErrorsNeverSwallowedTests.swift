import Foundation
import Testing

/// A copy of the example repository (KH, VN and HT factories with final records), without its caches.
private func exampleRepository() throws -> StarRunner {
    let star = try StarRunner()
    let examples = StarRunner.packageRoot.appendingPathComponent("examples")
    for name in try FileManager.default.contentsOfDirectory(atPath: examples.path) where name != ".star" {
        try FileManager.default.copyItem(at: examples.appendingPathComponent(name), to: star.directory.appendingPathComponent(name))
    }
    return star
}

/// The minimal fixture, compiled, with buyer northwind, and a share log holding one export whose `by` has a
/// byte that is not UTF-8.
private func repositoryWithUnreadableLog() throws -> (StarRunner, Data) {
    let star = try StarRunner(fixture: "minimal")
    #expect(try star.run(["questionnaire", "compile"]).status == 0)
    #expect(try star.run(["buyer", "add", "northwind", "--name", "Northwind"]).status == 0)
    try FileManager.default.createDirectory(atPath: star.path("shares"), withIntermediateDirectories: true)
    var log = Data(
        """
        star: share-log/2
        buyer: northwind
        exports:
          - {on: 2026-03-01, by: "adv-sophea
        """.utf8)
    log.append(0xFF)
    log.append(Data("\", manifest: \"sha256:00\", factories: [], id: \"a\", time: \"2026-03-01T00:00:00.000Z\"}\n".utf8))
    try log.write(to: URL(fileURLWithPath: star.path("shares/northwind.yaml")))
    return (star, log)
}

@Suite struct ErrorsNeverSwallowedTests {
    @Test func anAccessLogThatCannotBeReadIsAnErrorForLogValidateAndExportAndIsNeverRewritten() throws {
        let (star, log) = try repositoryWithUnreadableLog()
        defer { star.cleanUp() }
        let located = "shares/northwind.yaml:1:1: error: cannot read the file: the file is not valid UTF-8 [unreadable-file]\n"

        let shown = try star.run(["share", "log"])
        #expect(shown.status == 1)
        #expect(shown.stdout == "")
        #expect(
            shown.stderr == located + "1 error, 0 warnings\n"
                + "error: shares/northwind.yaml cannot be read in full; fix it (or restore it from version control), 'star validate' shows every problem\n")

        let validated = try star.run(["validate"])
        #expect(validated.status == 1)
        #expect(validated.stdout.contains(located))

        let key = star.directory.path + "-keys/programme"
        #expect(try star.run(["keys", "generate", "--out", key]).status == 0)
        let exported = try star.run(["share", "export", "--buyer", "northwind", "--out", "bundles/northwind", "--by", "adv-sophea", "--key", key + ".key"])
        #expect(exported.status == 1)
        #expect(exported.stderr.hasPrefix(located))
        #expect(exported.stderr.contains("error: shares/northwind.yaml has errors; nothing was exported"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: star.path("shares/northwind.yaml"))) == log)
        #expect(!FileManager.default.fileExists(atPath: star.path("bundles/northwind")))
    }

    @Test func aCountryListWithSpacesFiltersEveryCountryItNames() throws {
        let star = try exampleRepository()
        defer { star.cleanUp() }
        let compared = try star.run(["aggregate", "compare", "--country", "KH, VN", "--no-cache"])
        #expect(compared.status == 0, "\(compared.stderr)")
        let header = try #require(compared.stdout.split(separator: "\n").first)
        #expect(header.contains("KH rate") && header.contains("VN rate") && header.contains("VN-KH"))
        // Every cluster has a VN rate: no row shows VN as n/a.
        #expect(!compared.stdout.contains("n/a"))

        let listed = try star.run(["assess", "list", "--country", "KH, VN", "--format", "json"])
        #expect(listed.status == 0)
        let countries = Set(
            (try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] ?? []).compactMap { $0["country"] as? String })
        #expect(countries == ["KH", "VN"])

        let plans = try star.run(["remediate", "list", "--country", " VN ,KH", "--on", "2026-12-01", "--format", "json"])
        #expect(plans.status == 0)
        let factories = Set(
            (try JSONSerialization.jsonObject(with: Data(plans.stdout.utf8)) as? [[String: Any]] ?? []).compactMap { ($0["factory"] as? String)?.prefix(2) })
        #expect(factories.isSubset(of: ["KH", "VN"]) && factories.contains("VN"))
    }

    @Test func aCountryListThatNamesNothingOrAnUnknownCountryIsAUsageError() throws {
        let star = try exampleRepository()
        defer { star.cleanUp() }
        let empty = try star.run(["assess", "list", "--country", " , "])
        #expect(empty.status == 64)
        #expect(empty.stderr.hasPrefix("Error: The value ' , ' is invalid for '--country <CC[,CC]>'"))
        let unknown = try star.run(["assess", "list", "--country", "KH, VM"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr == "error: --country: 'VM' (did you mean 'VN'?) is not known; the countries of the registered factories are HT, KH, VN\n")
    }

    @Test func aDateBeforeYearOneIsAUsageErrorAndArithmeticNearItNeverCrashes() throws {
        let star = try exampleRepository()
        defer { star.cleanUp() }
        let zero = try star.run(["remediate", "progress", "KH-0001", "--on", "0000-01-15"])
        #expect(zero.status == 64)
        #expect(zero.stderr.hasPrefix("Error: The value '0000-01-15' is invalid for '--on <YYYY-MM-DD>'"))
        // Three months before 0001-01-15 is held at the first day star can write.
        let first = try star.run(["remediate", "progress", "KH-0001", "--on", "0001-01-15"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Period: 0001-01-01 to 0001-01-15."))
        let last = try star.run(["remediate", "progress", "KH-0001", "--on", "9999-12-31", "--format", "json"])
        #expect(last.status == 0, "\(last.stderr)")
    }

    @Test func aRecordThatCannotBeReadIsListedAsUnreadableWithTheReason() throws {
        let star = try exampleRepository()
        defer { star.cleanUp() }
        let listedBefore = try star.run(["assess", "list", "--factory", "KH-0001"])
        let id = try #require(listedBefore.stdout.split(separator: "\n").first?.split(separator: "\t").first)
        let path = "assessments/KH/\(id).json"
        try Data([0x7B, 0xFF]).write(to: URL(fileURLWithPath: star.path(path)))
        let listed = try star.run(["assess", "list", "--factory", "KH-0001"])
        #expect(listed.status == 1)
        #expect(listed.stdout.hasPrefix("\(id)\tunreadable\n"))
        #expect(listed.stderr.hasPrefix("\(path):"))
        #expect(listed.stderr.contains("error:"))
    }

    @Test func migrateLeavesAGitattributesItCannotReadAsItIs() throws {
        let star = try exampleRepository()
        defer { star.cleanUp() }
        let attributes = Data("*.bin binary\n# caf".utf8) + [0xE9, 0x0A]  // Latin-1, not UTF-8
        try attributes.write(to: URL(fileURLWithPath: star.path(".gitattributes")))
        let migrated = try star.run(["migrate"])
        #expect(migrated.status == 1)
        #expect(migrated.stderr.contains(".gitattributes:1:1: error: cannot read the file: the file is not valid UTF-8 [unreadable-file]"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: star.path(".gitattributes"))) == attributes)
    }

    @Test func aStarYamlThatIsNotYAMLIsAnErrorForEveryDefaultDateNotASilentUTC() throws {
        let star = try exampleRepository()
        defer { star.cleanUp() }
        let settings = try String(contentsOfFile: star.path("star.yaml"), encoding: .utf8)
        try (settings + "timezone: [Asia/Phnom_Penh\n").write(toFile: star.path("star.yaml"), atomically: true, encoding: .utf8)
        let listed = try star.run(["remediate", "list"])
        #expect(listed.status == 1)
        #expect(listed.stderr == "error: star.yaml: star.yaml is not valid YAML, so its timezone cannot be read ('star validate' shows where)\n")
    }
}
