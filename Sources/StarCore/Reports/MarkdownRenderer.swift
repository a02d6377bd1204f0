/// A report as GitHub-flavoured Markdown. Every text from the repository is escaped, so a note holding `<script>`
/// or `|` is shown as written and never becomes markup. Charts become tables of their values, which read the same
/// in any font.
public enum MarkdownRenderer {
    public static func render(_ document: ReportDocument) -> String {
        let t = ReportStrings(document.language)
        var lines = ["# " + inline(document.title)]
        if let subtitle = document.subtitle { lines += ["", inline(subtitle)] }
        let targets = document.linkTargets
        func add(_ section: ReportSection, depth: Int) {
            lines.append("")
            // Only sections a table of contents links to need an explicit anchor.
            if targets.contains(section.id) { lines += ["<a id=\"\(section.id)\"></a>", ""] }
            lines.append(String(repeating: "#", count: min(depth, 6)) + " " + inline(section.title))
            var previousWasList = false
            for block in section.blocks {
                lines.append("")
                // Two lists in a row would run together into one; an empty comment keeps them apart.
                if previousWasList, block.isList { lines += ["<!-- -->", ""] }
                lines += render(block, t)
                previousWasList = block.isList
            }
            for child in section.sections { add(child, depth: depth + 1) }
        }
        for section in document.sections { add(section, depth: 2) }
        return lines.joined(separator: "\n") + "\n"
    }

    static func render(_ block: ReportBlock, _ t: ReportStrings) -> [String] {
        switch block {
        case .paragraph(let text):
            return [inline(text)]
        case .code(let text):
            // A fence longer than any run of backticks in the text, so nothing inside can close it.
            let fence = String(repeating: "`", count: max(3, longestBacktickRun(text) + 1))
            return [fence, text, fence]
        case .facts(let facts):
            return facts.map { "- **\(inline($0.label))\(t(.colon))** " + inline(t.fact($0.value)) }
        case .table(let table):
            return self.table(
                table.columns.map(\.title), rows: table.rows.map { $0.map(t.text) },
                numeric: table.columns.indices.map { i in table.rows.contains { $0[i].isNumeric } })
        case .chart(let chart):
            return self.chart(chart, t)
        case .list(let list):
            return self.list(list.items, indent: "")
        case .evidence(let items):
            return evidence(items, t)
        }
    }

    static func list(_ items: [ReportList.Item], indent: String) -> [String] {
        items.flatMap { item in
            [indent + "- " + (item.link.map { "[\(inline(item.text))](#\($0))" } ?? inline(item.text))] + list(item.items, indent: indent + "  ")
        }
    }

    /// A chart as a table of its values: what the bars are, the value, the interval and the note (when any bar
    /// has one), and for a count chart that shares its scale with others, that scale.
    static func chart(_ chart: BarChart, _ t: ReportStrings) -> [String] {
        let hasIntervals = chart.bars.contains { $0.interval != nil }
        let hasNotes = chart.bars.contains { $0.note != nil }
        let value: (Double?) -> ReportValue = { chart.unit == .percent ? .percent($0) : $0.map { .count(Int($0.rounded())) } ?? .none }
        let rows = chart.bars.map { bar -> [String] in
            [bar.label, t.text(value(bar.value))] + (hasIntervals ? [t.text(.interval(bar.interval))] : []) + (hasNotes ? [bar.note ?? ""] : [])
        }
        let header = [chart.category, t(.value)] + (hasIntervals ? [t(.interval)] : []) + (hasNotes ? [t(.note)] : [])
        let scale = chart.scale == nil ? [] : ["", t(.sharedScale, Int(chart.maximum))]
        return ["**\(inline(chart.title))**", ""]
            + table(header, rows: rows, numeric: [false, true] + (hasIntervals ? [true] : []) + (hasNotes ? [false] : [])) + scale
    }

    static func table(_ header: [String], rows: [[String]], numeric: [Bool]) -> [String] {
        func line(_ cells: [String]) -> String { "| " + cells.map(inline).joined(separator: " | ") + " |" }
        return [line(header), "| " + numeric.map { $0 ? "---:" : "---" }.joined(separator: " | ") + " |"] + rows.map(line)
    }

    static func longestBacktickRun(_ text: String) -> Int {
        var longest = 0
        var current = 0
        for character in text {
            current = character == "`" ? current + 1 : 0
            longest = max(longest, current)
        }
        return longest
    }

    /// Text as Markdown shows it: markup characters escaped, HTML tags and entities neutralised, one line.
    static func inline(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "\\", "`", "*", "_", "[", "]", "|": out += "\\" + String(character)
            case "#" where out.isEmpty: out += "\\#"
            case "<": out += "&lt;"
            // Only a line's first `>` (a quote) means anything; `a > b` stays readable.
            case ">" where out.isEmpty: out += "&gt;"
            case "&": out += "&amp;"
            case "\n", "\r", "\r\n": out += " "
            default: out.append(character)
            }
        }
        return out
    }
}

extension ReportBlock {
    var isList: Bool {
        switch self {
        case .facts, .list, .evidence: true
        default: false
        }
    }
}
