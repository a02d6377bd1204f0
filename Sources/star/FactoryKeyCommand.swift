import ArgumentParser
import StarCore

struct FactoryKeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Register, retire and list a factory's public keys (the keys its consents are signed with).",
        discussion: """
            A factory signs its consents with its own Ed25519 key: an OpenSSH key (ssh-keygen -t ed25519) or one \
            from 'star keys generate'. Its public key is registered in the factory's file; a key is never removed \
            or replaced, only retired, and the history stays. See docs/consent-signing.md.

            Examples:
              star factory key add KH-0001 --public angkor-hr.pub --by "adv-sophea, received from Sok Dara on 2026-11-20"
              star factory key list KH-0001
              star factory key retire KH-0001 --fingerprint SHA256:3QNt4xJm4m3QQTEc1F3zLIMs/Fe793VgxrN4S2WC8CU --by adv-sophea
            """,
        subcommands: [Add.self, Retire.self, List.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Register a factory's public key (from today).")

        @Argument(help: "The factory id.") var factory: String
        @Option(name: .customLong("public"), help: ArgumentHelp("The public key: an OpenSSH ssh-ed25519 .pub file, or a star .pub file.", valueName: "file"))
        var publicKey: String
        @Option(help: "Who registers the key (and how it was received).") var by: String
        @OptionGroup var repositoryOptions: RepositoryOptions

        func run() throws {
            let repository = try repositoryOptions.repository()
            let key = try refusing { () throws(ConsentSigningError) in
                let publicKey = try SSHPublicKey.read(at: Repository.absolutePath(self.publicKey, relativeTo: Console.workingDirectory))
                return try FactoryKeyStore(repository: repository).add(publicKey, to: factory, on: .today, by: by)
            }
            Console.out("registered key \(key.fingerprint) for \(factory) from \(key.added)\n")
        }
    }

    struct Retire: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retire", abstract: "Retire a factory's key from today: it signs nothing issued from today on.",
            discussion: "Consents signed with the key before today keep their value. Retire a key that is lost, stolen, or replaced by a new one.")

        @Argument(help: "The factory id.") var factory: String
        @Option(help: ArgumentHelp("The key's fingerprint, as 'star factory key list' prints it.", valueName: "SHA256:...")) var fingerprint: String
        @Option(help: "Who retires the key.") var by: String
        @OptionGroup var repositoryOptions: RepositoryOptions

        func run() throws {
            let repository = try repositoryOptions.repository()
            let key = try refusing { () throws(ConsentSigningError) in
                try FactoryKeyStore(repository: repository).retire(fingerprint: fingerprint, of: factory, on: .today, by: by)
            }
            Console.out("retired key \(key.fingerprint) of \(factory) from \(key.retired!)\n")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "A factory's keys, in force and retired, oldest first.")

        @Argument(help: "The factory id.") var factory: String
        @Option(help: "text or json.") var format: ShowFormat = .text
        @OptionGroup var repositoryOptions: RepositoryOptions

        func run() throws {
            let repository = try repositoryOptions.repository()
            let keys = try refusing { () throws(ConsentSigningError) in try FactoryKeyStore(repository: repository).keys(of: factory).keys }
            switch format {
            case .json:
                Console.out(CanonicalJSON.string(.array(keys.keys.map(\.json))))
            case .text:
                if keys.keys.isEmpty { Console.error("\(factory) has no key registered; 'star factory key add' registers one") }
                for key in keys.keys {
                    let state = key.retired.map { "retired \($0) by \(key.retiredBy ?? "")" } ?? "in force"
                    Console.out("\(key.fingerprint)\t\(state)\tadded \(key.added) by \(key.by)\n")
                }
            }
        }
    }
}

/// Runs a step that may be refused (a key, a signature, a statement), printing the reason as a usage error.
func refusing<T>(_ body: () throws(ConsentSigningError) -> T) throws -> T {
    do throws(ConsentSigningError) {
        return try body()
    } catch {
        throw usage(error.description)
    }
}
