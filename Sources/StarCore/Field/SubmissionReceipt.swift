/// What an import keeps of a submission: `submissions/<CC>/<factory>/<instance>.json` (docs/field.md). One
/// file per submission, so two advisors importing at once never touch the same file; its presence is what
/// makes importing the same export twice change nothing.
public struct SubmissionReceipt: Sendable, Equatable {
    public static let format = "submission/1"

    /// The tool's instance id, such as `uuid:0b6c...`.
    public var instance: String
    public var source: SubmissionSource
    /// The record the submission became.
    public var record: RecordID
    public var questionnaire: QuestionnairePin
    /// As the tool gave them: who sent it, when the server received it, when the form was opened and
    /// closed on the tablet, and which tablet.
    public var submitter: String?
    public var submitted: String?
    public var started: String?
    public var ended: String?
    public var device: String?
    /// The instance an edit in ODK Central replaced.
    public var replaces: String?

    public static func path(country: String, factory: String, instance name: String) -> String {
        "submissions/\(country)/\(factory)/\(name).json"
    }

    /// The file name of an instance id: without `uuid:`, and only when it is letters, digits and `-`.
    public static func fileName(of instance: String) -> String? {
        let name = instance.hasPrefix("uuid:") ? String(instance.dropFirst(5)) : instance
        let allowed = name.unicodeScalars.allSatisfy { Identifier.isAlphanumeric($0) || $0 == "-" }
        return !name.isEmpty && name.count <= 64 && allowed ? name : nil
    }

    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "star": .string(Self.format),
            "instance": .string(instance),
            "source": .string(source.rawValue),
            "record": .string(record.description),
            "questionnaire": questionnaire.json,
        ]
        for (key, value) in [
            ("submitter", submitter), ("submitted", submitted), ("started", started), ("ended", ended), ("device", device), ("replaces", replaces),
        ] {
            if let value { object[key] = .string(value) }
        }
        return .object(object)
    }

    /// The receipt at `path`, nil when there is none or it cannot be read.
    public static func read(_ path: String) -> SubmissionReceipt? {
        guard let bytes = try? FileStore.read(path), let json = try? JSONParser.parse(bytes), json["star"]?.string == format,
            let instance = json["instance"]?.string, let source = json["source"]?.string.flatMap(SubmissionSource.init(rawValue:)),
            let record = json["record"]?.string.flatMap(RecordID.init), let q = json["questionnaire"],
            let id = q["id"]?.string, let version = q["version"]?.string, let digest = q["digest"]?.string
        else { return nil }
        return SubmissionReceipt(
            instance: instance, source: source, record: record, questionnaire: QuestionnairePin(id: id, version: version, digest: digest),
            submitter: json["submitter"]?.string, submitted: json["submitted"]?.string, started: json["started"]?.string,
            ended: json["ended"]?.string, device: json["device"]?.string, replaces: json["replaces"]?.string)
    }

    /// Every receipt of a factory.
    static func all(in repository: Repository, country: String, factory: String) -> [SubmissionReceipt] {
        let folder = "submissions/\(country)/\(factory)"
        return FileStore.files(under: repository.path(folder), extensions: ["json"]).compactMap { read(repository.path(folder + "/" + $0)) }
    }
}
