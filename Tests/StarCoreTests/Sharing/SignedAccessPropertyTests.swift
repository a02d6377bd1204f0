import Crypto
import Foundation
import StarCore
import Testing

// Property tests of signed consents: AccessPolicy (through AccessPolicy.judge) and `share verify` against a
// model written from docs/sharing.md, on random histories of grants signed well, forged, altered, replayed,
// copied from another factory or unsigned, revocations and key retirements, checked on many days.

/// One generated grant, with what the model needs to know about it.
private struct ModelGrant {
    enum Signer { case keyA, keyB, stranger }
    enum Tamper: CaseIterable { case none, entryBuyer, entryScope, signatureByte }
    var signed: Bool
    var signer: Signer
    var factory: String
    var buyer: String
    var scope: Set<ConsentHistory.Scope>
    var from: Int, until: Int?, issued: Int, recorded: Int
    var nonce: String
    var tamper: Tamper
}

private enum ModelEntry {
    case grant(ModelGrant)
    case revocation(buyer: String, at: Int, recorded: Int)
}

/// The factory's two keys: A registered on day 0, B on `addedB`; either may be retired.
private struct ModelKeys {
    let a = Curve25519.Signing.PrivateKey(), b = Curve25519.Signing.PrivateKey(), stranger = Curve25519.Signing.PrivateKey()
    var addedB: Int, retiredA: Int?, retiredB: Int?

    func privateKey(_ signer: ModelGrant.Signer) -> Curve25519.Signing.PrivateKey {
        switch signer {
        case .keyA: a
        case .keyB: b
        case .stranger: stranger
        }
    }

    var registered: FactoryKeys {
        func key(_ k: Curve25519.Signing.PrivateKey, added: Int, retired: Int?) -> FactoryKey {
            FactoryKey(
                publicKey: SSHPublicKey(k.publicKey), added: TestDays.date(added), by: "adv", retired: retired.map(TestDays.date),
                retiredBy: retired.map { _ in "adv" })
        }
        return FactoryKeys(factory: "XX-0001", keys: [key(a, added: 0, retired: retiredA), key(b, added: addedB, retired: retiredB)])
    }

    /// The model's rule for a signature: a registered key, registered by the day recorded, in force (not yet
    /// retired) on the day issued and on the day recorded, issued no later than recorded.
    func signatureCounts(_ g: ModelGrant) -> Bool {
        let (added, retired): (Int, Int?)
        switch g.signer {
        case .stranger: return false
        case .keyA: (added, retired) = (0, retiredA)
        case .keyB: (added, retired) = (addedB, retiredB)
        }
        if let retired, g.issued >= retired || g.recorded >= retired { return false }
        return added <= g.recorded && g.issued <= g.recorded
    }
}

private struct Model {
    var entries: [ModelEntry]
    var keys: ModelKeys
    var policy: ConsentPolicy

    /// Which grants count, by index: a signed one when untampered, of this factory, with a counting signature and
    /// the first counting one with its nonce; an unsigned one under `recorded` only.
    var counting: Set<Int> {
        var result = Set<Int>()
        var nonces = Set<String>()
        for (index, entry) in entries.enumerated() {
            guard case .grant(let g) = entry else { continue }
            if !g.signed {
                if policy == .recorded { result.insert(index) }
                continue
            }
            guard g.tamper == .none, g.factory == "XX-0001", keys.signatureCounts(g), !nonces.contains(g.nonce) else { continue }
            nonces.insert(g.nonce)
            result.insert(index)
        }
        return result
    }

    func allows(_ buyer: String, _ scope: ConsentHistory.Scope, _ day: Int, counting: Set<Int>) -> Bool {
        for (index, entry) in entries.enumerated() {
            guard counting.contains(index), case .grant(let g) = entry, g.buyer == buyer, g.scope.contains(scope),
                g.from <= day, g.until.map({ day <= $0 }) ?? true
            else { continue }
            let revoked = entries[(index + 1)...].contains { later in
                if case .revocation(let b, let at, _) = later { return b == buyer && at <= day }
                return false
            }
            if !revoked { return true }
        }
        return false
    }
}

