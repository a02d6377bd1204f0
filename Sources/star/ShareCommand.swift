import ArgumentParser
import Foundation
import StarCore

struct ShareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "share",
        abstract: "Consent-based sharing: grants, revocations, signed bundles for buyers, and the access log.",
        discussion: """
            A factory decides which buyer may see its assessments, plans and reports, from when and until \
            when. One rule (docs/sharing.md) decides what leaves the repository; bundles are signed so a buyer \
            can trust them offline.

            Examples:
              star share grant --signed northwind-consent.sig --by adv-sophea
              star share revoke --factory KH-0001 --buyer northwind-retail --at 2026-07-01 --by "Sok Dara, HR manager"
              star share list --buyer northwind-retail
              star keys generate --out keys/bw-cambodia
              star share export --buyer northwind-retail --out bundles/northwind-2026-11 --key keys/bw-cambodia.key --by "adv-sophea"
              star share verify bundles/northwind-2026-11 --key bw-cambodia.pub       # what the buyer runs
              star share log --buyer northwind-retail
            """,
        subcommands: [
            ShareGrantCommand.self, ShareRevokeCommand.self, ShareListCommand.self, ShareExportCommand.self,
            ShareVerifyCommand.self, ShareLogCommand.self,
        ]
    )
}

/// Runs a sharing step; refusals are usage errors with the reason, a broken consent file is a finding.
func sharing<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let failure as ConsentStore.Failure {
        if !failure.diagnostics.isEmpty {
            Console.diagnostics(failure.diagnostics, format: .text, asSideNote: true)
            Console.error("error: \(failure.description); fix it (or restore it from version control) first")
            throw ExitStatus.findings
        }
        throw usage(failure.description)
    }
}

func parseScopes(_ text: String) throws -> Set<ConsentHistory.Scope> {
    Set(
        try text.split(separator: ",").map { name in
            guard let scope = ConsentHistory.Scope(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                throw usage("--scope '\(name)' is not one of assessments, plans, reports")
            }
            return scope
        })
}

struct ShareGrantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant", abstract: "Record a factory's consent: the one it signed (--signed), or, under 'consent: recorded', one given on paper.",
        discussion: """
            Under 'consent: signed' (star.yaml; what 'star init' writes), only a consent the factory signed gives \
            access: record the file it sent with --signed. The factory, buyer, scope and days come from the signed \
            statement alone. Under 'consent: recorded', a grant made from the options names its evidence.

            Examples:
              star share grant --signed northwind-consent.sig --by adv-sophea
              star share grant --signed consent.txt --signature consent.txt.sig --by adv-sophea
              star share grant --factory KH-0001 --buyer northwind-retail --scope assessments --by "Sok Dara, HR manager" --evidence "paper form #123, scanned 2026-11-02"
            """)

    @Option(help: ArgumentHelp("The signed consent the factory sent (the statement and its signature).", valueName: "file")) var signed: String?
    @Option(help: ArgumentHelp("With --signed: the signature, when kept apart from the statement (ssh-keygen's FILE.sig).", valueName: "file")) var signature:
        String?
    @Option(help: "The factory giving consent (not with --signed).") var factory: String?
    @Option(help: "The buyer receiving it (not with --signed).") var buyer: String?
    @Option(help: ArgumentHelp("What the buyer may see (not with --signed).", valueName: "assessments,plans,reports")) var scope: String?
    @Option(help: ArgumentHelp("First day (default: today; not with --signed).", valueName: "YYYY-MM-DD")) var from: String?
    @Option(help: ArgumentHelp("Last day, inclusive (default: until revoked; not with --signed).", valueName: "YYYY-MM-DD")) var until: String?
    @Option(help: "Who at the factory gives consent (name, role); with --signed, who records it.") var by: String
    @Option(help: ArgumentHelp("Where the consent given outside star is kept (required under 'consent: recorded').", valueName: "text")) var evidence: String?
    @OptionGroup var repositoryOptions: RepositoryOptions

    func validate() throws {
        if signed != nil {
            let given = [("--factory", factory), ("--buyer", buyer), ("--scope", scope), ("--from", from), ("--until", until), ("--evidence", evidence)].filter
            { $0.1 != nil }.map(\.0)
            if !given.isEmpty {
                throw ValidationError(
                    "\(given.joined(separator: ", ")) cannot go with --signed: the factory, buyer, scope and days come from the signed statement, and the signature is the evidence"
                )
            }
        } else {
            if signature != nil { throw ValidationError("--signature goes with --signed") }
            let missing = [("--factory", factory), ("--buyer", buyer), ("--scope", scope)].filter { $0.1 == nil }.map(\.0)
            if !missing.isEmpty { throw ValidationError("missing \(missing.joined(separator: ", ")) (or give --signed FILE, the consent the factory signed)") }
        }
    }

    func run() throws {
        if by.trimmingCharacters(in: .whitespaces).isEmpty {
            throw usage("--by is empty: say who \(signed == nil ? "at the factory gives consent" : "records the consent")")
        }
        let today = try repositoryToday(repositoryOptions)
        let consents = ConsentStore(store: AssessmentStore(repository: try repositoryOptions.repository()))
        if let signed {
            let consent = try refusing { () throws(ConsentSigningError) in
                try SignedConsent.read(
                    at: Repository.absolutePath(signed, relativeTo: Console.workingDirectory),
                    signatureAt: signature.map { Repository.absolutePath($0, relativeTo: Console.workingDirectory) })
            }
            let key = try locked(consents.store.repository) {
                try sharing {
                    try consents.grant(signed: consent, by: by, recorded: today, factory: try consents.factory(consent.statement.factory))
                }
            }
            Console.out("\(consent.statement.summary), signed with \(key.fingerprint): recorded\n")
            return
        }
        let scopes = try parseScopes(scope ?? "")
        let fromDate = try from.map { try parseDate($0, "--from") } ?? today
        let untilDate = try until.map { try parseDate($0, "--until") }
        try locked(consents.store.repository) {
            try sharing {
                let factory = try consents.factory(self.factory ?? "")
                try consents.grant(
                    .init(buyer: buyer ?? "", scope: scopes, from: fromDate, until: untilDate, by: by, recorded: today, evidence: evidence), factory: factory)
            }
        }
        Console.out(
            "\(buyer ?? "") may see \(scopes.map(\.rawValue).sorted().joined(separator: ", ")) of \(factory ?? "") from \(fromDate)\(untilDate.map { " until \($0)" } ?? " until revoked")\n"
        )
    }
}

