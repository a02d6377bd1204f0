import Yams

/// Reads and changes the keys of a factory in its registry file. A change rewrites the file atomically
/// (FileStore.write), every other field as it was, in canonical form.
public struct FactoryKeyStore: Sendable {
    public let repository: Repository

    public init(repository: Repository) {
        self.repository = repository
    }

    /// The factory registered as `id` (without errors in its file) and its keys.
    public func keys(of id: String) throws(ConsentSigningError) -> (factory: Factory, keys: FactoryKeys) {
        let (factories, diagnostics) = FactoryRegistry(repository: repository).load()
        guard let factory = factories.first(where: { $0.id == id }) else {
            // A file with errors is left out of the registry: say so rather than "not registered".
            if let broken = diagnostics.first(where: { $0.severity == .error && $0.location.file.hasSuffix("/\(id).yaml") }) {
                throw ConsentSigningError("\(broken.location.file) has errors; fix it first: \(broken.message)")
            }
            throw ConsentSigningError(UnknownID.factory(id, among: factories.map(\.id)))
        }
        return (factory, try keys(of: factory))
    }

    /// The keys in the registry file of `factory`, read through the one reader; refused when the file has errors.
    public func keys(of factory: Factory) throws(ConsentSigningError) -> FactoryKeys {
        let text: String
        do { text = try repository.readText(factory.path, limit: FileStore.Limit.document) } catch { throw ConsentSigningError(error.description) }
        let r = YAMLReader(file: factory.path)
        guard let root = r.parse(text), let fields = r.fields(root, "a factory", allowed: FactoryRegistry.allowedKeys) else {
            throw ConsentSigningError("\(factory.path) has errors")
        }
        let keys = fields["keys"].map { FactoryKeys.read($0, factory: factory.id, with: r) } ?? FactoryKeys(factory: factory.id)
        if let error = r.diagnostics.first(where: { $0.severity == .error }) {
            throw ConsentSigningError("\(factory.path) has errors; fix it first: \(error.message)")
        }
        return keys
    }

    /// Registers `publicKey` for the factory `id` on `day`.
    @discardableResult
    public func add(_ publicKey: SSHPublicKey, to id: String, on day: CalendarDate, by: String) throws(ConsentSigningError) -> FactoryKey {
        var (factory, keys) = try keys(of: id)
        let key = try keys.add(publicKey, on: day, by: by)
        try save(keys, of: factory)
        return key
    }

    /// Retires the key with `fingerprint` of the factory `id` from `day` on.
    @discardableResult
    public func retire(fingerprint: String, of id: String, on day: CalendarDate, by: String) throws(ConsentSigningError) -> FactoryKey {
        var (factory, keys) = try keys(of: id)
        let key = try keys.retire(fingerprint: fingerprint, on: day, by: by)
        try save(keys, of: factory)
        return key
    }

    func save(_ keys: FactoryKeys, of factory: Factory) throws(ConsentSigningError) {
        guard case .object(var fields) = factory.json else { return }
        if !keys.keys.isEmpty { fields["keys"] = keys.json }
        do {
            try FileStore.write(CanonicalYAML.string(.object(fields)), to: repository.path(factory.path))
        } catch {
            throw ConsentSigningError(error.description)
        }
    }
}
