import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The minimal fixture with two factories, three final assessments, a plan and two consents to one buyer:
///
///     XX-0001  2025-10-01 child labour, 70 hours; 2026-10-01 child labour again (a note with hostile text), no age
///              check, 55 hours
///              plan from the first visit, #1 in progress and overdue; consent: assessments, plans, reports
///     XX-0002  2026-09-15 no overtime recorded (non-compliant); consent: plans only
private func reportedRepository() throws -> StarRunner {
    let star = try StarRunner(fixture: "minimal")
    #expect(try star.run(["questionnaire", "compile"]).status == 0)
    #expect(
        try star.run(["factory", "add", "XX-0001", "--name", "Xland Shirts", "--country", "XX", "--industry", "garment", "--workers", "1200", "--women", "900"])
            .status == 0)
    #expect(try star.run(["factory", "add", "XX-0002", "--name", "Xland Knits", "--country", "XX", "--industry", "garment", "--workers", "300"]).status == 0)
    #expect(try star.run(["buyer", "add", "northwind", "--name", "Northwind Retail", "--country", "SE"]).status == 0)
    // (factory, date, answers to CL.CHILD.1, CL.CHILD.2, XX.WT.OT.1, XX.WT.OT.2, notes)
    let visits: [(String, String, [String], String)] = [
        ("XX-0001", "2025-10-01", ["yes", "original-document", "yes", "70"], "{XX.WT.OT.2: payroll week 9}"),
        ("XX-0001", "2026-10-01", ["yes", "\"no\"", "yes", "55"], #"{CL.CHILD.1: "<script>alert('x')</script> & | *bold*"}"#),
        ("XX-0002", "2026-09-15", ["no", "original-document", "no", "~"], "{}"),
    ]
    for (factory, date, answers, notes) in visits {
        var sheet = try star.run(["assess", "new", "--factory", factory, "--date", date]).stdout
        for answer in answers {
            let range = try #require(sheet.range(of: ": ~\n", range: sheet.range(of: "answers:")!.upperBound..<sheet.endIndex))
            sheet.replaceSubrange(range, with: ": \(answer)\n")
        }
        sheet = sheet.replacingOccurrences(of: "notes: {}", with: "notes: \(notes)")
        try sheet.write(toFile: star.path("sheet.yaml"), atomically: true, encoding: .utf8)
        let recorded = try star.run(["assess", "record", "sheet.yaml", "--final"])
        #expect(recorded.status == 0, "\(factory) \(date): \(recorded.stderr)")
    }
    for arguments in [
        ["remediate", "plan", "XX-0001/2025-10-01", "--on", "2025-10-10"],
        ["remediate", "update", "XX-0001#1", "--status", "in-progress", "--owner", "HR manager", "--due", "2026-01-31", "--on", "2025-10-20"],
        [
            "share", "grant", "--factory", "XX-0001", "--buyer", "northwind", "--scope", "assessments,plans,reports", "--from", "2026-01-01", "--by",
            "HR manager",
        ],
        ["share", "grant", "--factory", "XX-0002", "--buyer", "northwind", "--scope", "plans", "--from", "2026-01-01", "--by", "Director"],
    ] {
        let output = try star.run(arguments)
        #expect(output.status == 0, "\(arguments): \(output.stderr)")
    }
    return star
}

/// Every kind of report, as run on a repository (the guide takes no date).
private let kinds: [(name: String, arguments: [String])] = [
    ("factory", ["report", "factory", "XX-0001", "--on", "2026-12-01"]),
    ("buyer", ["report", "buyer", "northwind", "--on", "2026-12-01"]),
    ("country", ["report", "country", "XX", "--on", "2026-12-01"]),
    ("transparency", ["report", "transparency", "--on", "2026-12-01"]),
    ("guide", ["report", "guide", "xx-garment"]),
]

