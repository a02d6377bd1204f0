import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The only place star writes files. Every write goes to a temporary file in the same directory and is
/// renamed into place, so a crash never leaves half a file; identical content is not rewritten.
public enum FileStore {
    public enum Outcome: String, Sendable, Equatable {
        case created, updated, unchanged
    }

    public enum Policy: Sendable {
        /// Replace an existing file (derived output such as a compiled questionnaire).
        case replace
        /// Refuse to replace an existing file with different content (final records).
        case createOnly
    }

    /// The file at `path`, a regular file with one name and no link as its last component, at most `limit`
    /// bytes (readRegular). Files of a repository are read with `Repository.read`, which checks every folder.
    public static func read(_ path: String, limit: Int = Limit.any) throws(RepositoryError) -> [UInt8] {
        try readRegular(path, limit: limit)
    }

    public static func readText(_ path: String, limit: Int = Limit.any) throws(RepositoryError) -> String {
        try text(read(path, limit: limit), path: path)
    }

    static func text(_ bytes: [UInt8], path: String) throws(RepositoryError) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .io(path: path, reason: "the file is not valid UTF-8")
        }
        return text
    }

    @discardableResult
    /// - Parameters:
    ///   - durable: flush the file to disk before it takes its name; a cache, which is checked when read and
    ///     only costs time when lost, need not wait for that.
    ///   - mode: the permissions the file is created with (a private key's are 0600 from the first byte on).
    public static func write(
        _ bytes: [UInt8], to path: String, policy: Policy = .replace, durable: Bool = true,
        mode: mode_t = 0o644
    ) throws(RepositoryError) -> Outcome {
        // Never through a link, and never blocking on a FIFO: such an entry is replaced, not read.
        let existing = try? readRegular(path, limit: Limit.any)
        if let existing {
            if existing == bytes { return .unchanged }
            if case .createOnly = policy { throw .alreadyExists(path) }
        }
        // Written whole through the one temporary-file-then-rename path.
        let stream = try Stream(path, policy: policy, durable: durable, mode: mode)
        try stream.write(bytes)
        try stream.commit()
        return existing == nil ? .created : .updated
    }

    /// A file too large to build in memory (an export, a cache of 100,000 records), written piece by piece to a
    /// temporary file and put in place by `commit` only when complete; dropped, nothing appears.
    public final class Stream {
        let path: String
        let temporary: String
        private let fd: Int32
        private let policy: Policy
        private let durable: Bool
        private var open = true

        /// A file that must not exist yet (`commit` fails if one appeared meanwhile), flushed to disk.
        public convenience init(creating path: String) throws(RepositoryError) {
            guard !FileManager.default.fileExists(atPath: path) else { throw .alreadyExists(path) }
            try self.init(path, policy: .createOnly, durable: true)
        }

        /// - Parameters: as `write(_:to:policy:durable:mode:)`'s.
        init(_ path: String, policy: Policy, durable: Bool, mode: mode_t = 0o644) throws(RepositoryError) {
            let directory = (path as NSString).deletingLastPathComponent
            do {
                try FileManager.default.createDirectory(atPath: directory.isEmpty ? "." : directory, withIntermediateDirectories: true)
            } catch {
                throw .io(path: directory, reason: "cannot create the directory")
            }
            self.path = path
            self.policy = policy
            self.durable = durable
            temporary = (directory as NSString).appendingPathComponent(
                ".\((path as NSString).lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            fd = Foundation.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
            guard fd >= 0 else { throw .io(path: path, reason: "cannot create a temporary file: \(String(cString: strerror(errno)))") }
        }

        deinit { if open { discard() } }

        public func write(_ bytes: [UInt8]) throws(RepositoryError) {
            try check(bytes.withUnsafeBytes(put))
        }

        func write(_ buffer: UnsafeRawBufferPointer) throws(RepositoryError) {
            try check(put(buffer))
        }

        /// Writes all of `buffer`: 0, or the errno that stopped it.
        private func put(_ buffer: UnsafeRawBufferPointer) -> Int32 {
            var written = 0
            while written < buffer.count {
                let n = Foundation.write(fd, buffer.baseAddress! + written, buffer.count - written)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { return n == 0 ? EIO : errno }
                written += n
            }
            return 0
        }

        private func check(_ code: Int32) throws(RepositoryError) {
            if code != 0 { throw .io(path: path, reason: "cannot write: \(String(cString: strerror(code)))") }
        }

        public func commit() throws(RepositoryError) {
            open = false
            guard !durable || fsync(fd) == 0 else {
                let reason = String(cString: strerror(errno))
                close(fd)
                unlink(temporary)
                throw .io(path: path, reason: "cannot write: \(reason)")
            }
            close(fd)
            switch policy {
            case .replace:
                guard rename(temporary, path) == 0 else {
                    let reason = String(cString: strerror(errno))
                    unlink(temporary)
                    throw .io(path: path, reason: "cannot move the file into place: \(reason)")
                }
                // The new name itself must survive a crash: an access log entry is durable before a bundle is released.
                if durable {
                    let directory = (path as NSString).deletingLastPathComponent
                    try syncFolder(directory.isEmpty ? "." : directory)
                }
            case .createOnly:
                // link() fails if the destination appeared meanwhile, so two writers never clobber each other.
                let linked = link(temporary, path) == 0
                let code = errno
                unlink(temporary)
                guard linked else {
                    if code == EEXIST { throw .alreadyExists(path) }
                    throw .io(path: path, reason: "cannot create: \(String(cString: strerror(code)))")
                }
            }
        }

        /// Abandons the file: nothing appears at `path`.
        public func discard() {
            guard open else { return }
            open = false
            close(fd)
            unlink(temporary)
        }
    }

    @discardableResult
    public static func write(_ text: String, to path: String, policy: Policy = .replace, mode: mode_t = 0o644) throws(RepositoryError) -> Outcome {
        try write(Array(text.utf8), to: path, policy: policy, mode: mode)
    }

    /// The extension of a plain file name (letters, digits, '-' and '_', with at most one '.', neither first nor
    /// last): where every reading of "extension" agrees, the part after the dot, or none. nil for any other name.
    fileprivate static func plainExtension(_ name: String) -> String? {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty,
            bytes.allSatisfy({ $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || Identifier.isAlphanumeric(Unicode.Scalar($0)) })
        else { return nil }
        guard let dot = bytes.firstIndex(of: UInt8(ascii: ".")) else { return "" }
        guard dot > 0, dot < bytes.count - 1, !bytes[(dot + 1)...].contains(UInt8(ascii: ".")) else { return nil }
        return String(decoding: bytes[(dot + 1)...], as: UTF8.self)
    }

    public static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    /// Whether anything is at `path`, a dangling symbolic link included (`exists` follows links).
    public static func anythingAt(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    /// Flushes a folder's entries to disk, so that a rename into it survives a crash.
    public static func syncFolder(_ path: String) throws(RepositoryError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: path, reason: "cannot open the folder: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw .io(path: path, reason: "cannot flush the folder: \(String(cString: strerror(errno)))") }
    }

    /// renameat2(2), which Glibc's module does not export (it needs _GNU_SOURCE): looked up in the C library.
    private static let renameExclusive: (@convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32).self)
    }()

    /// Renames `source` to `destination`, failing when anything, even an empty folder, is at `destination`
    /// (rename(2) alone would replace an empty folder).
    public static func renameNoReplace(_ source: String, to destination: String) throws(RepositoryError) {
        let renamed: Bool
        if let renameExclusive = Self.renameExclusive {
            renamed = renameExclusive(AT_FDCWD, source, AT_FDCWD, destination, 1 /* RENAME_NOREPLACE */) == 0
        } else {
            // Without renameat2 (old C libraries), an empty folder that appears at the last moment could be replaced.
            guard !anythingAt(destination) else { throw .alreadyExists(destination) }
            renamed = rename(source, destination) == 0
        }
        guard renamed else {
            if errno == EEXIST { throw .alreadyExists(destination) }
            throw .io(path: destination, reason: "cannot create: \(String(cString: strerror(errno)))")
        }
        try syncFolder((destination as NSString).deletingLastPathComponent)
    }

    public static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// A file found by `walk`: its path relative to the folder walked, and what stat(2) says of it (through a
    /// symbolic link) when that was asked for and could be found out.
    struct ListedFile: Sendable {
        var path: String
        var stat: FileStat?
    }

    /// A folder as a walk last listed it: its stat, and the entries the walk kept (the names of the files it
    /// lists and of the folders it descends into).
    struct FolderListing: Sendable, Equatable {
        var stat: FileStat
        var files: [String]
        var folders: [String]
    }

    /// What a walk found: the files, sorted by path, and the folders' listings to keep by prefix ("" for the
    /// folder walked, then "<path>/"), with how many of those were listed afresh rather than taken from `known`.
    struct Walk: Sendable {
        var files: [ListedFile]
        var folders: [String: FolderListing]
        var listedAfresh: Int
        /// Folders listed but not kept (no stat, or symbolic links inside).
        var unkept = 0
        /// Entries that are neither regular files nor folders (links, FIFOs, sockets, devices) and hidden
        /// names, as relative paths: what RepositoryScan reports, seen by a walk without `known` listings.
        var irregular: [String] = []
        var hidden: [String] = []
    }

    /// Regular files under `directory` whose names end with one of `extensions`, as sorted relative paths.
    public static func files(under directory: String, extensions: Set<String>, skipping skipped: Set<String> = []) -> [String] {
        walk(directory, extensions: extensions, skipping: skipped, statting: false).files.map(\.path)
    }

    /// The files `files(under:)` lists, sorted by path, each with its stat when `statting`.
    static func walk(_ directory: String, extensions: Set<String>, skipping skipped: Set<String> = [], statting: Bool) -> Walk {
        walk(directory, extensions: extensions, skipping: skipped, statting: statting, known: [:], knownAt: nil)
    }

    /// The files under `directory`, sorted by path, each with its stat when `statting`. Hidden names (a
    /// leading '.') and the relative paths in `skipped` are left out, folders included; a symbolic link is
    /// listed when it does not lead to a folder, and never descended into, except `directory` itself.
    /// getdents64(2) and fstatat(2) with the folders shared out among the cores: FileManager's enumerator, with a
    /// URL and a full path lookup per entry, took longer than reading the 20,000 records it listed.
    ///
    /// A folder in `known` whose stat is unchanged, and was not modified at or after `knownAt` (when `known`
    /// was saved), is not read again: adding, removing or renaming an entry changes its folder's modification
    /// and change times, as git's untracked cache relies on. Every file is stat'ed all the same, unless
    /// `filesToo` is false: then only the folders are, and whoever reads the files takes their stat (a cold run
    /// has no cached stat to compare with, and a stat by path cost as much as a third of reading a small file).
    static func walk(
        _ directory: String, extensions: Set<String>, skipping skipped: Set<String> = [], statting: Bool, filesToo: Bool = true,
        known: [String: FolderListing], knownAt: FileStat.Timestamp?
    ) -> Walk {
        // realpath, not NSString.resolvingSymlinksInPath, which resolves a relative link against the process's
        // working directory on Linux.
        guard let resolved = realpath(directory, nil) else { return Walk(files: [], folders: [:], listedAfresh: 0, unkept: 1) }
        let root = open(resolved, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        free(resolved)
        guard root >= 0 else { return Walk(files: [], folders: [:], listedAfresh: 0, unkept: 1) }
        defer { close(root) }
        let lister = FolderLister(
            root: root, extensions: extensions, skipped: skipped, statting: statting, statsFiles: statting && filesToo, known: known, knownAt: knownAt)
        var found = FolderLister.Found()
        // The first levels on this thread, until there are enough folders to share out.
        var level: [String] = []
        lister.list("", statting: false, into: &found, folders: &level)
        while !level.isEmpty, level.count < 64 {
            var next: [String] = []
            for prefix in level { lister.list(prefix, statting: false, into: &found, folders: &next) }
            level = next
        }
        let shared = level
        var parts = Parallel.map(
            count: shared.count,
            { index in
                var part = FolderLister.Found()
                lister.listAll(shared[index], into: &part)
                return part
            })
        // Merged into room made once, each part freed as it is taken: 100,000 record folders held their listings
        // twice over while a growing dictionary copied itself.
        found.folders.reserveCapacity(found.folders.count + parts.reduce(0) { $0 + $1.folders.count })
        found.files.reserveCapacity(found.files.count + parts.reduce(0) { $0 + $1.files.count })
        parts.reverse()
        while let part = parts.popLast() {
            found.files += part.files
            found.folders.merge(part.folders) { first, _ in first }
            found.unchanged += part.unchanged
            found.listedAfresh += part.listedAfresh
            found.unkept += part.unkept
            found.irregular += part.irregular
            found.hidden += part.hidden
        }
        // Sorted by moving indices, not the entries.
        var files = found.files.indices.sorted { found.files[$0].path < found.files[$1].path }.map { found.files[$0] }
        found.files = []
        if lister.statsFiles {
            // The files of the first levels have no stat yet: taken now, in chunks on every core (the factory
            // registry is a few folders of thousands of files).
            let listed = files
            let chunk = 256
            let stats = Parallel.map(count: (listed.count + chunk - 1) / chunk) { part in
                (part * chunk..<min(listed.count, (part + 1) * chunk)).map { index -> FileStat? in
                    if let known = listed[index].stat { return known }
                    var status = stat()
                    return fstatat(root, listed[index].path, &status, 0) == 0 ? FileStat(status) : nil
                }
            }
            for (index, status) in stats.joined().enumerated() { files[index].stat = status }
        }
        // Every known folder unchanged and none new: the known listings are the walk's, shared rather than copied
        // (100,000 of them are 21 MB).
        let folders: [String: FolderListing]
        if found.folders.isEmpty, found.unchanged.count == known.count {
            folders = known
        } else {
            var merged = found.folders
            merged.reserveCapacity(merged.count + found.unchanged.count)
            for prefix in found.unchanged { merged[prefix] = known[prefix] }
            folders = merged
        }
        return Walk(
            files: files, folders: folders, listedAfresh: found.listedAfresh, unkept: found.unkept, irregular: found.irregular.sorted(),
            hidden: found.hidden.sorted())
    }

    private struct FolderLister: Sendable {
        /// The folder walked, open.
        let root: Int32
        let extensions: Set<String>
        let skipped: Set<String>
        let statting: Bool
        let statsFiles: Bool
        let known: [String: FolderListing]
        let knownAt: FileStat.Timestamp?

        struct Found {
            var files: [ListedFile] = []
            var folders: [String: FolderListing] = [:]
            /// Folders of `known` found unchanged (their listings are not copied into `folders`).
            var unchanged: [String] = []
            var listedAfresh = 0
            var unkept = 0
            var irregular: [String] = []
            var hidden: [String] = []
        }

        /// The folder at `prefix` and all below it.
        func listAll(_ prefix: String, into found: inout Found) {
            var folders: [String] = []
            list(prefix, statting: statsFiles, into: &found, folders: &folders)
            for folder in folders { listAll(folder, into: &found) }
        }

        /// Lists the folder at `prefix` ("" or "<path>/" from the root): the files it holds go to `found`, the
        /// folders to descend into to `folders` (as prefixes).
        func list(_ prefix: String, statting: Bool, into found: inout Found, folders: inout [String]) {
            var own = stat()
            // A folder's stat is kept only by a walk that stats (for RecordCache); a plain listing saves the call,
            // and a folder with no listing to compare is stat'ed once open (no second lookup of its path).
            let listing = self.statting ? known[prefix] : nil
            var folderStat =
                listing != nil && (prefix.isEmpty ? fstat(root, &own) : fstatat(root, prefix, &own, AT_SYMLINK_NOFOLLOW)) == 0 ? FileStat(own) : nil
            if let folderStat, let listing, listing.stat == folderStat, !folderStat.isRacy(comparedTo: knownAt) {
                found.unchanged.append(prefix)
                for name in listing.files {
                    var status = stat()
                    let statted = statting && fstatat(root, prefix + name, &status, 0) == 0
                    found.files.append(ListedFile(path: prefix + name, stat: statted ? FileStat(status) : nil))
                }
                folders += listing.folders.map { prefix + $0 + "/" }
                return
            }
            let fd = prefix.isEmpty ? dup(root) : openat(root, prefix, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)
            guard fd >= 0 else {
                found.unkept += 1
                return
            }
            if self.statting, listing == nil { folderStat = fstat(fd, &own) == 0 ? FileStat(own) : nil }
            defer { close(fd) }
            var fileNames: [String] = []
            var folderNames: [String] = []
            var holdsLinks = false
            let complete = FolderEntries.forEach(in: fd) { name, kind in
                if name.hasPrefix(".") {
                    found.hidden.append(prefix + name)
                    return
                }
                let relative = prefix + name
                if skipped.contains(relative) { return }
                var status = stat()
                var statted = false
                switch Int32(kind) {
                case Int32(DT_DIR):
                    folders.append(relative + "/")
                    folderNames.append(name)
                    return
                case Int32(DT_REG):
                    break
                default:
                    // A link, or a file system that does not say: a folder is descended into only when it is no link.
                    var own = stat()
                    guard fstatat(fd, name, &own, AT_SYMLINK_NOFOLLOW) == 0 else { return }
                    if (own.st_mode & S_IFMT) == S_IFDIR {
                        folders.append(relative + "/")
                        folderNames.append(name)
                        return
                    }
                    holdsLinks = holdsLinks || (own.st_mode & S_IFMT) == S_IFLNK
                    if (own.st_mode & S_IFMT) != S_IFREG { found.irregular.append(relative) }
                    statted = fstatat(fd, name, &status, 0) == 0
                    if statted, (status.st_mode & S_IFMT) == S_IFDIR { return }
                }
                guard extensions.contains(FileStore.plainExtension(name) ?? (name as NSString).pathExtension) else { return }
                if statting, !statted { statted = fstatat(fd, name, &status, 0) == 0 }
                found.files.append(ListedFile(path: relative, stat: statted ? FileStat(status) : nil))
                fileNames.append(name)
            }
            // Not kept: a folder whose stat could not be taken, or that holds a symbolic link (whose target can
            // change between file and folder without the folder changing). They are listed every time.
            if complete, let folderStat, !holdsLinks {
                found.folders[prefix] = FolderListing(stat: folderStat, files: fileNames, folders: folderNames)
                found.listedAfresh += 1
            } else {
                found.unkept += 1
            }
        }
    }
}
