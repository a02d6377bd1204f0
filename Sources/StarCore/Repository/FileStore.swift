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
        guard let data = FileManager.default.contents(atPath: path) else {
            if FileManager.default.fileExists(atPath: path) {
                throw .io(path: path, reason: "cannot read the file")
            }
            throw .io(path: path, reason: "no such file")
        }
        return [UInt8](data)
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
        guard let enumerator = FileManager.default.enumerator(atPath: resolved) else { return [] }
        var found: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if skipped.contains(relative) || name.hasPrefix(".") {
                if isDirectory((resolved as NSString).appendingPathComponent(relative)) { enumerator.skipDescendants() }
                continue
            }
            if extensions.contains((name as NSString).pathExtension), !isDirectory((resolved as NSString).appendingPathComponent(relative)) {
                found.append(relative)
            }
        }
        return found.sorted()
    }
}
