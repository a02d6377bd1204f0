import Foundation
import Testing

@testable import StarCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `.star/cache/answers`: a query asked again is answered from the cache only while not one record, factory,
/// compiled questionnaire or folder of them (nor the star binary) has changed its stat.
@Suite struct AnswerCacheTests {
    private let byPoint = AggregateQuery.with { $0.groupBy = [.point] }

    /// Waits until a file written now gets a later timestamp than every file written before, so that a cache
    /// written next is not racily clean with them.
    private func letTheClockTick(_ repo: AggregateRepository) throws {
        let probe = repo.repository.path("clock-probe")
        try Data("a".utf8).write(to: URL(fileURLWithPath: probe))
        let first = try modificationTime(probe)
        var now: timespec
        repeat {
            usleep(1000)
            try Data("b".utf8).write(to: URL(fileURLWithPath: probe))
            now = try modificationTime(probe)
        } while (now.tv_sec, now.tv_nsec) == (first.tv_sec, first.tv_nsec)
        try FileManager.default.removeItem(atPath: probe)
    }

    private func modificationTime(_ path: String) throws -> timespec {
        var info = stat()
        try #require(stat(path, &info) == 0)
        #if canImport(Darwin)
            return info.st_mtimespec
        #else
            return info.st_mtim
        #endif
    }

    /// Five factories, asked `query` once (computed, the cache written well after every file).
    private func askedOnce(_ query: AggregateQuery) throws -> (AggregateRepository, AggregateAnswer) {
        let repo = try fiveFactories()
        try letTheClockTick(repo)
        let first = AggregateAnswer.loadNotingSource(query, in: repo.repository)
        #expect(!first.cached)
        #expect(first.answer == repo.aggregate(query).answer)
        return (repo, first.answer)
    }

    private func ask(_ repo: AggregateRepository, _ query: AggregateQuery) -> (answer: AggregateAnswer, cached: Bool) {
        AggregateAnswer.loadNotingSource(query, in: repo.repository)
    }

    @Test func aQueryAskedAgainIsAnsweredFromTheCacheWithTheSameAnswer() throws {
        let (repo, first) = try askedOnce(byPoint)
        defer { repo.remove() }
        let second = ask(repo, byPoint)
        #expect(second.cached)
        #expect(second.answer == first)
        #expect(first.counted == 5)
        #expect(first.rows.first { $0.key[.point] == "CL.CHILD" }?.noncompliant == 2)
    }

    @Test func theCacheHoldsEveryFieldOfAnAnswer() throws {
        // Weighted cluster rows carry the share with any non-compliance, and its interval.
        let weighted = AggregateQuery.with {
            $0.groupBy = [.country, .cluster]
            $0.weightByWorkers = true
        }
        let (repo, first) = try askedOnce(weighted)
        defer { repo.remove() }
        #expect(first.rows.contains { $0.anyNoncompliance?.interval != nil })
        let second = ask(repo, weighted)
        #expect(second.cached)
        #expect(second.answer == first)
    }

    @Test func anotherQueryIsComputedAndBothAreKept() throws {
        let (repo, first) = try askedOnce(byPoint)
        defer { repo.remove() }
        let byCluster = AggregateQuery()
        let other = ask(repo, byCluster)
        #expect(!other.cached)
        #expect(other.answer == repo.aggregate(byCluster).answer)
        #expect(ask(repo, byCluster).cached)
        let again = ask(repo, byPoint)
        #expect(again.cached)
        #expect(again.answer == first)
    }

