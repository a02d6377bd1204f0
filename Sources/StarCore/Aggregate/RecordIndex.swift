import Crypto
import Foundation

/// Every record of a repository, summarized. Reading 20,000 records costs seconds, so the summaries are
/// cached in `.star/cache/records` and validated the way git validates its index: a file is trusted only
/// if its path, size, modification and change times and inode are those recorded, and an entry modified
/// no earlier than the cache itself was written is "racily clean" and read again, since an edit within the
/// same timestamp tick would otherwise go unseen.
public struct RecordIndex: Sendable {
    public var summaries: [RecordSummary]
    /// Records read from their files in this run (the rest came from the cache).
    public var readCount: Int
    /// Record files that could not even be parsed: they take no part in rates and are reported.
    public var unparsed: [String] = []

    public static let cachePath = ".star/cache/records"

    /// - Parameters:
    ///   - readingCache: trust the cache where it is valid; false reads every record (and rewrites the cache).
    ///   - writingCache: leave an up-to-date cache behind.
    public static func load(_ store: AssessmentStore, readingCache: Bool = true, writingCache: Bool = true, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                            progress: (@Sendable (Int, Int) -> Void)? = nil) -> RecordIndex {
        let files = store.recordFiles()
        let fingerprint = contextFingerprint(store.context)
        let cacheFile = store.repository.path(cachePath)
        let cached = readingCache ? RecordCache.read(cacheFile, fingerprint: fingerprint) : RecordCache.Contents()
        var summaries = [RecordSummary?](repeating: nil, count: files.count)
        var stats = [FileStat?](repeating: nil, count: files.count)
        var stale: [Int] = []
        for (index, file) in files.enumerated() {
            let stat = FileStat(store.repository.path(file))
            stats[index] = stat
            if let stat, let entry = cached.entries[file], entry.stat == stat, !stat.isRacy(comparedTo: cached.writtenAt) {
                summaries[index] = entry.summary
            } else {
                stale.append(index)
            }
        }
        let toRead = stale
        let read = ParallelResults<RecordSummary>(count: toRead.count)
        let broken = ParallelResults<String>(count: toRead.count)
        let workers = max(1, min(workers, toRead.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for slot in stride(from: worker, to: toRead.count, by: workers) {
                let file = files[toRead[slot]]
                if let summary = RecordSummary.summarize(file: file, store.parse(file), store: store) { read.set(slot, summary) } else { broken.set(slot, file) }
                if worker == 0, let progress, slot % 256 == 0 { progress(slot, toRead.count) }
            }
        }
        for (slot, index) in toRead.enumerated() { summaries[index] = read.value(slot) }
        if writingCache, !toRead.isEmpty || cached.entries.count != files.count {
            var entries: [(String, FileStat, RecordSummary)] = []
            for (index, file) in files.enumerated() {
                if let stat = stats[index], let summary = summaries[index] { entries.append((file, stat, summary)) }
            }
            // A cache that cannot be written only costs speed next time.
            try? RecordCache.write(entries, fingerprint: fingerprint, to: cacheFile)
        }
        return RecordIndex(summaries: summaries.compactMap { $0 }, readCount: toRead.count, unparsed: broken.values.compactMap { $0 })
    }

    /// Changes to what records are checked against (registered factories, compiled questionnaires) make
    /// cached validity stale: the cache is keyed by them.
    static func contextFingerprint(_ context: AssessmentContext) -> String {
        var text = "v1\n"
        for factory in context.factories.values.sorted(by: { $0.id < $1.id }) { text += "f \(factory.id) \(factory.country)\n" }
        for key in context.compiled.keys.sorted() { text += "q \(key) \(context.compiled[key]!.digest)\n" }
        return ContentDigest.of(bytes: Array(text.utf8))
    }
}

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

    init(size: Int64, modified: Timestamp, changed: Timestamp, inode: UInt64) {
        self.size = size
        self.modified = modified
        self.changed = changed
        self.inode = inode
    }

    init?(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        size = Int64(info.st_size)
        modified = Timestamp(seconds: Int64(info.st_mtim.tv_sec), nanoseconds: Int64(info.st_mtim.tv_nsec))
        changed = Timestamp(seconds: Int64(info.st_ctim.tv_sec), nanoseconds: Int64(info.st_ctim.tv_nsec))
        inode = UInt64(info.st_ino)
    }

    /// Modified at or after the cache was written: an edit in the same tick would leave the stat unchanged.
    func isRacy(comparedTo cacheWritten: Timestamp?) -> Bool {
        guard let cacheWritten else { return true }
        return !(modified < cacheWritten) || !(changed < cacheWritten)
    }
}

/// One slot per item, each written by exactly one worker.
final class ParallelResults<Value: Sendable>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    func value(_ index: Int) -> Value? { slots[index] }

    var values: [Value?] { slots }
}
