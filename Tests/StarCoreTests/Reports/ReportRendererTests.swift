import Foundation
import Testing

@testable import StarCore

/// A factory whose advisor typed hostile text into a note, with a plan, for the renderers.
private func hostileNote() throws -> (ReportRepository, ReportDocument) {
    let repo = try ReportRepository(factories: ["XX-0001"])
    let first = try repo.record(
        "XX-0001", "2025-10-01",
        ReportVisit(
            child: true, hours: 70, consent: "none",
            notes: ["WT.OT.1": hostile]))
    try repo.record("XX-0001", "2026-10-01", ReportVisit(hours: 65, notes: ["WT.OT.1": hostile]))
    try repo.openPlan(from: first, on: "2025-10-10")
    return (repo, try FactoryReport.build(factory: "XX-0001", on: reportDay("2026-12-01"), language: nil, plans: repo.plans))
}

private let hostile = "<script>alert('x')</script> & \"quoted\" | piped *bold* ]]>"

@Suite struct ReportRendererTests {
    @Test func htmlEscapesEveryTextAndParsesAsXML() throws {
        let (repo, document) = try hostileNote()
        defer { repo.remove() }
        let html = HTMLRenderer.render(document)
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot; | piped *bold* ]]&gt;"))
        let parsed = try #require(XHTMLDocument.parse(html), "not well-formed: \(XHTMLDocument.problem(html))")
        // The parser gives the note back exactly as typed: escaped, not interpreted.
        #expect(parsed.elements("td").contains { $0.text == hostile })
        #expect(parsed.elements("script").isEmpty)
    }

    @Test func htmlIsSelfContainedResponsiveAndPrintable() throws {
        let (repo, document) = try hostileNote()
        defer { repo.remove() }
        let html = HTMLRenderer.render(document)
        let parsed = try #require(XHTMLDocument.parse(html))
        #expect(parsed.externalReferences.isEmpty)
        #expect(parsed.elements("link").isEmpty && parsed.elements("img").isEmpty && parsed.elements("script").isEmpty)
        #expect(parsed.elements("meta").contains { $0.attributes["name"] == "viewport" && $0.attributes["content"]?.contains("width=device-width") == true })
        let style = parsed.elements("style").map(\.text).joined()
        #expect(style.contains("@media print") && style.contains("@media (max-width"))
        #expect(!style.contains("url(") && !style.contains("@import"))
        #expect(html.range(of: #"(src|href)\s*=\s*"(https?:)?//"#, options: .regularExpression) == nil)
        #expect(parsed.elements("html").first?.attributes["lang"] == "en")
    }

    @Test func chartBarsCarryTheirNumbersAndAPercentageLabel() throws {
        let repo = try ReportRepository(factories: ["XX-0001", "XX-0002", "XX-0003", "YY-0001"], countries: ["XX", "YY"])
        defer { repo.remove() }
        try repo.record("XX-0001", "2026-03-01", ReportVisit(child: true))
        try repo.record("XX-0002", "2026-03-01", ReportVisit(hours: 70))
        try repo.record("XX-0003", "2026-03-01")
        try repo.record("YY-0001", "2026-03-01", ReportVisit(leavePaid: false))
        let document = try CountryReport.build(country: "XX", on: reportDay("2026-12-31"), language: nil, index: repo.index(), context: repo.store.context)
        let parsed = try #require(XHTMLDocument.parse(HTMLRenderer.render(document)))
        let bars = parsed.bars
        #expect(Set(bars.keys) == ["cluster-rates", "point-rates", "trend", "comparison"])
        for chart in document.allSections.flatMap(\.charts) {
            let drawn = try #require(bars[chart.key])
            #expect(drawn.map { $0.attributes["data-key"] } == chart.bars.map(\.key))
            #expect(drawn.map { $0.attributes["data-value"].flatMap(Double.init) } == chart.bars.map(\.value))
            #expect(drawn.map { $0.attributes["data-low"].flatMap(Double.init) } == chart.bars.map { $0.interval?.lowerBound })
            #expect(drawn.map { $0.attributes["data-high"].flatMap(Double.init) } == chart.bars.map { $0.interval?.upperBound })
        }
        // Each bar's text label says its percentage.
        let labels = parsed.elements("text", class: "value").map(\.text)
        let expected = document.allSections.flatMap(\.charts).flatMap(\.bars).map { ReportStrings.percent($0.value!) }
        #expect(labels == expected)
        #expect(labels.prefix(2) == ["33.3%", "16.7%"], "CL: 1 of 3; WT: the mean of WT.OT (1 of 3) and WT.LEAVE (0 of 3)")
    }

    @Test func markdownShowsHostileTextAsWrittenWithoutMarkup() throws {
        let (repo, document) = try hostileNote()
        defer { repo.remove() }
        let markdown = MarkdownRenderer.render(document)
        #expect(!markdown.contains("<script"))
        #expect(markdown.contains(#"&lt;script>alert('x')&lt;/script> &amp; "quoted" \| piped \*bold\* \]\]>"#))
        // Every table row still has as many cells as its header.
        let rows = markdown.split(separator: "\n").filter { $0.hasPrefix("| ") && $0.contains("WT.OT.1") }
        #expect(!rows.isEmpty)
        for row in rows {
            #expect(row.replacingOccurrences(of: #"\|"#, with: "").filter { $0 == "|" }.count == 7, "\(row)")
        }
    }

    @Test func jsonHoldsTheSameDataTyped() throws {
        let (repo, document) = try hostileNote()
        defer { repo.remove() }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(JSONRenderer.render(document).utf8)) as? [String: Any])
        #expect(json["star"] as? String == "report/1" && json["kind"] as? String == "factory")
        let sections = try #require(json["sections"] as? [[String: Any]])
        let latest = try #require(sections.first { $0["id"] as? String == "latest" })
        let clusters = try #require((latest["sections"] as? [[String: Any]])?.first)
        let table = try #require((clusters["blocks"] as? [[String: Any]])?.first { $0["type"] as? String == "table" })
        let rows = try #require(table["rows"] as? [[String: Any]])
        let expected = try #require(document.table("clusters")).column("compliance-rate").map(\.percentValue)
        #expect(rows.map { $0["compliance-rate"] as? Double } == expected)
        let found = try #require(
            (sections.first { $0["id"] as? String == "non-compliances" }?["blocks"] as? [[String: Any]])?.first?["rows"] as? [[String: Any]])
        #expect(found.first?["note"] as? String == hostile)
        #expect(found.first?["legal"] as? [String] == ["Labour Code, art. 10"])
    }

    @Test func idsDatesAndIntervalsNeverBreakInHTML() throws {
        let document = ReportDocument(
            kind: "test", language: "en", title: "T",
            sections: [
                ReportSection(
                    id: "s", title: "HT-0009 Factory",
                    blocks: [
                        .paragraph("No final assessment of HT-0009 up to 2026-12-31, see https://example.org/a-very-long-link/HT-0009/2026"),
                        .table(
                            ReportTable(
                                key: "t", columns: [.init("record", "Record"), .init("ci95", "95% interval"), .init("note", "Note")],
                                rows: [[.identifier("HT-0001/2026-11-19"), .interval(0.1...0.5), .none]])),
                    ])
            ])
        let html = HTMLRenderer.render(document)
        #expect(html.contains(#"<h2><span class="id">HT-0009</span> Factory</h2>"#))
        #expect(
            html.contains(#"of <span class="id">HT-0009</span> up to <span class="id">2026-12-31,</span> see https://example.org/"#),
            "a code in a sentence is kept whole; a link longer than a code may break")
        #expect(html.contains(#"<td data-label="Record"><span class="id">HT-0001/2026-11-19</span></td>"#))
        #expect(html.contains(#"<span class="nowrap">10.0%–50.0%</span>"#))
        #expect(html.contains(".id, .nowrap { white-space: nowrap; }"))
        #expect(XHTMLDocument.parse(html) != nil)
        // A French colon or question mark never starts a line.
        #expect(HTMLRenderer.prose("Rapport : « HT-0001 » ?") == "Rapport\u{00A0}: «\u{00A0}<span class=\"id\">HT-0001</span>\u{00A0}»\u{00A0}?")
    }

    @Test func aMarkdownChartIsATableOfValuesWithHeadings() {
        let chart = BarChart(
            key: "c", title: "Rates", category: "Cluster", unit: .percent,
            bars: [
                BarChart.Bar(key: "CL", label: "CL Child labour", value: 0.25, interval: 0.1...0.5, note: "overlaps XX's")
            ])
        let lines = MarkdownRenderer.chart(chart, ReportStrings("en"))
        #expect(
            lines == [
                "**Rates**", "", "| Cluster | Value | 95% interval | Note |", "| --- | ---: | ---: | --- |",
                "| CL Child labour | 25.0% | 10.0%–50.0% | overlaps XX's |",
            ])
    }

    @Test func twoListsInARowStayTwoListsInMarkdown() {
        let document = ReportDocument(
            kind: "test", language: "en", title: "T",
            sections: [
                ReportSection(
                    id: "s", title: "S", blocks: [.facts([ReportFact("a", "A", .count(1))]), .list(ReportList([.init("warning")])), .code("star `x`")])
            ])
        #expect(MarkdownRenderer.render(document) == "# T\n\n## S\n\n- **A:** 1\n\n<!-- -->\n\n- warning\n\n```\nstar `x`\n```\n")
    }
}
