import Foundation
import Testing

/// What a new user meets in the first hour: typos, help, filters that name nothing known, a repository
/// started from the binary alone, a lint that has nothing to check.
@Suite struct FirstHourCommandTests {
    private func registered() throws -> StarRunner {
        let star = try StarRunner(fixture: "minimal")
        #expect(try star.run(["questionnaire", "compile"]).status == 0)
        #expect(try star.run(["factory", "add", "XX-0001", "--name", "Xland Shirts", "--country", "XX", "--industry", "garment"]).status == 0)
        return star
    }

    @Test func aMistypedCommandGetsASuggestion() throws {
        let star = try StarRunner()
        defer { star.cleanUp() }
        let top = try star.run(["asess", "show"])
        #expect(top.status == 64)
        #expect(
            top.stderr
                == "error: 'asess' is not a command of 'star' (did you mean 'assess'?); the commands are init, questionnaire, factory, buyer, assess, validate, migrate, aggregate, export, remediate, picc, share, consent, keys, report, evidence ('star --help' describes them)\n"
        )
        let nested = try star.run(["assess", "shwo"])
        #expect(nested.status == 64)
        #expect(
            nested.stderr.hasPrefix(
                "error: 'shwo' is not a command of 'star assess' (did you mean 'show'?); the commands are new, record, finalize, show, list, interview"))
    }

    @Test func aggregateHelpListsTheFiltersOfItsDefaultSubcommand() throws {
        let star = try StarRunner()
        defer { star.cleanUp() }
        let help = try star.run(["aggregate", "--help"])
        #expect(help.status == 0)
        for option in ["--country <CC[,CC]>", "--industry", "--questionnaire", "--from", "--to", "--kind", "--by", "--weight", "--no-cache"] {
            #expect(help.stdout.contains(option), "\(option) missing from 'star aggregate --help'")
        }
        #expect(help.stdout.contains("Without a subcommand, 'star aggregate' runs 'rates':"))
    }

    @Test func unknownFilterValuesAreErrorsNamingTheKnownOnes() throws {
        let star = try registered()
        defer { star.cleanUp() }
        let country = try star.run(["aggregate", "--country", "XX,QQ"])
        #expect(country.status == 64)
        #expect(country.stderr == "error: --country: 'QQ' is not known; the countries of the registered factories are XX\n")
        #expect(
            try star.run(["aggregate", "--industry", "garmnet"]).stderr
                == "error: --industry: 'garmnet' (did you mean 'garment'?) is not known; the industries of the registered factories are garment\n")
        #expect(
            try star.run(["aggregate", "--questionnaire", "xx"]).stderr
                == "error: --questionnaire: 'xx' is not known; the compiled questionnaires are xx-garment\n")
        #expect(
            try star.run(["aggregate", "--kind", "asessment"]).stderr
                == "error: --kind: 'asessment' (did you mean 'assessment'?) is not known; the kinds of record are assessment, follow-up, self-assessment\n")
        for command in [["factory", "list"], ["assess", "list"], ["remediate", "list"]] {
            let output = try star.run(command + ["--country", "VM"])
            #expect(output.status == 64, "\(command)")
            #expect(output.stderr == "error: --country: 'VM' is not known; the countries of the registered factories are XX\n", "\(command)")
        }
        #expect(try star.run(["factory", "list", "--country", " XX , XX"]).stdout.hasPrefix("XX-0001"), "spaces are trimmed")
    }

    @Test func initWritesAndCompilesTheShippedQuestionnairesFromTheBinary() throws {
        let star = try StarRunner()
        defer { star.cleanUp() }
        let output = try star.run(["init", "bw-cambodia", "--questionnaires", "KH"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(
            output.stdout.contains(
                "the questionnaires are in place: questionnaires/KH/core.km.yaml, questionnaires/KH/garment.km.yaml, questionnaires/KH/garment.yaml, questionnaires/core.yaml, questionnaires/compiled/kh-garment/2026.3.json"
            ))
        let shipped = StarRunner.packageRoot.appendingPathComponent("questionnaires")
        for file in ["core.yaml", "KH/garment.yaml", "compiled/kh-garment/2026.3.json"] {
            let written = try Data(contentsOf: URL(fileURLWithPath: star.path("bw-cambodia/questionnaires/\(file)")))
            #expect(written == (try Data(contentsOf: shipped.appendingPathComponent(file))), "\(file) differs from the shipped one")
        }
        let lint = try star.run(["questionnaire", "lint"], in: "bw-cambodia")
        #expect(lint.status == 0)
        #expect(lint.stderr == "2 questionnaires checked: no problems (1 note on untranslated texts)\n")
        #expect(
            lint.stdout.hasPrefix(
                "questionnaires/KH/garment.km.yaml:3:11: note: kh-garment 2026.3 in 'km' (draft): 0 of 296 texts, options and titles untranslated;"))
        let settings = try String(contentsOfFile: star.path("bw-cambodia/star.yaml"), encoding: .utf8)
        let page = try #require(settings.firstMatch(of: /docs\/[a-z-]+\.md/)).output
        #expect(
            FileManager.default.fileExists(atPath: StarRunner.packageRoot.appendingPathComponent(String(page)).path),
            "star.yaml names \(page), which does not exist")
    }

    @Test func initRefusesAnUnknownShippedCountryBeforeWritingAnything() throws {
        let star = try StarRunner()
        defer { star.cleanUp() }
        let output = try star.run(["init", "bw", "--questionnaires", "KH,XX"])
        #expect(output.status == 64)
        #expect(output.stderr == "error: --questionnaires: 'XX' is not known; the countries with a shipped questionnaire are HT, KH, VN\n")
        #expect(!FileManager.default.fileExists(atPath: star.path("bw")))
    }

    @Test func lintWithNothingToCheckSaysSoAndFails() throws {
        let star = try StarRunner()
        defer { star.cleanUp() }
        #expect(try star.run(["init", "empty"]).status == 0)
        let output = try star.run(["questionnaire", "lint"], in: "empty")
        #expect(output.status == 1)
        #expect(
            output.stdout == """
                questionnaires:1:1: error: questionnaires/ holds no questionnaire source (.yaml), so there is nothing to check [no-questionnaires]
                  note: 'star init DIR --questionnaires CC' starts a repository with the shipped questionnaires (HT, KH, VN)

                """)
    }

    @Test func lintThroughABrokenLinkSaysSoAndFails() throws {
        let star = try StarRunner()
        defer { star.cleanUp() }
        #expect(try star.run(["init", "copied"]).status == 0)
        try FileManager.default.removeItem(atPath: star.path("copied/questionnaires"))
        try FileManager.default.createSymbolicLink(atPath: star.path("copied/questionnaires"), withDestinationPath: "../../questionnaires")
        let output = try star.run(["questionnaire", "lint"], in: "copied")
        #expect(output.status == 1)
        #expect(
            output.stdout.hasPrefix(
                "questionnaires:1:1: error: questionnaires is a link to '../../questionnaires', which does not exist from here [broken-link]\n"))
    }

    @Test func aVisitAfterTodayIsRefusedWithTheReason() throws {
        let star = try registered()
        defer { star.cleanUp() }
        let output = try star.run(["assess", "new", "--factory", "XX-0001", "--date", "2030-01-01"], environment: ["STAR_TODAY": "2026-06-01"])
        #expect(output.status == 64)
        #expect(output.stderr == "error: the visit starts on 2030-01-01, after today (2026-06-01); a record describes a visit that has begun\n")
        let long = try star.run(["assess", "new", "--factory", "XX-0001", "--date", "2026-03-01", "--end", "2026-03-20"])
        #expect(long.stderr == "error: the visit lasts 20 days (2026-03-01 to 2026-03-20); a visit lasts at most 14 days, check the dates\n")
    }
}
