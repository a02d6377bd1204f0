import Foundation

/// The proof a bundle carries that each factory allowed the buyer to see what it holds (docs/sharing.md, "The
/// consents in a bundle"), and its offline check: for each factory, the grants that allow the buyer what the
/// bundle holds on the bundle's day, with the statements and signatures of the signed ones, and the factory's
/// registry entry with its keys.
extension ShareBundle {
    public static let consentsFormat = "bundle-consents/1"

    /// Where a factory's consent index goes, and the statement and signature of one signed consent.
    public static func consentIndexPath(country: String, factory: String) -> String { "consents/\(country)/\(factory).json" }
    static func statementPath(country: String, factory: String, nonce: String) -> String { "consents/\(country)/\(factory)/\(nonce).txt" }

    /// The registry entry as shipped: the factory and its keys (registered and retired), so the buyer holds the
    /// keys the signatures are checked with.
    static func registryBytes(_ factory: Factory, keys: FactoryKeys) -> [UInt8] {
        guard case .object(var fields) = factory.json else { return [] }
        if !keys.keys.isEmpty { fields["keys"] = keys.json }
        return Array(CanonicalYAML.string(.object(fields)).utf8)
    }

    /// The consent files of `factory` for `buyer`: the index, and each signed consent as the statement's bytes
    /// and the signature's armoured text (what `ssh-keygen -Y verify` takes), for the grants that allow `scopes`
    /// today, and only those (another buyer's consents never leave).
    static func consentFiles(
        of factory: Factory, buyer: String, scopes: Set<ConsentHistory.Scope>, on today: CalendarDate,
        consents: JudgedConsents
    ) -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        var grants: [String: JSONValue] = [:]
        for scope in scopes {
            for grant in AccessPolicy.grants(allowing: buyer, scope, on: today, consents: consents) {
                var entry: [String: JSONValue] = ["recorded": .string(grant.recorded.description)]
                if let text = grant.signed, let signed = try? SignedConsent(text: text) {
                    let path = statementPath(country: factory.country, factory: factory.id, nonce: signed.statement.nonce)
                    files[path] = Array(signed.statement.text.utf8)
                    files[path + ".sig"] = Array(signed.signature.armoured.utf8)
                    entry["statement"] = .string(path)
                    entry["signature"] = .string(path + ".sig")
                    entry["key"] = .string(signed.signature.publicKey.fingerprint)
                    grants[signed.statement.nonce] = .object(entry)
                } else {
                    entry["scope"] = .array(grant.scope.map(\.rawValue).sorted().map(JSONValue.string))
                    entry["from"] = .string(grant.from.description)
                    if let until = grant.until { entry["until"] = .string(until.description) }
                    entry["by"] = .string(grant.by)
                    if let evidence = grant.evidence { entry["evidence"] = .string(evidence) }
                    grants[grant.id ?? ""] = .object(entry)
                }
            }
        }
        files[consentIndexPath(country: factory.country, factory: factory.id)] = CanonicalJSON.data(
            .object([
                "star": .string(consentsFormat), "factory": .string(factory.id), "buyer": .string(buyer), "policy": .string(consents.policy.rawValue),
                "grants": .array(grants.keys.sorted().map { grants[$0]! }),
            ]))
        return files
    }
}

// MARK: - Verifying

extension ShareBundle {
    /// What `share verify` found of one factory's consent.
    public struct FactoryConsent: Sendable, Equatable {
        public var factory: String
        /// The scopes the bundle holds of the factory: those the manifest names and those of the files present.
        public var scopes: [ConsentHistory.Scope]
        /// The signed consents that allow them: the key, the day issued, the nonce.
        public var signed: [Signer]
        /// The evidence of the recorded (unsigned) grants that allow what no signed one does.
        public var recorded: [String]
        /// The scopes nothing allows.
        public var uncovered: [ConsentHistory.Scope]
        /// Why grants in the bundle count for nothing, or why there are none.
        public var reasons: [String]

        public struct Signer: Sendable, Equatable {
            public var fingerprint: String
            public var issued: CalendarDate
            public var nonce: String
            public var scopes: [ConsentHistory.Scope]
        }

        public var isCovered: Bool { uncovered.isEmpty }
        public var isSigned: Bool { isCovered && recorded.isEmpty }
    }

    /// Which factory (by country and id) and which scope a bundle file belongs to; nil scope for the factory's
    /// registry entry and consent files; nil for what belongs to no factory.
    static func owner(of path: String) -> (country: String, factory: String, scope: ConsentHistory.Scope?)? {
        let parts = path.split(separator: "/").map(String.init)
        guard parts.count >= 3 else { return nil }
        let (folder, country, name) = (parts[0], parts[1], parts[2])
        func stem(_ suffix: String) -> String? { name.hasSuffix(suffix) && name.count > suffix.count ? String(name.dropLast(suffix.count)) : nil }
        switch (folder, parts.count) {
        case ("factories", 3): return stem(".yaml").map { (country, $0, nil) }
        case ("plans", 3): return stem(".yaml").map { (country, $0, .plans) }
        case ("reports", 3): return (stem("-progress.md") ?? stem("-progress.json")).map { (country, $0, .reports) }
        case ("assessments", 4...): return (country, name, .assessments)
        case ("consents", 3): return stem(".json").map { (country, $0, nil) }
        case ("consents", 4): return (country, name, nil)
        case (EvidencePaths.folder, 3) where country != "sha256": return stem(".yaml").map { (country, $0, nil) }
        default: return nil
        }
    }

