/// A report as one self-contained HTML file: inline CSS, inline SVG charts, nothing fetched from anywhere (no
/// font, script or image), readable on a phone and printable. The markup is also well-formed XML (every element
/// closed, attributes quoted, only XML's own entities), so it can be checked with any XML parser; every text is
/// escaped.
public enum HTMLRenderer {
    public static func render(_ document: ReportDocument) -> String {
        let t = ReportStrings(document.language)
        var html = """
            <!DOCTYPE html>
            <html lang="\(escape(document.language))">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <meta name="generator" content="star report \(escape(document.kind))"/>
            <title>\(escape(document.title))</title>
            <style>\(style)\(evidenceStyle)</style>
            </head>
            <body>
            <main class="report report-\(escape(document.kind))">
            <header>
            <h1>\(prose(document.title))</h1>

            """
        if let subtitle = document.subtitle { html += "<p class=\"subtitle\">\(prose(subtitle))</p>\n" }
        html += "</header>\n"
        var chartNumber = 0
        func add(_ section: ReportSection, depth: Int) {
            html += "<section id=\"\(escape(section.id))\">\n<h\(min(depth, 6))>\(prose(section.title))</h\(min(depth, 6))>\n"
            for block in section.blocks {
                if case .chart = block { chartNumber += 1 }
                html += render(block, chartID: "chart-\(chartNumber)", t) + "\n"
            }
            for child in section.sections { add(child, depth: depth + 1) }
            html += "</section>\n"
        }
        for section in document.sections { add(section, depth: 2) }
        return html + "</main>\n</body>\n</html>\n"
    }

    static func render(_ block: ReportBlock, chartID: String, _ t: ReportStrings) -> String {
        switch block {
        case .paragraph(let text):
            return "<p>\(prose(text))</p>"
        case .code(let text):
            return "<pre><code>\(escape(text))</code></pre>"
        case .facts(let facts):
            return "<dl class=\"facts\">\n"
                + facts.map { "<div data-key=\"\(escape($0.key))\"><dt>\(escape($0.label))</dt><dd>\(markup($0.value, fact: true, t))</dd></div>" }.joined(
                    separator: "\n") + "\n</dl>"
        case .table(let table):
            let numeric = table.columns.indices.map { i in table.rows.contains { $0[i].isNumeric } }
            // A column of single short words (a country name) never breaks them ("Cambodi|a"): only long text,
            // such as a pasted link, may break anywhere.
            let words = table.columns.indices.map { i in
                table.rows.allSatisfy { row in
                    if case .text(let text) = row[i] { return text.count <= 16 && !text.contains(" ") }
                    return false
                }
            }
            func cellClass(_ i: Int) -> String { numeric[i] ? " class=\"num\"" : words[i] ? " class=\"word\"" : "" }
            var html = "<div class=\"table\"><table data-key=\"\(escape(table.key))\">\n<thead><tr>"
            html += table.columns.indices.map { "<th scope=\"col\"\(cellClass($0))>\(escape(table.columns[$0].title))</th>" }.joined()
            html += "</tr></thead>\n<tbody>\n"
            for row in table.rows {
                // data-label repeats the heading so a narrow screen can show each row as a card.
                html +=
                    "<tr>"
                    + row.indices.map { i in
                        "<td\(cellClass(i)) data-label=\"\(escape(table.columns[i].title))\">\(markup(row[i], fact: false, t))</td>"
                    }.joined() + "</tr>\n"
            }
            return html + "</tbody>\n</table></div>"
        case .chart(let chart):
            return "<figure class=\"chart\" data-key=\"\(escape(chart.key))\">\n<figcaption>\(escape(chart.title))</figcaption>\n"
                + SVGBarChart.render(chart, id: chartID, t) + "\n</figure>"
        case .list(let list):
            return self.list(list.items)
        case .evidence(let items):
            return evidence(items, t)
        }
    }

    /// A value as markup: ids and intervals in a span that never breaks across lines, everything else as text that
    /// may wrap between words.
    static func markup(_ value: ReportValue, fact: Bool, _ t: ReportStrings) -> String {
        let text = fact ? t.fact(value) : t.text(value)
        switch value {
        case .identifier: return "<span class=\"id\">\(escape(text))</span>"
        case .interval(.some), .points(.some): return "<span class=\"nowrap\">\(escape(text))</span>"
        default: return prose(text)
        }
    }

    static func list(_ items: [ReportList.Item]) -> String {
        "<ul>"
            + items.map { item in
                let text = item.link.map { "<a href=\"#\(escape($0))\">\(prose(item.text))</a>" } ?? prose(item.text)
                return "<li>" + text + (item.items.isEmpty ? "" : list(item.items)) + "</li>"
            }.joined(separator: "\n") + "</ul>"
    }