struct ShareRevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "End a buyer's access from a day on (history is kept).")

    @Option(help: "The factory.") var factory: String
    @Option(help: "The buyer.") var buyer: String
    @Option(help: ArgumentHelp("First day without access (default: today).", valueName: "YYYY-MM-DD")) var at: String?
    @Option(help: "Who at the factory revokes (name, role).") var by: String
    @OptionGroup var repositoryOptions: RepositoryOptions

    func run() throws {
        let today = try repositoryToday(repositoryOptions)
        let atDate = try at.map { try parseDate($0, "--at") } ?? today
        if by.trimmingCharacters(in: .whitespaces).isEmpty { throw usage("--by is empty: say who at the factory revokes") }
        let consents = ConsentStore(store: AssessmentStore(repository: try repositoryOptions.repository()))
        try locked(consents.store.repository) {
            try sharing {
                let factory = try consents.factory(self.factory)
                try consents.revoke(.init(buyer: buyer, at: atDate, by: by, recorded: today), factory: factory)
            }
        }
        Console.out("\(buyer) may no longer see anything of \(factory) from \(atDate)\n")
    }
}

struct ShareListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Who may see what on a day, by factory or by buyer.",
        discussion: "Examples:\n  star share list --factory KH-0001\n  star share list --buyer northwind-retail --at 2026-06-30 --format json")

    @Option(help: "Only this factory.") var factory: String?
    @Option(help: "Only this buyer.") var buyer: String?
    @Option(help: ArgumentHelp("The day (default: today).", valueName: "YYYY-MM-DD")) var at: String?
    @Option(help: "text or json.") var format: ShowFormat = .text
    @OptionGroup var repositoryOptions: RepositoryOptions

    func validate() throws {
        if factory != nil, buyer != nil { throw ValidationError("give --factory or --buyer, not both") }
    }

    func run() throws {
        let day = try at.map { try parseDate($0, "--at") } ?? repositoryToday(repositoryOptions)
        let consents = ConsentStore(store: AssessmentStore(repository: try repositoryOptions.repository()))
        let rows: [(factory: String, buyer: String, scopes: [String])] = try sharing {
            if let buyer { _ = try consents.buyer(buyer) }
            let factories = try factory.map { [try consents.factory($0)] } ?? consents.store.context.factories.values.sorted { $0.id < $1.id }
            var rows: [(String, String, [String])] = []
            for factory in factories {
                let judged = try consents.judged(factory)
                for candidate in (buyer.map { [$0] } ?? consents.buyers.map(\.id)) {
                    let scopes = AccessPolicy.scopes(buyer: candidate, on: day, consents: judged)
                    if !scopes.isEmpty { rows.append((factory.id, candidate, scopes.map(\.rawValue).sorted())) }
                }
            }
            return rows
        }
        switch format {
        case .json:
            Console.out(
                CanonicalJSON.string(
                    .array(
                        rows.map {
                            .object([
                                "factory": .string($0.factory), "buyer": .string($0.buyer), "scopes": .array($0.scopes.map(JSONValue.string)),
                                "on": .string(day.description),
                            ])
                        })))
        case .text:
            Console.out(
                rows.isEmpty
                    ? "no consent in force on \(day)\n"
                    : rows.map { "\($0.factory)\t\($0.buyer)\t\($0.scopes.joined(separator: ","))" }.joined(separator: "\n") + "\n")
        }
    }
}

