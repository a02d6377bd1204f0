import Foundation
import ZIPFoundation

/// Which tool exported the submissions; both are read alike, but each names its metadata its own way.
public enum SubmissionSource: String, Sendable, CaseIterable {
    /// ODK Central: CSV (`CL-CL_CHILD-CL_CHILD_1`, `meta-instanceID`, `KEY`, `SubmissionDate`,
    /// `SubmitterName`, `FormVersion`), its ZIP of CSVs, or OData JSON (`value`, `__id`, `__system`).
    case odk
    /// KoboToolbox: CSV (`;` or `,`, `CL/CL_CHILD/CL_CHILD_1` or bare names, `_uuid`, `_submission_time`,
    /// `_submitted_by`) or JSON (`results`, flat `group/field` keys).
    case kobo
}

/// The submissions of one export, each field under its own name (the last part of its group path).
public struct SubmissionExport: Sendable {
    public struct Cell: Sendable {
        public var value: JSONValue
        /// The column (CSV) or key (JSON) as the export wrote it.
        public var column: String
        public var location: SourceLocation
    }

    public struct Submission: Sendable {
        /// 1-based, in export order.
        public var number: Int
        public var location: SourceLocation
        /// By field name; empty cells are left out.
        public var cells: [String: Cell]
        /// Where a CSV row holds more fields than the header names, if it does.
        public var overflow: SourceLocation?
    }

    public var file: String
    public var source: SubmissionSource
    public var submissions: [Submission]
    /// Every column or key seen, by field name, for the check of columns that belong to no field.
    public var columns: [String: (column: String, location: SourceLocation)]
    /// Whether the submissions came as JSON (located by submission and field number) rather than CSV.
    public var isJSON: Bool
    /// The photos and attachments that came with them (ODK Central's ZIP "with media", or `--media`).
    public var media = SubmissionMedia()

    /// The field a column or key names: the part after its group path. Field names hold only ASCII
    /// letters, digits and `_`, so whatever else stands in a column's name separates groups: `-` in ODK
    /// Central's CSV, `/` in KoboToolbox's (or the separator chosen there), `/` in flattened JSON.
    static func fieldName(_ column: String) -> String {
        let trimmed = column.trimmingCharacters(in: .whitespaces)
        let isNamePart = { (c: Character) in c.isASCII && (c.isLetter || c.isNumber || c == "_") }
        guard let cut = trimmed.lastIndex(where: { !isNamePart($0) }) else { return trimmed }
        return String(trimmed[trimmed.index(after: cut)...])
    }