extension SplitMix64 {
    fileprivate mutating func scope() -> Set<ConsentHistory.Scope> {
        var scope = Set(ConsentHistory.Scope.allCases.filter { _ in chance(50) })
        if scope.isEmpty { scope.insert(element(ConsentHistory.Scope.allCases)) }
        return scope
    }

    fileprivate mutating func model(policy: ConsentPolicy, buyers: [String], entries count: Int) -> Model {
        let keys = ModelKeys(addedB: int(0..<300), retiredA: chance(40) ? int(1..<500) : nil, retiredB: chance(20) ? int(300..<700) : nil)
        var entries: [ModelEntry] = []
        for _ in 0..<count {
            if chance(20) {
                entries.append(.revocation(buyer: element(buyers), at: int(0..<700), recorded: int(0..<700)))
                continue
            }
            let signedBefore = entries.compactMap { entry -> ModelGrant? in
                if case .grant(let g) = entry, g.signed { return g }
                return nil
            }
            if chance(10), var copy = signedBefore.last {
                copy.recorded = int(copy.issued..<730)
                entries.append(.grant(copy))
                continue
            }
            let from = int(0..<600)
            let issued = int(0..<650)
            entries.append(
                .grant(
                    ModelGrant(
                        signed: !chance(20), signer: chance(75) ? (chance(60) ? .keyA : .keyB) : .stranger,
                        factory: chance(90) ? "XX-0001" : "XX-0002", buyer: element(buyers), scope: scope(),
                        from: from, until: chance(50) ? int(from..<730) : nil, issued: issued, recorded: chance(90) ? int(issued..<730) : int(0..<730),
                        nonce: ConsentStatement.randomNonce(), tamper: chance(80) ? .none : element(ModelGrant.Tamper.allCases))))
        }
        return Model(entries: entries, keys: keys, policy: policy)
    }
}

/// The model's entries as star's: statements signed with the real keys, tampering applied to the line.
private func history(of model: Model) throws -> ConsentHistory {
    var signed: [String: String] = [:]
    let entries: [ConsentHistory.Entry] = try model.entries.map { entry in
        switch entry {
        case .revocation(let buyer, let at, let recorded):
            return .revocation(.init(buyer: buyer, at: TestDays.date(at), by: "HR", recorded: TestDays.date(recorded)))
        case .grant(let g):
            var grant = ConsentHistory.Grant(
                buyer: g.buyer, scope: g.scope, from: TestDays.date(g.from), until: g.until.map(TestDays.date), by: "HR",
                recorded: TestDays.date(g.recorded), evidence: g.signed ? nil : "paper form")
            guard g.signed else { return .grant(grant) }
            var text =
                try signed[g.nonce]
                ?? SignedConsent.sign(
                    try ConsentStatement(
                        factory: g.factory, buyer: g.buyer, scope: g.scope, from: TestDays.date(g.from),
                        until: g.until.map(TestDays.date), issued: TestDays.date(g.issued), nonce: g.nonce),
                    with: model.keys.privateKey(g.signer)
                ).text
            signed[g.nonce] = text
            grant.key = try SignedConsent(text: text).signature.publicKey.fingerprint
            switch g.tamper {
            case .none: break
            case .entryBuyer: grant.buyer = g.buyer == "northwind" ? "southbay" : "northwind"
            case .entryScope: grant.scope = g.scope.count == 3 ? [.plans] : Set(ConsentHistory.Scope.allCases)
            case .signatureByte:
                var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                var chars = Array(lines[lines.count - 3])
                chars[2] = chars[2] == "A" ? "B" : "A"
                lines[lines.count - 3] = String(chars)
                text = lines.joined(separator: "\n")
            }
            grant.signed = text
            return .grant(grant)
        }
    }
    return ConsentHistory(factory: "XX-0001", entries: entries)
}

@Suite struct SignedAccessPropertyTests {
    static let histories = 300
    static let buyers = ["northwind", "southbay"]

