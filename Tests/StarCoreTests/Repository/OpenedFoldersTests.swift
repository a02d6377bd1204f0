import Foundation
import Testing

@testable import StarCore

/// Reading through folders opened once refuses what the reader from the root refuses, with the same
/// message: a linked file, a linked folder at any depth, a FIFO, a hard link, a missing file.
@Suite struct OpenedFoldersTests {
    private func outcome(_ read: () throws(RepositoryError) -> [UInt8]) -> String {
        do throws(RepositoryError) {
            return "read \(try read().count) bytes"
        } catch {
            return "\(error)"
        }
    }

    @Test func everyFileReadsAndIsRefusedAsFromTheRoot() throws {
        let scratch = try ScratchRepository()
        defer { scratch.remove() }
        let root = scratch.repository.root
        try scratch.write("{}\n", to: "assessments/XX/XX-0001/2026-03-14.json")
        try scratch.write("{}\n", to: "outside/secret.json")
        try scratch.write("{}\n", to: "assessments/XX/XX-0003/original.json")
        let manager = FileManager.default
        try manager.createSymbolicLink(atPath: root + "/assessments/XX/XX-0001/2026-04-01.json", withDestinationPath: root + "/outside/secret.json")
        try manager.createSymbolicLink(atPath: root + "/assessments/XX/XX-0002", withDestinationPath: root + "/outside")
        try manager.createDirectory(atPath: root + "/assessments/YY", withIntermediateDirectories: true)
        try manager.createSymbolicLink(atPath: root + "/assessments/ZZ", withDestinationPath: root + "/outside")
        #expect(mkfifo(root + "/assessments/XX/XX-0001/2026-05-01.json", 0o600) == 0)
        #expect(link(root + "/assessments/XX/XX-0003/original.json", root + "/assessments/XX/XX-0003/2026-06-01.json") == 0)
        let files = [
            "assessments/XX/XX-0001/2026-03-14.json", "assessments/XX/XX-0001/2026-04-01.json", "assessments/XX/XX-0002/secret.json",
            "assessments/XX/XX-0001/2026-05-01.json", "assessments/XX/XX-0003/2026-06-01.json", "assessments/XX/XX-0001/missing.json",
            "assessments/ZZ/XX-0009/secret.json", "assessments/YY/YY-0001/2026-01-01.json", "assessments/XX/../outside/secret.json",
        ]
        let folders = OpenedFolders(aboveFoldersOf: files, in: scratch.repository)
        for file in files {
            let fromRoot = outcome { () throws(RepositoryError) in try scratch.repository.read(file, limit: FileStore.Limit.record) }
            #expect(outcome { () throws(RepositoryError) in try folders.read(file, limit: FileStore.Limit.record) } == fromRoot, "\(file)")
        }
        #expect(outcome { () throws(RepositoryError) in try folders.read(files[0], limit: FileStore.Limit.record) } == "read 3 bytes")
        #expect(outcome { () throws(RepositoryError) in try folders.read(files[1], limit: FileStore.Limit.record) }.contains("symbolic link"))
        #expect(
            outcome { () throws(RepositoryError) in try folders.read(files[2], limit: FileStore.Limit.record) }.contains(
                "the folder assessments/XX/XX-0002 on its path is a symbolic link"))
        #expect(
            outcome { () throws(RepositoryError) in try folders.read(files[6], limit: FileStore.Limit.record) }.contains(
                "the folder assessments/ZZ on its path is a symbolic link"))
    }
}
