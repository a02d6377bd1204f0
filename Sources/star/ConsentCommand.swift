import ArgumentParser
import Foundation
import StarCore

struct ConsentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consent",
        abstract: "Consents the factory signs: write the statement, sign it, check a signed consent.",
        discussion: """
            A factory approves a buyer by signing a consent statement with its own key, on its own machine: with \
            'star consent sign', or with ssh-keygen on the file 'star consent statement' writes. The country team \
            checks it against the factory's registered keys with 'star consent check'. See docs/consent-signing.md.

            Examples:
              star consent statement --factory KH-0001 --buyer northwind-retail --scope assessments,plans --from 2027-01-01 --until 2027-12-31 --out consent.txt
              ssh-keygen -Y sign -f ~/.ssh/id_ed25519 -n star-consent consent.txt      # writes consent.txt.sig
              cat consent.txt consent.txt.sig > consent.sig
              star consent sign --factory KH-0001 --buyer northwind-retail --scope assessments,plans --from 2027-01-01 --key angkor-hr.key --out consent.sig
              star consent check consent.sig
            """,
        subcommands: [ConsentStatementCommand.self, ConsentSignCommand.self, ConsentCheckCommand.self]
    )
}

/// What a consent says, as options; shared by `statement` and `sign`.
struct ConsentOptions: ParsableArguments {
    @Option(help: "The factory giving consent.") var factory: String
    @Option(help: "The buyer receiving it.") var buyer: String
    @Option(help: ArgumentHelp("What the buyer may see.", valueName: "assessments,plans,reports")) var scope: String
    @Option(help: ArgumentHelp("First day of access.", valueName: "YYYY-MM-DD")) var from: String
    @Option(help: ArgumentHelp("Last day of access, inclusive (default: until revoked).", valueName: "YYYY-MM-DD")) var until: String?
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The repository, to check that the factory and buyer are registered. Default: found by walking up from the current directory; without one, the ids are not checked.",
            valueName: "dir"))
    var root: String?

    /// A statement issued today with a fresh nonce. The factory and buyer are checked against the registry when a
    /// repository is at hand: a mistyped buyer would make the signature worthless.
    func statement(in repository: Repository?) throws -> ConsentStatement {
        let scopes = try parseScopes(scope)
        let fromDate = try parseDate(from, "--from")
        let untilDate = try until.map { try parseDate($0, "--until") }
        if let repository {
            let factories = FactoryRegistry(repository: repository).load().factories.map(\.id)
            if !factories.contains(factory) { throw usage(UnknownID.factory(factory, among: factories)) }
            let buyers = BuyerRegistry(repository: repository).load().buyers.map(\.id)
            if !buyers.contains(buyer) { throw usage(UnknownID.buyer(buyer, among: buyers)) }
        } else {
            Console.error("note: no star repository here, so \(factory) and \(buyer) were not checked against the registry")
        }
        return try refusing { () throws(ConsentSigningError) in
            try ConsentStatement(factory: factory, buyer: buyer, scope: scopes, from: fromDate, until: untilDate, issued: .today)
        }
    }
}

extension ConsentOptions {
    /// The repository of --root, or the one around the current directory, or none: a factory signs on its own
    /// machine, where there may be no repository.
    func repository() throws -> Repository? {
        if let root { return try Repository.discover(from: Console.workingDirectory, explicitRoot: root) }
        return try? Repository.discover(from: Console.workingDirectory)
    }
}

/// Writes `text` to the file the user named, never over an existing file.
private func writeNew(_ text: String, to out: String) throws {
    do throws(RepositoryError) {
        try FileStore.write(text, to: Repository.absolutePath(out, relativeTo: Console.workingDirectory), policy: .createOnly)
    } catch {
        if case .alreadyExists = error {
            Console.error("error: \(out) already exists; choose another --out (a consent file is never overwritten)")
        } else {
            Console.error("error: \(error)")
        }
        throw ExitStatus.code(for: error)
    }
}