    /// Text escaped, with every code-like word (a digit and a `-`, `/`, `#`, `.` or `–`, at most 24 characters:
    /// an id, a record, a date, an interval) kept on one line. Sentences name factories and records ("No final
    /// assessment of HT-0009 up to 2026-12-31"), and a line must not break them at a hyphen; a longer word (a
    /// pasted link) may still break anywhere.
    /// French puts a space before `:` `;` `?` `!` `»` and after `«`: that space never breaks, so a line never
    /// starts with the mark.
    static func prose(_ text: String) -> String {
        var html = ""
        var previous: Substring?
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if let previous { html += [":", ";", "?", "!", "»"].contains(word) || previous == "«" ? "\u{00A0}" : " " }
            let code = word.count <= 24 && word.contains(where: \.isNumber) && word.contains(where: { "-/#.–".contains($0) })
            html += code ? "<span class=\"id\">\(escape(String(word)))</span>" : escape(String(word))
            previous = word
        }
        return html
    }

    /// Text and attribute values with XML's five special characters replaced; control characters (which XML
    /// forbids) dropped.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// System fonts only; no `&` or `<`, so the style needs no escaping in XML. The list names fonts that show
    /// Khmer script ("Noto Sans Khmer" from fonts-noto-core, "Khmer OS" on Cambodian desktops, "Khmer UI" and
    /// "Leelawadee UI" on Windows); Vietnamese and Creole need only Latin fonts with diacritics. Khmer's stacked
    /// subscript consonants need taller lines.
    ///
    /// What keeps every value readable at any width (checked in Chromium by Tests/Browser/check_reports.py):
    /// tables take the page's width and lay out on their content, so columns of ids and numbers keep their width
    /// and long texts wrap between words (a word longer than its cell, a pasted link in a note, anywhere); ids, dates and intervals never break; headings may wrap; below 40rem
    /// each row becomes a card; in print the page is A4 with the same rules at 9pt.
    static let style = """

        :root { --ink: #1d2630; --muted: #56626e; --line: #d5dde5; --soft: #eef2f6; --accent: #1f6fb2; --alert: #a3261b; }
        * { box-sizing: border-box; }
        body { margin: 0; color: var(--ink); background: #fff; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Noto Sans Khmer", "Khmer OS System", "Khmer OS", "Khmer UI", "Leelawadee UI", sans-serif; }
        html:lang(km) body { line-height: 1.8; }
        main { max-width: 80rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
        h1 { font-size: 1.6rem; line-height: 1.25; margin: .5rem 0 .25rem; }
        h2 { font-size: 1.3rem; margin-top: 2.2rem; padding-bottom: .2rem; border-bottom: 2px solid var(--line); }
        h3 { font-size: 1.12rem; margin-top: 1.6rem; }
        h4, h5, h6 { font-size: 1rem; margin-top: 1.2rem; }
        h1, h2, h3, h4, h5, h6, p, li, dd, dt, th, figcaption { overflow-wrap: break-word; }
        td { overflow-wrap: anywhere; }
        td.word { overflow-wrap: normal; }
        td:empty::after { content: "—"; color: var(--muted); }
        .subtitle { color: var(--muted); margin-top: 0; }
        p { max-width: 52rem; }
        pre { background: var(--soft); padding: .6rem .8rem; white-space: pre-wrap; overflow-wrap: anywhere; }
        a { color: var(--accent); }
        .id, .nowrap { white-space: nowrap; }
        dl.facts { display: grid; grid-template-columns: minmax(8rem, max-content) minmax(0, 1fr); gap: .15rem 1rem; margin: .8rem 0; }
        dl.facts div { display: contents; }
        dl.facts dt { color: var(--muted); }
        dl.facts dd { margin: 0; }
        .table { margin: .8rem 0; }
        table { border-collapse: collapse; width: 100%; font-size: .92rem; }
        th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid var(--line); }
        th { background: var(--soft); font-weight: 600; }
        td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
        th.num { text-align: right; }
        figure.chart { margin: 1rem 0; }
        figcaption { font-weight: 600; margin-bottom: .4rem; }
        svg.chart { display: block; font-family: inherit; }
        svg .grid { stroke: var(--line); stroke-width: 1; }
        svg .tick { font-size: 11px; fill: var(--muted); }
        svg .label { font-size: 13px; fill: var(--ink); }
        svg .value { font-size: 12px; fill: var(--ink); font-weight: 600; }
        svg .track { fill: var(--soft); }
        svg .fill { fill: var(--accent); }
        svg .whisker { stroke: var(--ink); stroke-width: 1.5; fill: none; }
        ul { padding-left: 1.4rem; }
        @media (max-width: 40rem) {
          body { font-size: 15px; }
          main { padding: .75rem; }
          dl.facts { grid-template-columns: minmax(0, 1fr); }
          dl.facts dd { margin-bottom: .35rem; }
          table, tbody { display: block; }
          table thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
          table tr { display: block; border-bottom: 2px solid var(--line); padding: .3rem 0; }
          table td, table td.num { display: block; border: none; padding: .1rem 0; text-align: left; white-space: normal; }
          table td::before { content: attr(data-label) ": "; color: var(--muted); }
        }
        @media print {
          @page { size: A4; margin: 14mm 12mm; }
          body { font-size: 9pt; }
          main { max-width: none; padding: 0; }
          a { color: inherit; text-decoration: none; }
          h2, h3, h4 { break-after: avoid; }
          tr, figure, dl.facts { break-inside: avoid; }
          table { font-size: 8.5pt; }
          th, td { padding: .2rem .3rem; }
          th { background: none; border-bottom: 1.5px solid var(--ink); }
        }

        """
}
