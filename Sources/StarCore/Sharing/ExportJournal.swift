import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The exports under way, so that one killed half-way leaves nothing behind for long: before a bundle is
/// built, `.star/exports/<token>` names the hidden folder it is built in (beside the bundle's destination,
/// so that it can be renamed into place). The next export removes the folders of exports whose process is
/// gone: they hold a buyer's data, unsigned or unlogged, and must not linger.
struct ExportJournal: Sendable {
    let repository: Repository
    static let folder = ".star/exports"
    /// Part of every staging folder's name: only such folders are ever removed from a journal entry.
    static let marker = ".star-partial-"

    /// Creates the staging folder for a bundle to be put at `directory` (mode 0700), journaled first.
    func begin(for directory: String) throws(RepositoryError) -> String {
        let parent = (directory as NSString).deletingLastPathComponent
        let token = "\(getpid())-\(String(UInt64.random(in: 0...UInt64.max), radix: 16))"
        let staging = (parent as NSString).appendingPathComponent(".\((directory as NSString).lastPathComponent)\(Self.marker)\(token)")
        try FileStore.write(staging + "\n", to: repository.path("\(Self.folder)/\(token)"), policy: .createOnly)
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw .io(path: parent, reason: "cannot create the directory")
        }
        guard mkdir(staging, 0o700) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(repository.path("\(Self.folder)/\(token)"))
            throw .io(path: staging, reason: "cannot create the bundle's folder: \(reason)")
        }
        return staging
    }

    /// The bundle is in place: its staging folder no longer exists.
    func finish(_ staging: String) {
        unlink(repository.path("\(Self.folder)/\(token(of: staging))"))
    }

    /// The export failed: its staging folder goes, then its journal entry.
    func abandon(_ staging: String) {
        Self.removeStaging(staging)
        finish(staging)
    }

    /// Removes what exports that are no longer running left behind; returns the folders removed.
    func removeLeftovers() -> [String] {
        let folder = repository.path(Self.folder)
        guard let tokens = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var removed: [String] = []
        for token in tokens.sorted() where !token.hasPrefix(".") {
            guard let pid = Int32(token.prefix { $0 != "-" }), !Self.isRunning(pid) else { continue }
            let entry = (folder as NSString).appendingPathComponent(token)
            if let text = try? FileStore.readText(entry, limit: 4096) {
                let staging = text.trimmingCharacters(in: .newlines)
                if Self.removeStaging(staging) { removed.append(staging) }
            }
            unlink(entry)
        }
        return removed
    }

    private func token(of staging: String) -> String {
        let name = (staging as NSString).lastPathComponent
        guard let range = name.range(of: Self.marker) else { return name }
        return String(name[range.upperBound...])
    }

    /// Removes a staging folder: a real folder (not a link) whose name says it is one.
    @discardableResult
    static func removeStaging(_ staging: String) -> Bool {
        var status = stat()
        guard (staging as NSString).lastPathComponent.hasPrefix("."), staging.contains(marker),
            lstat(staging, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR
        else { return false }
        return (try? FileManager.default.removeItem(atPath: staging)) != nil
    }

    static func isRunning(_ pid: Int32) -> Bool {
        pid > 0 && (kill(pid, 0) == 0 || errno == EPERM)
    }
}
