import Foundation

/// What stat(2) says about a file, as git's index records it.
struct FileStat: Sendable, Equatable {
    var size: Int64
    var modified: Timestamp
    var changed: Timestamp
    var inode: UInt64

    struct Timestamp: Sendable, Equatable, Comparable {
        var seconds: Int64
        var nanoseconds: Int64
        static func < (a: Timestamp, b: Timestamp) -> Bool { (a.seconds, a.nanoseconds) < (b.seconds, b.nanoseconds) }
    }

    init(_ info: stat) {
        size = Int64(info.st_size)
        modified = Timestamp(seconds: Int64(info.st_mtim.tv_sec), nanoseconds: Int64(info.st_mtim.tv_nsec))
        changed = Timestamp(seconds: Int64(info.st_ctim.tv_sec), nanoseconds: Int64(info.st_ctim.tv_nsec))
        inode = UInt64(info.st_ino)
    }

    init(size: Int64, modified: Timestamp, changed: Timestamp, inode: UInt64) {
        self.size = size
        self.modified = modified
        self.changed = changed
        self.inode = inode
    }

    init?(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.init(info)
    }

    /// Modified at or after the cache was written: an edit in the same tick would leave the stat unchanged.
    func isRacy(comparedTo cacheWritten: Timestamp?) -> Bool {
        guard let cacheWritten else { return true }
        return !(modified < cacheWritten) || !(changed < cacheWritten)
    }
}
