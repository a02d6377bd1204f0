/// A CSV file as ODK Central and KoboToolbox write it (RFC 4180: quoted fields may hold the delimiter,
/// quotes doubled, and line breaks), with the line each record starts on, so problems name their row.
struct CSVTable: Sendable {
    var header: [String]
    /// The records after the header, each with the 1-based line it starts on.
    var rows: [(line: Int, fields: [String])]

    struct SyntaxError: Error {
        var message: String
        var line: Int
    }

    /// Reads `text`; the delimiter is the one of `,` and `;` that the header line uses most (KoboToolbox
    /// writes `;` by default, ODK Central `,`).
    static func parse(_ text: String) throws(SyntaxError) -> CSVTable {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        let delimiter = guessDelimiter(scalars)
        var records: [(Int, [String])] = []
        var field = String.UnicodeScalarView()
        var fields: [String] = []
        var line = 1
        var recordLine = 1
        var i = 0
        var quoted = false
        var quoteLine = 1
        var fieldStarted = false
        func endRecord() {
            fields.append(String(field))
            field = .init()
            // A blank line between records is no record.
            if !(fields.count == 1 && fields[0].isEmpty) { records.append((recordLine, fields)) }
            fields = []
        }
        while i < scalars.count {
            let c = scalars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < scalars.count, scalars[i + 1] == "\"" {
                        field.append("\"")
                        i += 2
                        continue
                    }
                    quoted = false
                } else {
                    if c == "\n" { line += 1 }
                    field.append(c)
                }
                i += 1
                continue
            }
            switch c {
            case "\"" where !fieldStarted:
                quoted = true
                quoteLine = line
                fieldStarted = true
            case delimiter:
                fields.append(String(field))
                field = .init()
                fieldStarted = false
            case "\r":
                break
            case "\n":
                endRecord()
                fieldStarted = false
                line += 1
                recordLine = line
            default:
                field.append(c)
                fieldStarted = true
            }
            i += 1
        }
        if quoted { throw SyntaxError(message: "a quoted field that starts here is never closed", line: quoteLine) }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        guard let first = records.first else { return CSVTable(header: [], rows: []) }
        return CSVTable(header: first.1, rows: Array(records.dropFirst()).map { (line: $0.0, fields: $0.1) })
    }

    private static func guessDelimiter(_ scalars: [Unicode.Scalar]) -> Unicode.Scalar {
        var commas = 0
        var semicolons = 0
        var quoted = false
        for c in scalars {
            if c == "\"" { quoted.toggle() }
            if quoted { continue }
            if c == "\n" { break }
            if c == "," { commas += 1 }
            if c == ";" { semicolons += 1 }
        }
        return semicolons > commas ? ";" : ","
    }
}
