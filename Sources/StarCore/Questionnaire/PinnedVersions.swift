import Foundation

/// The questionnaire versions that final records pin. A pinned compiled version is frozen: its content
/// may not change without a new version number.
public struct PinnedVersions: Sendable {
    /// `id@version` -> one record that pins it, for the message.
    public private(set) var records: [String: String] = [:]

    public init(records: [String: String] = [:]) {
        self.records = records
    }

    public static func scan(_ repository: Repository) -> PinnedVersions {
        var pinned = PinnedVersions()
        let directory = repository.path("assessments")
        for relative in FileStore.files(under: directory, extensions: ["json"]) {
            let path = (directory as NSString).appendingPathComponent(relative)
            guard let bytes = try? repository.read("assessments/" + relative, limit: FileStore.Limit.record), let record = try? JSONParser.parse(bytes),
                record["status"]?.string == "final",
                let id = record["questionnaire"]?["id"]?.string, let version = record["questionnaire"]?["version"]?.string
            else { continue }
            let key = "\(id)@\(version)"
            if pinned.records[key] == nil { pinned.records[key] = repository.relative(path) }
        }
        return pinned
    }

    public func pinningRecord(id: String, version: String) -> String? {
        records["\(id)@\(version)"]
    }
}
