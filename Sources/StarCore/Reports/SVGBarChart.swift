/// A bar chart as inline SVG, for the HTML report. Each bar is a `<g class="bar">` carrying its numbers
/// (`data-value`, and `data-low`/`data-high` for an interval, as fractions or counts written in full) and a text
/// label with the value, so the chart can be checked against the data and read without colour.
///
/// Horizontal positions are percentages of the chart's width and there is no viewBox, so the chart takes the
/// page's width while its text keeps its real size: labels stay readable on a phone. Labels sit above their
/// bars, on as many lines as a phone's width needs, so long cluster names are never cut.
enum SVGBarChart {
    /// The longest label line, in characters: what fits in a 390 px phone at the label's 13 px.
    static let labelLine = 42
    static let lineHeight = 16.0
    /// The share of the width the bars may use; the rest holds the value labels.
    static let barShare = 85.0
    static let rowHeight = 38.0
    static let barHeight = 14.0
    static let top = 8.0
    static let axisHeight = 22.0

    static func render(_ chart: BarChart, id: String, _ t: ReportStrings) -> String {
        let labels = chart.bars.map { bar in lines(bar.note.map { "\(bar.label) · \($0)" } ?? bar.label) }
        // Each row: its label lines, then the bar.
        var rowTops: [Double] = []
        var y = top
        for lines in labels {
            rowTops.append(y)
            y += rowHeight + Double(lines.count - 1) * lineHeight
        }
        let axisY = y
        let height = axisY + axisHeight
        /// A value on the scale as a horizontal position.
        func x(_ value: Double) -> String { percent(min(1, max(0, value / chart.maximum)) * barShare) }
        var svg =
            "<svg class=\"chart\" width=\"100%\" height=\"\(n(height))\" role=\"img\" aria-labelledby=\"\(id)-title\" data-unit=\"\(chart.unit.rawValue)\" data-max=\"\(chart.maximum)\">\n"
        svg += "<title id=\"\(id)-title\">\(HTMLRenderer.escape(chart.title))</title>\n"
        // Grid lines at quarters of the scale, labelled under the last bar.
        for step in 0...4 {
            let tick = chart.maximum * Double(step) / 4
            let label = chart.unit == .percent ? "\(Int((tick * 100).rounded()))%" : (tick == tick.rounded() ? String(Int(tick)) : "")
            svg += "<line class=\"grid\" x1=\"\(x(tick))\" y1=\"\(n(top))\" x2=\"\(x(tick))\" y2=\"\(n(axisY))\"/>"
            svg +=
                "<text class=\"tick\" x=\"\(x(tick))\" y=\"\(n(axisY + 16))\" text-anchor=\"\(step == 0 ? "start" : step == 4 ? "end" : "middle")\">\(label)</text>\n"
        }
        for (index, bar) in chart.bars.enumerated() {
            let y = rowTops[index]
            let barY = y + 18 + Double(labels[index].count - 1) * lineHeight
            let middle = barY + barHeight / 2
            let valueText: String =
                switch chart.unit {
                case .percent: t.text(.percent(bar.value))
                case .count: bar.value.map { String(Int($0.rounded())) } ?? t(.notAvailable)
                }
            var attributes = "class=\"bar\" data-key=\"\(HTMLRenderer.escape(bar.key))\""
            if let value = bar.value { attributes += " data-value=\"\(value)\"" }
            if let interval = bar.interval { attributes += " data-low=\"\(interval.lowerBound)\" data-high=\"\(interval.upperBound)\"" }
            svg += "<g \(attributes)>\n"
            let intervalText = bar.interval.map { " (95%: \(t.text(.interval($0))))" } ?? ""
            let noteText = bar.note.map { " · \($0)" } ?? ""
            svg += "<title>\(HTMLRenderer.escape("\(bar.label): \(valueText)\(intervalText)\(noteText)"))</title>\n"
            svg +=
                "<text class=\"label\" x=\"0\" y=\"\(n(y + 13))\">"
                + labels[index].enumerated().map { line, text in
                    "<tspan x=\"0\"\(line == 0 ? "" : " dy=\"\(n(lineHeight))\"")>\(HTMLRenderer.escape(text))</tspan>"
                }.joined() + "</text>"
            svg += "<text class=\"value\" x=\"100%\" y=\"\(n(barY + barHeight - 2))\" text-anchor=\"end\">\(HTMLRenderer.escape(valueText))</text>\n"
            svg += "<rect class=\"track\" x=\"0\" y=\"\(n(barY))\" width=\"\(percent(barShare))\" height=\"\(n(barHeight))\"/>"
            svg += "<rect class=\"fill\" x=\"0\" y=\"\(n(barY))\" width=\"\(x(bar.value ?? 0))\" height=\"\(n(barHeight))\"/>"
            if let interval = bar.interval {
                // The interval as a whisker across the bar, with end caps.
                let low = x(interval.lowerBound)
                let high = x(interval.upperBound)
                let capTop = n(barY + 2)
                let capBottom = n(barY + barHeight - 2)
                svg += "\n<g class=\"whisker\"><line x1=\"\(low)\" y1=\"\(n(middle))\" x2=\"\(high)\" y2=\"\(n(middle))\"/>"
                svg +=
                    "<line x1=\"\(low)\" y1=\"\(capTop)\" x2=\"\(low)\" y2=\"\(capBottom)\"/><line x1=\"\(high)\" y1=\"\(capTop)\" x2=\"\(high)\" y2=\"\(capBottom)\"/></g>"
            }
            svg += "\n</g>\n"
        }
        return svg + "</svg>"
    }

    /// A label cut into lines of at most `labelLine` characters, between words (a longer word has a line of its own).
    static func lines(_ label: String) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in label.split(separator: " ", omittingEmptySubsequences: true) {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= labelLine {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        return lines + [current]
    }

    /// A length with at most one decimal, so the SVG stays small and stable.
    static func n(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    static func percent(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return (rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)) + "%"
    }
}