    @Test func onlyTheLatestQueriesAreKept() throws {
        let (repo, _) = try askedOnce(byPoint)
        defer { repo.remove() }
        func from(day: Int) -> AggregateQuery { .with { $0.from = CalendarDate("2025-01-\(String(format: "%02d", day))") } }
        // As many other queries as the cache keeps push the first one out.
        for day in 1...AnswerCache.capacity { #expect(!ask(repo, from(day: day)).cached) }
        #expect(!ask(repo, byPoint).cached)
        #expect(ask(repo, from(day: AnswerCache.capacity)).cached)
    }

    @Test func anEditedRecordWithItsSizeAndModificationTimeKeptIsComputedAgain() throws {
        let (repo, first) = try askedOnce(byPoint)
        defer { repo.remove() }
        let path = "assessments/XX/XX-0002/2026-02-02.json"
        let time = try modificationTime(repo.repository.path(path))
        try repo.editHours(path, from: 50, to: 75)
        var times = [timespec(tv_sec: 0, tv_nsec: (1 << 30) - 2), time]
        try #require(utimensat(AT_FDCWD, repo.repository.path(path), &times, 0) == 0)
        // The change time gives the edit away.
        let second = ask(repo, byPoint)
        #expect(!second.cached)
        #expect(second.answer != first)
        #expect(second.answer == repo.aggregate(byPoint).answer)
    }

    @Test func anAddedRecordIsCounted() throws {
        let (repo, first) = try askedOnce(byPoint)
        defer { repo.remove() }
        try repo.record("XX-0003", "2026-06-01", Observed(child: true))
        let second = ask(repo, byPoint)
        #expect(!second.cached)
        #expect(second.answer.rows.first { $0.key[.point] == "CL.CHILD" }?.noncompliant == 3)
        #expect(second.answer != first)
    }

    @Test func aRemovedRecordIsNoLongerCounted() throws {
        let (repo, _) = try askedOnce(byPoint)
        defer { repo.remove() }
        try FileManager.default.removeItem(atPath: repo.repository.path("assessments/XX/XX-0005/2026-02-05.json"))
        let second = ask(repo, byPoint)
        #expect(!second.cached)
        #expect(second.answer.counted == 4)
    }

    @Test func aTouchedRecordIsComputedAgainToTheSameAnswer() throws {
        let (repo, first) = try askedOnce(byPoint)
        defer { repo.remove() }
        try letTheClockTick(repo)
        var now = [timespec(tv_sec: 0, tv_nsec: (1 << 30) - 1), timespec(tv_sec: 0, tv_nsec: (1 << 30) - 1)]
        try #require(utimensat(AT_FDCWD, repo.repository.path("assessments/XX/XX-0001/2026-02-01.json"), &now, 0) == 0)
        // A cache written in the tick of the touch would be racy with it, and rightly not served next.
        try letTheClockTick(repo)
        let second = ask(repo, byPoint)
        #expect(!second.cached)
        #expect(second.answer == first)
        try letTheClockTick(repo)
        #expect(ask(repo, byPoint).cached)
    }

    @Test func aChangedFactoryIsComputedAgain() throws {
        let byIndustry = AggregateQuery.with {
            $0.groupBy = [.industry]
            $0.weightByWorkers = true
        }
        let (repo, first) = try askedOnce(byIndustry)
        defer { repo.remove() }
        let factory = repo.repository.path(makeFactory("XX-0005").path)
        let text = try String(contentsOfFile: factory, encoding: .utf8)
        #expect(text.contains("garment"))
        try Data(text.replacingOccurrences(of: "garment", with: "footwear").utf8).write(to: URL(fileURLWithPath: factory))
        let second = ask(repo, byIndustry)
        #expect(!second.cached)
        #expect(Set(second.answer.rows.compactMap { $0.key[.industry] }) == ["garment", "footwear"])
        #expect(second.answer != first)
    }

    @Test func anAddedFactoryFileIsNoticed() throws {
        let (repo, _) = try askedOnce(byPoint)
        defer { repo.remove() }
        try repo.register(makeFactory("XX-0006"))
        #expect(!ask(repo, byPoint).cached)
    }

    @Test func aRecompiledQuestionnaireIsNoticed() throws {
        let (repo, _) = try askedOnce(byPoint)
        defer { repo.remove() }
        let compiled = try #require(FileStore.files(under: repo.repository.path("questionnaires/compiled"), extensions: ["json"]).first)
        let path = repo.repository.path("questionnaires/compiled/" + compiled)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        #expect(!ask(repo, byPoint).cached)
    }

    @Test func aCacheWrittenInTheSameTickAsAnInputIsNotTrusted() throws {
        let (repo, _) = try askedOnce(byPoint)
        defer { repo.remove() }
        // A record dated as late as the cache: it may have changed after the cache was written, within one tick.
        let cacheTime = try modificationTime(repo.repository.path(AnswerCache.path))
        var times = [timespec(tv_sec: 0, tv_nsec: (1 << 30) - 2), cacheTime]
        try #require(utimensat(AT_FDCWD, repo.repository.path("assessments/XX/XX-0003/2026-02-03.json"), &times, 0) == 0)
        #expect(!ask(repo, byPoint).cached)
    }

    @Test func aCorruptedOrTruncatedCacheIsComputedAgain() throws {
        let (repo, first) = try askedOnce(byPoint)
        defer { repo.remove() }
        let cache = repo.repository.path(AnswerCache.path)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: cache)))
        bytes[bytes.count / 2] ^= 0x20
        try Data(bytes).write(to: URL(fileURLWithPath: cache))
        let afterFlip = ask(repo, byPoint)
        #expect(!afterFlip.cached)
        #expect(afterFlip.answer == first)
        try Data(bytes.prefix(100)).write(to: URL(fileURLWithPath: cache))
        #expect(!ask(repo, byPoint).cached)
    }

    @Test func withoutReadingTheCacheTheAnswerIsComputedAndTheCacheRewritten() throws {
        let (repo, first) = try askedOnce(byPoint)
        defer { repo.remove() }
        let fresh = AggregateAnswer.loadNotingSource(byPoint, in: repo.repository, readingCache: false)
        #expect(!fresh.cached)
        #expect(fresh.answer == first)
    }

    @Test func answersOfAnotherStarBinaryAreNotServed() throws {
        let (repo, first) = try askedOnce(byPoint)
        defer { repo.remove() }
        let binaries = repo.repository.path("binaries")
        try FileManager.default.createDirectory(atPath: binaries, withIntermediateDirectories: true)
        let (oldStar, newStar) = (binaries + "/star-0.1", binaries + "/star-0.2")
        try Data("old".utf8).write(to: URL(fileURLWithPath: oldStar))
        try Data("new".utf8).write(to: URL(fileURLWithPath: newStar))
        // A cache written in the tick of the binaries would be racy with them.
        try letTheClockTick(repo)
        let inputs = try #require(RecordIndex.list(repo.repository).walk.inputs(under: "assessments"))
        try AnswerCache.write(first, for: byPoint.cacheKey, inputs: [inputs], keeping: nil, in: repo.repository, executable: oldStar)
        try letTheClockTick(repo)
        #expect(AnswerCache.read(repo.repository, executable: oldStar)?.isUnchanged(root: repo.repository.root) == true)
        #expect(AnswerCache.read(repo.repository, executable: newStar) == nil)
        // The same path, rebuilt.
        try Data("rebuilt".utf8).write(to: URL(fileURLWithPath: oldStar))
        #expect(AnswerCache.read(repo.repository, executable: oldStar)?.isUnchanged(root: repo.repository.root) == false)
    }

    @Test func aRecordFolderHoldingASymbolicLinkLeavesNoAnswerBehind() throws {
        let (repo, _) = try askedOnce(byPoint)
        defer { repo.remove() }
        try FileManager.default.createSymbolicLink(
            atPath: repo.repository.path("assessments/XX/XX-0001/link.json"),
            withDestinationPath: repo.repository.path("assessments/XX/XX-0001/2026-02-01.json"))
        // A link's target may change between file and folder with no folder changing: nothing is trusted.
        #expect(!ask(repo, byPoint).cached)
        #expect(!ask(repo, byPoint).cached)
    }

    @Test func theKeyNamesEveryFieldOfTheQueryAndNotTheOrderOfItsSets() {
        #expect(Mirror(reflecting: AggregateQuery()).children.count == 9, "a new field of AggregateQuery belongs in cacheKey")
        let variants: [AggregateQuery] = [
            AggregateQuery(),
            .with { $0.countries = ["KH", "VN"] }, .with { $0.industries = ["garment"] }, .with { $0.questionnaires = ["kh-garment"] },
            .with { $0.from = CalendarDate("2025-01-01") }, .with { $0.to = CalendarDate("2025-12-31") }, .with { $0.kinds = [.selfAssessment] },
            .with { $0.groupBy = [.country, .point] }, .with { $0.groupBy = [.point, .country] }, .with { $0.weightByWorkers = true },
            .with { $0.language = "fr" },
        ]
        #expect(Set(variants.map(\.cacheKey)).count == variants.count)
        #expect(AggregateQuery.with { $0.countries = ["VN", "KH"] }.cacheKey == variants[1].cacheKey)
    }
}
