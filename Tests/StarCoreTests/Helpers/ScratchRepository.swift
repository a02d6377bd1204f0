import Foundation
import StarCore

/// A fresh star repository in a temporary directory, for tests that read and write registry files.
/// Call `remove()` when done (`defer`).
struct ScratchRepository {
    let repository: Repository

    /// With `consent` nil, star.yaml sets no consent policy: grants are recorded as before signed consents (the
    /// rule tests that predate them); `star init` itself writes `consent: signed`.
    init(consent: ConsentPolicy? = nil) throws {
        let directory = (NSTemporaryDirectory() as NSString).appendingPathComponent("star-scratch-\(UUID().uuidString)")
        repository = try Repository.initialize(at: directory, name: "scratch")
        let settings = try String(contentsOfFile: repository.path(Repository.markerFile), encoding: .utf8)
        let kept = settings.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("consent:") }
        let policy = consent.map { "consent: \($0.rawValue)\n" } ?? ""
        try (kept.joined(separator: "\n") + policy).write(toFile: repository.path(Repository.markerFile), atomically: true, encoding: .utf8)
    }

    /// Writes a file by hand, as a user editing the repository would.
    func write(_ text: String, to relative: String) throws {
        let path = repository.path(relative)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOfFile: repository.path(relative), encoding: .utf8)
    }

    func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: repository.path(relative))
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: repository.root)
    }
}
