import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The repository's write lock: an exclusive flock(2) on `.star/lock` (git-ignored). Every command that
/// reads a file and then writes it holds it for that whole time, so concurrent commands run one after
/// the other and none loses another's update. The kernel releases it when the process ends, however it ends.
public final class RepositoryLock {
    public static let path = ".star/lock"

    private var descriptor: Int32

    /// Waits until no other process holds the lock, then holds it until `release` (or deinit).
    public init(_ repository: Repository) throws(RepositoryError) {
        let directory = repository.path(".star")
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .io(path: directory, reason: "cannot create the folder for the lock")
        }
        let path = repository.path(Self.path)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(path: path, reason: "cannot open the lock: \(String(cString: strerror(errno)))") }
        while flock(fd, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            let reason = String(cString: strerror(errno))
            close(fd)
            throw .io(path: path, reason: "cannot take the lock: \(reason)")
        }
        descriptor = fd
    }

    public func release() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}

extension Repository {
    /// Runs `body` holding the repository's write lock (see RepositoryLock). Not reentrant: a second lock
    /// taken inside `body` by the same process would wait for ever.
    public func withLock<T>(_ body: () throws -> T) throws -> T {
        let lock = try RepositoryLock(self)
        defer { lock.release() }
        return try body()
    }
}
