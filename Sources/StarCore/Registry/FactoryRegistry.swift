import Foundation
import Yams

/// Reads and writes the factory registry under `factories/`.
public struct FactoryRegistry: Sendable {
    public let repository: Repository

    public init(repository: Repository) {
        self.repository = repository
    }

    /// Every factory, sorted by id, with the problems found in the files.
    public func load() -> (factories: [Factory], diagnostics: [Diagnostic]) {
        var factories: [Factory] = []
        var (files, diagnostics) = repository.yamlFiles(in: "factories")
        for (file, text) in files {
            let (factory, found) = Self.read(text, file: file)
            diagnostics += found
            if let factory { factories.append(factory) }
        }
        return (factories.sorted { $0.id < $1.id }, diagnostics)
    }

    public func factory(id: String) -> Factory? {
        load().factories.first { $0.id == id }
    }

    /// Reads one factory file; the file's place (`factories/<CC>/<id>.yaml`) must agree with its content.
    public static func read(_ text: String, file: String) -> (Factory?, [Diagnostic]) {
        let r = YAMLReader(file: file)
        guard let root = r.parse(text),
              let fields = r.fields(root, "a factory", allowed: ["star", "id", "name", "country", "industry", "workers", "os-id"],
                                    required: ["star", "id", "name", "country", "industry"]),
              let id = fields["id"].flatMap({ r.string($0, "id") }),
              let name = fields["name"].flatMap({ r.string($0, "name") }),
              let country = fields["country"].flatMap({ r.string($0, "country") }),
              let industry = fields["industry"].flatMap({ r.string($0, "industry") }) else { return (nil, r.diagnostics) }
        if let format = fields["star"].flatMap({ r.string($0, "star") }), format != Factory.format {
            r.error("unsupported-format", "unsupported format '\(format)'; this version of star reads '\(Factory.format)'", at: r.location(fields["star"]!))
        }
        var workers: Factory.Workers?
        if let node = fields["workers"], let w = r.fields(node, "workers", allowed: ["total", "women"], required: ["total"]),
           let total = w["total"].flatMap({ r.number($0, "total") }) {
            workers = Factory.Workers(total: Int(total), women: w["women"].flatMap { r.number($0, "women") }.map { Int($0) })
        }
        for problem in Factory.problems(id: id, name: name, country: country, industry: industry, workers: workers) {
            r.error("invalid-factory", problem, at: fields.location)
        }
        let expected = Factory.path(country: country, id: id)
        if file != expected {
            r.error("misplaced-file", "factory '\(id)' of \(country) belongs in \(expected)", at: fields.location)
        }
        let factory = Factory(id: id, name: name, country: country, industry: industry, workers: workers,
                              osID: fields["os-id"].flatMap { r.string($0, "os-id") })
        return (r.diagnostics.hasErrors ? nil : factory, r.diagnostics)
    }

    /// Adds a factory; refuses an id already registered (in any country) and never overwrites a file.
    public func add(_ factory: Factory) throws(RegistryError) {
        let problems = Factory.problems(id: factory.id, name: factory.name, country: factory.country, industry: factory.industry, workers: factory.workers)
        guard problems.isEmpty else { throw .invalid(problems) }
        if let existing = load().factories.first(where: { $0.id == factory.id }) {
            throw .duplicate("factory '\(factory.id)' is already registered (\(existing.path))")
        }
        do {
            try FileStore.write(CanonicalYAML.string(factory.json), to: repository.path(factory.path), policy: .createOnly)
        } catch {
            throw .repository(error)
        }
    }
}

public enum RegistryError: Error, Sendable, CustomStringConvertible {
    case invalid([String])
    case duplicate(String)
    case repository(RepositoryError)

    public var description: String {
        switch self {
        case .invalid(let problems): problems.joined(separator: "\n")
        case .duplicate(let message): message
        case .repository(let error): error.description
        }
    }
}
