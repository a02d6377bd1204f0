import Crypto
import Foundation

/// What `star aggregate` prints for a query: the rows, and what was counted and left out.
public struct AggregateAnswer: Sendable, Equatable {
    public var rows: [AggregateRow]
    /// Records counted: one per factory (and year when grouping by year).
    public var counted: Int
    /// Records left out because they have errors (Aggregation.invalidCount).
    public var invalidCount: Int

    public init(rows: [AggregateRow], counted: Int, invalidCount: Int) {
        self.rows = rows
        self.counted = counted
        self.invalidCount = invalidCount
    }

    /// The answer to `query`: from `.star/cache/answers` when nothing it was computed from has changed since
    /// (AnswerCache), else computed, from the factory and record caches where they are valid, and then kept
    /// there. `readingCache` false ignores every cache and rewrites them.
    public static func load(
        _ query: AggregateQuery, in repository: Repository, readingCache: Bool = true,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) -> AggregateAnswer {
        loadNotingSource(query, in: repository, readingCache: readingCache, progress: progress).answer
    }

    /// The same, with whether the answer came from the cache.
    static func loadNotingSource(
        _ query: AggregateQuery, in repository: Repository, readingCache: Bool = true,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) -> (answer: AggregateAnswer, cached: Bool) {
        let key = query.cacheKey
        var cached = readingCache ? AnswerCache.read(repository) : nil
        let served = cached?.answer(for: key, root: repository.root)
        PhaseTimings.mark("answers cache checked")
        if let served { return (served, true) }
        // What the write needs of it, not the whole cache (at 100,000 records 30 MB, held all the run).
        let kept = cached?.kept
        cached = nil
        // The records are listed while the factories and questionnaires are read.
        var (context, listing) = Parallel.both(
            {
                let context = AssessmentContext.load(repository, cachingFactories: true, readingCache: readingCache, deferringCacheWrite: true)
                // What reading the registry left freed goes back now, not after the records are listed: the
                // listing allocates in other threads' arenas, and the two would be resident at once.
                FreedMemory.release()
                return context
            },
            { RecordIndex.list(repository, readingCache: readingCache) })
        FreedMemory.release()
        // The factory cache is written while the records are read.
        let factoryCacheWritten = context.pendingCacheWrite.map { write in Parallel.Background { write() } }
        context.pendingCacheWrite = nil
        let store = AssessmentStore(repository: repository, context: context)
        context = AssessmentContext(factories: [], compiled: [])  // the store's from here on
        let index = RecordIndex.load(
            store, listing: consume listing, checking: .selectedBy([query]), readingCache: readingCache,
            deferringCacheWrite: true, progress: progress)
        FreedMemory.release()
        // The record cache is written, and the records' stats encoded, on other cores while the rates are computed.
        let recordCacheWritten = index.pendingCacheWrite.map { write in Parallel.Background { write() } }
        let recordInputs = Parallel.Background { [index] in index.inputs }
        let answer = Aggregation(index, context: store.context, query: query).answer
        if let records = recordInputs.result, let registries = store.context.inputs {
            // A cache that cannot be written only costs speed next time.
            try? AnswerCache.write(answer, for: key, inputs: [records, registries], keeping: kept, in: repository)
        }
        PhaseTimings.mark("answers cache written")
        _ = recordCacheWritten?.result
        _ = factoryCacheWritten?.result
        PhaseTimings.mark("record cache written")
        // Freeing 100,000 summaries and factories took 125 ms, which the answer need not wait for.
        Parallel.drop((consume index, consume store))
        return (answer, false)
    }
}

extension Aggregation {
    public var answer: AggregateAnswer { AggregateAnswer(rows: rows, counted: counted, invalidCount: invalidCount) }
}

extension AggregateQuery {
    /// Every field of the query, in one line each: answers are kept under it.
    var cacheKey: String {
        func list(_ values: Set<String>?) -> String { values.map { $0.sorted().joined(separator: ",") } ?? "*" }
        return [
            "countries " + list(countries), "industries " + list(industries), "questionnaires " + list(questionnaires),
            "from " + (from?.description ?? "*"), "to " + (to?.description ?? "*"), "kinds " + list(Set(kinds.map(\.rawValue))),
            "by " + groupBy.map(\.rawValue).joined(separator: ","), "weight " + (weightByWorkers ? "workers" : "none"),
            "language " + language,
        ].joined(separator: "\n")
    }
}

