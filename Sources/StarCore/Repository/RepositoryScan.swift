import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `star validate` finds in a repository's data folders that star will never read: symbolic links (to
/// files or folders), FIFOs, sockets and devices, each refused with the message the reader gives; and the
/// temporary files of writes that were interrupted. git stores links, so one commit can put a link to the
/// programme's key where a plan belongs: CI must say so, not skip it.
enum RepositoryScan {
    static let folders = ["questionnaires", "factories", "buyers", "assessments", "plans", "consents", "shares", "evidence"]

    /// - Parameter walked: data folders already walked without `known` listings (FileStore.walk; `star validate`
    ///   lists the records so): only the entries the walk could not list are looked at again, not every folder.
    static func problems(_ repository: Repository, walked: [String: FileStore.Walk] = [:]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let root = open(repository.root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0 else { return [] }
        defer { close(root) }
        for name in folders + [Repository.markerFile] {
            var status = stat()
            if let walk = walked[name], fstatat(root, name, &status, AT_SYMLINK_NOFOLLOW) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
                for path in walk.irregular { check(name + "/" + path, in: root, named: name + "/" + path, into: &diagnostics) }
                for path in walk.hidden { checkHidden(name + "/" + path, into: &diagnostics) }
            } else {
                check(name, in: root, named: name, into: &diagnostics)
            }
        }
        return diagnostics
    }

    /// A hidden entry at `path`: only the temporary file of an interrupted write is worth a word.
    private static func checkHidden(_ path: String, into diagnostics: inout [Diagnostic]) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        if let leftover = interruptedWrite(name) {
            diagnostics.append(
                .warning(
                    "interrupted-write", "a temporary file left by a write that was interrupted (process \(leftover) is gone)",
                    at: SourceLocation(file: path), notes: ["remove it: rm '\(path)'"]))
        }
    }

    /// Checks the entry `name` of the open folder `parent`, whose repository path is `path`, and below it.
    private static func check(_ name: String, in parent: Int32, named path: String, into diagnostics: inout [Diagnostic]) {
        var status = stat()
        guard fstatat(parent, name, &status, AT_SYMLINK_NOFOLLOW) == 0 else { return }
        switch status.st_mode & S_IFMT {
        case S_IFREG:
            return
        case S_IFDIR:
            let fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0, let folder = fdopendir(fd) else { return }
            defer { closedir(folder) }
            while let entry = readdir(folder) {
                let child = FileStore.name(of: entry)
                if child == "." || child == ".." { continue }
                if child.hasPrefix(".") {
                    checkHidden(path + "/" + child, into: &diagnostics)
                    continue
                }
                let type = Int32(entry.pointee.d_type)
                if type == Int32(DT_REG) { continue }
                check(child, in: dirfd(folder), named: path + "/" + child, into: &diagnostics)
            }
        case S_IFLNK:
            var target = stat()
            let leadsToFolder = fstatat(parent, name, &target, 0) == 0 && (target.st_mode & S_IFMT) == S_IFDIR
            diagnostics.append(
                .error(
                    "refused-file", "refused: " + (leadsToFolder ? FileStore.folderLinkRefusal(path) : "the file " + FileStore.linkRefusal),
                    at: SourceLocation(file: path)))
        default:
            if let refusal = FileStore.refusal(status, limit: .max) {
                diagnostics.append(.error("refused-file", "refused: the file \(refusal)", at: SourceLocation(file: path)))
            }
        }
    }

    /// The process id in a temporary file's name (`.NAME.tmp-PID-N`, FileStore.write) when it is no longer running.
    static func interruptedWrite(_ name: String) -> Int32? {
        guard let range = name.range(of: ".tmp-", options: .backwards) else { return nil }
        let rest = name[range.upperBound...]
        guard let pid = Int32(rest.prefix { $0 != "-" }), rest.contains("-") else { return nil }
        return ExportJournal.isRunning(pid) ? nil : pid
    }
}