    /// Who each stored evidence file of a bundle backs: the factory of every verified links file referencing its
    /// digest, with the scope of the link's target (a record's question: assessments; a plan item: plans).
    static func evidenceOwners(in verified: [String: [UInt8]]) -> [String: [(country: String, factory: String, scope: ConsentHistory.Scope)]] {
        var owners: [String: [(country: String, factory: String, scope: ConsentHistory.Scope)]] = [:]
        for (path, bytes) in verified {
            guard let owner = owner(of: path), path.hasPrefix(EvidencePaths.folder + "/"),
                path == EvidencePaths.links(country: owner.country, factory: owner.factory),
                let text = String(validating: bytes, as: UTF8.self), let links = EvidenceLinks.read(text, file: path).0, links.factory == owner.factory
            else { continue }
            for link in links.links {
                let scope: ConsentHistory.Scope = if case .planItem = link.target { .plans } else { .assessments }
                owners[link.evidence, default: []].append((owner.country, owner.factory, scope))
            }
        }
        return owners
    }

    /// Checks that every factory's data in a verified bundle is allowed by a consent in it: `verified` holds the
    /// bytes of the files whose sha256 matched the signed manifest. With `requireSigned`, only a consent the
    /// factory signed counts.
    static func consentCoverage(_ manifest: Manifest, verified: [String: [UInt8]], requireSigned: Bool) -> (factories: [FactoryConsent], problems: [Problem]) {
        var problems: [Problem] = []
        var held: [String: (country: String, scopes: Set<ConsentHistory.Scope>)] = [:]
        let declared = Dictionary(manifest.factories.map { ($0.id, $0.scopes) }, uniquingKeysWith: { a, _ in a })
        let evidenceOwners = evidenceOwners(in: verified)
        for path in manifest.files.keys.sorted() where !path.hasPrefix("questionnaires/compiled/") {
            // A stored evidence file (named by its digest, not by a factory) belongs to every factory whose shipped
            // links reference it, with the scope of what each link backs; referenced by none, it is uncovered.
            if let digest = EvidencePaths.named(path)?.digest {
                let owners = evidenceOwners[digest, default: []].filter { declared[$0.factory] != nil }
                if owners.isEmpty {
                    problems.append(
                        Problem(kind: .uncovered, path: path, detail: "evidence that no shipped evidence link of a factory the manifest names references"))
                }
                for owner in owners { held[owner.factory, default: (owner.country, [])].scopes.insert(owner.scope) }
                continue
            }
            guard let owner = owner(of: path), declared[owner.factory] != nil else {
                problems.append(Problem(kind: .uncovered, path: path, detail: "a file of no factory the manifest names, which no consent covers"))
                continue
            }
            if let country = held[owner.factory]?.country, country != owner.country {
                problems.append(Problem(kind: .uncovered, path: path, detail: "\(owner.factory) is in \(country) elsewhere in the bundle"))
                continue
            }
            held[owner.factory, default: (owner.country, [])].scopes.formUnion(owner.scope.map { [$0] } ?? [])
        }
        var factories: [FactoryConsent] = []
        for (id, names) in manifest.factories {
            var scopes = held[id]?.scopes ?? []
            for name in names {
                if let scope = ConsentHistory.Scope(rawValue: name) { scopes.insert(scope) }
            }
            var result = FactoryConsent(factory: id, scopes: scopes.sorted { $0.rawValue < $1.rawValue }, signed: [], recorded: [], uncovered: [], reasons: [])
            if let country = held[id]?.country {
                judge(&result, country: country, manifest: manifest, verified: verified, requireSigned: requireSigned)
            } else {
                result.uncovered = result.scopes
                result.reasons.append("the bundle holds no registry entry or consent of \(id)")
            }
            if !result.isCovered {
                problems.append(
                    Problem(
                        kind: .consent, path: id,
                        detail: "not covered: " + result.uncovered.map(\.rawValue).joined(separator: ",")
                            + (result.reasons.isEmpty ? "" : " (" + result.reasons.joined(separator: "; ") + ")")))
            } else if requireSigned, !result.recorded.isEmpty {
                problems.append(Problem(kind: .consent, path: id, detail: "recorded consent, not signed by the factory"))
            }
            factories.append(result)
        }
        return (factories, problems)
    }

