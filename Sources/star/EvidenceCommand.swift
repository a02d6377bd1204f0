import ArgumentParser
import Foundation
import StarCore

struct EvidenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "Photos and documents behind findings and remediation, stored once by their sha256.",
        discussion: """
            Evidence is stored under evidence/sha256/, named by the sha256 of its bytes, with a sidecar (media \
            type, size, who added it, when); evidence/<CC>/<factory>.yaml links it to a record's question or \
            to a plan item. A final record is never changed: its evidence is linked from outside it. See \
            docs/evidence.md.

            Examples:
              star evidence add exit-3.jpg --record KH-0001/2026-03-14 --question OSH.EMERG.3 --caption "Exit 3 blocked by boxes" --by adv-sophea
              star evidence add exit-3-cleared.jpg --plan KH-0001#4 --caption "Exit 3 cleared" --by adv-sophea
              star evidence list --factory KH-0001
              star evidence show sha256:3fa2c1d0
            """,
        subcommands: [EvidenceAddCommand.self, EvidenceListCommand.self, EvidenceShowCommand.self]
    )
}

/// Runs an evidence step; failures print their reason (and any diagnostics) and exit with the documented code.
private func evidence<T>(_ body: () throws(EvidenceStore.Failure) -> T) throws -> T {
    do throws(EvidenceStore.Failure) {
        return try body()
    } catch {
        if !error.diagnostics.isEmpty { Console.diagnostics(error.diagnostics, format: .text, asSideNote: true) }
        Console.error("error: \(error.description)" + error.notes.map { "\n  note: \($0)" }.joined())
        switch error.kind {
        case .usage: throw ExitStatus.usage
        case .findings: throw ExitStatus.findings
        case .refused, .io: throw ExitStatus.ioFailure
        }
    }
}

struct EvidenceAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Store a file as evidence of a record's question or of a plan item.",
        discussion: """
            The same file added twice is stored once; each link is recorded. Files larger than star.yaml's \
            evidence: max-file-size (default 10MB) are refused, larger than warn-file-size (default 2MB) are \
            added with a warning. star does not resize photos: resize them before adding.
            """
    )

    @Argument(help: "The file: a photo (jpg, png, gif, webp), a PDF, text, CSV, xlsx or docx.") var file: String
    @Option(help: ArgumentHelp("The record the evidence is about (an id such as KH-0001/2026-03-14, or its file).", valueName: "record")) var record: String?
    @Option(help: ArgumentHelp("The question of that record.", valueName: "question")) var question: String?
    @Option(help: ArgumentHelp("The plan item the evidence is about.", valueName: "factory#number")) var plan: String?
    @Option(help: "What the evidence shows (one line).") var caption: String?
    @Option(help: "Who adds it (an advisor id, a name).") var by: String
    @OptionGroup var repositoryOptions: RepositoryOptions

    func run() throws {
        let request: EvidenceStore.Request
        switch (record, question, plan) {
        case (let record?, let question?, nil):
            request = .question(record: record, question: question, workingDirectory: Console.workingDirectory)
        case (nil, nil, let plan?):
            let (factory, number) = try itemReference(plan)
            request = .planItem(factory: factory, number: number)
        case (_, _, .some):
            throw usage("give either --plan FACTORY#N, or --record and --question, not both")
        default:
            throw usage("say what the evidence is about: --record RECORD --question QUESTION, or --plan FACTORY#N")
        }
        let repository = try repositoryOptions.repository()
        let settings = try EvidenceSettings.load(repository)
        let path = Repository.absolutePath(file, relativeTo: Console.workingDirectory)
        let added = try locked(repository) {
            try evidence { () throws(EvidenceStore.Failure) in
                try EvidenceStore(store: AssessmentStore(repository: repository)).add(path, to: request, caption: caption, by: by, settings: settings)
            }
        }
        let size = FileStore.byteCount(added.sidecar.bytes)
        Console.out((added.stored ? "stored" : "already stored") + " \(added.path) (\(added.sidecar.mediaType), \(size))\n")
        let target = describe(added.target, factory: added.factory.id)
        Console.out(added.linked ? "linked to \(target)\n" : "already linked to \(target); nothing changed\n")
        if let warning = added.warning { Console.error("warning: \(warning)") }
    }
}

/// `KH-0001/2026-03-14 OSH.EMERG.3` or `KH-0001#3`.
private func describe(_ target: EvidenceLinks.Target, factory: String) -> String {
    switch target {
    case .question(let record, let question): "\(record) \(question)"
    case .planItem(let number): "\(factory)#\(number)"
    }
}

/// One link as JSON: what a script reads of `list` and `show`.
private func json(_ link: EvidenceLinks.Link, factory: Factory, sidecar: EvidenceSidecar?) -> JSONValue {
    var object: [String: JSONValue] = [
        "evidence": .string(link.evidence), "factory": .string(factory.id), "by": .string(link.by),
        "time": .string(link.time.description), "id": .string(link.id), "caption": link.caption.map { .string($0) } ?? .null,
    ]
    switch link.target {
    case .question(let record, let question):
        object["record"] = .string(record.description)
        object["question"] = .string(question)
    case .planItem(let number):
        object["item"] = .string("\(factory.id)#\(number)")
    }
    if let sidecar, let type = sidecar.type {
        object["path"] = .string(EvidencePaths.bytes(link.evidence, type: type))
        object["media-type"] = .string(sidecar.mediaType)
        object["bytes"] = .int(sidecar.bytes)
    }
    return .object(object)
}