    /// Reads an export: CSV, JSON, or a ZIP holding one (ODK Central's "all submissions" download). A file
    /// that cannot be read is one located error.
    public static func read(_ bytes: [UInt8], file: String, source: SubmissionSource) -> (SubmissionExport?, [Diagnostic]) {
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return readZIP(bytes, file: file, source: source) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return (nil, [.error("unreadable-file", "the export is not UTF-8 text, CSV or JSON", at: SourceLocation(file: file))])
        }
        let start = text.unicodeScalars.first { !$0.properties.isWhitespace && $0 != "\u{FEFF}" }
        if start == "{" || start == "[" { return readJSON(bytes, file: file, source: source) }
        return readCSV(text, file: file, source: source)
    }

    static func readCSV(_ text: String, file: String, source: SubmissionSource) -> (SubmissionExport?, [Diagnostic]) {
        let table: CSVTable
        do {
            table = try CSVTable.parse(text)
        } catch {
            return (nil, [.error("csv-syntax", error.message, at: SourceLocation(file: file, line: error.line))])
        }
        guard !table.header.isEmpty else { return (nil, [.error("empty-file", "the export holds no header row", at: SourceLocation(file: file))]) }
        var columns: [String: (column: String, location: SourceLocation)] = [:]
        for (index, column) in table.header.enumerated() {
            let name = fieldName(column)
            if columns[name] == nil { columns[name] = (column, SourceLocation(file: file, line: 1, column: index + 1)) }
        }
        var submissions: [Submission] = []
        for (number, row) in table.rows.enumerated() {
            var cells: [String: Cell] = [:]
            for (index, value) in row.fields.enumerated() where index < table.header.count && !value.isEmpty {
                let column = table.header[index]
                cells[fieldName(column)] = Cell(value: .string(value), column: column, location: SourceLocation(file: file, line: row.line, column: index + 1))
            }
            let overflow = row.fields.count > table.header.count ? SourceLocation(file: file, line: row.line, column: table.header.count + 1) : nil
            submissions.append(Submission(number: number + 1, location: SourceLocation(file: file, line: row.line), cells: cells, overflow: overflow))
        }
        return (SubmissionExport(file: file, source: source, submissions: submissions, columns: columns, isJSON: false), [])
    }

    static func readJSON(_ bytes: [UInt8], file: String, source: SubmissionSource) -> (SubmissionExport?, [Diagnostic]) {
        let root: JSONValue
        do {
            root = try JSONParser.parse(bytes)
        } catch {
            return (nil, [.error("invalid-json", "not valid JSON: \(error.message)", at: SourceLocation(file: file, line: error.line, column: error.column))])
        }
        // ODK Central's OData feed puts the submissions under `value`, KoboToolbox's API under `results`.
        guard let list = root.array ?? root["value"]?.array ?? root["results"]?.array else {
            return (
                nil,
                [
                    .error(
                        "wrong-type", "the export must be a list of submissions, or an object with 'value' (ODK Central) or 'results' (KoboToolbox)",
                        at: SourceLocation(file: file))
                ]
            )
        }
        var columns: [String: (column: String, location: SourceLocation)] = [:]
        var submissions: [Submission] = []
        for (index, item) in list.enumerated() {
            // JSON has no rows: a submission is located by its place in the list (as `line`), a field by its
            // place in the submission (as `column`, keys in sorted order), and the key is named in a note.
            let location = SourceLocation(file: file, line: index + 1)
            var cells: [String: Cell] = [:]
            var ordinal = 0
            func visit(_ value: JSONValue, path: String) {
                switch value {
                // KoboToolbox's own objects (`_validation_status`) stay whole; ODK's `__system` holds the metadata.
                case .object(let fields) where !(path.hasPrefix("_") && path != "__system"):
                    for (key, inner) in fields.sorted(by: { $0.key < $1.key }) { visit(inner, path: path.isEmpty ? key : path + "/" + key) }
                case .null:
                    break
                case .string(let s) where s.isEmpty:
                    break
                default:
                    let name = fieldName(path)
                    ordinal += 1
                    let at = SourceLocation(file: file, line: index + 1, column: ordinal)
                    cells[name] = Cell(value: value, column: path, location: at)
                    if columns[name] == nil { columns[name] = (path, at) }
                }
            }
            guard item.object != nil else {
                return (nil, [.error("wrong-type", "submission \(index + 1) is not a JSON object", at: location)])
            }
            visit(item, path: "")
            submissions.append(Submission(number: index + 1, location: location, cells: cells))
        }
        return (SubmissionExport(file: file, source: source, submissions: submissions, columns: columns, isJSON: true), [])
    }

    /// ODK Central's ZIP: the submissions' CSV, beside the CSVs of repeat groups (named `form-group.csv`) and
    /// media. star's forms have no repeat, so the one CSV that is not a repeat table is read.
    static func readZIP(_ bytes: [UInt8], file: String, source: SubmissionSource) -> (SubmissionExport?, [Diagnostic]) {
        let failure = { (message: String) -> (SubmissionExport?, [Diagnostic]) in (nil, [.error("unreadable-file", message, at: SourceLocation(file: file))]) }
        let archive: Archive
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            return failure("the ZIP archive cannot be read: \(error)")
        }
        if archive["xl/workbook.xml"] != nil {
            return failure("this is a spreadsheet (.xlsx); export the submissions as CSV or JSON instead")
        }
        let tables = archive.filter { $0.type == .file && $0.path.lowercased().hasSuffix(".csv") && !$0.path.contains("/") }
        guard !tables.isEmpty else { return failure("the ZIP archive holds no CSV file") }
        // Repeat tables are named after the main one plus a group; the main table has the shortest name.
        let main = tables.min { ($0.path.count, $0.path) < ($1.path.count, $1.path) }!
        var data = Data()
        do {
            _ = try archive.extract(main) { data.append($0) }
        } catch {
            return failure("\(main.path) in the ZIP archive cannot be read: \(error)")
        }
        guard let text = String(validating: [UInt8](data), as: UTF8.self) else { return failure("\(main.path) is not UTF-8 text") }
        var (export, diagnostics) = readCSV(text, file: "\(file):\(main.path)", source: source)
        // Photos ride along: read once here, stored as evidence only for drafts that are written.
        export?.media = SubmissionMedia.read(archive, limit: FileStore.Limit.any)
        return (export, diagnostics)
    }
}