struct ShareExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a signed bundle of what one buyer may see today, and log it.",
        discussion: """
            The bundle holds, for each factory whose consent for this buyer is in force today: its registry \
            entry, its final valid records and the compiled questionnaires they pin (assessments), its plan \
            (plans), its progress report (reports); a manifest of every file with its size and sha256; and an \
            Ed25519 signature over the manifest. Every file is checked as 'star validate' checks it; what fails \
            (a link, a broken record, another factory's plan) stays behind and is named on stderr. The export is \
            logged in shares/<buyer>.yaml before the bundle appears at --out, never over an existing path.

            Keep the private key outside the repository, readable by you only (chmod 600).

            Example:
              star share export --buyer northwind-retail --out ~/bundles/northwind-2026-11 --key ~/.config/star/keys/bw-cambodia.key --by adv-sophea
            """
    )

    @Option(help: "The buyer.") var buyer: String
    @Option(help: ArgumentHelp("The bundle directory to create.", valueName: "dir")) var out: String
    @Option(help: ArgumentHelp("The private signing key (from 'star keys generate'), outside the repository.", valueName: "file")) var key: String
    @Option(help: "Who sends the bundle, for the access log.") var by: String
    @OptionGroup var repositoryOptions: RepositoryOptions

    func run() throws {
        if by.trimmingCharacters(in: .whitespaces).isEmpty { throw usage("--by is empty: say who sends the bundle") }
        let repository = try repositoryOptions.repository()
        let signingKey: Curve25519SigningKey
        do {
            signingKey = try SigningKeys.privateKey(at: Repository.absolutePath(key, relativeTo: Console.workingDirectory), outside: repository)
        } catch {
            throw usage(error.description)
        }
        let consents = ConsentStore(store: AssessmentStore(repository: repository))
        let directory = Repository.absolutePath(out, relativeTo: Console.workingDirectory)
        if FileStore.anythingAt(directory) {
            Console.error("error: \(out) already exists; a bundle is never written over anything")
            throw ExitStatus.cannotOverwrite
        }
        let today = try repository.today()
        // Held from reading the access log to appending to it: concurrent exports never lose an entry.
        let exported = try locked(repository) {
            try sharing { try ShareBundle.export(for: buyer, today: today, by: by, consents: consents, key: signingKey, to: directory) }
        }
        for leftover in exported.removedLeftovers {
            Console.error("note: removed \(leftover), the unfinished bundle of an interrupted export")
        }
        for omission in exported.omitted {
            Console.error("left out: \(omission)")
        }
        for factory in exported.factories {
            Console.out("\(factory.factory)\t\(factory.scopes.map(\.rawValue).joined(separator: ","))\t\(plural(factory.files, "file"))\n")
        }
        let leftOut = exported.omitted.isEmpty ? "" : ", \(exported.omitted.count) left out"
        Console.error(
            "wrote \(out): \(plural(exported.factories.count, "factory")), \(plural(exported.files, "file")), signed\(leftOut); logged in \(AccessLog.path(buyer: buyer))"
        )
    }
}

