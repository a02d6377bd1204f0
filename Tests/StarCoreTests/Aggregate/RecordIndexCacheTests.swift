import Foundation
import Testing

@testable import StarCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// MARK: - File times, set to the nanosecond

private func fileStat(_ path: String) throws -> stat {
    var info = stat()
    try #require(stat(path, &info) == 0, "stat \(path)")
    return info
}

private func modified(_ path: String) throws -> timespec {
    #if canImport(Darwin)
        return try fileStat(path).st_mtimespec
    #else
        return try fileStat(path).st_mtim
    #endif
}

private func changed(_ path: String) throws -> timespec {
    #if canImport(Darwin)
        return try fileStat(path).st_ctimespec
    #else
        return try fileStat(path).st_ctim
    #endif
}

/// Sets a file's modification time exactly (its change time becomes now: only the kernel sets that).
private func setModified(_ path: String, to time: timespec) throws {
    // UTIME_OMIT: leave the access time alone.
    var times = [timespec(tv_sec: 0, tv_nsec: (1 << 30) - 2), time]
    try #require(utimensat(AT_FDCWD, path, &times, 0) == 0, "utimensat \(path)")
}

private func later(_ time: timespec, seconds: Int = 0, nanoseconds: Int = 0) -> timespec {
    var result = time
    result.tv_sec += seconds
    result.tv_nsec += nanoseconds
    if result.tv_nsec >= 1_000_000_000 {
        result.tv_sec += 1
        result.tv_nsec -= 1_000_000_000
    }
    return result
}

private func precedes(_ a: timespec, _ b: timespec) -> Bool { (a.tv_sec, a.tv_nsec) < (b.tv_sec, b.tv_nsec) }

extension AggregateRepository {
    var cacheFile: String { repository.path(RecordIndex.cachePath) }

    /// A run as `star aggregate` makes it: the cache read where valid, and left up to date.
    func cachedRun() -> RecordIndex { RecordIndex.load(store) }

    /// Waits until the file-system clock has moved past the last change to any record, so a cache written
    /// afterwards is not racy with them. (Timestamps come from a coarse clock: files written within a few
    /// milliseconds share one.)
    func letTheClockTick() throws {
        let newest = try store.recordFiles().map { try changed(repository.path($0)) }.max(by: precedes)
        guard let newest else { return }
        let probe = repository.path("clock-probe")
        repeat {
            usleep(1000)
            try Data("tick".utf8).write(to: URL(fileURLWithPath: probe))
        } while try !precedes(newest, modified(probe))
        try FileManager.default.removeItem(atPath: probe)
    }

    func cacheBytes() throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: cacheFile))) }

    func writeCache(_ bytes: [UInt8]) throws { try Data(bytes).write(to: URL(fileURLWithPath: cacheFile)) }
}

/// Three records (two final, one draft with overtime) whose cache has been written once, well after them.
private func cachedRepository() throws -> (AggregateRepository, first: RecordIndex) {
    let repo = try AggregateRepository(factories: [makeFactory("XX-0001"), makeFactory("XX-0002"), makeFactory("XX-0003")])
    try repo.record("XX-0001", "2026-02-01", Observed(child: true))
    try repo.record("XX-0002", "2026-02-01", Observed(hours: 55), final: false)
    try repo.record("XX-0003", "2026-02-01", Observed(premium: true))
    try repo.letTheClockTick()
    let first = repo.cachedRun()
    #expect(first.readCount == 3)
    return (repo, first)
}

private let draftPath = "assessments/XX/XX-0002/2026-02-01.json"
private let finalPath = "assessments/XX/XX-0001/2026-02-01.json"

@Suite struct RecordIndexCacheTests {
    @Test func aSecondRunReadsNothingAndGivesTheSameSummaries() throws {
        let (repo, first) = try cachedRepository()
        defer { repo.remove() }
        let second = repo.cachedRun()
        #expect(second.readCount == 0)
        #expect(second.summaries == first.summaries)
        #expect(second.summaries == repo.index().summaries)
        #expect(second.summaries.map(\.id.description) == ["XX-0001/2026-02-01", "XX-0002/2026-02-01", "XX-0003/2026-02-01"])
    }

    @Test func findingsAreStoredAsTheBytesTheyAreInMemory() {
        // Reading the cache copies the findings' bytes; the other way (a code at a time) is the fallback.
        #expect(Finding.isLaidOutAsItsCode)
    }

