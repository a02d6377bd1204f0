/// The evidence a bundle carries (docs/evidence.md): only what backs what the bundle already carries, so the
/// consent scope decides it too. Evidence of a record's question leaves with that record (scope assessments,
/// a final valid record); evidence of a plan item leaves with the plan (scope plans). The factory's links
/// file leaves with only those links; each stored file and its sidecar leave as checked bytes (their digest
/// must still match), listed in the manifest like every file.
extension ShareBundle {
    static func evidenceFiles(
        of factory: Factory, shipping shipped: [String: [UInt8]], scopes: Set<ConsentHistory.Scope>, store: AssessmentStore,
        omit: (String, String) -> Void
    ) -> [String: [UInt8]] {
        let evidence = EvidenceStore(store: store)
        let linksPath = EvidencePaths.links(country: factory.country, factory: factory.id)
        let links: EvidenceLinks
        switch evidence.readLinks(of: factory) {
        case .none: return [:]
        case .failure:
            omit(linksPath, "the evidence links have errors (see 'star validate'); no evidence of \(factory.id) leaves")
            return [:]
        case .success(let read): links = read
        }
        let planShipped = scopes.contains(.plans) && shipped[ImprovementPlan.path(country: factory.country, factory: factory.id)] != nil
        let inScope = links.links.filter { link in
            switch link.target {
            case .question(let record, _): scopes.contains(.assessments) && shipped[AssessmentRecord.path(country: factory.country, id: record)] != nil
            case .planItem: planShipped
            }
        }
        let limit = (try? EvidenceSettings.load(store.repository))?.maximum ?? EvidenceSettings.defaultMaximum
        var files: [String: [UInt8]] = [:]
        var kept: [EvidenceLinks.Link] = []
        var failed: Set<String> = []
        for link in inScope {
            if failed.contains(link.evidence) { continue }
            if files[EvidencePaths.sidecar(link.evidence)] != nil {
                kept.append(link)
                continue
            }
            let sidecarPath = EvidencePaths.sidecar(link.evidence)
            guard let sidecarBytes = try? store.repository.read(sidecarPath, limit: FileStore.Limit.document),
                let text = String(validating: sidecarBytes, as: UTF8.self), let sidecar = EvidenceSidecar.read(text, file: sidecarPath).0,
                sidecar.digest == link.evidence, let type = sidecar.type
            else {
                omit(sidecarPath, "the sidecar is missing or has errors (see 'star validate'); the evidence stays behind")
                failed.insert(link.evidence)
                continue
            }
            do throws(EvidenceStore.Failure) {
                let bytes = try evidence.bytes(of: sidecar, limit: limit)
                files[EvidencePaths.bytes(link.evidence, type: type)] = bytes
                files[sidecarPath] = sidecarBytes
                kept.append(link)
            } catch {
                omit(
                    EvidencePaths.bytes(link.evidence, type: type),
                    error.kind == .findings
                        ? "its bytes no longer match its digest (it was changed after it was added; see 'star validate'); the evidence stays behind"
                        : "it is missing or cannot be read (see 'star validate'); the evidence stays behind")
                failed.insert(link.evidence)
            }
        }
        guard !kept.isEmpty else { return [:] }
        files[linksPath] = Array(EvidenceLinks(factory: factory.id, links: kept).text.utf8)
        return files
    }
}
