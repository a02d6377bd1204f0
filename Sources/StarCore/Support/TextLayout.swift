/// Lays out a text in lines for a terminal or a sheet comment: broken at spaces, never inside a word. A word
/// longer than a line stands on a line of its own; line breaks in the text are kept.
public enum TextLayout {
    public static func lines(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                if !line.isEmpty, line.count + 1 + word.count > width {
                    lines.append(line)
                    line = ""
                }
                line += line.isEmpty ? String(word) : " " + word
            }
            lines.append(line)
        }
        return lines
    }

    /// The lines joined, each but empty ones starting with `indent`, all within `width` columns.
    public static func wrap(_ text: String, width: Int, indent: String = "") -> String {
        lines(text, width: max(20, width - indent.count)).map { $0.isEmpty ? "" : indent + $0 }.joined(separator: "\n")
    }
}