/// The answers `star aggregate` last gave, in `.star/cache/answers`, so that a query asked again of a
/// repository where nothing changed is answered without reading a record, a factory or a questionnaire.
/// They rest on the stat of every file and folder they were computed from (the records, the factory
/// registry and the compiled questionnaires, each stat'ed before it was read) and of the star binary, whose
/// rules made them. They are served only when every one of those stats is unchanged and none is racy
/// (modified at or after the cache was written, as git's index): adding, removing, editing or touching a
/// file changes its stat or its folder's, and the answers are computed again.
enum AnswerCache {
    static let path = ".star/cache/answers"
    static let magic = "star-answer-cache-1"
    /// Answers kept: those of the latest queries.
    static let capacity = 32

    struct Contents {
        let bytes: [UInt8]
        /// Where the inputs lie in `bytes` (each one's path and stat), compared byte for byte with the next run's.
        var inputs: Range<Int>
        /// Where each input's path and its stat lie.
        var entries: [(path: Range<Int>, stat: Int)]
        /// Oldest first, each as written: only the one asked for is decoded.
        var answers: [(key: String, bytes: ArraySlice<UInt8>)]
        /// The cache file's modification time: inputs modified at or after it are racy.
        var writtenAt: FileStat.Timestamp
    }

    /// The cache as written; nil when there is none, or any doubt about it.
    static func read(_ repository: Repository, executable: String? = runningStar) -> Contents? {
        guard let (checked, writtenAt) = BinaryReader.checked(repository.path(path)) else { return nil }
        var reader = checked
        guard reader.string() == magic else { return nil }
        let inputsStart = reader.offset
        let statSize = BinaryWriter.fileStatSize
        guard let inputCount = reader.int(), inputCount >= 0, inputCount <= (reader.end - reader.offset) / (8 + statSize) else { return nil }
        // Where each path and stat lie, to stat the paths on every core without a String each.
        var entries: [(path: Range<Int>, stat: Int)] = []
        entries.reserveCapacity(inputCount)
        for _ in 0..<inputCount {
            guard let count = reader.int(), count > 0, reader.offset + count + statSize <= reader.end else { return nil }
            entries.append((reader.offset..<reader.offset + count, reader.offset + count))
            reader.offset += count + statSize
        }
        let inputsEnd = reader.offset
        guard let answerCount = reader.int(), answerCount >= 0 else { return nil }
        var answers: [(key: String, bytes: ArraySlice<UInt8>)] = []
        for _ in 0..<answerCount {
            guard let key = reader.string(), let count = reader.int(), count >= 0, reader.offset + count <= reader.end else { return nil }
            answers.append((key, checked.bytes[reader.offset..<reader.offset + count]))
            reader.offset += count
        }
        guard reader.isAtEnd, let executable,
            let first = entries.first, String(decoding: checked.bytes[first.path], as: UTF8.self) == executable
        else { return nil }
        return Contents(bytes: checked.bytes, inputs: inputsStart..<inputsEnd, entries: entries, answers: answers, writtenAt: writtenAt)
    }
}

extension AnswerCache.Contents {
    /// The answer kept for `key`, when there is one and no input under `root` has changed. Every input is
    /// stat'ed only when there is an answer to serve.
    func answer(for key: String, root: String) -> AggregateAnswer? {
        guard let kept = answers.last(where: { $0.key == key }) else { return nil }
        var reader = BinaryReader(bytes: Array(kept.bytes), end: kept.bytes.count)
        guard let answer = reader.answer(), reader.isAtEnd, isUnchanged(root: root) else { return nil }
        return answer
    }

    /// The stat recorded for an input.
    private func recordedStat(_ entry: (path: Range<Int>, stat: Int)) -> FileStat? {
        var reader = BinaryReader(bytes: bytes, end: entry.stat + BinaryWriter.fileStatSize, offset: entry.stat)
        return reader.fileStat()
    }

    /// The answers kept, and what the inputs were: all a new write needs to keep them.
    var kept: AnswerCache.Kept {
        AnswerCache.Kept(
            inputsDigest: AnswerCache.digest([bytes[inputs]]), isSettled: isSettled, answers: answers.map { ($0.key, Array($0.bytes)[...]) })
    }

    /// Every input recorded was modified before the cache was written: none is racy.
    var isSettled: Bool {
        entries.allSatisfy { recordedStat($0).map { !$0.isRacy(comparedTo: writtenAt) } ?? false }
    }

