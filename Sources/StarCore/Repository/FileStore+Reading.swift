import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one way star reads a file. A repository is written by many people and arrives by `git pull`, and
/// git stores symbolic links: a plan that is a link to the programme's private key, or a consent that is a
/// FIFO, must be refused before a byte of it is read, not shipped or printed.
extension FileStore {
    /// The most a file of each kind may hold, so that no file makes star hang or exhaust memory.
    public enum Limit {
        /// A signing or verifying key: three short lines.
        public static let key = 16 << 10
        /// A YAML file of the repository: registry entries, consents, plans, access logs, answer sheets,
        /// questionnaire sources, star.yaml. A consent history of 50,000 entries fits in it.
        public static let document = 8 << 20
        /// An assessment record.
        public static let record = 32 << 20
        /// A compiled questionnaire.
        public static let compiled = 64 << 20
        /// A bundle's manifest.
        public static let manifest = 64 << 20
        /// Anything else.
        public static let any = 256 << 20
    }

    /// Reads `relative` (a path inside `root`, no `.` or `..`) as a regular file with one name, refusing a
    /// symbolic link at any step of the path, a FIFO, device, socket or folder, a file with more than one
    /// hard link (its other name may be outside the root), and a file larger than `limit`. Each folder is
    /// opened with O_NOFOLLOW from the one above it, so no link can lead out of `root`.
    public static func readRegular(_ relative: String, beneath root: String, limit: Int) throws(RepositoryError) -> [UInt8] {
        try readRegularStatting(relative, beneath: root, limit: limit).bytes
    }

    /// The same, with the stat of the file read (as `readRegular(_:from:prefix:shown:limit:)` gives it).
    static func readRegularStatting(_ relative: String, beneath root: String, limit: Int) throws(RepositoryError) -> (bytes: [UInt8], stat: FileStat) {
        let folder = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { throw .io(path: root, reason: "cannot open the folder: \(String(cString: strerror(errno)))") }
        defer { close(folder) }
        return try readRegular(Substring(relative), from: folder, prefix: "", shown: relative, limit: limit)
    }

    /// Reads `relative` beneath the open folder `folder` (whose path in the repository is `prefix`, "" for the
    /// root), as `readRegular(_:beneath:limit:)` does; errors name the file as `shown`. With the stat of the file
    /// read, taken from it once open: what a cache of it must compare next time.
    static func readRegular(
        _ relative: Substring, from folder: Int32, prefix: String, shown: String, limit: Int
    ) throws(RepositoryError) -> (bytes: [UInt8], stat: FileStat) {
        let components = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard !components.isEmpty, !components.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
            throw .refused(path: shown, reason: "the path is not a plain path inside the repository")
        }
        var folder = folder
        var owned = false
        defer { if owned { close(folder) } }
        for (index, component) in components.dropLast().enumerated() {
            let next = openat(folder, String(component), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if next < 0 {
                let code = errno
                let reached = (prefix.isEmpty ? "" : prefix + "/") + components[...index].joined(separator: "/")
                var status = stat()
                if fstatat(folder, String(component), &status, AT_SYMLINK_NOFOLLOW) == 0, (status.st_mode & S_IFMT) == S_IFLNK {
                    throw .refused(path: shown, reason: folderLinkRefusal(reached, onPath: true))
                }
                throw .io(path: shown, reason: code == ENOENT ? "no such file" : "cannot open \(reached): \(String(cString: strerror(code)))")
            }
            if owned { close(folder) }
            folder = next
            owned = true
        }
        let fd = openat(folder, String(components.last!), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        return try readOpened(fd, shown: shown, limit: limit)
    }

    /// Reads the file at `path` the way `readRegular(_:beneath:limit:)` does, with only its last component
    /// checked: for files the user names (a key, an answer sheet, a bundle's manifest).
    public static func readRegular(_ path: String, limit: Int) throws(RepositoryError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        return try readOpened(fd, shown: path, limit: limit).bytes
    }

    /// Why a symbolic link is never followed, as every refusal of one says it (the reader's and validate's
    /// messages must match, so that one link is reported once).
    static let linkRefusal = "is a symbolic link; star reads only regular files inside the repository (replace the link with the file itself)"

    /// Why a folder that is a symbolic link is never entered (`onPath`: on the way to the file asked for).
    static func folderLinkRefusal(_ folder: String, onPath: Bool = false) -> String {
        "the folder \(folder)\(onPath ? " on its path" : "") is a symbolic link; star reads only files inside the repository (replace the link with the folder itself)"
    }

    /// A directory entry's name (readdir(3)).
    static func name(of entry: UnsafeMutablePointer<dirent>) -> String {
        withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
    }

    /// What is wrong with a file of this `stat` as one star reads, or nil when nothing is.
    static func refusal(_ status: stat, limit: Int) -> String? {
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFLNK: return linkRefusal
        case S_IFIFO: return "is a FIFO (named pipe), not a regular file"
        case S_IFDIR: return "is a folder, not a file"
        case S_IFSOCK: return "is a socket, not a regular file"
        default: return "is a device, not a regular file"
        }
        if status.st_nlink > 1 {
            return
                "has \(status.st_nlink) hard links; a repository file must have one name only (its other names may be outside the repository): replace it with a copy"
        }
        if Int(status.st_size) > limit {
            return "is \(byteCount(Int(status.st_size))), more than the \(byteCount(limit)) a file of its kind may hold"
        }
        return nil
    }