    @Test func signedHistoriesGiveExactlyWhatTheModelAllowsOnEveryDay() throws {
        var failures = 0
        var sawAccess = false
        var sawRefused = false
        for seed in propertySeeds(base: 0x5165_0000, count: Self.histories) {
            var random = SplitMix64(seed: seed)
            let policy: ConsentPolicy = random.chance(70) ? .signed : .recorded
            let model = random.model(policy: policy, buyers: Self.buyers, entries: random.int(1...8))
            let judged = AccessPolicy.judge(try history(of: model), policy: policy, keys: model.keys.registered)
            let counting = model.counting
            if !judged.refused.isEmpty { sawRefused = true }
            for day in stride(from: -5, to: 740, by: 7) {
                for buyer in Self.buyers {
                    for scope in ConsentHistory.Scope.allCases {
                        let expected = model.allows(buyer, scope, day, counting: counting)
                        if expected { sawAccess = true }
                        if AccessPolicy.mayAccess(buyer: buyer, scope: scope, on: TestDays.date(day), consents: judged) != expected {
                            Issue.record("seed \(seed): \(buyer) \(scope) on \(TestDays.date(day)): the model says \(expected); refused: \(judged.refused)")
                            failures += 1
                        }
                    }
                }
                if failures >= 3 { return }
            }
        }
        #expect(sawAccess && sawRefused, "the random histories reach both access and refused grants")
    }

    /// A bundle for northwind on a random day, holding random scopes of XX-0001 and the random consents of a
    /// model (the signed ones only: a bundle's grants are what the export found allowing, here anything): `share
    /// verify` must find XX-0001 covered exactly when the model says a counting consent allows each scope held.
    @Test func shareVerifyCoversAFactoryExactlyWhenTheModelSaysItsConsentsAllowWhatTheBundleHolds() throws {
        let programme = Curve25519.Signing.PrivateKey()
        let directory = (NSTemporaryDirectory() as NSString).appendingPathComponent("star-verify-property-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var failures = 0
        var covered = 0
        var uncovered = 0
        for seed in propertySeeds(base: 0x5166_0000, count: 120) {
            var random = SplitMix64(seed: seed)
            var model = random.model(policy: .signed, buyers: ["northwind", "northwind", "northwind", "southbay"], entries: random.int(1...6))
            // A bundle holds grants, not revocations; and only the untampered signed text travels (an edited
            // entry line never does: the statement is the proof).
            model.entries = model.entries.filter {
                if case .grant(let g) = $0 { return g.signed && g.tamper != .entryBuyer && g.tamper != .entryScope }
                return false
            }
            // Most consents recorded soon after they are issued, and bundles made later: both outcomes are common.
            model.entries = model.entries.map { entry in
                guard case .grant(var g) = entry, random.chance(70) else { return entry }
                g.issued = min(g.issued, g.from)
                g.recorded = min(729, g.issued + random.int(0..<20))
                return .grant(g)
            }
            let day = random.int(200..<730)
            let held: Set<ConsentHistory.Scope> = random.chance(50) ? [random.element(ConsentHistory.Scope.allCases)] : random.scope()
            let bundle = (directory as NSString).appendingPathComponent("\(seed)")
            try writeBundle(model, held: held, day: day, programme: programme, to: bundle)
            let result = ShareBundle.verify(bundle, key: programme.publicKey)
            // A grant recorded after the bundle's day is set aside by verify, before any nonce is compared.
            var recordedByThen = model
            recordedByThen.entries = model.entries.filter {
                if case .grant(let g) = $0 { return g.recorded <= day }
                return true
            }
            let expected = held.allSatisfy { recordedByThen.allows("northwind", $0, day, counting: recordedByThen.counting) }
            let found = result.consents.first?.isCovered ?? false
            if expected { covered += 1 } else { uncovered += 1 }
            if found != expected || result.problems.contains(where: { $0.kind != .consent }) || (expected != result.isVerified) {
                Issue.record(
                    "seed \(seed), day \(TestDays.date(day)), held \(held): the model says covered \(expected); verify: \(result.problems) \(result.consents)")
                failures += 1
                if failures >= 3 { return }
            }
        }
        #expect(covered > 5 && uncovered > 5, "bundles both covered and not: \(covered), \(uncovered)")
    }
}

/// Bundles a programme signed from a repository someone else wrote into: what the consents in them allow.
@Suite struct SignedBundleTests {
    let programme = Curve25519.Signing.PrivateKey()