    /// Whether every input (its path relative to `root`, or absolute) still has the stat recorded, and none
    /// is racy. On every core: a repository of 20,000 records has some 30,000 inputs.
    func isUnchanged(root: String) -> Bool {
        let chunk = 512
        let rootBytes = Array(root.utf8) + [UInt8(ascii: "/")]
        return Parallel.map(count: (entries.count + chunk - 1) / chunk) { part in
            var path: [UInt8] = []
            for entry in entries[part * chunk..<min(entries.count, (part + 1) * chunk)] {
                path.removeAll(keepingCapacity: true)
                if bytes[entry.path.lowerBound] != UInt8(ascii: "/") { path += rootBytes }
                path += bytes[entry.path]
                path.append(0)
                var status = stat()
                guard path.withUnsafeBufferPointer({ stat(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), &status) }) == 0 else {
                    return false
                }
                let now = FileStat(status)
                guard recordedStat(entry) == now, !now.isRacy(comparedTo: writtenAt) else { return false }
            }
            return true
        }.allSatisfy { $0 }
    }
}

extension AnswerCache {
    /// Files and folders with their stat, encoded as the cache keeps them (each path, then its stat): a
    /// repository of 100,000 records has some 130,000, kept as bytes rather than as Strings.
    struct Inputs: Sendable {
        var count = 0
        var bytes: [UInt8] = []

        /// One file.
        static func file(_ path: String, _ stat: FileStat) -> Inputs {
            var writer = BinaryWriter()
            writer.string(path)
            writer.fileStat(stat)
            return Inputs(count: 1, bytes: writer.bytes)
        }

        static func + (a: Inputs, b: Inputs) -> Inputs { Inputs(count: a.count + b.count, bytes: a.bytes + b.bytes) }
    }

    /// The answers of a cache as read, to keep when a new answer is written on the same inputs.
    struct Kept {
        /// Of the inputs as written (`digest`).
        var inputsDigest: [UInt8]
        var isSettled: Bool
        var answers: [(key: String, bytes: ArraySlice<UInt8>)]
    }

    static func digest(_ parts: [ArraySlice<UInt8>]) -> [UInt8] {
        var hasher = SHA256()
        for part in parts { part.withUnsafeBytes { hasher.update(bufferPointer: $0) } }
        return Array(hasher.finalize())
    }

    /// Keeps `answer` under `key`, with the inputs it was computed from, and the answers of `kept` (the cache
    /// as read at the start of this run) when those rest on the same inputs.
    static func write(
        _ answer: AggregateAnswer, for key: String, inputs: [Inputs], keeping kept: Kept?, in repository: Repository,
        executable: String? = runningStar
    ) throws {
        guard let executable, let executableStat = FileStat(executable) else { return }
        let parts = [Inputs.file(executable, executableStat)] + inputs
        var count = BinaryWriter()
        count.int(parts.reduce(0) { $0 + $1.count })
        // The inputs as written: the count, then each part's bytes, compared and written where they lie.
        let written = [count.bytes[...]] + parts.map { $0.bytes[...] }
        var encoded = BinaryWriter()
        encoded.answer(answer)
        // The answers kept rest on the same inputs, each with the same stat, not racy when they were written.
        let sameInputs = kept.map { kept in kept.isSettled && kept.inputsDigest == digest(written) } ?? false
        var answers = sameInputs ? kept!.answers : []
        answers.removeAll { $0.key == key }
        answers = answers.suffix(capacity - 1) + [(key, encoded.bytes[...])]
        let output = try CheckedFile(repository.path(path))
        var writer = BinaryWriter()
        writer.string(magic)
        for part in written { try output.write(part, after: &writer) }
        writer.int(answers.count)
        for (key, bytes) in answers {
            writer.string(key)
            writer.int(bytes.count)
            writer.bytes += bytes
        }
        try output.commit(&writer)
    }

    /// The running star binary, which the answers rest on too: another build may compute them otherwise.
    static var runningStar: String? { Bundle.main.executablePath }
}

extension FileStore.Walk {
    /// Every file and folder walked with its stat, as paths under `folder` (the folder walked, relative to the
    /// repository): what an answer computed from the files rests on. nil when a folder was not kept or a file
    /// could not be stat'ed, since a change there might then go unseen.
    func inputs(under folder: String) -> AnswerCache.Inputs? {
        inputs(under: folder, files: files.lazy.map { (folder + "/" + $0.path, $0.stat) }, count: files.count)
    }

