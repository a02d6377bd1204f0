import Foundation

/// A piece of evidence as a report shows it (docs/evidence.md, docs/reports.md): HTML embeds an image up to
/// `embedLimit` as a `data:` URI, so the report stays one self-contained file, and links anything else (a
/// PDF, a large photo) by its path in the repository; Markdown links it; JSON lists it. Bytes that are missing
/// or no longer match their digest are never shown: the report says so instead.
public struct ReportEvidence: Sendable, Equatable {
    /// The largest image a report embeds.
    public static let embedLimit = 512 << 10

    public var digest: String
    /// Relative to the repository root (or to a bundle's folder).
    public var path: String
    public var mediaType: String
    public var bytes: Int
    public var caption: String?
    /// The name the file was added under, shown when it has no caption.
    public var name: String?
    /// What it backs: `KH-0001/2026-03-14 OSH.EMERG.3` or `KH-0001#3`.
    public var about: String
    public var isImage: Bool
    /// An image's bytes, checked against the digest, when it is small enough to embed.
    public var embedded: [UInt8]?
    /// Why the evidence cannot be shown (missing, changed); nil when it can.
    public var problem: String?

    /// The evidence of `links`, read through the one reader and checked against its digest.
    static func items(_ links: [EvidenceLinks.Link], factory: Factory, store: AssessmentStore) -> [ReportEvidence] {
        let evidence = EvidenceStore(store: store)
        return links.map { link in
            let about: String
            switch link.target {
            case .question(let record, let question): about = "\(record) \(question)"
            case .planItem(let number): about = "\(factory.id)#\(number)"
            }
            guard let sidecar = evidence.readSidecar(link.evidence).0, let type = sidecar.type else {
                return ReportEvidence(
                    digest: link.evidence, path: EvidencePaths.sidecar(link.evidence), mediaType: "", bytes: 0, caption: link.caption,
                    name: nil, about: about, isImage: false, embedded: nil, problem: "not stored")
            }
            var item = ReportEvidence(
                digest: link.evidence, path: EvidencePaths.bytes(link.evidence, type: type), mediaType: sidecar.mediaType,
                bytes: sidecar.bytes, caption: link.caption, name: sidecar.originalName, about: about, isImage: type.isImage, embedded: nil, problem: nil)
            do throws(EvidenceStore.Failure) {
                let bytes = try evidence.bytes(of: sidecar, limit: FileStore.Limit.any)
                if type.isImage, bytes.count <= embedLimit { item.embedded = bytes }
            } catch {
                item.problem = error.kind == .findings ? "changed after it was added" : "missing or unreadable"
            }
            return item
        }
    }

    /// The `data:` URI of an embedded image.
    var dataURI: String? {
        embedded.map { "data:\(mediaType);base64,\(Data($0).base64EncodedString())" }
    }
}

extension FactoryReport {
    /// The evidence of the record's non-compliant questions, as a section; none when there is none.
    static func evidence(of report: AssessmentReport, factory: Factory, store: AssessmentStore, id: String, _ t: ReportStrings) -> [ReportSection] {
        guard case .success(let links) = EvidenceStore(store: store).readLinks(of: factory) else { return [] }
        let nonCompliant = Set(report.nonCompliances.map(\.question.id))
        let linked = links.links(toRecord: report.record.id).filter { link in
            if case .question(_, let question) = link.target { nonCompliant.contains(question) } else { false }
        }
        guard !linked.isEmpty else { return [] }
        return [ReportSection(id: id, title: t(.evidenceOfNonCompliances), blocks: [.evidence(ReportEvidence.items(linked, factory: factory, store: store))])]
    }

    /// The evidence of the plan's verified items, as a section; none when there is none.
    static func evidence(ofVerified plan: ImprovementPlan, factory: Factory, store: AssessmentStore, id: String, _ t: ReportStrings) -> [ReportSection] {
        guard case .success(let links) = EvidenceStore(store: store).readLinks(of: factory) else { return [] }
        let linked = plan.items.filter { $0.status == .verified }.flatMap { links.links(toItem: $0.number) }
        guard !linked.isEmpty else { return [] }
        return [ReportSection(id: id, title: t(.evidenceOfVerifiedItems), blocks: [.evidence(ReportEvidence.items(linked, factory: factory, store: store))])]
    }
}

extension HTMLRenderer {
    /// Thumbnails of images, links to everything else, each with what it backs, its caption and its size.
    static func evidence(_ items: [ReportEvidence], _ t: ReportStrings) -> String {
        "<div class=\"evidence\" data-key=\"evidence\">\n"
            + items.map { item in
                let caption = item.caption ?? item.name ?? (item.path as NSString).lastPathComponent
                let shown: String
                if let problem = item.problem {
                    shown = "<p class=\"evidence-problem\">\(escape(t(.evidenceNotShown, problem)))</p>"
                } else if let uri = item.dataURI {
                    shown = "<img src=\"\(escape(uri))\" alt=\"\(escape(caption))\"/>"
                } else {
                    shown = "<a class=\"evidence-file\" href=\"\(escape(item.path))\">\(escape(t(.evidenceOpen, item.mediaType)))</a>"
                }
                return
                    "<figure class=\"evidence-item\" data-evidence=\"\(escape(item.digest))\">\(shown)<figcaption><b class=\"evidence-about\">\(prose(item.about))</b>"
                    + "\(prose(caption)) <span class=\"nowrap\">(\(escape(FileStore.byteCount(item.bytes))))</span></figcaption></figure>"
            }.joined(separator: "\n") + "\n</div>"
    }

    static let evidenceStyle = """
        .evidence { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: 1rem; margin: .8rem 0; }
        figure.evidence-item { margin: 0; border: 1px solid var(--line); padding: .4rem; }
        figure.evidence-item img { display: block; width: 100%; height: 9rem; object-fit: contain; background: var(--soft); }
        figure.evidence-item figcaption { font-weight: normal; font-size: .85rem; margin: .3rem 0 0; }
        .evidence-about { display: block; }
        .evidence-file { display: flex; align-items: center; justify-content: center; height: 9rem; background: var(--soft); }
        .evidence-problem { color: var(--alert); height: 9rem; margin: 0; }
        @media print { figure.evidence-item { break-inside: avoid; } }

        """
}

extension MarkdownRenderer {
    static func evidence(_ items: [ReportEvidence], _ t: ReportStrings) -> [String] {
        items.map { item in
            let caption = inline(item.caption ?? item.name ?? (item.path as NSString).lastPathComponent)
            let shown =
                item.problem.map { "\(caption) (\(inline(t(.evidenceNotShown, $0))))" }
                ?? "[\(caption)](\(item.path)) (\(item.mediaType), \(FileStore.byteCount(item.bytes)))"
            return "- **\(inline(item.about))**\(t(.colon)) \(shown)"
        }
    }
}

extension JSONRenderer {
    static func evidence(_ items: [ReportEvidence]) -> JSONValue {
        .object([
            "type": .string("evidence"),
            "items": .array(
                items.map { item in
                    .object([
                        "evidence": .string(item.digest), "path": .string(item.path), "media-type": .string(item.mediaType), "bytes": .int(item.bytes),
                        "caption": item.caption.map { .string($0) } ?? .null, "about": .string(item.about),
                        "problem": item.problem.map { .string($0) } ?? .null,
                    ])
                }),
        ])
    }
}