    private func verify(_ grants: [ModelGrant], held: Set<ConsentHistory.Scope>, extra: [String: [UInt8]] = [:]) throws -> ShareBundle.Verification {
        let bundle = (NSTemporaryDirectory() as NSString).appendingPathComponent("star-signed-bundle-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: bundle) }
        let model = Model(entries: grants.map { .grant($0) }, keys: ModelKeys(addedB: 0, retiredA: nil, retiredB: nil), policy: .signed)
        try writeBundle(model, held: held, day: 100, programme: programme, to: bundle, extra: extra)
        return ShareBundle.verify(bundle, key: programme.publicKey, requireSigned: true)
    }

    private func consent(factory: String = "XX-0001", scope: Set<ConsentHistory.Scope>, signer: ModelGrant.Signer = .keyA) -> ModelGrant {
        ModelGrant(
            signed: true, signer: signer, factory: factory, buyer: "northwind", scope: scope, from: 10, until: nil, issued: 10, recorded: 11,
            nonce: ConsentStatement.randomNonce(), tamper: .none)
    }

    @Test func aPlanInTheBundleWithAConsentForAssessmentsOnlyIsNotCovered() throws {
        let covered = try verify([consent(scope: [.assessments])], held: [.assessments])
        #expect(covered.isVerified, "\(covered.problems)")
        let result = try verify([consent(scope: [.assessments])], held: [.assessments, .plans])
        #expect(!result.isVerified)
        #expect(result.consents.first?.uncovered == [.plans])
        #expect(result.problems.map(\.description) == ["consent: XX-0001"])
        #expect(
            result.problems.first?.detail?.hasPrefix("not covered: plans (no consent of XX-0001 in the bundle allows northwind plans on 2026-04-11)") == true,
            "\(result.problems)")
    }

    /// A stored evidence file and its links file, as an export writes them (docs/evidence.md): `target` is the
    /// link's target fields (a record's question, or a plan item).
    private func evidence(_ bytes: String, target: String?) -> [String: [UInt8]] {
        let digest = ContentDigest.of(bytes: Array(bytes.utf8))
        let hex = String(digest.dropFirst("sha256:".count))
        var files = ["evidence/sha256/\(hex.prefix(2))/\(hex.dropFirst(2)).txt": Array(bytes.utf8)]
        if let target {
            files["evidence/XX/XX-0001.yaml"] = Array(
                """
                star: "evidence-links/1"
                factory: "XX-0001"
                links:
                  - {by: "adv", evidence: "\(digest)", id: "0123456789abcdef", \(target), time: "2026-04-01T08:00:00.000Z"}

                """.utf8)
        }
        return files
    }