@Suite struct ReportCommandTests {
    @Test func everyReportRendersInEveryFormat() throws {
        let star = try reportedRepository()
        defer { star.cleanUp() }
        for (kind, arguments) in kinds {
            let json = try star.run(arguments + ["--format", "json"])
            #expect(json.status == 0 && json.stderr.isEmpty, "\(kind): \(json.stderr)")
            let data = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(kind)")
            #expect(data["kind"] as? String == kind && data["star"] as? String == "report/1")

            let markdown = try star.run(arguments + ["--format", "markdown"])
            #expect(markdown.status == 0 && markdown.stdout.hasPrefix("# "), "\(kind)")
            #expect(try star.run(arguments).stdout == markdown.stdout, "markdown is the default")

            let html = try star.run(arguments + ["--format", "html"])
            #expect(html.status == 0, "\(kind)")
            let page = try #require(ParsedPage(html.stdout), "\(kind) HTML is not well-formed XML")
            #expect(page.externalReferences.isEmpty, "\(kind): \(page.externalReferences)")
            #expect(page.count("script") == 0 && page.count("link") == 0 && page.count("img") == 0, "\(kind)")
            #expect(html.stdout.range(of: #"(src|href|url)\s*[=(]\s*["']?(https?:)?//"#, options: .regularExpression) == nil, "\(kind)")
            #expect(page.hasViewport && html.stdout.contains("@media print"), "\(kind)")
            if kind == "factory" {
                #expect(page.text.contains("<script>alert('x')</script> & | *bold*"), "the note reads as typed")
                #expect(!html.stdout.contains("<script"))
            }
            // The bars drawn carry the numbers the JSON gives for the same report (to JSONSerialization's precision).
            let expected = chartBars(data)
            #expect(page.bars.map(\.keys) == expected.map(\.keys), "\(kind)")
            #expect(zip(page.bars, expected).allSatisfy { $0.numbers.count == $1.numbers.count && zip($0.numbers, $1.numbers).allSatisfy(close) }, "\(kind)")
        }
    }

    @Test func markdownReportsMatchTheirGoldenFiles() throws {
        let star = try reportedRepository()
        defer { star.cleanUp() }
        for (kind, arguments) in kinds {
            try star.expectGolden("report-\(kind)", arguments)
        }
    }

    @Test func theBuyerSeesOnlyWhatWasGranted() throws {
        let star = try reportedRepository()
        defer { star.cleanUp() }
        let json = try star.run(["report", "buyer", "northwind", "--on", "2026-12-01", "--format", "json"]).stdout
        let data = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let sections = try #require(data["sections"] as? [[String: Any]])
        #expect(sections.map { $0["id"] as? String } == ["buyer", "overview", "factory-xx-0001", "factory-xx-0002"])
        let plansOnly = try #require(sections.last?["sections"] as? [[String: Any]])
        #expect(plansOnly.map { $0["id"] as? String } == ["factory-xx-0002-plans"])
        for format in ["markdown", "html", "json"] {
            let output = try star.run(["report", "buyer", "northwind", "--on", "2026-12-01", "--format", format]).stdout
            #expect(!output.contains("XX-0002/2026-09-15"), "\(format): a plans-only consent shows no assessment")
        }
        // Before the consents start, nothing at all.
        let before = try star.run(["report", "buyer", "northwind", "--on", "2025-12-31"]).stdout
        #expect(!before.contains("XX-0001") && !before.contains("XX-0002"))
    }

