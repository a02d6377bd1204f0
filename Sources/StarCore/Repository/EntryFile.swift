import Foundation

/// The layout of every file several people append to (consents, plans with their PICC, access logs): a few
/// header lines that never change, then one self-contained entry per line, a YAML flow mapping:
///
///     # comment
///     star: "consent/2"
///     factory: "KH-0001"
///     entries:
///       - {by: "Sok Dara", from: "2026-01-01", grant: "northwind-retail", id: "4f1c9a0e5b7d2c36", ...}
///
/// Two branches that append to such a file differ only by whole lines at its end, which git's `merge=union`
/// (set for these folders in the `.gitattributes` that `star init` writes) joins without a conflict into a file
/// that is still valid and means the union. Each entry carries its own `id` and `time`, so an entry that
/// arrives twice is recognised and the order of the lines means nothing (docs/collaboration.md).
public enum EntryFile {
    /// The folders whose files have this layout, for `.gitattributes` (evidence/: the links files; its sidecars never change).
    public static let mergedFolders = ["consents", "plans", "shares", "evidence"]

    /// The `.gitattributes` lines that let git join two branches' appends (`merge=union`).
    public static var gitAttributes: String {
        "# Written by 'star init': files several people append to, one entry per line, merge as a union (docs/collaboration.md).\n"
            + mergedFolders.map { "\($0)/**/*.yaml merge=union\n" }.joined()
    }

    /// The whole file: the comment, the header fields (`star:` first), the list's key, and one line per entry.
    public static func render(comment: String, header: KeyValuePairs<String, JSONValue>, list: String, entries: [JSONValue]) -> String {
        var out = comment.split(separator: "\n", omittingEmptySubsequences: false).map { "# \($0)\n" }.joined()
        for (key, value) in header {
            out += "\(key): \(flow(value))\n"
        }
        out += entries.isEmpty ? "\(list): []\n" : "\(list):\n"
        for entry in entries { out += "  - \(flow(entry))\n" }
        return out
    }

    /// One value on one line: mappings as `{key: value, ...}` with sorted plain keys, lists as `[...]`, strings
    /// double-quoted (JSON escapes, so a newline in a note stays on the line).
    public static func flow(_ value: JSONValue) -> String {
        switch value {
        case .object(let fields):
            "{" + fields.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).map { "\($0): \(flow(fields[$0]!))" }.joined(separator: ", ") + "}"
        case .array(let items):
            "[" + items.map(flow).joined(separator: ", ") + "]"
        default:
            CanonicalYAML.scalar(value)
        }
    }

    /// A new entry's id: 16 random hexadecimal digits, unique for every practical purpose.
    public static func newID() -> String {
        String(format: "%016llx", UInt64.random(in: 0...UInt64.max))
    }

    /// The id an entry written before ids existed is known by: derived from its content and its place in the
    /// old file, so `star migrate` writes the same id on every branch.
    public static func legacyID(_ entry: JSONValue, index: Int) -> String {
        String(ContentDigest.of(.array([.int(index), entry])).dropFirst("sha256:".count).prefix(16))
    }

    /// The time to record a new entry with: now, or just after the latest entry already there, so that the
    /// entries of one repository keep the order they were written in even if the clock goes back.
    public static func nextTime(after latest: Timestamp?, now: Timestamp = .now) -> Timestamp {
        guard let latest, !(latest < now) else { return now }
        return latest.adding(milliseconds: 1)
    }

    /// Times for entries of an old file, which had none: the start of each one's recorded day, pushed on by a
    /// millisecond where needed so that they keep the order of the old file (which was their meaning).
    public static func legacyTimes(_ days: [CalendarDate]) -> [Timestamp] {
        var times: [Timestamp] = []
        for day in days {
            let start = Timestamp(startOf: day)
            times.append(times.last.map { start > $0 ? start : $0.adding(milliseconds: 1) } ?? start)
        }
        return times
    }
}
