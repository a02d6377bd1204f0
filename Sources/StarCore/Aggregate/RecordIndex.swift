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

    /// Which records are checked in full (answers read and judged); the others are known by their header.
    public enum Scope: Sendable {
        /// Every record (export, reports over many queries).
        case all
        /// The records these aggregations select, and those their selection depends on (Aggregation.selection).
        case selectedBy([AggregateQuery])
    }

    /// - Parameters:
    ///   - readingCache: trust the cache where it is valid; false reads every record (and rewrites the cache).
    ///   - writingCache: leave an up-to-date cache behind.
    public static func load(_ store: AssessmentStore, checking scope: Scope = .all, readingCache: Bool = true, writingCache: Bool = true,
                            workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                            progress: (@Sendable (Int, Int) -> Void)? = nil) -> RecordIndex {
        let listed = FileStore.walk(store.repository.path("assessments"), extensions: ["json"], statting: true)
        let files = listed.map { "assessments/" + $0.path }
        let fingerprint = contextFingerprint(store.context)
        let cacheFile = store.repository.path(cachePath)
        let cached = readingCache ? RecordCache.read(cacheFile, fingerprint: fingerprint) : RecordCache.Contents()
        var summaries = [RecordSummary?](repeating: nil, count: files.count)
        let stats = listed.map { $0.status.map(FileStat.init) }
        var stale: [Int] = []
        for (index, file) in files.enumerated() {
            if let stat = stats[index], let entry = cached.entries[file], entry.stat == stat, !stat.isRacy(comparedTo: cached.writtenAt) {
                summaries[index] = entry.summary
            } else {
                stale.append(index)
            }
        }
        var unparsed: Set<String> = []
        var read: Set<Int> = []
        /// Reads the records at `indices` on every core: in full, or their header alone.
        func summarize(_ indices: [Int], fully: Bool) {
            let results = Parallel.map(count: indices.count, workers: workers) { slot -> RecordSummary? in
                let file = files[indices[slot]]
                if let progress, slot % 256 == 0 { progress(slot, indices.count) }
                if !fully, let bytes = try? FileStore.read(store.repository.path(file)), let header = RecordDocument.header(of: bytes, file: file) {
                    return .pending(file: file, header: header)
                }
                // A header that cannot be read on its own is read the long way, which also says what is wrong.
                return RecordSummary.summarize(file: file, store.parse(file), store: store)
            }
            for (slot, index) in indices.enumerated() {
                summaries[index] = results[slot]
                read.insert(index)
                if results[slot] == nil { unparsed.insert(files[index]) }
            }
        }
        switch scope {
        case .all:
            summarize(stale, fully: true)
            summarize(summaries.indices.filter { summaries[$0]?.check == .pending }, fully: true)
        case .selectedBy(let queries):
            summarize(stale, fully: false)
            // Each round checks what the selection rests on; a record found invalid gives way to another, which
            // the next round checks. Every round checks at least one record, so this ends.
            let position = Dictionary(uniqueKeysWithValues: files.enumerated().map { ($1, $0) })
            while true {
                let known = summaries.compactMap { $0 }
                let pending = Set(queries.flatMap { Aggregation.selection(known, context: store.context, query: $0).unchecked })
                if pending.isEmpty { break }
                summarize(pending.compactMap { position[$0] }.sorted(), fully: true)
            }
        }
        if writingCache, !read.isEmpty || cached.entries.count != files.count {
            var entries: [(String, FileStat, RecordSummary)] = []
            for (index, file) in files.enumerated() {
                if let stat = stats[index], let summary = summaries[index] { entries.append((file, stat, summary)) }
            }
            // A cache that cannot be written only costs speed next time.
            try? RecordCache.write(entries, fingerprint: fingerprint, to: cacheFile)
        }
        return RecordIndex(summaries: summaries.compactMap { $0 }, readCount: read.count, unparsed: unparsed.sorted())
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
