import Crypto
import Foundation

/// A signed bundle of what one buyer may see (docs/sharing.md): the consented factories' files, a manifest
/// listing every file with its size and sha256, and an Ed25519 signature over the manifest. A buyer verifies
/// it offline with the programme's public key (`verify`, or openssl alone).
public enum ShareBundle {
    public static let format = "share-bundle/1"
    public static let manifestName = "manifest.json"
    public static let signatureName = "manifest.sig"

    public struct FactoryShare: Sendable, Equatable {
        public var factory: String
        public var scopes: [ConsentHistory.Scope]
        public var files: Int
    }

    /// Something of a consenting factory that stays behind, and why.
    public struct Omission: Sendable, Equatable, CustomStringConvertible {
        public var factory: String
        /// The repository file, or the factory's consent file when nothing of it leaves.
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    public struct Contents: Sendable {
        /// By bundle path: exactly the bytes that were checked.
        public var files: [String: [UInt8]]
        public var factories: [FactoryShare]
        public var omitted: [Omission]
    }

    public struct Exported: Sendable {
        public var factories: [FactoryShare]
        public var files: Int
        public var manifestDigest: String
        public var omitted: [Omission]
        /// Unfinished bundles of interrupted exports that were removed first.
        public var removedLeftovers: [String]
    }

    /// What `buyer` may receive today. Access comes from AccessPolicy alone (through ConsentStore), judged on
    /// `today`, the real day: a factory whose consent file cannot be read gives nothing. Every file is read
    /// once, through `Repository.read` (no links, no special files, bounded), checked as `star validate`
    /// checks it, and shipped as the very bytes checked; what fails a check is omitted and named.
    public static func contents(for buyer: String, today: CalendarDate, consents: ConsentStore) -> Contents {
        let store = consents.store
        let repository = store.repository
        var files: [String: [UInt8]] = [:]
        var shares: [FactoryShare] = []
        let (visible, unreadable) = consents.visibility(to: buyer, on: today)
        var omitted = unreadable.map {
            Omission(
                factory: $0.factory.id, path: ConsentHistory.path(country: $0.factory.country, factory: $0.factory.id),
                reason: "the consent file has errors (\($0.failure.description)); nothing of \($0.factory.id) leaves")
        }
        let registryProblems = Set(store.context.diagnostics.filter { $0.severity == .error }.map(\.location.file))
        for (factory, scopes, judged) in visible {
            guard !registryProblems.contains(factory.path) else {
                omitted.append(
                    Omission(
                        factory: factory.id, path: factory.path, reason: "the registry entry has errors (see 'star validate'); nothing of \(factory.id) leaves")
                )
                continue
            }
            var added: [String: [UInt8]] = [factory.path: registryBytes(factory, keys: judged.keys)]
            func omit(_ path: String, _ reason: String) { omitted.append(Omission(factory: factory.id, path: path, reason: reason)) }
            if scopes.contains(.assessments) {
                for id in store.records(of: factory) {
                    let path = AssessmentRecord.path(country: factory.country, id: id)
                    let bytes: [UInt8]
                    do throws(RepositoryError) { bytes = try repository.read(path, limit: FileStore.Limit.record) } catch {
                        omit(path, Repository.diagnostic(for: error, file: path).message)
                        continue
                    }
                    let (loaded, diagnostics) = store.fullCheck(bytes, file: path).loaded
                    // Only final, valid records leave: a draft may still change, a broken record proves nothing.
                    guard let loaded, !diagnostics.hasErrors else {
                        omit(path, "the record has errors (see 'star validate')")
                        continue
                    }
                    guard loaded.record.status == .final else {
                        omit(path, "a draft; only final records leave")
                        continue
                    }
                    let compiled = QuestionnairePublisher.compiledPath(id: loaded.questionnaire.id, version: loaded.questionnaire.version)
                    if files[compiled] == nil, added[compiled] == nil {
                        guard let bytes = compiledBytes(compiled, digest: loaded.record.questionnaire.digest, in: repository) else {
                            omit(path, "\(compiled), the questionnaire it pins, cannot be read or no longer has the digest the record pins")
                            continue
                        }
                        added[compiled] = bytes
                    }
                    added[path] = bytes
                }
            }
            if scopes.contains(.plans) || scopes.contains(.reports) {
                let path = ImprovementPlan.path(country: factory.country, factory: factory.id)
                var read = plan(of: factory, in: repository)
                // No plan yet: the progress report says so.
                if case .none = read { read = .success(ImprovementPlan(factory: factory.id), nil) }
                switch read {
                case .none:
                    break
                case .failure(let reason):
                    omit(path, reason + (scopes.contains(.reports) ? "; nor does its progress report" : ""))
                case .success(let plan, let bytes):
                    if scopes.contains(.plans), let bytes { added[path] = bytes }
                    if scopes.contains(.reports) {
                        let planStore = PlanStore(store: store)
                        let report = ProgressReport(
                            factory: factory, plan: plan, since: today.adding(months: -3), on: today,
                            piccWarnings: planStore.piccWarnings(plan, on: today))
                        added["reports/\(factory.country)/\(factory.id)-progress.md"] = Array(report.markdown.utf8)
                        added["reports/\(factory.country)/\(factory.id)-progress.json"] = CanonicalJSON.data(report.json)
                    }
                }
            }
            added.merge(evidenceFiles(of: factory, shipping: added, scopes: scopes, store: store, omit: omit)) { first, _ in first }
            // The proof that the factory allowed this: the consents, with their signatures.
            added.merge(consentFiles(of: factory, buyer: buyer, scopes: scopes, on: today, consents: judged)) { first, _ in first }
            // A compiled questionnaire shared by several factories counts for the first that brought it.
            shares.append(
                FactoryShare(
                    factory: factory.id, scopes: scopes.sorted { $0.rawValue < $1.rawValue },
                    files: added.keys.filter { !$0.hasPrefix("questionnaires/") }.count))
            files.merge(added) { first, _ in first }
        }
        return Contents(files: files, factories: shares, omitted: omitted.sorted { ($0.factory, $0.path) < ($1.factory, $1.path) })
    }

