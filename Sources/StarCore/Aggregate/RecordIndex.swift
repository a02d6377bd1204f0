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
    /// The selections made for the queries of a `.selectedBy` scope (positions in `summaries`), which
    /// Aggregation takes instead of making them again.
    var selections: [(query: AggregateQuery, selected: [Int])] = []
    /// Writes the cache, when `load` was asked to defer that and there is something to write: the caller runs
    /// it alongside its own work, and waits for it.
    var pendingCacheWrite: (@Sendable () -> Void)?
    /// The listing the index was made from, its files given up for `files` and `stats` (what the answers
    /// cache rests on).
    var walk = FileStore.Walk(files: [], folders: [:], listedAfresh: 0)
    /// Every record file listed, and its stat (the listed one, or the one taken as it was read).
    var files: [String] = []
    var stats: [FileStat?] = []

    /// Every record file and folder listed, with its stat (FileStore.Walk.inputs(under:)).
    var inputs: AnswerCache.Inputs? {
        walk.inputs(under: "assessments", files: zip(files, stats), count: files.count)
    }

    public static let cachePath = ".star/cache/records"

    /// Which records are checked in full (answers read and judged); the others are known by their header.
    public enum Scope: Sendable {
        /// Every record (export, reports over many queries).
        case all
        /// The records these aggregations select, and those their selection depends on (Aggregation.selection).
        case selectedBy([AggregateQuery])
    }

    /// The record cache as last written, and the record files listed with its help: where `load` starts. It
    /// needs neither the factories nor the questionnaires, so it can be made while they are read.
    public struct Listing: Sendable {
        var cached: RecordCache.Contents
        var walk: FileStore.Walk
    }

    /// - Parameter readingCache: false lists every folder afresh, and `load` then reads every record.
    public static func list(_ repository: Repository, readingCache: Bool = true) -> Listing {
        let cached = readingCache ? RecordCache.read(repository.path(cachePath)) : RecordCache.Contents()
        PhaseTimings.mark("cache read")
        // Files are stat'ed as they are read, unless there are cached summaries that a stat must vouch for first.
        let walk = FileStore.walk(
            repository.path("assessments"), extensions: ["json"], statting: true, filesToo: !cached.entries.isEmpty,
            known: cached.folders, knownAt: cached.writtenAt)
        PhaseTimings.mark("records listed")
        return Listing(cached: cached, walk: walk)
    }

    /// - Parameters:
    ///   - listing: made by `list` (with the same `readingCache`), when the caller made it already.
    ///   - readingCache: trust the cache where it is valid; false reads every record (and rewrites the cache).
    ///   - writingCache: leave an up-to-date cache behind.
    ///   - deferringCacheWrite: leave that write to the caller (`pendingCacheWrite`).
    public static func load(
        _ store: AssessmentStore, listing: consuming Listing? = nil, checking scope: Scope = .all, readingCache: Bool = true,
        writingCache: Bool = true, deferringCacheWrite: Bool = false,
        workers: Int = ProcessInfo.processInfo.activeProcessorCount,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) -> RecordIndex {
        // Taken, not copied (the caller gives it up), so that what is dropped below is freed.
        let taken = (consume listing) ?? list(store.repository, readingCache: readingCache)
        var walk = taken.walk
        var cached = taken.cached
        _ = consume taken
        // Made beside the reading below, unless there are cached summaries to compare it with first.
        let fingerprint = Parallel.Background { [context = store.context] in contextFingerprint(context) }
        // Summaries made against other factories or questionnaires are stale (the folder listings are not).
        if !cached.entries.isEmpty, cached.fingerprint != fingerprint.result { cached.entries = [] }
        let cacheFile = store.repository.path(cachePath)
        let files = AssessmentStore.recordFiles(in: walk)
        var summaries = [RecordSummary?](repeating: nil, count: files.count)
        var stats = walk.files.map(\.stat)
        // Its files are `files` and `stats` from here on (100,000 of them are 12 MB).
        walk.files = []
        var stale: [Int] = []
        // Both in path order: a merge, not a lookup per file.
        var next = 0
        for (index, file) in files.enumerated() {
            while next < cached.entries.count, cached.entries[next].summary.file < file { next += 1 }
            if next < cached.entries.count, let stat = stats[index], cached.entries[next].summary.file == file,
                cached.entries[next].stat == stat, !stat.isRacy(comparedTo: cached.writtenAt)
            {
                summaries[index] = cached.entries[next].summary
            } else {
                stale.append(index)
            }
        }
        let cachedCount = cached.entries.count
        cached.entries = []
        PhaseTimings.mark("cache compared")
        var unparsed: Set<String> = []
        // By file: a flag each, not a set of 100,000 numbers.
        var wasRead = [Bool](repeating: false, count: files.count)
        var readCount = 0
        func noteRead(_ index: Int, _ summary: RecordSummary?, stat: FileStat?) {
            if stats[index] == nil { stats[index] = stat }
            if !wasRead[index] {
                wasRead[index] = true
                readCount += 1
            }
            if summary == nil { unparsed.insert(files[index]) }
        }
        var selections: [(query: AggregateQuery, selected: [Int])] = []
        /// The summaries there are (of every file but those that cannot be parsed), with their files' stats and
        /// positions, moved out of `summaries` (a copy of 100,000 summaries retains 800,000 strings and arrays,
        /// and doubles what they hold); `putBack` returns them.
        func takePresent() -> (summaries: [RecordSummary], stats: [FileStat?], positions: [Int]) {
            var present: ([RecordSummary], [FileStat?], [Int]) = ([], [], [])
            present.0.reserveCapacity(summaries.count)
            present.1.reserveCapacity(summaries.count)
            present.2.reserveCapacity(summaries.count)
            for index in summaries.indices {
                guard let summary = summaries[index].take() else { continue }
                present.0.append(summary)
                present.1.append(stats[index])
                present.2.append(index)
            }
            // Emptied, and its room freed: 22 MB at 100,000 records while the selection is made.
            summaries = []
            return present
        }
        func putBack(_ taken: inout (summaries: [RecordSummary], stats: [FileStat?], positions: [Int])) {
            summaries = Array(repeating: nil, count: files.count)
            for index in taken.positions.reversed() { summaries[index] = taken.summaries.popLast() }
        }
        var present: (summaries: [RecordSummary], stats: [FileStat?], positions: [Int])?
        let folders = OpenedFolders(aboveFoldersOf: files, in: store.repository)
        /// Reads and checks in full the records at `indices`, on every core.
        func check(_ indices: [Int]) {
            let results = Parallel.map(count: indices.count, workers: workers) { [stats] slot -> (RecordSummary?, FileStat?) in
                if let progress, slot % 256 == 0 { progress(slot, indices.count) }
                let read = Self.read(files[indices[slot]], stat: stats[indices[slot]], store: store, folders: folders, fully: true)
                return (read.summary, read.stat)
            }
            for (slot, index) in indices.enumerated() {
                summaries[index] = results[slot].0
                noteRead(index, results[slot].0, stat: results[slot].1)
            }
        }
        switch scope {
        case .all:
            check(summaries.indices.filter { summaries[$0] == nil || summaries[$0]?.check == .pending })
        case .selectedBy(let queries):
            // A factory's records share a folder: read folder by folder on every core, each new record's header,
            // and in full what the selection takes of the folder while its bytes are at hand. What crosses
            // folders (a correction naming another factory's record) is left to the rounds below.
            let folderRanges = Self.folders(files, containing: stale)
            // `cached` dies with the map, so that filling in the results below copies nothing.
            let results = { [cached = summaries, stats] in
                Parallel.map(count: folderRanges.count, workers: workers) { folder in
                    if let progress, folder % 64 == 0 { progress(folderRanges[folder].lowerBound, files.count) }
                    return Self.summarize(
                        folder: folderRanges[folder], files: files, stats: stats, cached: cached, store: store, opened: folders,
                        queries: queries)
                }
            }()
            for (range, folder) in zip(folderRanges, results) {
                for (index, (summary, fresh, stat)) in zip(range, folder) where fresh {
                    noteRead(index, summary, stat: stat)
                    summaries[index] = summary
                }
            }
            PhaseTimings.mark("records read")
            // What checking the records freed on the worker threads goes back before the selection allocates.
            FreedMemory.release()
            // Each round checks what the selection rests on; a record found invalid gives way to another, which
            // the next round checks. Every round checks at least one record, so this ends.
            var position: [String: Int] = [:]
            while true {
                var taken = takePresent()
                let made = queries.map { Aggregation.selection(taken.summaries, context: store.context, query: $0) }
                selections = zip(queries, made).map { ($0, $1.selected) }
                let pending = Set(made.flatMap(\.unchecked))
                PhaseTimings.mark("selection made: \(pending.count) more to check")
                if pending.isEmpty {
                    present = taken
                    break
                }
                putBack(&taken)
                if position.isEmpty { position = Dictionary(uniqueKeysWithValues: files.enumerated().map { ($1, $0) }) }
                check(pending.compactMap { position[$0] }.sorted())
            }
        }
        // Those of the last round, when it changed nothing.
        let (known, knownStats, _) = present ?? takePresent()
        var pendingCacheWrite: (@Sendable () -> Void)?
        // Rewritten also when a folder was listed afresh, so that it need not be next time (git rewrites an index
        // with racily clean entries for the same reason).
        if writingCache, readCount > 0 || cachedCount != files.count || walk.listedAfresh > 0 {
            // The summaries the index returns, not a copy: the write may run alongside the caller's work.
            pendingCacheWrite = { [folders = walk.folders] in
                // A cache that cannot be written only costs speed next time.
                try? RecordCache.write(known, stats: knownStats, folders: folders, fingerprint: fingerprint.result, to: cacheFile)
            }
            if !deferringCacheWrite {
                pendingCacheWrite?()
                pendingCacheWrite = nil
                PhaseTimings.mark("cache written")
            }
        }
        return RecordIndex(
            summaries: known, readCount: readCount, unparsed: unparsed.sorted(), selections: selections,
            pendingCacheWrite: pendingCacheWrite, walk: walk, files: files, stats: stats)
    }

    /// The ranges of `files` (sorted by path) that share a folder, for the folders holding one of `indices`.
    static func folders(_ files: [String], containing indices: [Int]) -> [Range<Int>] {
        guard !indices.isEmpty else { return [] }
        var wanted = [Bool](repeating: false, count: files.count)
        for index in indices { wanted[index] = true }
        // Compared as UTF-8, up to the last '/': no Substring or hash per file.
        func sameFolder(_ a: String, _ b: String) -> Bool {
            let a = a.utf8
            let b = b.utf8
            guard let slashA = a.lastIndex(of: UInt8(ascii: "/")), let slashB = b.lastIndex(of: UInt8(ascii: "/")) else {
                return a.lastIndex(of: UInt8(ascii: "/")) == nil && b.lastIndex(of: UInt8(ascii: "/")) == nil
            }
            return a[..<slashA].elementsEqual(b[..<slashB])
        }
        var ranges: [Range<Int>] = []
        var start = 0
        var holdsWanted = false
        for index in files.indices {
            holdsWanted = holdsWanted || wanted[index]
            guard index == files.count - 1 || !sameFolder(files[index + 1], files[index]) else { continue }
            if holdsWanted { ranges.append(start..<index + 1) }
            start = index + 1
            holdsWanted = false
        }
        return ranges
    }

    /// One record read from its file: summarized from its header alone (then with the bytes, for checking it
    /// later without reading it again), or checked in full when `fully` or when the header cannot be read on
    /// its own (the long way also says what is wrong). nil when the file cannot even be parsed. With the stat
    /// listed, or else the one taken as it was read.
    static func read(
        _ file: String, stat listed: FileStat?, store: AssessmentStore, folders: OpenedFolders, fully: Bool
    ) -> (summary: RecordSummary?, held: Held?, stat: FileStat?) {
        guard let (bytes, opened) = try? folders.readStatting(file, limit: FileStore.Limit.record) else {
            // Stat'ed all the same, so that the cache keeps what the long way found.
            return (RecordSummary.summarize(file: file, store.fullCheck(file: file, from: folders)), nil, listed ?? FileStat(store.repository.path(file)))
        }
        let stat = listed ?? opened
        if !fully, let (header, canonical) = RecordDocument.header(of: bytes, file: file) {
            return (.pending(file: file, header: header), Held(bytes: bytes, header: canonical), stat)
        }
        return (RecordSummary.summarize(file: file, store.fullCheck(bytes, file: file)), nil, stat)
    }

    /// A record read for its header, kept to be checked in full without reading it again.
    struct Held {
        var bytes: [UInt8]
        var header: CanonicalHeader.Read?
    }

    /// One folder's records: those not `cached` read for their header, and then, in rounds over the folder
    /// alone, those the selection takes (or rests on) checked in full from the bytes already read. Each
    /// summary comes with whether its file was read, and the file's stat.
    static func summarize(
        folder range: Range<Int>, files: [String], stats: [FileStat?], cached: [RecordSummary?],
        store: AssessmentStore, opened folders: OpenedFolders, queries: [AggregateQuery]
    ) -> [(RecordSummary?, read: Bool, stat: FileStat?)] {
        var out: [(RecordSummary?, read: Bool, stat: FileStat?)] = range.map { (cached[$0], false, stats[$0]) }
        var held: [Int: Held] = [:]
        for (offset, index) in range.enumerated() where cached[index] == nil {
            let (summary, kept, stat) = read(files[index], stat: stats[index], store: store, folders: folders, fully: false)
            out[offset] = (summary, true, stat)
            held[offset] = kept
        }
        while !held.isEmpty {
            let known = out.compactMap(\.0)
            let pending = Set(queries.flatMap { Aggregation.selection(known, context: store.context, query: $0).unchecked })
            let now = out.indices.filter { held[$0] != nil && pending.contains(files[range.lowerBound + $0]) }
            if now.isEmpty { break }
            for offset in now {
                let file = files[range.lowerBound + offset]
                let kept = held.removeValue(forKey: offset)!
                out[offset].0 = RecordSummary.summarize(file: file, store.fullCheck(kept.bytes, file: file, header: kept.header))
            }
        }
        return out
    }

    /// Changes to what records are checked against (registered factories, compiled questionnaires) make
    /// cached validity stale: the cache is keyed by them.
    static func contextFingerprint(_ context: AssessmentContext) -> String {
        // Bytes appended, not a String interpolated per factory: a registry holds 100,000 of them.
        var text = Array("v1\n".utf8)
        text.reserveCapacity(context.factories.count * 24 + context.compiled.count * 96 + 3)
        for id in context.factories.keys.sorted() {
            text += "f ".utf8
            text += id.utf8
            text.append(UInt8(ascii: " "))
            text += context.factories[id]!.country.utf8
            text.append(UInt8(ascii: "\n"))
        }
        for key in context.compiled.keys.sorted() { text += "q \(key) \(context.compiled[key]!.digest)\n".utf8 }
        return ContentDigest.of(bytes: text)
    }
}