    @Test func outputGoesToANewFileAndNeverOverAnExistingOne() throws {
        let star = try reportedRepository()
        defer { star.cleanUp() }
        let written = try star.run(["report", "factory", "XX-0001", "--on", "2026-12-01", "--format", "html", "--output", "XX-0001.html"])
        #expect(written.status == 0 && written.stdout.isEmpty)
        #expect(written.stderr.hasPrefix("wrote XX-0001.html: factory report, html, "))
        let bytes = try String(contentsOfFile: star.path("XX-0001.html"), encoding: .utf8)
        #expect(bytes == (try star.run(["report", "factory", "XX-0001", "--on", "2026-12-01", "--format", "html"]).stdout))
        try star.expectGolden("report-existing-output", ["report", "factory", "XX-0001", "--on", "2026-12-01", "--format", "html", "--output", "XX-0001.html"])
        #expect(try String(contentsOfFile: star.path("XX-0001.html"), encoding: .utf8) == bytes)
    }

    @Test func mistakesAreExplained() throws {
        let star = try reportedRepository()
        defer { star.cleanUp() }
        try star.expectGolden("report-unknown-factory", ["report", "factory", "XX-9999"])
        try star.expectGolden("report-unknown-buyer", ["report", "buyer", "southwind"])
        try star.expectGolden("report-country-no-data", ["report", "country", "YY", "--on", "2026-12-01"])
        try star.expectGolden("report-country-invalid", ["report", "country", "xland"])
        try star.expectGolden("report-unknown-questionnaire", ["report", "guide", "xx-garment@2027.1"])
        try star.expectGolden("report-unknown-language", ["report", "transparency", "--lang", "km"])
        try star.expectGolden("report-questionnaire-language", ["report", "guide", "xx-garment", "--lang", "fr"])
        try star.expectGolden("report-bad-date", ["report", "factory", "XX-0001", "--on", "2026-02-30"])
        #expect(!FileManager.default.fileExists(atPath: star.path("none.md")))
        #expect(try star.run(["report", "factory", "XX-9999", "--output", "none.md"]).status == 64)
        #expect(!FileManager.default.fileExists(atPath: star.path("none.md")), "a failed report writes nothing")
    }

