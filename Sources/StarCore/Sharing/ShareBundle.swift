import Crypto
import Foundation

/// A signed bundle of what one buyer may see (docs/sharing.md): the consented factories' files, a manifest
/// listing every file with its sha256, and an Ed25519 signature over the manifest. A buyer verifies it
/// offline with the programme's public key.
public enum ShareBundle {
    public static let format = "share-bundle/1"
    public static let manifestName = "manifest.json"
    public static let signatureName = "manifest.sig"

    public struct Exported: Sendable {
        public var factories: [(factory: String, scopes: [ConsentHistory.Scope], files: Int)]
        public var files: Int
        public var manifestDigest: String
    }

    /// The files `buyer` may receive on `date`, by bundle path. Everything comes through AccessPolicy (via
    /// ConsentStore.visible): a factory without a consent in force contributes nothing.
    public static func contents(for buyer: String, on date: CalendarDate, consents: ConsentStore) throws(ConsentStore.Failure)
        -> (files: [String: [UInt8]], factories: [(factory: String, scopes: [ConsentHistory.Scope], files: Int)]) {
        let store = consents.store
        var files: [String: [UInt8]] = [:]
        var summary: [(String, [ConsentHistory.Scope], Int)] = []
        for (factory, scopes) in try consents.visible(to: buyer, on: date) {
            var added: [String: [UInt8]] = [:]
            added[factory.path] = Array(CanonicalYAML.string(factory.json).utf8)
            if scopes.contains(.assessments) {
                for id in store.records(of: factory) {
                    let path = AssessmentRecord.path(country: factory.country, id: id)
                    let (loaded, diagnostics) = store.load(path)
                    // Only final, valid records leave: a draft may still change, a broken record proves nothing.
                    guard let loaded, loaded.record.status == .final, !diagnostics.hasErrors,
                          let bytes = try? FileStore.read(store.repository.path(path)) else { continue }
                    added[path] = bytes
                    let compiled = QuestionnairePublisher.compiledPath(id: loaded.questionnaire.id, version: loaded.questionnaire.version)
                    if let bytes = try? FileStore.read(store.repository.path(compiled)) { files[compiled] = bytes }
                }
            }
            if scopes.contains(.plans) {
                let path = ImprovementPlan.path(country: factory.country, factory: factory.id)
                if let bytes = try? FileStore.read(store.repository.path(path)) { added[path] = bytes }
            }
            if scopes.contains(.reports), let plan = try? PlanStore(store: store).load(factory) {
                let report = ProgressReport(factory: factory, plan: plan, since: date.adding(months: -3), on: date,
                                            piccWarnings: PlanStore(store: store).piccWarnings(plan, on: date))
                added["reports/\(factory.country)/\(factory.id)-progress.md"] = Array(report.markdown.utf8)
                added["reports/\(factory.country)/\(factory.id)-progress.json"] = CanonicalJSON.data(report.json)
            }
            files.merge(added) { $1 }
            summary.append((factory.id, scopes.sorted { $0.rawValue < $1.rawValue }, added.count))
        }
        return (files, summary)
    }

    /// Writes the bundle into `directory`, which must not exist; it appears complete or not at all.
    public static func export(for buyer: String, on date: CalendarDate, consents: ConsentStore, key: Curve25519.Signing.PrivateKey,
                              to directory: String) throws(ConsentStore.Failure) -> Exported {
        _ = try consents.buyer(buyer)
        guard !FileStore.exists(directory) else { throw .init("\(directory) already exists; a bundle is never written over anything") }
        let (files, factories) = try contents(for: buyer, on: date, consents: consents)
        let manifest: JSONValue = .object([
            "star": .string(format),
            "buyer": .string(buyer),
            "date": .string(date.description),
            "factories": .array(factories.map { .object(["id": .string($0.factory), "scopes": .array($0.scopes.map { .string($0.rawValue) })]) }),
            "files": .array(files.keys.sorted().map { path in
                .object(["path": .string(path), "sha256": .string(ContentDigest.of(bytes: files[path]!)), "bytes": .int(files[path]!.count)])
            }),
        ])
        let manifestBytes = CanonicalJSON.data(manifest)
        let signature: Data
        do { signature = try key.signature(for: Data(manifestBytes)) } catch { throw .init("cannot sign the manifest: \(error)") }
        let staging = directory + ".partial-\(getpid())"
        do {
            for (path, bytes) in files { try FileStore.write(bytes, to: (staging as NSString).appendingPathComponent(path), policy: .createOnly) }
            try FileStore.write(manifestBytes, to: (staging as NSString).appendingPathComponent(manifestName), policy: .createOnly)
            try FileStore.write(signature.base64EncodedString() + "\n", to: (staging as NSString).appendingPathComponent(signatureName), policy: .createOnly)
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw .init(error.description)
        }
        // rename(2) refuses to replace a non-empty directory, so a bundle that appeared meanwhile survives.
        guard rename(staging, directory) == 0 else {
            try? FileManager.default.removeItem(atPath: staging)
            throw .init("cannot create \(directory): \(String(cString: strerror(errno)))")
        }
        return Exported(factories: factories, files: files.count, manifestDigest: ContentDigest.of(bytes: manifestBytes))
    }

    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public enum Kind: String, Sendable { case signature, manifest, modified, missing, extra }
        public var kind: Kind
        public var path: String
        public var description: String { "\(kind.rawValue): \(path)" }
    }

    /// Checks a bundle offline: the signature over the manifest, then every file against it. An empty
    /// result means the bundle is exactly what was signed.
    public static func verify(_ directory: String, key: Curve25519.Signing.PublicKey) -> [Problem] {
        let manifestPath = (directory as NSString).appendingPathComponent(manifestName)
        guard let manifestBytes = try? FileStore.read(manifestPath) else { return [Problem(kind: .missing, path: manifestName)] }
        guard let signatureText = try? FileStore.readText((directory as NSString).appendingPathComponent(signatureName)) else {
            return [Problem(kind: .missing, path: signatureName)]
        }
        guard let signature = Data(base64Encoded: signatureText.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            return [Problem(kind: .signature, path: manifestName)]
        }
        guard key.isValidSignature(signature, for: Data(manifestBytes)) else { return [Problem(kind: .signature, path: manifestName)] }
        guard let manifest = try? JSONParser.parse(manifestBytes), manifest["star"]?.string == format, let entries = manifest["files"]?.array else {
            return [Problem(kind: .manifest, path: manifestName)]
        }
        var problems: [Problem] = []
        var listed = Set<String>()
        for entry in entries {
            guard let path = entry["path"]?.string, let digest = entry["sha256"]?.string,
                  !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else {
                problems.append(Problem(kind: .manifest, path: manifestName))
                continue
            }
            listed.insert(path)
            guard let bytes = try? FileStore.read((directory as NSString).appendingPathComponent(path)) else {
                problems.append(Problem(kind: .missing, path: path))
                continue
            }
            if ContentDigest.of(bytes: bytes) != digest { problems.append(Problem(kind: .modified, path: path)) }
        }
        for path in allFiles(in: directory) where !listed.contains(path) && path != manifestName && path != signatureName {
            problems.append(Problem(kind: .extra, path: path))
        }
        return problems.sorted { ($0.path, $0.kind.rawValue) < ($1.path, $1.kind.rawValue) }
    }

    /// Every regular file under `directory`, hidden ones included (an extra file is an extra file).
    static func allFiles(in directory: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if !FileStore.isDirectory((directory as NSString).appendingPathComponent(relative)) { files.append(relative) }
        }
        return files.sorted()
    }
}
