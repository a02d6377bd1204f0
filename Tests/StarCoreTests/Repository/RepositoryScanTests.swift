import Foundation
import Testing

@testable import StarCore

/// `star validate` lists the records with one walk, and the repository scan takes what that walk saw of the
/// record folders instead of walking them again: every link, FIFO and left-over temporary file there must be
/// reported exactly as the scan reports it in any other data folder, once.
@Suite struct RepositoryScanTests {
    @Test func whatTheRecordWalkSawIsReportedAsTheScanReportsItElsewhere() throws {
        let scratch = try ScratchRepository()
        defer { scratch.remove() }
        let fileManager = FileManager.default
        for folder in ["assessments", "plans"] {
            let base = "\(folder)/XX/XX-0001"
            try scratch.write("{}\n", to: "\(base)/2026-03-14.json")
            try fileManager.createSymbolicLink(atPath: scratch.repository.path("\(base)/2026-03-15.json"), withDestinationPath: "/etc/passwd")
            try fileManager.createSymbolicLink(atPath: scratch.repository.path("\(folder)/XX/XX-0002"), withDestinationPath: "/tmp")
            #expect(mkfifo(scratch.repository.path("\(base)/pipe.json"), 0o644) == 0)
            // The temporary file of a write whose process is gone (no process has id 2^22 + 1 on Linux).
            try scratch.write("{", to: "\(base)/.2026-03-16.json.tmp-4194305-1")
        }
        let walk = AssessmentStore.recordWalk(in: scratch.repository)
        #expect(walk.irregular == ["XX/XX-0001/2026-03-15.json", "XX/XX-0001/pipe.json", "XX/XX-0002"])
        #expect(walk.hidden == [".gitkeep", "XX/XX-0001/.2026-03-16.json.tmp-4194305-1"])

        let reused = RepositoryScan.problems(scratch.repository, walked: ["assessments": walk])
        let walkedAgain = RepositoryScan.problems(scratch.repository)
        #expect(reused.sorted() == walkedAgain.sorted())
        func line(_ diagnostic: Diagnostic) -> String {
            "\(diagnostic.location.file): \(diagnostic.message) [\(diagnostic.code)] \(diagnostic.notes.joined(separator: "; "))"
        }
        let inRecords = reused.filter { $0.location.file.hasPrefix("assessments/") }.map(line).sorted()
        let inPlans = reused.filter { $0.location.file.hasPrefix("plans/") }.map { line($0).replacingOccurrences(of: "plans/", with: "assessments/") }.sorted()
        #expect(inRecords.count == 4)
        #expect(inRecords == inPlans)
        #expect(inRecords.contains { $0.contains("assessments/XX/XX-0001/pipe.json") && $0.contains("is a FIFO (named pipe)") })
        #expect(inRecords.contains { $0.contains("the folder assessments/XX/XX-0002 is a symbolic link") })
        #expect(inRecords.contains { $0.contains("assessments/XX/XX-0001/2026-03-15.json") && $0.contains("the file is a symbolic link") })
        #expect(inRecords.contains { $0.contains("[interrupted-write]") && $0.contains("rm 'assessments/XX/XX-0001/.2026-03-16.json.tmp-4194305-1'") })
    }
}
