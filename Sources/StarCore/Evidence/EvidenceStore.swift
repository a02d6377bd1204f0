import Foundation

/// Adding evidence and finding it again (docs/evidence.md). Bytes are stored once, under their sha256, and
/// never overwritten; a link says which finding or plan item they back. Every file is read through the one
/// reader (`FileStore.readRegular`, `Repository.read`): no link, no FIFO, nothing over the cap.
public struct EvidenceStore: Sendable {
    public let store: AssessmentStore
    public var repository: Repository { store.repository }

    public init(store: AssessmentStore) {
        self.store = store
    }

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public enum Kind: Sendable { case usage, refused, findings, io }
        public var kind: Kind
        public var description: String
        public var notes: [String] = []
        public var diagnostics: [Diagnostic] = []
    }

    /// What a user asks evidence to back.
    public enum Request: Sendable {
        /// A record (`KH-0001/2026-03-14` or a path to its file) and one of its questions.
        case question(record: String, question: String, workingDirectory: String)
        /// A plan item, `KH-0001#3`.
        case planItem(factory: String, number: Int)
    }

    public struct Added: Sendable {
        public var digest: String
        public var path: String
        public var sidecar: EvidenceSidecar
        /// False when the same bytes were stored before (they are kept once).
        public var stored: Bool
        /// False when this very link existed already (nothing was written).
        public var linked: Bool
        public var factory: Factory
        public var target: EvidenceLinks.Target
        /// Set when the file is larger than `warn-file-size`.
        public var warning: String?
    }

    // MARK: - Adding

    /// Stores `file` (a path the user gave) and links it to `request`. The caller holds the repository's lock.
    public func add(
        _ file: String, to request: Request, caption: String?, by person: String, settings: EvidenceSettings,
        now: Timestamp = .now
    ) throws(Failure) -> Added {
        guard !person.trimmingCharacters(in: .whitespaces).isEmpty else { throw Failure(kind: .usage, description: "--by is empty: say who adds the evidence") }
        let (factory, target) = try resolve(request)
        let name = (file as NSString).lastPathComponent
        guard let type = EvidenceMediaType.forExtension((name as NSString).pathExtension) else {
            throw Failure(
                kind: .usage, description: "\(file): star keeps evidence of these kinds only: \(EvidenceMediaType.extensionList) (by the file's extension)")
        }
        let bytes: [UInt8]
        do throws(RepositoryError) { bytes = try FileStore.readRegular(file, limit: settings.maximum) } catch {
            var failure = Failure(kind: .refused, description: error.description)
            if case .refused(_, let reason) = error, reason.contains("more than") {
                failure.notes = [
                    "the cap is \(Repository.markerFile)'s evidence: max-file-size (\(FileStore.byteCount(settings.maximum))); resize a photo, or scan a document at a lower resolution, and add it again"
                ]
            }
            throw failure
        }
        guard type.matches(bytes) else {
            throw Failure(
                kind: .refused, description: "\(file) is named .\((name as NSString).pathExtension) but its content is not \(type.name)",
                notes: ["give the file the extension of what it holds"])
        }
        return try add(bytes, named: name, to: target, of: factory, caption: caption, by: person, settings: settings, now: now)
    }

    /// Stores `bytes` (a file called `name`, already read within the cap) and links them to `target` of
    /// `factory`, which the caller has checked exist (`resolve`): what `add` and an import of photos share.
    public func add(
        _ bytes: [UInt8], named name: String, to target: EvidenceLinks.Target, of factory: Factory, caption: String?, by person: String,
        settings: EvidenceSettings, now: Timestamp = .now
    ) throws(Failure) -> Added {
        guard let type = EvidenceMediaType.forExtension((name as NSString).pathExtension) else {
            throw Failure(
                kind: .usage, description: "\(name): star keeps evidence of these kinds only: \(EvidenceMediaType.extensionList) (by the file's extension)")
        }
        guard bytes.count <= settings.maximum else {
            throw Failure(
                kind: .refused,
                description:
                    "\(name) is \(FileStore.byteCount(bytes.count)), more than the \(FileStore.byteCount(settings.maximum)) of \(Repository.markerFile)'s evidence: max-file-size"
            )
        }
        guard type.matches(bytes) else {
            throw Failure(
                kind: .refused, description: "\(name) is named .\((name as NSString).pathExtension) but its content is not \(type.name)",
                notes: ["give the file the extension of what it holds"])
        }
        let digest = ContentDigest.of(bytes: bytes)
        let (sidecar, stored) = try store(bytes, digest: digest, type: type, originalName: name, by: person, now: now)
        let linked = try link(digest, to: target, of: factory, caption: caption, by: person, now: now)
        let warning =
            bytes.count > settings.warning
            ? "\(name) is \(FileStore.byteCount(bytes.count)), more than the \(FileStore.byteCount(settings.warning)) of \(Repository.markerFile)'s evidence: warn-file-size; star does not resize photos, so resize large ones before adding them (docs/evidence.md)"
            : nil
        return Added(
            digest: digest, path: EvidencePaths.bytes(digest, type: sidecar.type ?? type), sidecar: sidecar, stored: stored, linked: linked,
            factory: factory, target: target, warning: warning)
    }

    /// The factory and target `request` names, which must exist: a record of a registered factory with that
    /// question in the questionnaire it pins, or an item of the factory's plan.
    public func resolve(_ request: Request) throws(Failure) -> (Factory, EvidenceLinks.Target) {
        switch request {
        case .question(let reference, let question, let workingDirectory):
            let file: String
            switch store.resolve(reference, workingDirectory: workingDirectory) {
            case .success(let found): file = found
            case .failure(let error): throw Failure(kind: .usage, description: error.description)
            }
            let (document, diagnostics) = store.parse(file)
            guard let document else { throw Failure(kind: .findings, description: "\(file) cannot be read as a record", diagnostics: diagnostics) }
            let header = document.header
            guard let factory = store.context.factories[header.factory] else {
                throw Failure(kind: .findings, description: "\(file) is a record of \(header.factory), which is not registered")
            }
            guard let compiled = store.context.compiled["\(header.questionnaire.id)@\(header.questionnaire.version)"] else {
                throw Failure(
                    kind: .findings,
                    description: "\(file) pins \(header.questionnaire.id) \(header.questionnaire.version), which is not compiled in this repository")
            }
            guard compiled.questions.contains(where: { $0.id == question }) else {
                let close = compiled.questions.map(\.id).min { (editDistance($0, question), $0) < (editDistance($1, question), $1) }
                throw Failure(
                    kind: .usage,
                    description: "\(question) is not a question of \(compiled.id) \(compiled.version), which \(header.id) pins"
                        + (close.map { editDistance($0, question) <= 3 ? " (did you mean \($0)?)" : "" } ?? ""),
                    notes: ["'star questionnaire show \(compiled.id)' lists its questions"])
            }
            return (factory, .question(record: header.id, question: question))
        case .planItem(let id, let number):
            let plans = PlanStore(store: store)
            let factory: Factory
            let plan: ImprovementPlan
            do throws(PlanStore.Failure) {
                factory = try plans.factory(id)
                plan = try plans.load(factory)
            } catch {
                if case .invalidPlan(let diagnostics) = error {
                    throw Failure(kind: .findings, description: "the plan of \(id) has errors; fix it first", diagnostics: diagnostics)
                }
                throw Failure(kind: .usage, description: error.description)
            }
            guard plan.items.contains(where: { $0.number == number }) else {
                let numbers = plan.items.map { "\(id)#\($0.number)" }
                throw Failure(
                    kind: .usage,
                    description: "\(id)#\(number) is not an item of \(id)'s plan"
                        + (numbers.isEmpty ? " (it has none yet)" : "; its items are \(numbers.joined(separator: ", "))"))
            }
            return (factory, .planItem(number))
        }
    }

    /// Stores the bytes and their sidecar unless they are there already. Stored bytes are never overwritten:
    /// bytes already at the path must still have the digest they are named by.
    func store(
        _ bytes: [UInt8], digest: String, type: EvidenceMediaType, originalName: String, by person: String,
        now: Timestamp
    ) throws(Failure) -> (EvidenceSidecar, stored: Bool) {
        var sidecar = EvidenceSidecar(digest: digest, mediaType: type.name, bytes: bytes.count, originalName: originalName, addedBy: person, added: now)
        let sidecarPath = EvidencePaths.sidecar(digest)
        var sidecarExists = false
        if FileStore.anythingAt(repository.path(sidecarPath)) {
            // The same bytes were added before, perhaps under another name: keep what was recorded then.
            let (existing, diagnostics) = readSidecar(digest)
            guard let existing, existing.digest == digest else {
                throw Failure(
                    kind: .findings, description: "\(sidecarPath) has errors; star never writes over it (see 'star validate')", diagnostics: diagnostics)
            }
            sidecar = existing
            sidecarExists = true
        }
        let path = EvidencePaths.bytes(digest, type: sidecar.type ?? type)
        var stored = false
        if FileStore.anythingAt(repository.path(path)) {
            let existing: [UInt8]
            do throws(RepositoryError) { existing = try repository.read(path, limit: FileStore.Limit.any) } catch {
                throw Failure(kind: .refused, description: "\(error.description); star never writes over it")
            }
            guard ContentDigest.of(bytes: existing) == digest else {
                throw Failure(
                    kind: .findings,
                    description: "\(path) is there but its bytes no longer match its name: it was changed after it was added; star never writes over it",
                    notes: ["restore it from version control (git checkout -- \(path)), then add the file again"])
            }
        } else {
            // New bytes, or bytes whose file went missing (restored from the very same content).
            do throws(RepositoryError) { try FileStore.write(bytes, to: repository.path(path), policy: .createOnly) } catch {
                throw Failure(kind: .io, description: error.description)
            }
            stored = true
        }
        if !sidecarExists {
            do throws(RepositoryError) { try FileStore.write(sidecar.text, to: repository.path(sidecarPath), policy: .createOnly) } catch {
                throw Failure(kind: .io, description: error.description)
            }
        }
        return (sidecar, stored)
    }

    /// Appends a link unless the same evidence already backs the same target (then nothing is written).
    func link(
        _ digest: String, to target: EvidenceLinks.Target, of factory: Factory, caption: String?, by person: String, now: Timestamp
    ) throws(Failure) -> Bool {
        let path = EvidencePaths.links(country: factory.country, factory: factory.id)
        var links: EvidenceLinks
        switch readLinks(of: factory) {
        case .none: links = EvidenceLinks(factory: factory.id)
        case .failure(let diagnostics):
            throw Failure(
                kind: .findings, description: "\(path) has errors; nothing was linked (fix it, or restore it from version control)", diagnostics: diagnostics)
        case .success(let read): links = read
        }
        if links.links.contains(where: { $0.evidence == digest && $0.target == target }) { return false }
        let time = EntryFile.nextTime(after: links.links.map(\.time).max(), now: now)
        let trimmed = caption?.trimmingCharacters(in: .whitespacesAndNewlines)
        links.links.append(
            EvidenceLinks.Link(
                evidence: digest, target: target, caption: trimmed?.isEmpty == false ? trimmed : nil, by: person,
                id: EntryFile.newID(), time: time))
        do throws(RepositoryError) { try FileStore.write(links.text, to: repository.path(path)) } catch {
            throw Failure(kind: .io, description: error.description)
        }
        return true
    }

    // MARK: - Reading

    public enum LinksRead: Sendable {
        case none
        case failure([Diagnostic])
        case success(EvidenceLinks)
    }

    /// The factory's links file, read and checked to be this factory's.
    public func readLinks(of factory: Factory) -> LinksRead {
        let path = EvidencePaths.links(country: factory.country, factory: factory.id)
        guard FileStore.anythingAt(repository.path(path)) else { return .none }
        let text: String
        do throws(RepositoryError) { text = try repository.readText(path, limit: FileStore.Limit.document) } catch {
            return .failure([Repository.diagnostic(for: error, file: path)])
        }
        let (links, diagnostics) = EvidenceLinks.read(text, file: path)
        guard let links else { return .failure(diagnostics) }
        guard links.factory == factory.id else {
            return .failure([
                .error(
                    "misplaced-file", "\(path) holds the evidence links of '\(links.factory)', not of \(factory.id)",
                    at: SourceLocation(file: path, line: 1, column: 1))
            ])
        }
        return .success(links)
    }

    /// The sidecar of stored evidence; nil with the reason when it is missing or cannot be read.
    public func readSidecar(_ digest: String) -> (EvidenceSidecar?, [Diagnostic]) {
        let path = EvidencePaths.sidecar(digest)
        do throws(RepositoryError) {
            return EvidenceSidecar.read(try repository.readText(path, limit: FileStore.Limit.document), file: path)
        } catch {
            return (nil, [Repository.diagnostic(for: error, file: path)])
        }
    }

    /// The stored bytes of evidence, checked against its digest (and so never other bytes than were added).
    public func bytes(of sidecar: EvidenceSidecar, limit: Int) throws(Failure) -> [UInt8] {
        guard let type = sidecar.type else {
            throw Failure(kind: .findings, description: "\(EvidencePaths.sidecar(sidecar.digest)): unknown media type \(sidecar.mediaType)")
        }
        let path = EvidencePaths.bytes(sidecar.digest, type: type)
        let bytes: [UInt8]
        do throws(RepositoryError) { bytes = try repository.read(path, limit: limit) } catch {
            throw Failure(kind: .io, description: error.description)
        }
        guard ContentDigest.of(bytes: bytes) == sidecar.digest else {
            throw Failure(kind: .findings, description: "\(path): its bytes no longer match its name (it was changed after it was added)")
        }
        return bytes
    }

    /// Every link of every registered factory, with the factory; and the problems of files that could not be read.
    public func allLinks() -> (links: [(factory: Factory, link: EvidenceLinks.Link)], diagnostics: [Diagnostic]) {
        var found: [(Factory, EvidenceLinks.Link)] = []
        var diagnostics: [Diagnostic] = []
        for factory in store.context.factories.values.sorted(by: { $0.id < $1.id }) {
            switch readLinks(of: factory) {
            case .none: break
            case .failure(let problems): diagnostics += problems
            case .success(let links): found += links.links.sorted { ($0.time, $0.id) < ($1.time, $1.id) }.map { (factory, $0) }
            }
        }
        return (found, diagnostics)
    }

    /// The stored evidence a user names by its digest, whole or by a prefix of at least 8 hexadecimal digits
    /// (with or without `sha256:`), that names exactly one stored file.
    public func find(_ reference: String) throws(Failure) -> String {
        let hex = reference.hasPrefix("sha256:") ? String(reference.dropFirst(7)) : reference
        guard hex.count >= 8, hex.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
            throw Failure(
                kind: .usage,
                description: "'\(reference)' is not a digest: give sha256:<hex>, or at least its first 8 hexadecimal digits ('star evidence list' shows them)")
        }
        let folder = "\(EvidencePaths.store)/\(hex.prefix(2))"
        let matches = FileStore.files(under: repository.path(folder), extensions: ["yaml"])
            .map { "sha256:" + hex.prefix(2) + $0.dropLast(5) }.filter { $0.hasPrefix("sha256:" + hex) && EvidencePaths.hex(of: $0) != nil }
        guard let first = matches.first else {
            throw Failure(kind: .usage, description: "no stored evidence has the digest \(reference) ('star evidence list' shows what there is)")
        }
        guard matches.count == 1 else {
            throw Failure(
                kind: .usage,
                description:
                    "\(reference) is the start of \(matches.count) digests (\(matches.map { String($0.prefix(23)) }.joined(separator: ", "))); give more digits"
            )
        }
        return first
    }
}
