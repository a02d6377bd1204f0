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
        let (factories, diagnostics) = RegistryFile.load("factories", in: repository, read: Self.read)
        return (factories.sorted { $0.id < $1.id }, diagnostics)
    }

    public func factory(id: String) -> Factory? {
        load().factories.first { $0.id == id }
    }

    /// The keys of a factory file; `keys` (the factory's public keys) is read by FactoryKeys.
    static let allowedKeys = ["star", "id", "name", "country", "industry", "workers", "os-id", "keys"]

    /// Reads one factory file; the file's place (`factories/<CC>/<id>.yaml`) must agree with its content.
    public static func read(_ text: String, file: String) -> (Factory?, [Diagnostic]) {
        if let factory = readCanonical(text, file: file) { return (factory, []) }
        let r = YAMLReader(file: file)
        guard let root = r.parse(text),
            let fields = r.fields(
                root, "a factory", allowed: allowedKeys,
                required: ["star", "id", "name", "country", "industry"]),
            let id = fields["id"].flatMap({ r.string($0, "id") }),
            let name = fields["name"].flatMap({ r.string($0, "name") }),
            let country = fields["country"].flatMap({ r.string($0, "country") }),
            let industry = fields["industry"].flatMap({ r.string($0, "industry") })
        else { return (nil, r.diagnostics) }
        RegistryFile.checkFormat(fields, expected: Factory.format, with: r)
        var workers: Factory.Workers?
        if let node = fields["workers"], let w = r.fields(node, "workers", allowed: ["total", "women"], required: ["total"]),
            let total = w["total"].flatMap({ count($0, "total", with: r) })
        {
            workers = Factory.Workers(total: total, women: w["women"].flatMap { count($0, "women", with: r) })
        }
        let osID = fields["os-id"].flatMap { r.string($0, "os-id") }
        // Only checked here: a factory whose keys are broken is a factory file with errors.
        if let node = fields["keys"] { _ = FactoryKeys.read(node, factory: id, with: r) }
        for problem in Factory.problems(id: id, name: name, country: country, industry: industry, workers: workers, osID: osID) {
            r.error("invalid-factory", problem, at: fields.location)
        }
        // Where a hostile id or country would lead is not worth printing: its own problem is reported above.
        let expected = Factory.path(country: country, id: id)
        if Identifier.problem(with: id, as: .factory) == nil, Identifier.isCountryCode(country), file != expected {
            r.error("misplaced-file", "factory '\(id)' of \(country) belongs in \(expected)", at: fields.location)
        }
        let factory = Factory(id: id, name: name, country: country, industry: industry, workers: workers, osID: osID)
        return (r.diagnostics.hasErrors ? nil : factory, r.diagnostics)
    }

    /// A factory file exactly as star writes it (CanonicalYAML: keys in order, every string double-quoted
    /// printable ASCII without escapes, counts as plain digits), in its place and without a problem, read
    /// without Yams: YAML reads such a file as written, so the factory is the one `read` would find. nil for
    /// any other file, which `read` reads the general way. `star validate` reads thousands of factory files,
    /// and Yams took most of that time.
    static func readCanonical(_ text: String, file: String) -> Factory? {
        var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)[...]
        guard lines.last?.isEmpty == true else { return nil }
        lines.removeLast()
        func quoted(_ key: String) -> String? {
            guard let line = lines.first, line.starts(with: (key + ": \"").utf8), line.last == UInt8(ascii: "\"") else { return nil }
            let value = line.dropFirst(key.utf8.count + 3).dropLast()
            guard value.allSatisfy({ 0x20 <= $0 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }),
                value.contains(where: { $0 != UInt8(ascii: " ") })
            else { return nil }
            lines.removeFirst()
            return String(decoding: value, as: UTF8.self)
        }
        func count(_ key: String) -> Int? {
            guard let line = lines.first, line.starts(with: ("  " + key + ": ").utf8) else { return nil }
            let digits = line.dropFirst(key.utf8.count + 4)
            guard (1...15).contains(digits.count), digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
                digits.first != UInt8(ascii: "0") || digits.count == 1
            else { return nil }
            lines.removeFirst()
            return Int(String(decoding: digits, as: UTF8.self))
        }
        guard let country = quoted("country"), let id = quoted("id"), let industry = quoted("industry"), let name = quoted("name") else { return nil }
        let osID = quoted("os-id")
        guard quoted("star") == Factory.format else { return nil }
        var workers: Factory.Workers?
        if lines.first?.elementsEqual("workers:".utf8) == true {
            lines.removeFirst()
            guard let total = count("total") else { return nil }
            workers = Factory.Workers(total: total, women: count("women"))
        }
        guard lines.isEmpty, Factory.problems(id: id, name: name, country: country, industry: industry, workers: workers, osID: osID).isEmpty,
            file == Factory.path(country: country, id: id)
        else { return nil }
        return Factory(id: id, name: name, country: country, industry: industry, workers: workers, osID: osID)
    }

    /// A number of people: `12.5` or `1e300` is reported, never rounded or left to overflow.
    private static func count(_ node: Node, _ what: String, with r: YAMLReader) -> Int? {
        guard let value = r.number(node, what) else { return nil }
        guard let count = Int(exactly: value) else {
            r.error("wrong-type", "\(what) must be a whole number, found \(r.describe(node))", at: r.location(node))
            return nil
        }
        return count
    }

    /// Adds a factory; refuses an id already registered (in any country) and never overwrites a file.
    public func add(_ factory: Factory) throws(RegistryError) {
        let problems = Factory.problems(
            id: factory.id, name: factory.name, country: factory.country, industry: factory.industry,
            workers: factory.workers, osID: factory.osID)
        guard problems.isEmpty else { throw .invalid(problems) }
        if let existing = load().factories.first(where: { $0.id == factory.id }) {
            throw .duplicate("factory '\(factory.id)' is already registered (\(existing.path))")
        }
        try RegistryFile.create(factory.json, at: factory.path, in: repository)
    }
}
