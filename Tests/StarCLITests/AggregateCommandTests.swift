import Foundation
import Testing

/// Two countries (XX from the fixture, YY added here), three factories, and final records over two years:
/// small enough that every number in the golden files can be checked by hand.
private func assessedRepository() throws -> StarRunner {
    let star = try StarRunner(fixture: "minimal")
    try FileManager.default.createDirectory(atPath: star.path("questionnaires/YY"), withIntermediateDirectories: true)
    try """
    star: questionnaire/1
    id: yy-garment
    version: "2026.1"
    extends: base
    country: YY
    industry: garment
    title: {en: "Yland garment"}
    languages: [en]
    questions:
      - id: YY.WT.OT.1
        point: WT.OT
        type: number
        text: {en: "Highest weekly hours"}
        noncompliant-if: "> 60"
        guidance: {en: "Time cards."}

    """.write(toFile: star.path("questionnaires/YY/country.yaml"), atomically: true, encoding: .utf8)
    #expect(try star.run(["questionnaire", "compile"]).status == 0)
    for (id, country, workers) in [("XX-0001", "XX", "1000"), ("XX-0002", "XX", "200"), ("YY-0001", "YY", "500")] {
        #expect(try star.run(["factory", "add", id, "--name", id, "--country", country, "--industry", "garment", "--workers", workers]).status == 0)
    }
    // (factory, date, kind, answers): CL.CHILD.1, CL.CHILD.2, then the overtime question(s).
    let visits: [(String, String, String, [String])] = [
        ("XX-0001", "2025-10-01", "assessment", ["yes", "original-document", "yes", "70"]),
        ("XX-0001", "2026-10-01", "assessment", ["no", "original-document", "yes", "55"]),
        ("XX-0002", "2026-09-15", "assessment", ["no", "\"no\"", "no", "~"]),
        ("XX-0002", "2026-11-01", "self-assessment", ["no", "original-document", "yes", "40"]),
        ("YY-0001", "2026-05-05", "assessment", ["no", "original-document", "72"]),
    ]
    for (factory, date, kind, answers) in visits {
        let blank = try star.run(["assess", "new", "--factory", factory, "--date", date, "--kind", kind]).stdout
        var filled = blank
        for answer in answers {
            guard let range = filled.range(of: ": ~\n", range: filled.range(of: "answers:")!.upperBound..<filled.endIndex) else { break }
            filled.replaceSubrange(range, with: ": \(answer)\n")
        }
        try filled.write(toFile: star.path("sheet.yaml"), atomically: true, encoding: .utf8)
        let recorded = try star.run(["assess", "record", "sheet.yaml", "--final"])
        #expect(recorded.status == 0, "\(factory) \(date): \(recorded.stderr)")
    }
    return star
}

@Suite struct AggregateCommandTests {
    @Test func ratesByClusterPointYearAndCountry() throws {
        let star = try assessedRepository()
        defer { star.cleanUp() }
        // Latest per factory: XX-0001 2026 (compliant), XX-0002 2026 (CL.CHILD.2 no; WT.OT.1 no), YY-0001 (72 h).
        try star.expectGolden("aggregate-clusters", ["aggregate"])
        try star.expectGolden("aggregate-points-json", ["aggregate", "--by", "country,point", "--format", "json"])
        try star.expectGolden("aggregate-year-csv", ["aggregate", "--by", "year,cluster", "--format", "csv"])
        try star.expectGolden("aggregate-weighted-markdown", ["aggregate", "--by", "point", "--weight", "workers", "--format", "markdown"])
        try star.expectGolden("aggregate-self", ["aggregate", "--kind", "self-assessment", "--by", "point"])
        try star.expectGolden("aggregate-period-empty", ["aggregate", "--from", "2027-01-01"])
        try star.expectGolden("aggregate-compare", ["aggregate", "compare", "--country", "XX,YY", "--by", "point"])
        try star.expectGolden("aggregate-compare-json", ["aggregate", "compare", "--country", "XX,YY", "--format", "json"])
    }

    @Test func badQueriesSayWhatIsAllowed() throws {
        let star = try assessedRepository()
        defer { star.cleanUp() }
        try star.expectGolden("aggregate-mixed-kinds", ["aggregate", "--kind", "assessment,self-assessment"])
        try star.expectGolden("aggregate-bad-by", ["aggregate", "--by", "factory"])
        try star.expectGolden("aggregate-two-levels", ["aggregate", "--by", "point,question"])
        try star.expectGolden("aggregate-bad-country", ["aggregate", "--country", "kh"])
        try star.expectGolden("aggregate-bad-period", ["aggregate", "--from", "2026-05-01", "--to", "2026-04-30"])
        try star.expectGolden("aggregate-compare-one-country", ["aggregate", "compare", "--country", "XX"])
    }