struct ShareVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a bundle offline: its signature and every file. What a buyer runs.",
        discussion: """
            Prints who the bundle was made for, on which day, and the factories it holds, each with the consent \
            that allows it: signed by the factory (with the key's fingerprint), or recorded by the programme \
            (with its evidence). Exit 0 when the bundle is exactly what was signed and a consent in it allows \
            the buyer every factory's data on the bundle's day; 1, with every modified, missing or extra file, \
            folder, link or special file and every factory no consent covers named, when not. With --buyer, a \
            bundle made for anyone else fails too; with --require-signed, a consent the factory did not sign.

            Example:
              star share verify northwind-2026-11 --key bw-cambodia.pub --buyer northwind-retail
            """
    )

    @Argument(help: "The bundle directory.") var bundle: String
    @Option(help: ArgumentHelp("The programme's public key (.pub).", valueName: "file")) var key: String
    @Option(help: "Fail unless the bundle was made for this buyer.") var buyer: String?
    @Flag(help: "Fail unless the factory itself signed the consent for each factory's data.") var requireSigned = false
    @Option(help: "text or json.") var format: ShowFormat = .text

    func run() throws {
        let publicKey: Curve25519VerifyingKey
        do {
            publicKey = try SigningKeys.publicKey(at: Repository.absolutePath(key, relativeTo: Console.workingDirectory))
        } catch {
            throw usage(error.description)
        }
        let directory = Repository.absolutePath(bundle, relativeTo: Console.workingDirectory)
        guard FileStore.isDirectory(directory) else { throw usage("\(bundle) is not a bundle directory") }
        let result = ShareBundle.verify(directory, key: publicKey, buyer: buyer, requireSigned: requireSigned)
        let consents = Dictionary(result.consents.map { ($0.factory, $0) }, uniquingKeysWith: { a, _ in a })
        switch format {
        case .json:
            var object: [String: JSONValue] = [
                "verified": .bool(result.isVerified),
                "problems": .array(
                    result.problems.map { p in
                        var o: [String: JSONValue] = ["kind": .string(p.kind.rawValue), "path": .string(p.path)]
                        if let detail = p.detail { o["detail"] = .string(detail) }
                        return .object(o)
                    }),
            ]
            if let manifest = result.manifest {
                object["buyer"] = .string(manifest.buyer)
                object["date"] = .string(manifest.date.description)
                object["factories"] = .array(
                    manifest.factories.map { factory in
                        var o: [String: JSONValue] = ["id": .string(factory.id), "scopes": .array(factory.scopes.map(JSONValue.string))]
                        if let consent = consents[factory.id] { o["consent"] = consentJSON(consent) }
                        return .object(o)
                    })
                object["files"] = .int(manifest.files.count)
            }
            Console.out(CanonicalJSON.string(.object(object)))
        case .text:
            if let manifest = result.manifest {
                Console.out(
                    "bundle for \(manifest.buyer), made on \(manifest.date): \(plural(manifest.factories.count, "factory")), \(plural(manifest.files.count, "file"))\n"
                )
                for factory in manifest.factories {
                    Console.out("  \(factory.id)\t\(factory.scopes.joined(separator: ","))\t\(consents[factory.id].map(consentText) ?? "")\n")
                }
            }
            for problem in result.problems {
                switch problem.kind {
                case .signature: Console.out("signature: the manifest does not match its signature with this key (changed, or signed by another key)\n")
                case .manifest: Console.out("manifest: \(problem.path) is not a valid bundle manifest\(problem.detail.map { " (\($0))" } ?? "")\n")
                case .consent: Console.out("consent: \(problem.path): \(problem.detail ?? "")\n")
                default: Console.out("\(problem.kind.rawValue): \(problem.path)\(problem.detail.map { " (\($0))" } ?? "")\n")
                }
            }
        }
        guard result.isVerified else {
            if format == .text { Console.error("\(bundle): NOT verified (\(plural(result.problems.count, "problem")))") }
            throw ExitStatus.findings
        }
        if format == .text { Console.out("\(bundle): verified: signature good, every file as signed, every factory's data allowed by its consent\n") }
    }

    /// What allows a factory's data, in one line.
    func consentText(_ c: ShareBundle.FactoryConsent) -> String {
        guard c.isCovered else { return "NOT covered: no valid consent for \(c.uncovered.map(\.rawValue).joined(separator: ","))" }
        var parts: [String] = []
        if !c.signed.isEmpty {
            parts.append("signed by the factory: " + c.signed.map { "key \($0.fingerprint), issued \($0.issued)" }.joined(separator: "; "))
        }
        if !c.recorded.isEmpty {
            parts.append("recorded consent, evidence: \(c.recorded.joined(separator: "; ")); not signed by the factory")
        }
        return parts.joined(separator: "; ")
    }

    func consentJSON(_ c: ShareBundle.FactoryConsent) -> JSONValue {
        .object([
            "covered": .bool(c.isCovered), "signed-by-factory": .bool(c.isSigned),
            "scopes": .array(c.scopes.map { .string($0.rawValue) }), "uncovered": .array(c.uncovered.map { .string($0.rawValue) }),
            "signatures": .array(
                c.signed.map {
                    .object([
                        "key": .string($0.fingerprint), "issued": .string($0.issued.description), "nonce": .string($0.nonce),
                        "scopes": .array($0.scopes.map { .string($0.rawValue) }),
                    ])
                }),
            "recorded-evidence": .array(c.recorded.map(JSONValue.string)), "reasons": .array(c.reasons.map(JSONValue.string)),
        ])
    }
}