    @Test func helpTeachesWithExamples() throws {
        let star = try StarRunner()
        defer { star.cleanUp() }
        let help = try star.run(["report", "--help"]).stdout
        for subcommand in ["factory", "buyer", "country", "transparency", "guide"] { #expect(help.contains(subcommand)) }
        #expect(help.contains("Examples:") && help.contains("self-contained"))
        #expect(try star.run(["report", "buyer", "--help"]).stdout.contains("consent"))
        #expect(try star.run(["help"]).stdout.contains("report"))
    }

    /// The example repository (questionnaires shipped with star, 11 factories, 32 records) renders in full;
    /// consents are granted in the copy so the buyer report has something to show.
    @Test func theExampleRepositoryRendersEveryReport() throws {
        let star = try StarRunner()
        defer { star.cleanUp() }
        let examples = StarRunner.packageRoot.appendingPathComponent("examples")
        for name in try FileManager.default.contentsOfDirectory(atPath: examples.path) where ![".star", "consents", "shares"].contains(name) {
            try FileManager.default.copyItem(at: examples.appendingPathComponent(name), to: star.directory.appendingPathComponent(name))
        }
        try star.setConsentPolicy("recorded")
        for (factory, scope) in [("KH-0001", "assessments,plans,reports"), ("VN-0001", "plans"), ("HT-0001", "assessments")] {
            #expect(
                try star.run([
                    "share", "grant", "--factory", factory, "--buyer", "northwind-retail", "--scope", scope, "--from", "2026-01-01", "--by", "HR",
                    "--evidence", "paper form",
                ]).status == 0)
        }
        let factories = try FileManager.default.subpathsOfDirectory(atPath: star.path("factories")).filter { $0.hasSuffix(".yaml") }
            .map { String($0.split(separator: "/").last!.dropLast(5)) }.sorted()
        #expect(factories.count == 11)
        var runs = factories.map { ["report", "factory", $0, "--on", "2026-12-31"] }
        runs += [
            ["report", "factory", "HT-0001", "--on", "2026-12-31", "--lang", "fr"],
            ["report", "buyer", "northwind-retail", "--on", "2026-12-31"],
            ["report", "country", "KH", "--on", "2026-12-31"], ["report", "country", "HT", "--on", "2026-12-31", "--lang", "fr"],
            ["report", "transparency", "--on", "2026-12-31"],
            ["report", "guide", "kh-garment"], ["report", "guide", "ht-garment", "--lang", "fr"], ["report", "guide", "vn-garment@2026.1"],
        ]
        for arguments in runs {
            for format in ["markdown", "html", "json"] {
                let output = try star.run(arguments + ["--format", format])
                #expect(output.status == 0 && output.stderr.isEmpty, "\(arguments) \(format): \(output.stderr)")
                if format == "html" { #expect(ParsedPage(output.stdout) != nil, "\(arguments)") }
            }
        }
        let buyer = try star.run(["report", "buyer", "northwind-retail", "--on", "2026-12-31", "--format", "json"]).stdout
        #expect(buyer.contains("factory-kh-0001-assessments") && buyer.contains("factory-vn-0001-plans") && !buyer.contains("factory-vn-0001-assessments"))
        #expect(!buyer.contains("KH-0002") && !buyer.contains("VN-0002"))
    }
}

/// A chart bar: its chart's and its own key, and its value, low and high.
private struct Bar {
    var keys: [String?]
    var numbers: [Double?]
}

private func close(_ a: Double?, _ b: Double?) -> Bool {
    guard let a, let b else { return a == nil && b == nil }
    return abs(a - b) <= 1e-12
}

/// The bars of every chart in a JSON report, in order.
private func chartBars(_ json: Any) -> [Bar] {
    var bars: [Bar] = []
    func visit(_ value: Any) {
        if let object = value as? [String: Any] {
            if object["type"] as? String == "chart", let key = object["key"] as? String {
                for bar in object["bars"] as? [[String: Any]] ?? [] {
                    let interval = bar["ci95"] as? [String: Any]
                    bars.append(Bar(keys: [key, bar["key"] as? String], numbers: [number(bar["value"]), number(interval?["low"]), number(interval?["high"])]))
                }
            }
            for key in object.keys.sorted() where key == "sections" || key == "blocks" { visit(object[key]!) }
        } else if let array = value as? [Any] {
            array.forEach(visit)
        }
    }
    visit(json)
    return bars
}

/// A number from JSON or from an SVG attribute.
private func number(_ value: Any?) -> Double? {
    switch value {
    case let n as NSNumber: n.doubleValue
    case let s as String: Double(s)
    default: nil
    }
}

/// An HTML report read with XMLParser: the renderer writes XHTML-compatible markup, so a report that is not
/// well-formed XML is a bug.
private final class ParsedPage: NSObject, XMLParserDelegate {
    private var elements: [(name: String, attributes: [String: String])] = []
    private var figure: String?
    private(set) var bars: [Bar] = []
    /// All the character data, as a reader sees it.
    private(set) var text = ""

    init?(_ html: String) {
        super.init()
        let parser = XMLParser(data: Data(html.utf8))
        parser.delegate = self
        guard parser.parse() else { return nil }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.append((name, attributes))
        if name == "figure" { figure = attributes["data-key"] }
        if name == "g", attributes["class"] == "bar" {
            bars.append(
                Bar(
                    keys: [figure, attributes["data-key"]],
                    numbers: [number(attributes["data-value"]), number(attributes["data-low"]), number(attributes["data-high"])]))
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }

    func count(_ name: String) -> Int { elements.filter { $0.name == name }.count }

    var hasViewport: Bool { elements.contains { $0.name == "meta" && $0.attributes["name"] == "viewport" } }

    var externalReferences: [String] {
        elements.flatMap { element in
            element.attributes.filter { ($0.key == "src" || $0.key == "href" || $0.key.hasSuffix(":href")) && !$0.value.hasPrefix("#") }.map {
                "\(element.name) \($0.value)"
            }
        }
    }
}