    /// The consents of one factory in the bundle, judged by AccessPolicy against the keys of its shipped registry
    /// entry, for the manifest's buyer on the manifest's day.
    private static func judge(_ result: inout FactoryConsent, country: String, manifest: Manifest, verified: [String: [UInt8]], requireSigned: Bool) {
        let id = result.factory
        func uncovered(_ reason: String) {
            result.uncovered = result.scopes
            result.reasons.append(reason)
        }
        let registryPath = Factory.path(country: country, id: id)
        guard let registry = verified[registryPath].flatMap({ String(validating: $0, as: UTF8.self) }) else {
            return uncovered("\(registryPath), the registry entry with the factory's keys, is missing or not as signed")
        }
        let (factory, registryProblems) = FactoryRegistry.read(registry, file: registryPath)
        guard let factory, factory.id == id, !registryProblems.hasErrors else { return uncovered("\(registryPath) is not the registry entry of \(id)") }
        let r = YAMLReader(file: registryPath)
        var keys = FactoryKeys(factory: id)
        if let root = r.parse(registry), let fields = r.fields(root, "a factory", allowed: FactoryRegistry.allowedKeys), let node = fields["keys"] {
            keys = FactoryKeys.read(node, factory: id, with: r)
        }
        let indexPath = consentIndexPath(country: country, factory: id)
        guard let indexBytes = verified[indexPath] else { return uncovered("\(indexPath), the factory's consents, is missing or not as signed") }
        guard let index = try? JSONParser.parse(indexBytes), case .object(let fields) = index, fields["star"]?.string == consentsFormat,
            fields["factory"]?.string == id, fields["buyer"]?.string == manifest.buyer,
            let policy = fields["policy"]?.string.flatMap(ConsentPolicy.init), let grants = fields["grants"]?.array
        else {
            return uncovered("\(indexPath) is not a \(consentsFormat) file of \(id) for \(manifest.buyer)")
        }
        var entries: [ConsentHistory.Entry] = []
        let folder = "consents/\(country)/\(id)/"
        for grant in grants {
            guard case .object(let g) = grant, let recorded = g["recorded"]?.string.flatMap(CalendarDate.init) else {
                result.reasons.append("\(indexPath) holds a grant star cannot read")
                continue
            }
            if !(recorded <= manifest.date) {
                result.reasons.append("\(indexPath) holds a grant recorded on \(recorded), after the bundle's day")
                continue
            }
            if let statementPath = g["statement"]?.string, let signaturePath = g["signature"]?.string {
                guard statementPath.hasPrefix(folder), signaturePath.hasPrefix(folder),
                    let statement = verified[statementPath].flatMap({ String(validating: $0, as: UTF8.self) }),
                    let signature = verified[signaturePath].flatMap({ String(validating: $0, as: UTF8.self) })
                else {
                    result.reasons.append("the signed consent \(statementPath) is missing, not as signed or not in \(folder)")
                    continue
                }
                let consent: SignedConsent
                do { consent = try SignedConsent(statement: statement, signature: signature) } catch {
                    result.reasons.append("\(statementPath): \(error.description)")
                    continue
                }
                let s = consent.statement
                entries.append(
                    .grant(
                        ConsentHistory.Grant(
                            buyer: s.buyer, scope: s.scope, from: s.from, until: s.until, by: "", recorded: recorded,
                            signed: consent.text, key: g["key"]?.string)))
            } else {
                guard let scope = g["scope"]?.array?.compactMap({ $0.string.flatMap(ConsentHistory.Scope.init) }), !scope.isEmpty,
                    let from = g["from"]?.string.flatMap(CalendarDate.init)
                else {
                    result.reasons.append("\(indexPath) holds a recorded grant star cannot read")
                    continue
                }
                entries.append(
                    .grant(
                        ConsentHistory.Grant(
                            buyer: manifest.buyer, scope: Set(scope), from: from, until: g["until"]?.string.flatMap(CalendarDate.init),
                            by: g["by"]?.string ?? "", recorded: recorded, evidence: g["evidence"]?.string ?? "(none given)")))
            }
        }
        let judged = AccessPolicy.judge(ConsentHistory(factory: id, entries: entries), policy: requireSigned ? .signed : policy, keys: keys)
        for entry in judged.history.entries {
            if let id = entry.id, let reason = judged.refused[id] { result.reasons.append(reason) }
        }
        var signers: [String: FactoryConsent.Signer] = [:]
        var evidence: [String] = []
        for scope in result.scopes {
            let allowing = AccessPolicy.grants(allowing: manifest.buyer, scope, on: manifest.date, consents: judged)
            let signed = allowing.compactMap { grant in grant.signed.flatMap { try? SignedConsent(text: $0) } }
            if allowing.isEmpty {
                result.uncovered.append(scope)
            } else if signed.isEmpty {
                evidence += allowing.compactMap(\.evidence)
            }
            for consent in signed {
                signers[
                    consent.statement.nonce,
                    default: FactoryConsent.Signer(
                        fingerprint: consent.signature.publicKey.fingerprint, issued: consent.statement.issued,
                        nonce: consent.statement.nonce, scopes: [])
                ].scopes.append(scope)
            }
        }
        if !result.uncovered.isEmpty {
            result.reasons.append(
                "no consent of \(id) in the bundle allows \(manifest.buyer) \(result.uncovered.map(\.rawValue).joined(separator: ",")) on \(manifest.date)")
        }
        result.signed = signers.values.sorted { $0.nonce < $1.nonce }
        result.recorded = Array(Set(evidence)).sorted()
    }
}