    /// The compiled questionnaire's bytes, when it is readable and still carries the digest a record pins.
    static func compiledBytes(_ path: String, digest: String, in repository: Repository) -> [UInt8]? {
        guard let bytes = try? repository.read(path, limit: FileStore.Limit.compiled), let json = try? JSONParser.parse(bytes),
            let questionnaire = try? CompiledQuestionnaire(json: json), questionnaire.digestIsValid, questionnaire.digest == digest
        else { return nil }
        return bytes
    }

    enum PlanRead {
        case none
        case failure(String)
        /// The plan, and its file's bytes when there is a file.
        case success(ImprovementPlan, [UInt8]?)
    }

    /// The factory's plan, read once and checked: it must parse without errors and be this factory's.
    static func plan(of factory: Factory, in repository: Repository) -> PlanRead {
        let path = ImprovementPlan.path(country: factory.country, factory: factory.id)
        guard FileStore.anythingAt(repository.path(path)) else { return .none }
        let bytes: [UInt8]
        do throws(RepositoryError) { bytes = try repository.read(path, limit: FileStore.Limit.document) } catch {
            return .failure(Repository.diagnostic(for: error, file: path).message)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { return .failure("the plan is not valid UTF-8") }
        let (plan, diagnostics) = ImprovementPlan.read(text, file: path)
        guard let plan, !diagnostics.hasErrors else { return .failure("the plan has errors (see 'star validate')") }
        guard plan.factory == factory.id else { return .failure("the file holds the plan of '\(plan.factory)', not of \(factory.id)") }
        return .success(plan, bytes)
    }

    /// The manifest of these contents, canonical JSON: what is signed.
    static func manifest(buyer: String, date: CalendarDate, contents: Contents) -> [UInt8] {
        CanonicalJSON.data(
            .object([
                "star": .string(format),
                "buyer": .string(buyer),
                "date": .string(date.description),
                "factories": .array(contents.factories.map { .object(["id": .string($0.factory), "scopes": .array($0.scopes.map { .string($0.rawValue) })]) }),
                "files": .array(
                    contents.files.keys.sorted().map { path in
                        .object([
                            "path": .string(path), "sha256": .string(ContentDigest.of(bytes: contents.files[path]!)),
                            "bytes": .int(contents.files[path]!.count),
                        ])
                    }),
            ]))
    }

    /// Exports what `buyer` may see today into `directory`, which must not exist, and logs it in the access
    /// log. The bundle is built in a hidden folder beside `directory` (readable by its owner only), the log
    /// entry is made durable, and only then is the folder renamed to `directory`: a crash at any point leaves
    /// either no bundle at `directory`, or one whose export is logged. What an interrupted export left behind
    /// is removed first (ExportJournal).
    public static func export(
        for buyer: String, today: CalendarDate, by sender: String, consents: ConsentStore,
        key: Curve25519.Signing.PrivateKey, to directory: String
    ) throws(ConsentStore.Failure) -> Exported {
        _ = try consents.buyer(buyer)
        let repository = consents.store.repository
        let journal = ExportJournal(repository: repository)
        let removed = journal.removeLeftovers()
        let log = AccessLog(repository: repository)
        let logProblems = log.entries(buyer: buyer).diagnostics
        if logProblems.hasErrors {
            throw .init(
                "\(AccessLog.path(buyer: buyer)) has errors; nothing was exported (fix it, or restore it from version control)", diagnostics: logProblems)
        }
        guard !FileStore.anythingAt(directory) else {
            throw .init("\(directory) already exists; a bundle is never written over anything")
        }
        let contents = contents(for: buyer, today: today, consents: consents)
        let manifestBytes = manifest(buyer: buyer, date: today, contents: contents)
        let signature: Data
        do { signature = try key.signature(for: Data(manifestBytes)) } catch { throw .init("cannot sign the manifest: \(error)") }
        let staging: String
        do { staging = try journal.begin(for: directory) } catch { throw .init(error.description) }
        do throws(RepositoryError) {
            for (path, bytes) in contents.files {
                try FileStore.write(bytes, to: (staging as NSString).appendingPathComponent(path), policy: .createOnly, durable: false)
            }
            try FileStore.write(manifestBytes, to: (staging as NSString).appendingPathComponent(manifestName), policy: .createOnly, durable: false)
            try FileStore.write(
                Array((signature.base64EncodedString() + "\n").utf8), to: (staging as NSString).appendingPathComponent(signatureName),
                policy: .createOnly)
            try FileStore.syncFolder(staging)
            try log.append(
                AccessLog.Entry(
                    on: today, by: sender, manifest: ContentDigest.of(bytes: manifestBytes),
                    factories: contents.factories.map { ($0.factory, $0.scopes.map(\.rawValue), $0.files) }), buyer: buyer)
        } catch {
            journal.abandon(staging)
            throw .init(error.description)
        }
        do throws(RepositoryError) {
            try FileStore.renameNoReplace(staging, to: directory)
        } catch {
            journal.abandon(staging)
            throw .init("the export was logged, but the bundle could not be put in place: \(error.description); nothing was released, export again")
        }
        journal.finish(staging)
        return Exported(
            factories: contents.factories, files: contents.files.count, manifestDigest: ContentDigest.of(bytes: manifestBytes),
            omitted: contents.omitted, removedLeftovers: removed)
    }
}