struct EvidenceListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List evidence links, by factory, record or plan item.")

    @Option(help: "Only this factory's evidence.") var factory: String?
    @Option(help: ArgumentHelp("Only the evidence of this record.", valueName: "record")) var record: String?
    @Option(help: ArgumentHelp("Only the evidence of this plan item.", valueName: "factory#number")) var plan: String?
    @Option(help: "text or json.") var format: ShowFormat = .text
    @OptionGroup var repositoryOptions: RepositoryOptions

    func run() throws {
        let store = EvidenceStore(store: AssessmentStore(repository: try repositoryOptions.repository()))
        let recordID = try record.map { text in
            guard let id = RecordID(text) else { throw usage("--record '\(text)' is not a record id such as KH-0001/2026-03-14") }
            return id
        }
        let item = try plan.map(itemReference)
        for id in [factory, recordID?.factory, item?.factory].compactMap({ $0 }) where store.store.context.factories[id] == nil {
            throw usage(UnknownID.factory(id, among: Array(store.store.context.factories.keys)))
        }
        let (all, diagnostics) = store.allLinks()
        if !diagnostics.isEmpty { Console.diagnostics(diagnostics, format: .text, asSideNote: true) }
        let selected = all.filter { factory, link in
            if let wanted = self.factory, factory.id != wanted { return false }
            if let recordID {
                guard case .question(let linked, _) = link.target, linked == recordID else { return false }
            }
            if let item, factory.id != item.factory || link.target != .planItem(item.number) { return false }
            return true
        }
        var sidecars: [String: EvidenceSidecar] = [:]
        for (_, link) in selected where sidecars[link.evidence] == nil { sidecars[link.evidence] = store.readSidecar(link.evidence).0 }
        switch format {
        case .json:
            Console.out(CanonicalJSON.string(.array(selected.map { json($0.link, factory: $0.factory, sidecar: sidecars[$0.link.evidence]) })))
        case .text:
            for (factory, link) in selected {
                let sidecar = sidecars[link.evidence]
                Console.out(
                    [
                        String(link.evidence.prefix(19)) + "…", describe(link.target, factory: factory.id), sidecar?.mediaType ?? "(not stored)",
                        sidecar.map { FileStore.byteCount($0.bytes) } ?? "", link.caption ?? "",
                    ].joined(separator: "\t") + "\n")
            }
            if selected.isEmpty { Console.error("no evidence" + (all.isEmpty ? " yet; add some with 'star evidence add'" : " matches")) }
        }
        if diagnostics.hasErrors { throw ExitStatus.findings }
    }
}

struct EvidenceShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show stored evidence: its sidecar, whether its bytes match, and what links to it.")

    @Argument(help: "The digest, sha256:<hex>, or its first 8 or more hexadecimal digits.") var digest: String
    @Option(help: "text or json.") var format: ShowFormat = .text
    @OptionGroup var repositoryOptions: RepositoryOptions

    func run() throws {
        let store = EvidenceStore(store: AssessmentStore(repository: try repositoryOptions.repository()))
        let found = try evidence { () throws(EvidenceStore.Failure) in try store.find(digest) }
        let (sidecar, problems) = store.readSidecar(found)
        guard let sidecar else {
            Console.diagnostics(problems, format: .text, asSideNote: true)
            throw ExitStatus.findings
        }
        // The bytes are checked against their name, as validate checks them: tampering is said here too.
        var problem: String?
        do throws(EvidenceStore.Failure) { _ = try store.bytes(of: sidecar, limit: FileStore.Limit.any) } catch { problem = error.description }
        let links = store.allLinks().links.filter { $0.link.evidence == found }
        let path = sidecar.type.map { EvidencePaths.bytes(found, type: $0) } ?? EvidencePaths.sidecar(found)
        switch format {
        case .json:
            var object: [String: JSONValue] = [
                "evidence": .string(found), "path": .string(path), "media-type": .string(sidecar.mediaType),
                "bytes": .int(sidecar.bytes), "added-by": .string(sidecar.addedBy), "added": .string(sidecar.added.description),
                "name": sidecar.originalName.map { .string($0) } ?? .null, "intact": .bool(problem == nil),
                "links": .array(links.map { json($0.link, factory: $0.factory, sidecar: nil) }),
            ]
            if let problem { object["problem"] = .string(problem) }
            Console.out(CanonicalJSON.string(.object(object)))
        case .text:
            var lines = [
                found, "path: \(path)", "media type: \(sidecar.mediaType)",
                "size: \(FileStore.byteCount(sidecar.bytes))" + (sidecar.bytes < 1 << 10 ? "" : " (\(sidecar.bytes) bytes)"),
                "added: \(sidecar.added) by \(sidecar.addedBy)" + (sidecar.originalName.map { " as \($0)" } ?? ""),
                "bytes: " + (problem == nil ? "match the digest" : "DO NOT MATCH: \(problem!)"),
            ]
            lines.append(links.isEmpty ? "linked to: nothing" : "linked to:")
            for (factory, link) in links {
                lines.append("  \(describe(link.target, factory: factory.id))" + (link.caption.map { "  \"\($0)\"" } ?? "") + "  (\(link.by), \(link.time))")
            }
            Console.out(lines.joined(separator: "\n") + "\n")
        }
        if problem != nil { throw ExitStatus.findings }
    }
}
