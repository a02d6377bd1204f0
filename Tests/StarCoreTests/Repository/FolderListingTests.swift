import Foundation
import Testing

@testable import StarCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// FileStore.walk with the listings of an earlier walk: a folder whose stat is unchanged is not read again,
/// and any change to its entries (which changes the folder's times) makes it read again.
@Suite struct FolderListingTests {
    private let directory = (NSTemporaryDirectory() as NSString).appendingPathComponent("star-walk-\(UUID().uuidString)")

    private func write(_ relative: String) throws {
        let path = (directory as NSString).appendingPathComponent(relative)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data("{}\n".utf8).write(to: URL(fileURLWithPath: path))
    }

    private func walk(_ known: [String: FileStore.FolderListing] = [:], at time: FileStat.Timestamp? = nil) -> FileStore.Walk {
        FileStore.walk(directory, extensions: ["json"], statting: true, known: known, knownAt: time)
    }

    /// A time after every change so far (as a cache written now would have).
    private func later() throws -> FileStat.Timestamp {
        // Outside the folder walked: creating it there would change that folder.
        let probe = directory + ".probe"
        defer { try? FileManager.default.removeItem(atPath: probe) }
        var time: FileStat.Timestamp
        repeat {
            usleep(2000)
            try Data("x".utf8).write(to: URL(fileURLWithPath: probe))
            time = try #require(FileStat(probe)).modified
        } while !((walk().folders.values.map(\.stat).flatMap { [$0.modified, $0.changed] }.max() ?? time) < time)
        return time
    }

    @Test func anUnchangedFolderIsTakenFromTheListingAndAChangedOneIsReadAgain() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try write("KH/KH-0001/2026-01-01.json")
        try write("KH/KH-0002/2026-01-01.json")
        let first = walk()
        #expect(first.files.map(\.path) == ["KH/KH-0001/2026-01-01.json", "KH/KH-0002/2026-01-01.json"])
        #expect(Set(first.folders.keys) == ["", "KH/", "KH/KH-0001/", "KH/KH-0002/"])
        #expect(first.listedAfresh == 4)
        #expect(first.files.allSatisfy { $0.stat != nil })
        let savedAt = try later()

        // Trusted: a listing that leaves a file out (as no real listing would) shows that the folder was not read.
        var doctored = first.folders
        doctored["KH/KH-0002/"]?.files = []
        let trusted = walk(doctored, at: savedAt)
        #expect(trusted.listedAfresh == 0)
        #expect(trusted.files.map(\.path) == ["KH/KH-0001/2026-01-01.json"])
        // Every listed file is still stat'ed.
        #expect(trusted.files.allSatisfy { $0.stat != nil })

        // A record added to the folder changes its times: read again, the new file and the old one found.
        try write("KH/KH-0002/2026-06-01.json")
        let changed = walk(doctored, at: savedAt)
        #expect(changed.listedAfresh == 1)
        #expect(changed.files.map(\.path) == ["KH/KH-0001/2026-01-01.json", "KH/KH-0002/2026-01-01.json", "KH/KH-0002/2026-06-01.json"])

        // A removed file and a new factory folder are seen too.
        try FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent("KH/KH-0001/2026-01-01.json"))
        try write("KH/KH-0003/2026-02-01.json")
        let again = walk(changed.folders, at: savedAt)
        #expect(again.files.map(\.path) == ["KH/KH-0002/2026-01-01.json", "KH/KH-0002/2026-06-01.json", "KH/KH-0003/2026-02-01.json"])
    }

    @Test func aFolderChangedAtOrAfterTheListingWasSavedIsReadAgain() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try write("KH/KH-0001/2026-01-01.json")
        let first = walk()
        var doctored = first.folders
        doctored["KH/KH-0001/"]?.files = []
        // Saved in the very tick the folder last changed: racily clean, so not trusted.
        let tick = try #require(first.folders["KH/KH-0001/"]).stat.modified
        let racy = walk(doctored, at: tick)
        #expect(racy.files.map(\.path) == ["KH/KH-0001/2026-01-01.json"])
        // Without a time (no saved listing), nothing is trusted either.
        #expect(walk(doctored, at: nil).files.map(\.path) == ["KH/KH-0001/2026-01-01.json"])
    }

    @Test func aFolderHoldingALinkIsNeverKept() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try write("KH/KH-0001/2026-01-01.json")
        let target = (directory as NSString).appendingPathComponent("KH/KH-0001/2026-01-01.json")
        try FileManager.default.createSymbolicLink(
            atPath: (directory as NSString).appendingPathComponent("KH/KH-0001/2026-02-01.json"), withDestinationPath: target)
        let first = walk()
        #expect(first.files.map(\.path) == ["KH/KH-0001/2026-01-01.json", "KH/KH-0001/2026-02-01.json"])
        #expect(first.folders["KH/KH-0001/"] == nil)
        #expect(first.folders["KH/"] != nil)
    }
}
