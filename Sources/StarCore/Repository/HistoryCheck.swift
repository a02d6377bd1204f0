import Foundation

/// `star validate --since REV`: what git's history says about the files that must only grow. Every entry of
/// a consent file, plan or access log at REV must still be in the working tree, unchanged (wherever its line
/// now stands); every final record at REV must still be there, byte for byte. git runs as a subprocess.
public enum HistoryCheck {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The diagnostics for every entry changed or removed, and every final record changed or deleted, between
    /// `revision` and the working tree.
    public static func check(_ repository: Repository, since revision: String) throws(Failure) -> [Diagnostic] {
        let top = try git(
            ["rev-parse", "--show-toplevel"], in: repository.root, failure: "\(repository.root) is not in a git repository; --since compares with git history"
        )
        .trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try git(
            ["rev-parse", "--verify", "--quiet", "\(revision)^{commit}"], in: repository.root, failure: "'\(revision)' is not a commit of this git repository")
        // The star repository may be a folder of the git repository (examples/ in star's own).
        let resolvedTop = Repository.normalize((top as NSString).resolvingSymlinksInPath)
        let resolvedRoot = Repository.normalize((repository.root as NSString).resolvingSymlinksInPath)
        let prefix = resolvedRoot == resolvedTop ? "" : String(resolvedRoot.dropFirst(resolvedTop.count + 1)) + "/"
        let listed = try git(
            ["ls-tree", "-r", "--name-only", revision, "--"] + (AppendOnlyFiles.Kind.allCases.map(\.rawValue) + ["assessments"]).map { prefix + $0 },
            in: resolvedTop, failure: "cannot list the files of '\(revision)'")
        var diagnostics: [Diagnostic] = []
        for gitPath in listed.split(separator: "\n").map(String.init) where gitPath.hasPrefix(prefix) {
            let path = String(gitPath.dropFirst(prefix.count))
            guard let old = try? git(["show", "\(revision):\(gitPath)"], in: resolvedTop, failure: "") else { continue }
            // nil only for a file that is gone: one that is there but cannot be read is validate's own finding,
            // not a deletion.
            let current: String?
            if FileStore.anythingAt(repository.path(path)) {
                do throws(RepositoryError) { current = try repository.readText(path, limit: FileStore.Limit.record) } catch { continue }
            } else {
                current = nil
            }
            if AppendOnlyFiles.kind(of: path) != nil {
                diagnostics += entryChanges(path: path, gitPath: gitPath, old: old, current: current, revision: revision)
            } else if path.hasSuffix(".json"), isFinalRecord(old) {
                if current == nil {
                    diagnostics.append(
                        .error(
                            "history-rewritten",
                            "the final record \(path) of \(revision) was deleted; a final record is never removed (a correction is a new record that amends it)",
                            at: SourceLocation(file: path), notes: ["restore it: git checkout \(revision) -- \(gitPath)"]))
                } else if current != old {
                    diagnostics.append(
                        .error(
                            "history-rewritten",
                            "the final record \(path) was changed since \(revision); a final record never changes (a correction is a new record that amends it)",
                            at: SourceLocation(file: path), notes: ["restore it: git checkout \(revision) -- \(gitPath)"]))
                }
            }
        }
        return diagnostics
    }

    /// The entries of an append-only file at `revision` (`old`) missing from or changed in `current`.
    static func entryChanges(path: String, gitPath: String, old: String, current: String?, revision: String) -> [Diagnostic] {
        guard let before = AppendOnlyFiles.read(old, path: path).0 else { return [] }
        guard let current else {
            return before.entries.isEmpty
                ? []
                : [
                    .error(
                        "history-rewritten",
                        "\(path) was deleted since \(revision), with its \(before.entries.count) entries; an append-only file is never removed",
                        at: SourceLocation(file: path), notes: ["restore it: git checkout \(revision) -- \(gitPath)"])
                ]
        }
        // A file that no longer reads is reported by validate itself.
        guard let after = AppendOnlyFiles.read(current, path: path).0 else { return [] }
        var diagnostics: [Diagnostic] = []
        let lines = current.split(separator: "\n", omittingEmptySubsequences: false)
        func line(of id: String) -> Int { (lines.firstIndex { $0.contains("id: \"\(id)\"") } ?? 0) + 1 }
        for id in before.entries.keys.sorted() {
            let entry = before.entries[id]!
            if let now = after.entries[id] {
                if now != entry {
                    diagnostics.append(
                        .error(
                            "history-rewritten", "entry \(id) was changed since \(revision); \(path) is append-only: an entry is never edited",
                            at: SourceLocation(file: path, line: line(of: id), column: 1),
                            notes: ["it was: \(EntryFile.flow(entry))", "record a change as a new entry ('star share', 'star remediate', 'star picc')"]))
                }
            } else {
                diagnostics.append(
                    .error(
                        "history-rewritten", "entry \(id) was removed since \(revision); \(path) is append-only: an entry is never removed",
                        at: SourceLocation(file: path), notes: ["it was: \(EntryFile.flow(entry))", "put the line back as it was"]))
            }
        }
        return diagnostics
    }

    static func isFinalRecord(_ text: String) -> Bool {
        text.contains("\"status\": \"final\"")
    }

    /// git's standard output, or `failure` when it exits with another status than 0.
    static func git(_ arguments: [String], in directory: String, failure: String) throws(Failure) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { throw Failure(description: "cannot run git: \(error.localizedDescription)") }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failure(description: failure) }
        return String(decoding: data, as: UTF8.self)
    }
}
