import ArgumentParser
import StarCore

struct BuyerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "buyer",
        abstract: "Register buyers and look them up.",
        discussion: "Each buyer is one file, buyers/<id>.yaml; consents name buyers by this id.",
        subcommands: [BuyerAddCommand.self, BuyerListCommand.self, BuyerShowCommand.self]
    )
}

struct BuyerAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Register a buyer.",
        discussion: """
            Example:
              star buyer add nordwear --name "Nordwear AB" --country SE --contact "Berg"
            """
    )

    @Argument(help: "The buyer id: letters, digits, '-', '_' and '.' (it becomes a file name).")
    var id: String
    @Option(help: "The buyer's name.") var name: String
    @Option(help: "Head office: ISO 3166-1 alpha-2 country code, e.g. SE.") var country: String?
    @Option(help: "Who to contact, as free text (a name, an e-mail address).") var contact: String?
    @OptionGroup var repositoryOptions: RepositoryOptions

    func run() throws {
        let repository = try repositoryOptions.repository()
        let buyer = Buyer(id: id, name: name, country: country, contact: contact)
        // The check for a duplicate id (in any country) and the creation, as one step among concurrent commands.
        try locked(repository) { try BuyerRegistry(repository: repository).add(buyer) }
        Console.out("registered \(buyer.id) in \(buyer.path)\n")
    }
}

struct BuyerListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List registered buyers.")

    @Option(help: "text or json.") var format: ShowFormat = .text
    @OptionGroup var repositoryOptions: RepositoryOptions

    func run() throws {
        let repository = try repositoryOptions.repository()
        let (buyers, diagnostics) = BuyerRegistry(repository: repository).load()
        if !diagnostics.isEmpty { Console.error(DiagnosticRenderer.render(diagnostics, as: .text)) }
        switch format {
        case .json:
            Console.out(CanonicalJSON.string(.array(buyers.map(\.json))))
        case .text:
            for buyer in buyers {
                Console.out("\(buyer.id)\t\(buyer.country ?? "")\t\(buyer.name)\n")
            }
            if buyers.isEmpty { Console.error("no buyers registered") }
        }
        if diagnostics.hasErrors { throw ExitStatus.findings }
    }
}

struct BuyerShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one buyer.")

    @Argument(help: "The buyer id.") var id: String
    @Option(help: "text or json.") var format: ShowFormat = .text
    @OptionGroup var repositoryOptions: RepositoryOptions

    func run() throws {
        let repository = try repositoryOptions.repository()
        let registry = BuyerRegistry(repository: repository)
        guard let buyer = registry.buyer(id: id) else {
            throw usage(UnknownID.buyer(id, among: registry.load().buyers.map(\.id)))
        }
        switch format {
        case .json: Console.out(CanonicalJSON.string(buyer.json))
        case .text:
            var lines = ["\(buyer.id): \(buyer.name)"]
            if let country = buyer.country { lines.append("country: \(country)") }
            if let contact = buyer.contact { lines.append("contact: \(contact)") }
            lines.append("file: \(buyer.path)")
            Console.out(lines.joined(separator: "\n") + "\n")
        }
    }
}