    @Test func evidenceIsCoveredOnlyByTheScopeOfWhatItsLinkBacks() throws {
        let finding = evidence("a register page\n", target: #"question: "Q.1", record: "XX-0001/2026-03-14""#)
        let covered = try verify([consent(scope: [.assessments])], held: [.assessments], extra: finding)
        #expect(covered.isVerified, "\(covered.problems)")

        let planItem = evidence("the exit, cleared\n", target: "item: 2")
        let result = try verify([consent(scope: [.assessments])], held: [.assessments], extra: planItem)
        #expect(!result.isVerified)
        #expect(result.consents.first?.uncovered == [.plans], "\(result.consents)")

        let orphan = evidence("nobody's photo\n", target: nil)
        let unreferenced = try verify([consent(scope: [.assessments])], held: [.assessments], extra: orphan)
        #expect(unreferenced.problems.map(\.description).contains { $0.hasPrefix("uncovered: evidence/sha256/") }, "\(unreferenced.problems)")
        #expect(!unreferenced.isVerified)
    }

    @Test func anotherFactorysConsentOrAForgedOneSwappedInCoversNothing() throws {
        let swapped = try verify([consent(factory: "XX-0002", scope: [.assessments])], held: [.assessments])
        #expect(!swapped.isVerified)
        #expect(
            swapped.consents.first?.reasons.contains("the signed consent is for factory XX-0002, not XX-0001: a consent counts only for the factory it names")
                == true)
        let forged = try verify([consent(scope: [.assessments], signer: .stranger)], held: [.assessments])
        #expect(!forged.isVerified)
        #expect(
            forged.consents.first?.reasons.contains { $0.hasSuffix("which is not registered for XX-0001 ('star factory key list XX-0001' shows its keys)") }
                == true)
    }
}

/// A bundle as an export lays it out (docs/sharing.md), made by hand so that its consents can be anything, and
/// its manifest signed with `programme`.
private func writeBundle(
    _ model: Model, held: Set<ConsentHistory.Scope>, day: Int, programme: Curve25519.Signing.PrivateKey, to bundle: String,
    extra: [String: [UInt8]] = [:]
) throws {
    var files = extra
    guard case .object(var factory) = Factory(id: "XX-0001", name: "Factory", country: "XX", industry: "garment").json else { return }
    factory["keys"] = .array(model.keys.registered.keys.map(\.json))
    files["factories/XX/XX-0001.yaml"] = Array(CanonicalYAML.string(.object(factory)).utf8)
    if held.contains(.assessments) { files["assessments/XX/XX-0001/2026-03-14.json"] = Array("{}\n".utf8) }
    if held.contains(.plans) { files["plans/XX/XX-0001.yaml"] = Array("plan\n".utf8) }
    if held.contains(.reports) { files["reports/XX/XX-0001-progress.md"] = Array("report\n".utf8) }
    var grants: [JSONValue] = []
    let history = try history(of: model)
    for (index, entry) in history.entries.enumerated() {
        guard case .grant(let grant) = entry, let text = grant.signed else { continue }
        let path = "consents/XX/XX-0001/\(index).txt"
        guard let begin = text.range(of: "\n-----BEGIN SSH SIGNATURE-----") else { continue }
        files[path] = Array(text[..<text.index(after: begin.lowerBound)].utf8)
        files[path + ".sig"] = Array(text[text.index(after: begin.lowerBound)...].utf8)
        grants.append(
            .object([
                "statement": .string(path), "signature": .string(path + ".sig"), "key": .string(grant.key ?? ""),
                "recorded": .string(grant.recorded.description),
            ]))
    }
    files["consents/XX/XX-0001.json"] = CanonicalJSON.data(
        .object([
            "star": .string("bundle-consents/1"), "factory": .string("XX-0001"),
            "buyer": .string("northwind"), "policy": .string("signed"), "grants": .array(grants),
        ]))
    let manifest = CanonicalJSON.data(
        .object([
            "star": .string("share-bundle/1"), "buyer": .string("northwind"), "date": .string(TestDays.date(day).description),
            "factories": .array([.object(["id": .string("XX-0001"), "scopes": .array(held.map(\.rawValue).sorted().map(JSONValue.string))])]),
            "files": .array(
                files.keys.sorted().map {
                    .object(["path": .string($0), "sha256": .string(ContentDigest.of(bytes: files[$0]!)), "bytes": .int(files[$0]!.count)])
                }),
        ]))
    for (path, bytes) in files {
        let full = (bundle as NSString).appendingPathComponent(path)
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
    }
    try Data(manifest).write(to: URL(fileURLWithPath: (bundle as NSString).appendingPathComponent("manifest.json")))
    try (try programme.signature(for: Data(manifest)).base64EncodedString() + "\n").write(
        toFile: (bundle as NSString).appendingPathComponent("manifest.sig"), atomically: true, encoding: .utf8)
}
