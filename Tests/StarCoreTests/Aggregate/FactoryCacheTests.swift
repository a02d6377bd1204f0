import Foundation
import Testing

@testable import StarCore

/// `.star/cache/factories`: the registry as aggregation last read it, trusted only where every file's stat
/// is unchanged, and never hiding a problem the files have.
@Suite struct FactoryCacheTests {
    private func repository(_ ids: [String]) throws -> ScratchRepository {
        let scratch = try ScratchRepository()
        for id in ids { try FactoryRegistry(repository: scratch.repository).add(makeFactory(id, workers: 120)) }
        return scratch
    }

    /// Waits until a file written now gets a later timestamp than any written before, so that a cache written
    /// next is not racily clean with them.
    private func letTheClockTick(_ scratch: ScratchRepository) throws {
        let probe = scratch.repository.path("clock-probe")
        try Data("a".utf8).write(to: URL(fileURLWithPath: probe))
        let first = try FileManager.default.attributesOfItem(atPath: probe)[.modificationDate] as? Date
        repeat {
            usleep(2000)
            try Data("b".utf8).write(to: URL(fileURLWithPath: probe))
        } while try FileManager.default.attributesOfItem(atPath: probe)[.modificationDate] as? Date == first
        try FileManager.default.removeItem(atPath: probe)
    }

    @Test func aSecondLoadReadsNoFactoryFileAndGivesTheSameRegistry() throws {
        let scratch = try repository(["XX-0001", "XX-0002", "YY-0001"])
        defer { scratch.remove() }
        try letTheClockTick(scratch)
        let first = FactoryCache.load(scratch.repository)
        #expect(first.readCount == 3)
        #expect(first.factories == FactoryRegistry(repository: scratch.repository).load().factories)
        let second = FactoryCache.load(scratch.repository)
        #expect(second.readCount == 0)
        #expect(second.factories == first.factories)
        #expect(second.diagnostics.isEmpty)
        // Asked not to read the cache, every file is read.
        #expect(FactoryCache.load(scratch.repository, readingCache: false).readCount == 3)
    }

    @Test func anEditedAddedOrRemovedFactoryFileIsSeen() throws {
        let scratch = try repository(["XX-0001", "XX-0002"])
        defer { scratch.remove() }
        try letTheClockTick(scratch)
        _ = FactoryCache.load(scratch.repository)
        let path = Factory.path(country: "XX", id: "XX-0002")
        try scratch.write(try scratch.read(path).replacingOccurrences(of: "total: 120", with: "total: 4500"), to: path)
        try FactoryRegistry(repository: scratch.repository).add(makeFactory("XX-0003"))
        try FileManager.default.removeItem(atPath: scratch.repository.path(Factory.path(country: "XX", id: "XX-0001")))
        let loaded = FactoryCache.load(scratch.repository)
        #expect(loaded.readCount == 2)
        #expect(loaded.factories.map(\.id) == ["XX-0002", "XX-0003"])
        #expect(loaded.factories.first?.workers?.total == 4500)
    }

    @Test func aBrokenFactoryFileIsReportedOnEveryLoad() throws {
        let scratch = try repository(["XX-0001"])
        defer { scratch.remove() }
        try scratch.write("star: factory/1\nid: XX-0002\nname: \"No country\"\nindustry: garment\n", to: "factories/XX/XX-0002.yaml")
        try letTheClockTick(scratch)
        for _ in 0..<2 {
            let loaded = FactoryCache.load(scratch.repository)
            #expect(loaded.factories.map(\.id) == ["XX-0001"])
            #expect(loaded.diagnostics.contains { $0.location.file == "factories/XX/XX-0002.yaml" })
        }
    }

    @Test func aCorruptedCacheIsIgnored() throws {
        let scratch = try repository(["XX-0001", "XX-0002"])
        defer { scratch.remove() }
        try letTheClockTick(scratch)
        let first = FactoryCache.load(scratch.repository)
        let cache = scratch.repository.path(FactoryCache.path)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: cache)))
        // A byte of the first factory's name ("Factory XX-0001"), with the checksum left as it was.
        let name = Array("Factory XX-0001".utf8)
        let at = try #require((0...(bytes.count - name.count)).first { Array(bytes[$0..<$0 + name.count]) == name })
        bytes[at] = UInt8(ascii: "f")
        try Data(bytes).write(to: URL(fileURLWithPath: cache))
        let second = FactoryCache.load(scratch.repository)
        #expect(second.readCount == 2)
        #expect(second.factories == first.factories)
    }
}