    @Test func theCacheNeverServesAStaleRate() throws {
        let star = try assessedRepository()
        defer { star.cleanUp() }
        let first = try star.run(["aggregate", "--by", "point", "--format", "json"])
        #expect(FileManager.default.fileExists(atPath: star.path(".star/cache/records")))
        #expect(try star.run(["aggregate", "--by", "point", "--format", "json"]).stdout == first.stdout)
        // Hand-edit a final record: it is now invalid, so it leaves the rates (and is reported).
        let file = star.path("assessments/YY/YY-0001/2026-05-05.json")
        try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(of: "\"answer\": 72", with: "\"answer\": 50")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let edited = try star.run(["aggregate", "--by", "point", "--format", "json"])
        #expect(edited.stdout != first.stdout)
        #expect(edited.stderr.contains("1 record with errors left out"))
        #expect(try star.run(["aggregate", "--by", "point", "--format", "json", "--no-cache"]).stdout == edited.stdout)
    }

    @Test func starTimingsShowsWhereTheTimeGoesOnStderrOnly() throws {
        let star = try assessedRepository()
        defer { star.cleanUp() }
        let plain = try star.run(["aggregate", "--by", "point", "--format", "json"])
        #expect(!plain.stderr.contains("timing:"))
        // Another query: computed, from the record and factory caches the first run left.
        let timed = try star.run(["aggregate", "--by", "cluster", "--format", "json"], environment: ["STAR_TIMINGS": "1"])
        let lines = timed.stderr.split(separator: "\n").filter { $0.hasPrefix("timing: ") }
        // Each phase says how much CPU time the process has used, and how much memory it holds then and has held
        // at most.
        #expect(
            !lines.isEmpty && lines.allSatisfy { $0.contains(" (cpu ") && $0.contains(" ms, resident ") && $0.contains(" MB, peak ") && $0.hasSuffix(" MB)") },
            "\(lines)")
        func phases(_ stderr: String) -> [Substring] {
            stderr.split(separator: "\n").filter { $0.hasPrefix("timing: ") }.map { $0.split(separator: " (cpu").first! }
        }
        for phase in ["answers cache checked", "factories read", "records listed", "cache read", "rates computed", "answers cache written"] {
            #expect(phases(timed.stderr).contains { $0.hasSuffix(" ms " + phase) }, "\(phase) in \(timed.stderr)")
        }
        #expect(FileManager.default.fileExists(atPath: star.path(".star/cache/factories")))
        #expect(!phases(timed.stderr).contains { $0.contains("more to check") && !$0.hasSuffix(" 0 more to check") })
        // The same query again: answered from the answers cache, with nothing else read.
        let again = try star.run(["aggregate", "--by", "point", "--format", "json"], environment: ["STAR_TIMINGS": "1"])
        #expect(again.stdout == plain.stdout)
        #expect(phases(again.stderr).map { $0.split(separator: " ", maxSplits: 3).last! } == ["answers cache checked"])
        #expect(timed.stdout == (try star.run(["aggregate", "--by", "cluster", "--format", "json", "--no-cache"])).stdout)
    }

    @Test func exportWritesThreeTidyTablesAndNeverOverwrites() throws {
        let star = try assessedRepository()
        defer { star.cleanUp() }
        try star.expectGolden("export-records-csv", ["export", "--table", "records", "--format", "csv"])
        #expect(try star.run(["export", "--out", "out", "--format", "csv"]).status == 0)
        let points = try String(contentsOfFile: star.path("out/points.csv"), encoding: .utf8)
        #expect(points.split(separator: "\n").count == 1 + 5 * 2, "a header and two points per record")
        let questions = try String(contentsOfFile: star.path("out/questions.csv"), encoding: .utf8)
        #expect(questions.split(separator: "\n").count == 1 + 4 * 4 + 3, "XX records have 4 questions, the YY record 3")
        try star.expectGolden("export-existing", ["export", "--out", "out", "--format", "csv"])
        #expect(try String(contentsOfFile: star.path("out/points.csv"), encoding: .utf8) == points)
    }
}