struct ShareLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log", abstract: "Who received what, and when.")

    @Option(help: "Only this buyer.") var buyer: String?
    @Option(help: "Only exports that included this factory.") var factory: String?
    @Option(help: "text or json.") var format: ShowFormat = .text
    @OptionGroup var repositoryOptions: RepositoryOptions

    func run() throws {
        let repository = try repositoryOptions.repository()
        let buyers = BuyerRegistry(repository: repository).load().buyers.map(\.id)
        if let buyer, !buyers.contains(buyer) { throw usage(UnknownID.buyer(buyer, among: buyers)) }
        if let factory {
            let factories = FactoryRegistry(repository: repository).load().factories.map(\.id)
            if !factories.contains(factory) { throw usage(UnknownID.factory(factory, among: factories)) }
        }
        let log = AccessLog(repository: repository)
        var rows: [JSONValue] = []
        var lines: [String] = []
        for id in buyer.map({ [$0] }) ?? buyers {
            for entry in try log.exports(buyer: id) where factory == nil || entry.factories.contains(where: { $0.id == factory }) {
                rows.append(
                    .object([
                        "buyer": .string(id), "on": .string(entry.on.description), "by": .string(entry.by), "manifest": .string(entry.manifest),
                        "factories": .array(
                            entry.factories.map { .object(["id": .string($0.id), "scopes": .array($0.scopes.map(JSONValue.string)), "files": .int($0.files)]) }),
                    ]))
                lines.append(
                    "\(entry.on)\t\(id)\tby \(entry.by)\t" + entry.factories.map { "\($0.id) (\($0.scopes.joined(separator: ",")))" }.joined(separator: " ")
                        + "\t\(entry.manifest.prefix(19))…")
            }
        }
        switch format {
        case .json: Console.out(CanonicalJSON.string(.array(rows)))
        case .text: Console.out(lines.isEmpty ? "no exports logged\n" : lines.joined(separator: "\n") + "\n")
        }
    }
}

struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Signing keys for share bundles and consents.", subcommands: [Generate.self, Fingerprint.self])

    struct Fingerprint: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fingerprint", abstract: "Print a public key's fingerprint (SHA256:...), as ssh-keygen -l and 'star factory key list' show it.",
            discussion:
                "For a factory's HR manager and the advisor to compare, by phone, the key the advisor registered with the one the factory made.\n\nExample:\n  star keys fingerprint ~/.config/star/keys/angkor-hr.pub"
        )
        @Argument(help: ArgumentHelp("The public key: a star .pub file or an OpenSSH ssh-ed25519 .pub file.", valueName: "file")) var file: String

        func run() throws {
            let key = try refusing { () throws(ConsentSigningError) in
                try SSHPublicKey.read(at: Repository.absolutePath(file, relativeTo: Console.workingDirectory))
            }
            Console.out("\(key.fingerprint)\n")
        }
    }

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate", abstract: "Make an Ed25519 key pair: PREFIX.key (private) and PREFIX.pub (public).",
            discussion:
                "PREFIX.key is created readable by you only and must stay outside every repository (a prefix inside one is refused); give PREFIX.pub to buyers.\n\nExample:\n  star keys generate --out ~/.config/star/keys/bw-cambodia"
        )
        @Option(help: ArgumentHelp("Where to write the pair.", valueName: "prefix")) var out: String

        func run() throws {
            let prefix = Repository.absolutePath(out, relativeTo: Console.workingDirectory)
            do {
                _ = try SigningKeys.generate(prefix: prefix)
            } catch {
                Console.error("error: \(error)")
                throw ExitStatus.cannotOverwrite
            }
            Console.out("wrote \(out).key (private: keep it secret) and \(out).pub (public: give it to buyers)\n")
        }
    }
}