    @Test func theCacheHoldsEverySummaryField() throws {
        let (repo, first) = try cachedRepository()
        defer { repo.remove() }
        let draft = try #require(repo.cachedRun().summaries.first { $0.status == .draft })
        #expect(draft.file == draftPath)
        #expect(draft.pointFindings == [.compliant, .compliant, .compliant, .notApplicable])
        #expect(draft.questionFindings == [.compliant, .compliant, .compliant, .compliant, .compliant, .notApplicable])
        #expect(draft == first.summaries[1])
    }

    @Test func correctionsAndSelfAssessmentsComeBackFromTheCacheAsTheyWereRead() throws {
        let repo = try AggregateRepository(factories: [makeFactory("XX-0001")])
        defer { repo.remove() }
        try repo.record("XX-0001", "2026-02-01", Observed(child: true, hours: 70, consent: "none"))
        try repo.record("XX-0001", "2026-02-01", Observed(hours: 50), amends: "XX-0001/2026-02-01")
        try repo.record("XX-0001", "2026-05-01", Observed(premium: false), kind: .selfAssessment)
        try repo.letTheClockTick()
        let first = repo.cachedRun()
        let second = repo.cachedRun()
        #expect(second.readCount == 0)
        #expect(second.summaries == first.summaries)
        let byID = second.summaries.sorted { $0.id < $1.id }
        #expect(byID.map { $0.amends?.description } == [nil, "XX-0001/2026-02-01", nil])
        #expect(byID.map(\.kind) == [.assessment, .assessment, .selfAssessment])
        #expect(
            byID.map(\.pointFindings) == [
                [.compliant, .nonCompliant, .nonCompliant, .notApplicable],
                [.compliant, .compliant, .compliant, .notApplicable],
                [.compliant, .compliant, .notApplicable, .nonCompliant],
            ])
    }

    @Test func withoutReadingTheCacheEveryRecordIsRead() throws {
        let (repo, _) = try cachedRepository()
        defer { repo.remove() }
        #expect(RecordIndex.load(repo.store, readingCache: false).readCount == 3)
    }

    @Test func anotherFactoryRegistryMakesEverySummaryStaleButNotTheFolderListings() throws {
        let (repo, first) = try cachedRepository()
        defer { repo.remove() }
        // What a record's validity depends on changed: every record is checked again.
        try repo.register(makeFactory("XX-0004"))
        let listing = RecordIndex.list(repo.repository)
        #expect(listing.walk.listedAfresh == 0, "the record folders did not change")
        let second = RecordIndex.load(repo.store, listing: listing)
        #expect(second.readCount == 3)
        #expect(second.summaries == first.summaries)
    }

    @Test func withoutWritingTheCacheNoneIsLeftBehind() throws {
        let repo = try AggregateRepository(factories: [makeFactory("XX-0001")])
        defer { repo.remove() }
        try repo.record("XX-0001", "2026-02-01")
        #expect(RecordIndex.load(repo.store, writingCache: false).readCount == 1)
        #expect(!FileManager.default.fileExists(atPath: repo.cacheFile))
    }

    @Test func aRecordChangedInPlaceWithItsSizeAndModificationTimeKeptIsReadAgain() throws {
        let (repo, first) = try cachedRepository()
        defer { repo.remove() }
        let path = repo.repository.path(draftPath)
        let (size, time) = (try fileStat(path).st_size, try modified(path))
        try repo.editHours(draftPath, from: 55, to: 75)
        try setModified(path, to: time)
        #expect(try fileStat(path).st_size == size)
        let second = repo.cachedRun()
        #expect(second.readCount == 1)
        let draft = try #require(second.summaries.first { $0.file == draftPath })
        #expect(draft.pointFindings[2] == .nonCompliant, "75 hours is over the limit of 60")
        #expect(second.summaries == repo.index().summaries)
        #expect(second.summaries.filter { $0.file != draftPath } == first.summaries.filter { $0.file != draftPath })
    }

    @Test func aHandEditedFinalRecordIsReadAgainAndFoundInvalid() throws {
        let repo = try AggregateRepository(factories: [makeFactory("XX-0001"), makeFactory("XX-0002")])
        defer { repo.remove() }
        let edited = try repo.record("XX-0001", "2026-02-01", Observed(hours: 55))
        try repo.record("XX-0002", "2026-02-01")
        try repo.letTheClockTick()
        #expect(repo.cachedRun().summaries.allSatisfy { $0.isValid })
        try repo.editHours(edited, from: 55, to: 75)
        let second = repo.cachedRun()
        #expect(second.readCount == 1)
        #expect(second.summaries.map(\.isValid) == [false, true])
        #expect(Aggregation(second, context: repo.store.context, query: AggregateQuery()).invalidCount == 1)
    }

    @Test func anAddedRecordIsTheOnlyOneRead() throws {
        let (repo, first) = try cachedRepository()
        defer { repo.remove() }
        try repo.record("XX-0001", "2026-06-01")
        let second = repo.cachedRun()
        #expect(second.readCount == 1)
        #expect(second.summaries.count == 4)
        #expect(second.summaries == repo.index().summaries)
        #expect(second.summaries.filter { $0.id.description != "XX-0001/2026-06-01" } == first.summaries)
    }

    @Test func aRemovedRecordLeavesTheIndexWithoutReadingTheOthers() throws {
        let (repo, first) = try cachedRepository()
        defer { repo.remove() }
        try FileManager.default.removeItem(atPath: repo.repository.path(finalPath))
        let second = repo.cachedRun()
        #expect(second.readCount == 0)
        #expect(second.summaries == Array(first.summaries.dropFirst()))
        #expect(second.summaries == repo.index().summaries)
        // The cache was rewritten without it.
        #expect(repo.cachedRun().summaries == second.summaries)
    }

    @Test func aTouchedRecordIsReadAgainAndGivesTheSameSummary() throws {
        let (repo, first) = try cachedRepository()
        defer { repo.remove() }
        let path = repo.repository.path(finalPath)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_700_000_000)], ofItemAtPath: path)
        let second = repo.cachedRun()
        #expect(second.readCount == 1)
        #expect(second.summaries == first.summaries)
    }

    @Test(arguments: [0, 8, 19, 60, -1])
    func aTruncatedCacheIsIgnored(_ length: Int) throws {
        let (repo, first) = try cachedRepository()
        defer { repo.remove() }
        let bytes = try repo.cacheBytes()
        try repo.writeCache(Array(bytes.prefix(length >= 0 ? length : bytes.count + length)))
        let second = repo.cachedRun()
        #expect(second.readCount == 3)
        #expect(second.summaries == first.summaries)
    }

    @Test func aCacheWithBytesAfterItsEntriesIsIgnored() throws {
        let (repo, first) = try cachedRepository()
        defer { repo.remove() }
        try repo.writeCache(try repo.cacheBytes() + [0, 1, 2, 3])
        let second = repo.cachedRun()
        #expect(second.readCount == 3)
        #expect(second.summaries == first.summaries)
    }

    @Test func aCacheOfAnotherFormatIsIgnored() throws {
        let (repo, first) = try cachedRepository()
        defer { repo.remove() }
        var bytes = try repo.cacheBytes()
        // The magic string follows its 8-byte length; change its last character.
        let magic = Array(RecordCache.magic.utf8)
        #expect(Array(bytes[8..<8 + magic.count]) == magic)
        bytes[8 + magic.count - 1] = UInt8(ascii: "9")
        try repo.writeCache(bytes)
        let second = repo.cachedRun()
        #expect(second.readCount == 3)
        #expect(second.summaries == first.summaries)
    }

    @Test func aCacheWithAnImpossibleFindingCodeIsIgnored() throws {
        let (repo, first) = try cachedRepository()
        defer { repo.remove() }
        var bytes = try repo.cacheBytes()
        bytes[bytes.count - 1] = 9
        try repo.writeCache(bytes)
        let second = repo.cachedRun()
        #expect(second.readCount == 3)
        #expect(second.summaries == first.summaries)
    }

    @Test func aCacheWhoseFindingsWereAlteredIsNotTrusted() throws {
        let (repo, first) = try cachedRepository()
        defer { repo.remove() }
        var bytes = try repo.cacheBytes()
        // The file ends with the last record's point findings (XX-0003's WT.NIGHT is compliant, code 0), then
        // the 64-character checksum of everything before it.
        #expect(first.summaries.last?.pointFindings.last == .compliant)
        let lastFinding = bytes.count - 65
        #expect(bytes[lastFinding] == 0)
        bytes[lastFinding] = 1
        try repo.writeCache(bytes)
        let second = repo.cachedRun()
        #expect(second.summaries == first.summaries)
        #expect(second.readCount == 3)
        #expect(repo.cachedRun().readCount == 0)
    }

    @Test func aRacilyCleanEntryFoundUnchangedIsSettledForTheNextRun() throws {
        let repo = try AggregateRepository(factories: [makeFactory("XX-0001")])
        defer { repo.remove() }
        let path = repo.repository.path(try repo.record("XX-0001", "2026-02-01"))
        try repo.letTheClockTick()
        #expect(repo.cachedRun().readCount == 1)
        // As if the cache had been written in the tick the record was last changed.
        try setModified(repo.cacheFile, to: try changed(path))
        #expect(repo.cachedRun().readCount == 1)
        // Git rewrites an index with racy entries (update_index_if_able) so that they settle; re-reading the
        // record proved it clean, so the next run can trust it.
        let third = repo.cachedRun()
        #expect(third.readCount == 0)
    }

    // MARK: Checking only what a selection needs

    @Test func recordsASelectionPassesOverAreCachedByTheirHeaderAndCheckedWhenAnotherQueryNeedsThem() throws {
        let repo = try AggregateRepository(factories: [makeFactory("XX-0001"), makeFactory("XX-0002")])
        defer { repo.remove() }
        try repo.record("XX-0001", "2025-03-01", Observed(child: true))
        try repo.record("XX-0001", "2026-03-01")
        try repo.record("XX-0002", "2025-04-01", Observed(hours: 70))
        try repo.record("XX-0002", "2026-04-01", Observed(hours: 50))
        try repo.letTheClockTick()
        let latest = AggregateQuery.with { $0.groupBy = [.point] }
        let first = RecordIndex.load(repo.store, checking: .selectedBy([latest]))
        #expect(first.readCount == 4)
        // The 2025 visits were read for their header alone.
        #expect(first.summaries.filter { $0.check == .pending }.map(\.id.description) == ["XX-0001/2025-03-01", "XX-0002/2025-04-01"])
        #expect(first.summaries.filter { $0.check == .pending }.allSatisfy { $0.questionFindings.isEmpty && $0.pointFindings.isEmpty })
        // Asked about 2025, the cached headers select them, and only they are read (in full) now.
        let in2025 = AggregateQuery.with {
            $0.groupBy = [.point]
            $0.to = CalendarDate("2025-12-31")
        }
        let second = RecordIndex.load(repo.store, checking: .selectedBy([in2025]))
        #expect(second.readCount == 2)
        let aggregation = Aggregation(second, context: repo.store.context, query: in2025)
        #expect(aggregation.selectedIDs == ["XX-0001/2025-03-01", "XX-0002/2025-04-01"])
        #expect(aggregation.rows == repo.aggregate(in2025).rows)
        #expect(aggregation.row([.point: "CL.CHILD"]).map(\.counts) == [2, 1])
        #expect(aggregation.row([.point: "WT.OT"]).map(\.counts) == [1, 1])
        // Now every record is checked, and cached so.
        let third = RecordIndex.load(repo.store, checking: .selectedBy([latest, in2025]))
        #expect(third.readCount == 0)
        #expect(third.summaries.allSatisfy { $0.isValid })
        // Scope .all checks what is still pending, and nothing else.
        #expect(RecordIndex.load(repo.store).readCount == 0)
    }

    @Test func aPendingLatestRecordFoundInvalidGivesWayToTheVisitBeforeIt() throws {
        let repo = try AggregateRepository(factories: [makeFactory("XX-0001")])
        defer { repo.remove() }
        try repo.record("XX-0001", "2025-03-01", Observed(child: true))
        let latest = try repo.record("XX-0001", "2026-03-01", Observed(hours: 55))
        try repo.editHours(latest, from: 55, to: 75)
        try repo.letTheClockTick()
        let query = AggregateQuery.with { $0.groupBy = [.point] }
        let index = RecordIndex.load(repo.store, checking: .selectedBy([query]))
        let aggregation = Aggregation(index, context: repo.store.context, query: query)
        #expect(aggregation.selectedIDs == ["XX-0001/2025-03-01"])
        #expect(aggregation.invalidCount == 1)
        #expect(index.summaries.map(\.check) == [.valid, .invalid])
    }
}