    /// The same, with the walk's files given as repository paths and stats (the walk's own may be gone).
    func inputs(under folder: String, files: some Sequence<(String, FileStat?)>, count: Int) -> AnswerCache.Inputs? {
        guard unkept == 0 else { return nil }
        var writer = BinaryWriter()
        writer.bytes.reserveCapacity((folders.count + count) * (folder.utf8.count + 96))
        // The keys sorted, not the entries: a sorted copy of 100,000 listings took 16 MB.
        for prefix in folders.keys.sorted() {
            writer.path(folder, prefix.dropLast())
            writer.fileStat(folders[prefix]!.stat)
        }
        for (path, stat) in files {
            guard let stat else { return nil }
            writer.string(path)
            writer.fileStat(stat)
        }
        return AnswerCache.Inputs(count: folders.count + count, bytes: writer.bytes)
    }
}

extension BinaryWriter {
    /// `folder`, then "/" and `relative` unless it is empty, as one string.
    mutating func path(_ folder: String, _ relative: Substring) {
        int(folder.utf8.count + (relative.isEmpty ? 0 : 1 + relative.utf8.count))
        bytes += folder.utf8
        if !relative.isEmpty {
            bytes.append(UInt8(ascii: "/"))
            bytes += relative.utf8
        }
    }

    mutating func answer(_ answer: AggregateAnswer) {
        int(answer.counted)
        int(answer.invalidCount)
        int(answer.rows.count)
        for row in answer.rows {
            let key = AggregateQuery.Dimension.allCases.enumerated().compactMap { number, dimension in row.key[dimension].map { (number, $0) } }
            int(key.count)
            for (number, value) in key {
                int(number)
                string(value)
            }
            string(row.title)
            int(row.assessed)
            int(row.noncompliant)
            double(row.rate)
            interval(row.interval)
            int(row.anyNoncompliance == nil ? 0 : 1)
            if let share = row.anyNoncompliance {
                int(share.count)
                double(share.rate)
                interval(share.interval)
            }
        }
    }

    mutating func double(_ value: Double?) {
        int(value == nil ? 0 : 1)
        if let value { int(Int(Int64(bitPattern: value.bitPattern))) }
    }

    mutating func interval(_ value: ClosedRange<Double>?) {
        double(value?.lowerBound)
        double(value?.upperBound)
    }
}

extension BinaryReader {
    mutating func answer() -> AggregateAnswer? {
        guard let counted = int(), let invalidCount = int(), let rowCount = int(), rowCount >= 0, rowCount <= end - offset else { return nil }
        var rows: [AggregateRow] = []
        for _ in 0..<rowCount {
            guard let keyCount = int(), keyCount >= 0, keyCount <= AggregateQuery.Dimension.allCases.count else { return nil }
            var key: [AggregateQuery.Dimension: String] = [:]
            for _ in 0..<keyCount {
                guard let number = int(), AggregateQuery.Dimension.allCases.indices.contains(number), let value = string() else { return nil }
                key[AggregateQuery.Dimension.allCases[number]] = value
            }
            guard let title = string(), let assessed = int(), let noncompliant = int(), let rate = double(), let interval = self.interval(),
                let hasShare = int()
            else { return nil }
            var row = AggregateRow(key: key, title: title, assessed: assessed, noncompliant: noncompliant, rate: rate, interval: interval)
            if hasShare == 1 {
                guard let count = int(), let shareRate = double(), let shareInterval = self.interval() else { return nil }
                row.anyNoncompliance = AggregateRow.Share(count: count, rate: shareRate, interval: shareInterval)
            } else if hasShare != 0 {
                return nil
            }
            rows.append(row)
        }
        return AggregateAnswer(rows: rows, counted: counted, invalidCount: invalidCount)
    }

    /// A Double? as BinaryWriter.double wrote it: .some(nil) is a nil written, nil a file that says neither.
    mutating func double() -> Double?? {
        switch int() {
        case 0: return .some(nil)
        case 1: return int().map { .some(Double(bitPattern: UInt64(bitPattern: Int64($0)))) }
        default: return nil
        }
    }

    mutating func interval() -> ClosedRange<Double>?? {
        guard let low = double(), let high = double() else { return nil }
        switch (low, high) {
        case (nil, nil): return .some(nil)
        case (let low?, let high?) where low <= high: return .some(low...high)
        default: return nil
        }
    }
}