struct ConsentStatementCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statement",
        abstract: "Write the consent statement for the factory to sign (with ssh-keygen, or send it to the factory).",
        discussion: """
            The statement is issued today, with a fresh random nonce. Sign the file as it is, without opening it in \
            an editor that could change a byte:
              ssh-keygen -Y sign -f ~/.ssh/id_ed25519 -n star-consent consent.txt
            """
    )

    @OptionGroup var consent: ConsentOptions
    @Option(help: ArgumentHelp("The statement file to create.", valueName: "file")) var out: String

    func run() throws {
        let statement = try consent.statement(in: consent.repository())
        try writeNew(statement.text, to: out)
        Console.out("wrote \(out): \(statement.summary)\n")
        Console.error("sign it with: ssh-keygen -Y sign -f YOUR_KEY -n \(ConsentStatement.namespace) \(out)")
    }
}

struct ConsentSignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign a consent with the factory's private key: one file, the statement and its signature.",
        discussion: """
            The key is the factory's .key file from 'star keys generate': a regular file (not a link), readable by \
            its owner only (chmod 600), outside every repository. Its .pub file is what the country team registers \
            with 'star factory key add'.
            """
    )

    @OptionGroup var consent: ConsentOptions
    @Option(help: ArgumentHelp("The factory's private key (from 'star keys generate').", valueName: "file")) var key: String
    @Option(help: ArgumentHelp("The signed consent file to create.", valueName: "file")) var out: String

    func run() throws {
        let repository = try consent.repository()
        let statement = try consent.statement(in: repository)
        let signingKey: Curve25519SigningKey
        do {
            signingKey = try SigningKeys.privateKey(at: Repository.absolutePath(key, relativeTo: Console.workingDirectory), outside: repository)
        } catch {
            throw usage(error.description)
        }
        let signed = SignedConsent.sign(statement, with: signingKey)
        try writeNew(signed.text, to: out)
        Console.out("wrote \(out): \(statement.summary), signed with \(signed.signature.publicKey.fingerprint)\n")
    }
}

struct ConsentCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a signed consent against the factory's registered keys: which key signed it, or why it fails.",
        discussion: """
            FILE is the statement followed by its signature (what 'star consent sign' writes), or, with --signature, \
            the bare statement and the .sig file ssh-keygen wrote. The key must be registered for the factory the \
            statement names and in force on the day the statement was issued and today. Exit 0 when the consent is \
            valid, 1 when not.
            """
    )

    @Argument(help: "The signed consent file.") var file: String
    @Option(help: ArgumentHelp("The signature, when it is kept apart from the statement (ssh-keygen's FILE.sig).", valueName: "file")) var signature: String?
    @OptionGroup var repositoryOptions: RepositoryOptions

    func run() throws {
        let repository = try repositoryOptions.repository()
        let signed = try refusing { () throws(ConsentSigningError) in
            try SignedConsent.read(
                at: Repository.absolutePath(file, relativeTo: Console.workingDirectory),
                signatureAt: signature.map { Repository.absolutePath($0, relativeTo: Console.workingDirectory) })
        }
        let keys = try refusing { () throws(ConsentSigningError) in try FactoryKeyStore(repository: repository).keys(of: signed.statement.factory).keys }
        let buyers = BuyerRegistry(repository: repository).load().buyers.map(\.id)
        Console.out("\(signed.statement.summary) (issued \(signed.statement.issued), nonce \(signed.statement.nonce))\n")
        switch signed.verify(keys: keys, recorded: .today) {
        case .success(let key):
            if !buyers.contains(signed.statement.buyer) {
                Console.error("error: \(file): the signature is good, but \(UnknownID.buyer(signed.statement.buyer, among: buyers))")
                throw ExitStatus.findings
            }
            Console.out("\(file): valid: signed with \(signed.statement.factory)'s key \(key.fingerprint) (added \(key.added) by \(key.by))\n")
        case .failure(let refusal):
            Console.error("error: \(file): NOT valid: \(refusal)")
            throw ExitStatus.findings
        }
    }
}