    private static func readOpened(_ fd: Int32, shown: String, limit: Int) throws(RepositoryError) -> (bytes: [UInt8], stat: FileStat) {
        guard fd >= 0 else {
            let code = errno
            if code == ELOOP { throw .refused(path: shown, reason: "the file " + linkRefusal) }
            throw .io(path: shown, reason: code == ENOENT ? "no such file" : "cannot open: \(String(cString: strerror(code)))")
        }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw .io(path: shown, reason: "cannot read the file: \(String(cString: strerror(errno)))") }
        if let reason = refusal(status, limit: limit) { throw .refused(path: shown, reason: "the file " + reason) }
        // At most one byte past the limit: a file that grows while it is read is refused, not followed.
        let capacity = min(Int(status.st_size), limit) + 1
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            count = 0
            while count < buffer.count {
                let n = Foundation.read(fd, buffer.baseAddress! + count, buffer.count - count)
                if n > 0 {
                    count += n
                    // A regular file read short of what was asked, exactly at its stat'ed size, is at its end: no
                    // second call to be told so (one system call in five of reading a small file).
                    if count == Int(status.st_size), count < buffer.count { break }
                } else if n == 0 {
                    break
                } else if errno != EINTR {
                    failure = errno
                    break
                }
            }
        }
        if failure != 0 { throw .io(path: shown, reason: "cannot read the file: \(String(cString: strerror(failure)))") }
        if bytes.count > limit {
            throw .refused(path: shown, reason: "the file grew past the \(byteCount(limit)) a file of its kind may hold while it was read")
        }
        if bytes.count == capacity {
            // The file grew past its stat'ed size, still within the limit: read the rest, bounded.
            var rest = bytes
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress!, $0.count) }
                if n < 0, errno == EINTR { continue }
                if n <= 0 { break }
                rest += chunk[..<n]
                if rest.count > limit {
                    throw .refused(path: shown, reason: "the file grew past the \(byteCount(limit)) a file of its kind may hold while it was read")
                }
            }
            return (rest, FileStat(status))
        }
        return (bytes, FileStat(status))
    }

    /// A size as people read it: "812 bytes", "8 MB", "2.0 GB".
    public static func byteCount(_ count: Int) -> String {
        if count < 1 << 10 { return "\(count) bytes" }
        if count < 1 << 20 { return "\(count >> 10) KB" }
        if count < 1 << 30 { return count % (1 << 20) == 0 ? "\(count >> 20) MB" : String(format: "%.1f MB", Double(count) / Double(1 << 20)) }
        return String(format: "%.1f GB", Double(count) / Double(1 << 30))
    }
}
