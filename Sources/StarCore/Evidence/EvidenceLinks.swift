import Foundation
import Yams

/// Which evidence backs which finding or plan item of one factory: `evidence/<CC>/<factory>.yaml`, one link per
/// line (EntryFile), append-only, merged by git as a union. Links live outside records and plans so that a
/// final record stays byte for byte what was finalized, and evidence can still be added to it.
///
///     star: "evidence-links/1"
///     factory: "KH-0001"
///     links:
///       - {by: "adv-sophea", caption: "Exit 3 blocked", evidence: "sha256:…", id: "…", question: "OSH.EMERG.3", record: "KH-0001/2026-03-14", time: "…"}
///       - {by: "adv-sophea", evidence: "sha256:…", id: "…", item: 3, time: "…"}
public struct EvidenceLinks: Sendable, Equatable {
    public static let format = "evidence-links/1"

    public var factory: String
    public var links: [Link]

    public init(factory: String, links: [Link] = []) {
        self.factory = factory
        self.links = links
    }

    public enum Target: Sendable, Hashable, CustomStringConvertible {
        /// A question of an assessment record (its finding).
        case question(record: RecordID, question: String)
        /// An item of the factory's improvement plan, by number.
        case planItem(Int)

        public var description: String {
            switch self {
            case .question(let record, let question): "\(record) \(question)"
            case .planItem(let number): "item \(number)"
            }
        }
    }

    public struct Link: Sendable, Equatable {
        /// `sha256:<hex>` of the stored bytes.
        public var evidence: String
        public var target: Target
        public var caption: String?
        public var by: String
        public var id: String
        public var time: Timestamp
        /// The line it was read from (0 for a link made in memory), for diagnostics.
        public var line: Int = 0

        public init(evidence: String, target: Target, caption: String?, by: String, id: String, time: Timestamp) {
            self.evidence = evidence
            self.target = target
            self.caption = caption
            self.by = by
            self.id = id
            self.time = time
        }

        public static func == (a: Link, b: Link) -> Bool {
            a.evidence == b.evidence && a.target == b.target && a.caption == b.caption && a.by == b.by && a.id == b.id && a.time == b.time
        }

        /// The link as written on its line.
        public var json: JSONValue {
            var object: [String: JSONValue] = ["evidence": .string(evidence), "by": .string(by), "id": .string(id), "time": .string(time.description)]
            switch target {
            case .question(let record, let question):
                object["record"] = .string(record.description)
                object["question"] = .string(question)
            case .planItem(let number):
                object["item"] = .int(number)
            }
            if let caption { object["caption"] = .string(caption) }
            return .object(object)
        }
    }

    /// The links of the item, in the order they were made.
    public func links(toItem number: Int) -> [Link] {
        links.filter { $0.target == .planItem(number) }.sorted { ($0.time, $0.id) < ($1.time, $1.id) }
    }

    /// The links of a record's questions, in the order they were made.
    public func links(toRecord record: RecordID) -> [Link] {
        links.filter { if case .question(record, _) = $0.target { true } else { false } }.sorted { ($0.time, $0.id) < ($1.time, $1.id) }
    }

    public var text: String {
        EntryFile.render(
            comment:
                "Evidence of \(factory): which stored file backs which finding or plan item. Append-only, one link per line; add with 'star evidence add' (docs/evidence.md).",
            header: ["star": .string(Self.format), "factory": .string(factory)], list: "links", entries: links.map(\.json))
    }

    /// Reads a links file. A link found twice (a union merge of two branches that both had it) counts once;
    /// one id on two different links is an error.
    public static func read(_ text: String, file: String) -> (EvidenceLinks?, [Diagnostic]) {
        let r = YAMLReader(file: file)
        guard let root = r.parse(text),
            let fields = r.fields(root, "an evidence links file", allowed: ["star", "factory", "links"], required: ["star", "factory", "links"])
        else {
            return (nil, r.diagnostics)
        }
        if let format = fields["star"].flatMap({ r.string($0, "star") }), format != Self.format {
            r.error("unsupported-format", "unsupported format '\(format)'; this version of star reads '\(Self.format)'", at: fields.keyLocation("star"))
        }
        let factory = fields["factory"].flatMap { r.string($0, "factory") } ?? ""
        var links: [Link] = []
        var seen: [String: Link] = [:]
        for node in fields["links"].flatMap({ r.sequence($0, "links") }) ?? [] {
            guard let link = decode(node, r) else { continue }
            if let earlier = seen[link.id] {
                if earlier != link {
                    r.error(
                        "duplicate-id", "two different links have the id '\(link.id)' (the other is at line \(earlier.line)); an id names one link",
                        at: r.location(node))
                }
                continue
            }
            seen[link.id] = link
            links.append(link)
        }
        return (r.diagnostics.hasErrors ? nil : EvidenceLinks(factory: factory, links: links), r.diagnostics)
    }

    static func decode(_ node: Node, _ r: YAMLReader) -> Link? {
        guard
            let e = r.fields(
                node, "an evidence link", allowed: ["evidence", "record", "question", "item", "caption", "by", "id", "time"],
                required: ["evidence", "by", "id", "time"]),
            let evidence = e["evidence"].flatMap({ r.string($0, "evidence") }), let by = e["by"].flatMap({ r.string($0, "by") }),
            let id = e["id"].flatMap({ r.string($0, "id") }), let timeNode = e["time"], let timeText = r.string(timeNode, "time")
        else { return nil }
        guard EvidencePaths.hex(of: evidence) != nil else {
            r.error(
                "invalid-evidence", "evidence '\(YAMLReader.excerpt(evidence))' is not sha256: and 64 lowercase hexadecimal digits",
                at: e.keyLocation("evidence"))
            return nil
        }
        guard let time = Timestamp(timeText) else {
            r.error("invalid-date", "time '\(YAMLReader.excerpt(timeText))' is not an instant written YYYY-MM-DDTHH:MM:SS.mmmZ", at: r.location(timeNode))
            return nil
        }
        let target: Target
        if let itemNode = e["item"] {
            guard e["record"] == nil, e["question"] == nil else {
                r.error(
                    "invalid-evidence", "a link is either to a plan item ('item') or to a record's question ('record' and 'question'), not both", at: e.location
                )
                return nil
            }
            guard let number = r.number(itemNode, "item"), number >= 1, number == number.rounded() else {
                r.error("invalid-evidence", "item must be a plan item's number (1, 2, ...)", at: e.keyLocation("item"))
                return nil
            }
            target = .planItem(Int(number))
        } else {
            guard let recordText = e["record"].flatMap({ r.string($0, "record") }), let question = e["question"].flatMap({ r.string($0, "question") }) else {
                r.error("invalid-evidence", "a link needs 'item' (a plan item's number), or 'record' and 'question'", at: e.location)
                return nil
            }
            guard let record = RecordID(recordText) else {
                r.error(
                    "invalid-evidence", "record '\(YAMLReader.excerpt(recordText))' is not a record id such as KH-0001/2026-03-14", at: e.keyLocation("record"))
                return nil
            }
            target = .question(record: record, question: question)
        }
        var link = Link(
            evidence: evidence, target: target, caption: e["caption"].flatMap { r.string($0, "caption", allowEmpty: true) }, by: by, id: id, time: time)
        link.line = node.mark?.line ?? 0
        return link
    }
}
