import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `star validate` checks of evidence (docs/evidence.md): every link names stored evidence whose bytes
/// still have the digest they are named by, a sidecar that agrees with them, and a record question or plan
/// item that exists; no stored file is left without a link; and the size caps of star.yaml.
enum EvidenceValidator {
    static func problems(_ repository: Repository, store: AssessmentStore) -> [Diagnostic] {
        guard FileStore.isDirectory(repository.path(EvidencePaths.folder)) else { return [] }
        var diagnostics: [Diagnostic] = []
        let settings: EvidenceSettings
        do throws(RepositoryError) { settings = try EvidenceSettings.load(repository) } catch {
            return [.error("invalid-settings", error.description, at: SourceLocation(file: Repository.markerFile))]
        }
        let evidence = EvidenceStore(store: store)
        let (links, linkProblems) = evidence.allLinks()
        diagnostics += linkProblems + strayLinkFiles(repository, store: store)

        // The stored files, by digest: each digest's files (extension -> path).
        var stored: [String: [String: String]] = [:]
        let extensions = Set(EvidenceMediaType.all.map(\.fileExtension) + ["yaml"])
        for relative in FileStore.files(under: repository.path(EvidencePaths.store), extensions: extensions) {
            let path = EvidencePaths.store + "/" + relative
            guard let (digest, fileExtension) = EvidencePaths.named(path) else {
                diagnostics.append(
                    .error(
                        "evidence-misplaced",
                        "\(path) is not where star stores evidence: files are named evidence/sha256/<2 digits>/<62 digits>.<extension> by their sha256",
                        at: SourceLocation(file: path), notes: ["add the file with 'star evidence add', and remove this one"]))
                continue
            }
            stored[digest, default: [:]][fileExtension] = path
        }
        let referenced = Set(links.map(\.link.evidence))
        // Every stored file is read and hashed: on every core.
        let digests = stored.sorted(by: { $0.key < $1.key })
        for found in Parallel.map(
            count: digests.count,
            { index in
                check(
                    digests[index].key, files: digests[index].value, referenced: referenced.contains(digests[index].key), repository: repository,
                    settings: settings, evidence: evidence)
            })
        {
            diagnostics += found
        }

        // Every link: its evidence is stored, and what it backs exists.
        var questionsOfRecord: [RecordID: RecordQuestions] = [:]
        var itemsOfFactory: [String: Set<Int>?] = [:]
        for (factory, link) in links {
            let file = EvidencePaths.links(country: factory.country, factory: factory.id)
            let at = SourceLocation(file: file, line: link.line, column: 5)
            let shown = String(link.evidence.prefix(19)) + "…"
            if stored[link.evidence] == nil {
                diagnostics.append(
                    .error(
                        "evidence-missing",
                        "evidence \(shown) linked to \(link.target) is not stored: \(EvidencePaths.sidecar(link.evidence)) and its file are missing",
                        at: at, notes: ["restore evidence/ from version control (with Git LFS: git lfs pull), or add the file again with 'star evidence add'"]))
            }
            switch link.target {
            case .question(let record, let question):
                guard record.factory == factory.id else {
                    diagnostics.append(.error("evidence-unknown-target", "\(record) is a record of another factory than \(factory.id)", at: at))
                    continue
                }
                if questionsOfRecord[record] == nil {
                    let path = AssessmentRecord.path(country: factory.country, id: record)
                    if !FileStore.anythingAt(repository.path(path)) {
                        questionsOfRecord[record] = .missing
                    } else if let header = store.parse(path).0?.header,
                        let compiled = store.context.compiled["\(header.questionnaire.id)@\(header.questionnaire.version)"]
                    {
                        questionsOfRecord[record] = .questions(Set(compiled.questions.map(\.id)))
                    } else {
                        questionsOfRecord[record] = .unreadable
                    }
                }
                switch questionsOfRecord[record]! {
                case .missing:
                    diagnostics.append(.error("evidence-unknown-target", "evidence \(shown) is linked to \(record), but there is no such record", at: at))
                case .unreadable:
                    break  // the record's own diagnostics say why
                case .questions(let questions):
                    if !questions.contains(question) {
                        diagnostics.append(
                            .error(
                                "evidence-unknown-target",
                                "evidence \(shown) is linked to \(question) of \(record), which is not a question of the questionnaire it pins", at: at))
                    }
                }
            case .planItem(let number):
                if itemsOfFactory[factory.id] == nil {
                    itemsOfFactory[factory.id] = .some((try? PlanStore(store: store).load(factory)).map { Set($0.items.map(\.number)) })
                }
                if let items = itemsOfFactory[factory.id]!, !items.contains(number) {
                    diagnostics.append(
                        .error("evidence-unknown-target", "evidence \(shown) is linked to \(factory.id)#\(number), which is not an item of the plan", at: at))
                }
            }
        }
        return diagnostics
    }

