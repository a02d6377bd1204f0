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

    public static func read(_ path: String) throws(RepositoryError) -> [UInt8] {
        guard let bytes = readBytes(path) else {
            if FileManager.default.fileExists(atPath: path) {
                throw .io(path: path, reason: "cannot read the file")
            }
            throw .io(path: path, reason: "no such file")
        }
        return bytes
    }

    /// The whole file, read straight into the array (through Foundation's Data and a copy it cost more than
    /// the reading, on the path of every record); nil when it cannot be read.
    private static func readBytes(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { return nil }
        // One byte more than the size, so the end of the file is seen without growing the array.
        var chunk = max(Int(status.st_size), 0) + 1
        var bytes: [UInt8] = []
        while true {
            var failed = false
            let part = [UInt8](unsafeUninitializedCapacity: chunk) { buffer, count in
                count = 0
                while count < buffer.count {
                    let n = Foundation.read(fd, buffer.baseAddress! + count, buffer.count - count)
                    if n > 0 { count += n } else if n == 0 { break } else if errno != EINTR { failed = true; break }
                }
            }
            if failed { return nil }
            if bytes.isEmpty { bytes = part } else { bytes += part }
            if part.count < chunk { return bytes }
            chunk = 1 << 16
        }
    }

    public static func readText(_ path: String) throws(RepositoryError) -> String {
        let bytes = try read(path)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .io(path: path, reason: "the file is not valid UTF-8")
        }
        return text
    }

    @discardableResult
    public static func write(_ bytes: [UInt8], to path: String, policy: Policy = .replace) throws(RepositoryError) -> Outcome {
        let existing = FileManager.default.contents(atPath: path).map { [UInt8]($0) }
        if let existing {
            if existing == bytes { return .unchanged }
            if case .createOnly = policy { throw .alreadyExists(path) }
        }
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory.isEmpty ? "." : directory, withIntermediateDirectories: true)
        } catch {
            throw .io(path: directory, reason: "cannot create the directory")
        }
        let name = (path as NSString).lastPathComponent
        let temporary = (directory as NSString).appendingPathComponent(".\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw .io(path: path, reason: "cannot create a temporary file: \(String(cString: strerror(errno)))") }
        var written = 0
        let ok: Bool = bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let n = Foundation.write(fd, buffer.baseAddress! + written, buffer.count - written)
                if n <= 0 { return false }
                written += n
            }
            return fsync(fd) == 0
        }
        close(fd)
        guard ok else {
            unlink(temporary)
            throw .io(path: path, reason: "cannot write: \(String(cString: strerror(errno)))")
        }
        switch policy {
        case .replace:
            guard rename(temporary, path) == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(temporary)
                throw .io(path: path, reason: "cannot move the file into place: \(reason)")
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
        return existing == nil ? .created : .updated
    }

    /// A file too large to build in memory (an export), written piece by piece to a temporary file and put in
    /// place by `commit` only when complete, never over an existing file.
    public final class Stream {
        let path: String
        let temporary: String
        private let fd: Int32

        public init(creating path: String) throws(RepositoryError) {
            guard !FileManager.default.fileExists(atPath: path) else { throw .alreadyExists(path) }
            let directory = (path as NSString).deletingLastPathComponent
            do {
                try FileManager.default.createDirectory(atPath: directory.isEmpty ? "." : directory, withIntermediateDirectories: true)
            } catch {
                throw .io(path: directory, reason: "cannot create the directory")
            }
            self.path = path
            temporary = (directory as NSString).appendingPathComponent(".\((path as NSString).lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
            guard fd >= 0 else { throw .io(path: path, reason: "cannot create a temporary file: \(String(cString: strerror(errno)))") }
        }

        public func write(_ bytes: [UInt8]) throws(RepositoryError) {
            var written = 0
            let ok: Bool = bytes.withUnsafeBytes { buffer in
                while written < buffer.count {
                    let n = Foundation.write(fd, buffer.baseAddress! + written, buffer.count - written)
                    if n <= 0 { return false }
                    written += n
                }
                return true
            }
            guard ok else { throw .io(path: path, reason: "cannot write: \(String(cString: strerror(errno)))") }
        }

        public func commit() throws(RepositoryError) {
            guard fsync(fd) == 0 else { throw .io(path: path, reason: "cannot write: \(String(cString: strerror(errno)))") }
            close(fd)
            let linked = link(temporary, path) == 0
            let code = errno
            unlink(temporary)
            guard linked else {
                if code == EEXIST { throw .alreadyExists(path) }
                throw .io(path: path, reason: "cannot create: \(String(cString: strerror(code)))")
            }
        }

        /// Abandons the file: nothing appears at `path`.
        public func discard() {
            close(fd)
            unlink(temporary)
        }
    }

    @discardableResult
    public static func write(_ text: String, to path: String, policy: Policy = .replace) throws(RepositoryError) -> Outcome {
        try write(Array(text.utf8), to: path, policy: policy)
    }

    /// `absolute` without `prefix` when the result needs no care: all printable ASCII (where matching bytes is
    /// matching characters), `prefix` at the start and nowhere after it, a plain relative path left (no empty
    /// component). Then it is what removing every occurrence of `prefix` gives, and the base path joined
    /// with it is `absolute` again. nil otherwise.
    private static func plainRelativePath(_ absolute: String, removing prefix: String) -> String? {
        let path = Array(absolute.utf8), head = Array(prefix.utf8)
        guard path.count > head.count, path.starts(with: head), path.allSatisfy({ 0x20 <= $0 && $0 < 0x7F }) else { return nil }
        let rest = path[head.count...]
        guard rest.first != UInt8(ascii: "/"), rest.last != UInt8(ascii: "/"),
              !zip(rest, rest.dropFirst()).contains(where: { $0 == UInt8(ascii: "/") && $1 == UInt8(ascii: "/") }),
              !rest.indices.contains(where: { rest[$0...].starts(with: head) }) else { return nil }
        return String(decoding: rest, as: UTF8.self)
    }

    /// The extension of a plain file name (letters, digits, '-' and '_' around one '.' that is neither first
    /// nor last), where every reading of "extension" agrees; nil for any other name.
    private static func plainExtension(_ name: String) -> String? {
        let bytes = Array(name.utf8)
        guard let dot = bytes.firstIndex(of: UInt8(ascii: ".")), dot > 0, dot < bytes.count - 1,
              bytes.allSatisfy({ $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || Identifier.isAlphanumeric(Unicode.Scalar($0)) }),
              bytes[(dot + 1)...].allSatisfy({ $0 != UInt8(ascii: ".") }) else { return nil }
        return String(decoding: bytes[(dot + 1)...], as: UTF8.self)
    }

    public static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    public static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Regular files under `directory` whose names end with one of `extensions`, as sorted relative paths.
    public static func files(under directory: String, extensions: Set<String>, skipping skipped: Set<String> = []) -> [String] {
        // Resolve a symlinked folder first: the enumerator does not descend into a link at its root.
        // (realpath, not NSString.resolvingSymlinksInPath, which resolves a relative link against the process's
        // working directory on Linux.)
        guard let pointer = realpath(directory, nil) else { return [] }
        let resolved = String(cString: pointer)
        free(pointer)
        // FileManager's path enumerator taken apart: its URL enumerator, and each relative path made as it makes
        // it (`url.path` with every "<base>/" removed), where the usual case costs a comparison of bytes instead
        // of a Unicode-aware search. Done its way, that search cost more than the walk over 20,000 records.
        let base = URL(fileURLWithPath: resolved)
        guard let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil, options: [], errorHandler: nil) else { return [] }
        let prefix = base.path + "/"
        var found: [String] = []
        while let url = enumerator.nextObject() as? URL {
            let absolute = url.path
            let relative: String, name: String, path: String
            if base.path == resolved, let plain = plainRelativePath(absolute, removing: prefix) {
                relative = plain
                name = String(plain[(plain.lastIndex(of: "/").map(plain.index(after:)) ?? plain.startIndex)...])
                path = absolute
            } else {
                relative = absolute.replacingOccurrences(of: prefix, with: "")
                name = (relative as NSString).lastPathComponent
                path = (resolved as NSString).appendingPathComponent(relative)
            }
            if skipped.contains(relative) || name.hasPrefix(".") {
                if isDirectory(path) { enumerator.skipDescendants() }
                continue
            }
            if extensions.contains(plainExtension(name) ?? (name as NSString).pathExtension), !isDirectory(path) {
                found.append(relative)
            }
        }
        return found.sorted()
    }
}
