import Yams

/// star's own texts (report headings and labels, form field labels), one table per language: the files
/// strings/<language>.yaml, embedded in the binary by scripts/embed_strings.py. A key is `area.name`
/// (`report.factoryTitle`, `form.visitStart`). A text missing in a language is taken from English, so a new
/// language can start with part of the texts; StringTablesTests says which keys each file lacks or has unused.
package enum StringTables {
    /// The language every other falls back to.
    package static let fallback = "en"

    package struct Table: Sendable {
        package var language: String
        /// The language's own name (`Français`).
        package var name: String
        package var texts: [String: String]
    }

    /// The tables read from the embedded files, by language. A file that does not read (which
    /// StringTablesTests rules out for every shipped file) is left out, and its language falls back to English.
    package static let tables: [String: Table] = {
        var tables: [String: Table] = [:]
        for (_, text) in texts {
            if let table = try? table(from: text) { tables[table.language] = table }
        }
        return tables
    }()

    /// The languages that have a table, sorted.
    package static var languages: [String] { tables.keys.sorted() }

    /// The text of `key` in `language`, else in English, else the key itself (which a test rules out).
    package static func text(_ key: String, in language: String) -> String {
        tables[language]?.texts[key] ?? tables[fallback]?.texts[key] ?? key
    }

    /// Reads one file: `star: strings/1`, `language`, `name` and a flat `texts` mapping of key to text.
    package static func table(from text: String) throws -> Table {
        guard case .mapping(let root)? = try Yams.compose(yaml: text) else { throw TableError.notATable }
        func value(_ key: String) -> Node? { root.first { $0.key.scalar?.string == key }?.value }
        guard value("star")?.scalar?.string == format, let language = value("language")?.scalar?.string,
            let name = value("name")?.scalar?.string, case .mapping(let entries)? = value("texts")
        else {
            throw TableError.notATable
        }
        var texts: [String: String] = [:]
        for (key, value) in entries {
            guard let key = key.scalar?.string, let value = value.scalar?.string, texts.updateValue(value, forKey: key) == nil else {
                throw TableError.notATable
            }
        }
        return Table(language: language, name: name, texts: texts)
    }

    package static let format = "strings/1"

    package enum TableError: Error { case notATable }
}
