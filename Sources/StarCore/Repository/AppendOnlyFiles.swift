import Foundation

/// The files several people append to (consents, plans, access logs), by kind: how to read one into its
/// entries by id and how to write it in the current form. `star migrate` and `star validate --since` use them.
public enum AppendOnlyFiles {
    public enum Kind: String, Sendable, CaseIterable {
        case consents, plans, shares
        /// Evidence links files (`evidence/<CC>/<factory>.yaml`); the sidecars under `evidence/sha256/` are not entry files.
        case evidence
    }

    /// A file read: its format (the `star:` value), its entries as written on their lines by id, and the text
    /// star would write for it now.
    public struct Read: Sendable {
        public var format: String
        public var entries: [String: JSONValue]
        public var currentText: String
    }

    public static func kind(of path: String) -> Kind? {
        guard path.hasSuffix(".yaml"), let folder = path.split(separator: "/").first, !path.hasPrefix(EvidencePaths.store + "/") else { return nil }
        return Kind(rawValue: String(folder))
    }

    /// Reads `text` (the file at repository-relative `path`); nil with the problems when it cannot be read.
    public static func read(_ text: String, path: String) -> (Read?, [Diagnostic]) {
        guard let kind = kind(of: path) else { return (nil, []) }
        let format =
            text.split(separator: "\n").first { $0.hasPrefix("star:") }.map {
                $0.dropFirst("star:".count).trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            } ?? ""
        switch kind {
        case .consents:
            let (history, diagnostics) = ConsentHistory.read(text, file: path)
            guard let history else { return (nil, diagnostics) }
            var entries: [String: JSONValue] = [:]
            for entry in history.entries { entries[entry.id ?? ""] = ConsentHistory.encode(entry) }
            return (Read(format: format, entries: entries, currentText: history.text), diagnostics)
        case .plans:
            let (plan, diagnostics) = ImprovementPlan.read(text, file: path)
            guard let plan else { return (nil, diagnostics) }
            return (Read(format: format, entries: plan.lines.mapValues(\.line), currentText: plan.text), diagnostics)
        case .shares:
            let (log, diagnostics) = AccessLog.read(text, file: path)
            if diagnostics.hasErrors { return (nil, diagnostics) }
            let buyer = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            var entries: [String: JSONValue] = [:]
            for entry in log { entries[entry.id ?? ""] = AccessLog.encode(entry) }
            return (Read(format: format, entries: entries, currentText: AccessLog.text(buyer: buyer, entries: log)), diagnostics)
        case .evidence:
            let (links, diagnostics) = EvidenceLinks.read(text, file: path)
            guard let links else { return (nil, diagnostics) }
            return (
                Read(
                    format: format, entries: Dictionary(links.links.map { ($0.id, $0.json) }, uniquingKeysWith: { first, _ in first }), currentText: links.text),
                diagnostics
            )
        }
    }
}

/// `star migrate`: rewrites every consent, plan and access log still in an older form into the current one
/// (one entry per line, with ids and times), and adds the `merge=union` lines to `.gitattributes`. Running it
/// again changes nothing. The meaning of every file is unchanged: old entries keep the order they had.
public enum Migration {
    public struct Change: Sendable, Equatable {
        public var path: String
        public var from: String
        public var to: String
    }

    /// What was (or, with `dryRun`, would be) changed, and the files that could not be read (left as they are).
    /// The caller holds the repository's lock.
    public static func run(_ repository: Repository, dryRun: Bool = false) throws(RepositoryError) -> (changes: [Change], diagnostics: [Diagnostic]) {
        var changes: [Change] = []
        var diagnostics: [Diagnostic] = []
        for kind in AppendOnlyFiles.Kind.allCases {
            let (files, problems) = repository.yamlFiles(in: kind.rawValue)
            diagnostics += problems
            for (path, text) in files {
                let (read, found) = AppendOnlyFiles.read(text, path: path)
                guard let read else {
                    diagnostics += found
                    continue
                }
                guard read.currentText != text else { continue }
                let to =
                    read.currentText.split(separator: "\n").first { $0.hasPrefix("star:") }.map {
                        String($0.dropFirst(6)).replacingOccurrences(of: "\"", with: "")
                    } ?? ""
                if !dryRun { try FileStore.write(read.currentText, to: repository.path(path)) }
                changes.append(Change(path: path, from: read.format, to: to))
            }
        }
        let attributesPath = repository.path(".gitattributes")
        // A .gitattributes that cannot be read is left as it is: writing star's lines alone would drop the others.
        let existing: String
        if FileStore.anythingAt(attributesPath) {
            do throws(RepositoryError) { existing = try repository.readText(".gitattributes", limit: FileStore.Limit.document) } catch {
                diagnostics.append(Repository.diagnostic(for: error, file: ".gitattributes"))
                return (changes, diagnostics)
            }
        } else {
            existing = ""
        }
        let missing = EntryFile.gitAttributes.split(separator: "\n").filter { $0.hasPrefix("#") == false && !existing.split(separator: "\n").contains($0) }
        if !missing.isEmpty {
            let added = existing.isEmpty ? EntryFile.gitAttributes : existing + (existing.hasSuffix("\n") ? "" : "\n") + missing.map { $0 + "\n" }.joined()
            if !dryRun { try FileStore.write(added, to: attributesPath) }
            changes.append(
                Change(
                    path: ".gitattributes", from: existing.isEmpty ? "none" : "without merge=union",
                    to: "merge=union for \(EntryFile.mergedFolders.joined(separator: ", "))"))
        }
        return (changes, diagnostics)
    }
}
