/// Reads and writes the buyer registry under `buyers/`.
public struct BuyerRegistry: Sendable {
    public let repository: Repository

    public init(repository: Repository) {
        self.repository = repository
    }

    /// Every buyer, sorted by id, with the problems found in the files.
    public func load() -> (buyers: [Buyer], diagnostics: [Diagnostic]) {
        let (buyers, diagnostics) = RegistryFile.load("buyers", in: repository, read: Self.read)
        return (buyers.sorted { $0.id < $1.id }, diagnostics)
    }

    public func buyer(id: String) -> Buyer? {
        load().buyers.first { $0.id == id }
    }

    /// Reads one buyer file; the file's place (`buyers/<id>.yaml`) must agree with its content.
    public static func read(_ text: String, file: String) -> (Buyer?, [Diagnostic]) {
        let r = YAMLReader(file: file)
        guard let root = r.parse(text),
            let fields = r.fields(root, "a buyer", allowed: ["star", "id", "name", "country", "contact"], required: ["star", "id", "name"]),
            let id = fields["id"].flatMap({ r.string($0, "id") }),
            let name = fields["name"].flatMap({ r.string($0, "name") })
        else { return (nil, r.diagnostics) }
        RegistryFile.checkFormat(fields, expected: Buyer.format, with: r)
        let country = fields["country"].flatMap { r.string($0, "country") }
        let contact = fields["contact"].flatMap { r.string($0, "contact") }
        for problem in Buyer.problems(id: id, name: name, country: country, contact: contact) {
            r.error("invalid-buyer", problem, at: fields.location)
        }
        // Where a hostile id would lead is not worth printing: its own problem is reported above.
        let expected = Buyer.path(id: id)
        if Identifier.problem(with: id, as: .buyer) == nil, file != expected {
            r.error("misplaced-file", "buyer '\(id)' belongs in \(expected)", at: fields.location)
        }
        let buyer = Buyer(id: id, name: name, country: country, contact: contact)
        return (r.diagnostics.hasErrors ? nil : buyer, r.diagnostics)
    }

    /// Adds a buyer; refuses an id already registered and never overwrites a file.
    public func add(_ buyer: Buyer) throws(RegistryError) {
        let problems = Buyer.problems(id: buyer.id, name: buyer.name, country: buyer.country, contact: buyer.contact)
        guard problems.isEmpty else { throw .invalid(problems) }
        if load().buyers.contains(where: { $0.id == buyer.id }) {
            throw .duplicate("buyer '\(buyer.id)' is already registered (\(buyer.path))")
        }
        try RegistryFile.create(buyer.json, at: buyer.path, in: repository)
    }
}