    /// The checks of one stored digest: its sidecar and its bytes agree with each other and with the name,
    /// within the caps, and something links to it.
    private static func check(
        _ digest: String, files: [String: String], referenced: Bool, repository: Repository, settings: EvidenceSettings,
        evidence: EvidenceStore
    ) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let sidecarPath = EvidencePaths.sidecar(digest)
        let contentFiles = files.filter { $0.key != "yaml" }
        guard files["yaml"] != nil else {
            for path in contentFiles.values.sorted() {
                diagnostics.append(
                    .error(
                        "evidence-sidecar", "\(path) has no sidecar (\(sidecarPath)): its media type, size and who added it are unknown",
                        at: SourceLocation(file: path),
                        notes: ["restore the sidecar from version control, or remove the file and add it again with 'star evidence add'"]))
            }
            return diagnostics
        }
        let (sidecar, problems) = evidence.readSidecar(digest)
        diagnostics += problems
        guard let sidecar else { return diagnostics }
        let at = SourceLocation(file: sidecarPath)
        if sidecar.digest != digest {
            diagnostics.append(
                .error(
                    "evidence-sidecar", "the sidecar says sha256 \(String(sidecar.digest.prefix(19)))…, but it is named by \(String(digest.prefix(19)))…",
                    at: at))
        }
        guard let type = sidecar.type else {
            diagnostics.append(
                .error(
                    "evidence-sidecar",
                    "media type '\(YAMLReader.excerpt(sidecar.mediaType))' is not one star keeps (\(EvidenceMediaType.all.map(\.name).joined(separator: ", ")))",
                    at: at))
            return diagnostics
        }
        for (fileExtension, path) in contentFiles.sorted(by: { $0.key < $1.key }) where fileExtension != type.fileExtension {
            diagnostics.append(
                .error(
                    "evidence-sidecar", "\(path) is a .\(fileExtension) file, but its sidecar says \(type.name) (.\(type.fileExtension))",
                    at: SourceLocation(file: path)))
        }
        let path = EvidencePaths.bytes(digest, type: type)
        guard contentFiles[type.fileExtension] != nil else {
            if referenced {
                diagnostics.append(
                    .error(
                        "evidence-missing", "\(path) is missing: its sidecar is there, and records or plan items link to it",
                        at: SourceLocation(file: path),
                        notes: ["restore it from version control (with Git LFS: git lfs pull), or add the file again with 'star evidence add'"]))
            } else {
                diagnostics.append(
                    .warning(
                        "evidence-orphaned", "\(sidecarPath) describes a file that is not there, and nothing links to it", at: at,
                        notes: ["remove the sidecar: git rm \(sidecarPath)"]))
            }
            return diagnostics
        }
        var status = stat()
        guard lstat(repository.path(path), &status) == 0 else { return diagnostics }
        let size = Int(status.st_size)
        let fileAt = SourceLocation(file: path)
        if (status.st_mode & S_IFMT) == S_IFREG, size > settings.maximum {
            diagnostics.append(
                .error(
                    "evidence-too-large",
                    "\(path) is \(sizeText(size, above: settings.maximum)), more than the \(FileStore.byteCount(settings.maximum)) of \(Repository.markerFile)'s evidence: max-file-size",
                    at: fileAt, notes: ["replace it with a smaller copy (a resized photo, a lower-resolution scan) added with 'star evidence add'"]))
            return diagnostics
        }
        let bytes: [UInt8]
        do throws(RepositoryError) { bytes = try repository.read(path, limit: settings.maximum) } catch {
            diagnostics.append(Repository.diagnostic(for: error, file: path))
            return diagnostics
        }
        let actual = ContentDigest.of(bytes: bytes)
        if actual != digest {
            if let pointer = GitLFSPointer(bytes), pointer.digest == digest {
                diagnostics.append(
                    .warning(
                        "evidence-not-fetched", "\(path) is a Git LFS pointer: its bytes were not fetched, so they could not be checked", at: fileAt,
                        notes: ["run 'git lfs pull' (in CI: actions/checkout with lfs: true)"]))
                return diagnostics
            }
            diagnostics.append(
                .error(
                    "evidence-tampered",
                    "\(path) was changed after it was added: its bytes have sha256 \(String(actual.prefix(19)))…, not the \(String(digest.prefix(19)))… it is named by",
                    at: fileAt, notes: ["restore it from version control (git checkout -- \(path)); evidence is never edited, add a new file instead"]))
            return diagnostics
        }
        if sidecar.bytes != bytes.count {
            diagnostics.append(.error("evidence-sidecar", "the sidecar says \(sidecar.bytes) bytes, but \(path) has \(bytes.count)", at: at))
        }
        if !type.matches(bytes) {
            diagnostics.append(
                .error("evidence-media-type", "\(path) is not \(type.name), as its sidecar and extension say: its content is something else", at: fileAt))
        }
        if bytes.count > settings.warning {
            diagnostics.append(
                .warning(
                    "evidence-large",
                    "\(path) is \(sizeText(bytes.count, above: settings.warning)), more than the \(FileStore.byteCount(settings.warning)) of \(Repository.markerFile)'s evidence: warn-file-size",
                    at: fileAt, notes: ["large files make every clone slower; resize photos before adding them, or keep evidence in Git LFS (docs/evidence.md)"]
                ))
        }
        if !referenced {
            diagnostics.append(
                .warning(
                    "evidence-orphaned", "\(path) is stored, but no record question or plan item links to it", at: fileAt,
                    notes: ["link it with 'star evidence add', or remove it and its sidecar (git rm \(path) \(sidecarPath))"]))
        }
        return diagnostics
    }

    /// A size said so that it reads as more than `limit` ("2100 bytes", not "2 KB", above 2 KB).
    static func sizeText(_ size: Int, above limit: Int) -> String {
        FileStore.byteCount(size) == FileStore.byteCount(limit) ? "\(size) bytes" : FileStore.byteCount(size)
    }

    /// Links files that belong to no registered factory, or do not sit where their factory's belong.
    private static func strayLinkFiles(_ repository: Repository, store: AssessmentStore) -> [Diagnostic] {
        let expected = Set(store.context.factories.values.map { EvidencePaths.links(country: $0.country, factory: $0.id) })
        return FileStore.files(under: repository.path(EvidencePaths.folder), extensions: ["yaml"], skipping: ["sha256"]).compactMap { relative in
            let path = EvidencePaths.folder + "/" + relative
            guard !expected.contains(path) else { return nil }
            return .error(
                "evidence-unknown-target", "\(path) is not the evidence links file of a registered factory (evidence/<CC>/<factory>.yaml)",
                at: SourceLocation(file: path))
        }
    }
}

/// What validate knows of a record that evidence is linked to.
private enum RecordQuestions {
    case missing
    /// It cannot be read or its questionnaire is not compiled: its own diagnostics say so.
    case unreadable
    case questions(Set<String>)
}

/// A Git LFS pointer file (what a clone without `git lfs pull` holds instead of the bytes): its `oid sha256:`
/// is the sha256 of the real content, the same digest star names evidence by.
struct GitLFSPointer {
    var digest: String
    var size: Int

    init?(_ bytes: [UInt8]) {
        guard bytes.count < 1024, let text = String(validating: bytes, as: UTF8.self), text.hasPrefix("version https://git-lfs.github.com/spec/v1\n") else {
            return nil
        }
        var digest: String?
        var size: Int?
        for line in text.split(separator: "\n") {
            if line.hasPrefix("oid sha256:") { digest = "sha256:" + line.dropFirst("oid sha256:".count) }
            if line.hasPrefix("size ") { size = Int(line.dropFirst(5)) }
        }
        guard let digest, let size else { return nil }
        self.digest = digest
        self.size = size
    }
}
