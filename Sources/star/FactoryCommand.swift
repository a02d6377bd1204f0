import ArgumentParser
import StarCore

struct FactoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "factory",
        abstract: "Register factories and look them up.",
        discussion: "Each factory is one file, factories/<CC>/<id>.yaml, so two teams adding factories never touch the same file.",
        subcommands: [FactoryAddCommand.self, FactoryListCommand.self, FactoryShowCommand.self, FactoryKeyCommand.self]
    )
}

struct FactoryAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Register a factory.",
        discussion: """
            Example:
              star factory add KH-0001 --name "Angkor Apparel" --country KH --industry garment --workers 1200 --women 960
            """
    )

    @Argument(help: "The factory id: letters, digits, '-', '_' and '.' (it becomes a file name).")
    var id: String
    @Option(help: "The factory's name.") var name: String
    @Option(help: "ISO 3166-1 alpha-2 country code, e.g. KH.") var country: String
    @Option(help: "Industry, e.g. garment.") var industry: String
    @Option(help: "Number of workers.") var workers: Int?
    @Option(help: "Of whom women (needs --workers).") var women: Int?
    @Option(name: .customLong("os-id"), help: "Open Supply Hub OS ID.") var osID: String?
    @OptionGroup var repositoryOptions: RepositoryOptions

    func validate() throws {
        if women != nil, workers == nil { throw ValidationError("--women needs --workers") }
    }

    func run() throws {
        let repository = try repositoryOptions.repository()
        let factory = Factory(
            id: id, name: name, country: country, industry: industry,
            workers: workers.map { Factory.Workers(total: $0, women: women) }, osID: osID)
        // The check for a duplicate id (in any country) and the creation, as one step among concurrent commands.
        try locked(repository) { try FactoryRegistry(repository: repository).add(factory) }
        Console.out("registered \(factory.id) in \(factory.path)\n")
    }
}

struct FactoryListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List registered factories.")

    @Option(help: ArgumentHelp("Only factories of these countries (comma-separated codes).", valueName: "CC[,CC]")) var country: FilterList?
    @Option(help: "text or json.") var format: ShowFormat = .text
    @OptionGroup var repositoryOptions: RepositoryOptions

    func run() throws {
        let repository = try repositoryOptions.repository()
        let (all, diagnostics) = FactoryRegistry(repository: repository).load()
        let countries = try country?.checked(option: "--country", known: Set(all.map(\.country)), what: "countries of the registered factories")
        let factories = all.filter { countries?.contains($0.country) ?? true }
        if !diagnostics.isEmpty { Console.error(DiagnosticRenderer.render(diagnostics, as: .text)) }
        switch format {
        case .json:
            Console.out(CanonicalJSON.string(.array(factories.map(\.json))))
        case .text:
            for factory in factories {
                let workers = factory.workers.map { "\($0.total) workers" } ?? ""
                Console.out("\(factory.id)\t\(factory.country)\t\(factory.industry)\t\(factory.name)\t\(workers)\n")
            }
            if factories.isEmpty { Console.error("no factories registered\(country.map { " in \($0.values.joined(separator: ", "))" } ?? "")") }
        }
        if diagnostics.hasErrors { throw ExitStatus.findings }
    }
}

struct FactoryShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one factory.")

    @Argument(help: "The factory id.") var id: String
    @Option(help: "text or json.") var format: ShowFormat = .text
    @OptionGroup var repositoryOptions: RepositoryOptions

    func run() throws {
        let repository = try repositoryOptions.repository()
        let registry = FactoryRegistry(repository: repository)
        guard let factory = registry.factory(id: id) else {
            throw usage(UnknownID.factory(id, among: registry.load().factories.map(\.id)))
        }
        switch format {
        case .json: Console.out(CanonicalJSON.string(factory.json))
        case .text:
            var lines = ["\(factory.id): \(factory.name)", "country: \(factory.country)", "industry: \(factory.industry)"]
            if let workers = factory.workers {
                lines.append("workers: \(workers.total)" + (workers.women.map { " (\($0) women)" } ?? ""))
            }
            if let osID = factory.osID { lines.append("OS ID: \(osID)") }
            lines.append("file: \(factory.path)")
            Console.out(lines.joined(separator: "\n") + "\n")
        }
    }
}
