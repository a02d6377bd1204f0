/// What the registries (factories, buyers) share: one YAML file per record, read with located diagnostics,
/// and created once in canonical form, never overwritten.
enum RegistryFile {
    /// Every record that `read` accepts from the YAML files under `folder`, with the problems found in all of them.
    /// The files are read on every core (a country team's registry holds thousands), the results kept in file order.
    static func load<Record: Sendable>(_ folder: String, in repository: Repository,
                                       read: @escaping @Sendable (_ text: String, _ file: String) -> (Record?, [Diagnostic])) -> (records: [Record], diagnostics: [Diagnostic]) {
        var records: [Record] = []
        var (files, diagnostics) = repository.yamlFiles(in: folder)
        for (record, found) in Parallel.map(count: files.count, { [files] in read(files[$0].text, files[$0].path) }) {
            diagnostics += found
            if let record { records.append(record) }
        }
        return (records, diagnostics)
    }

    /// Reports a `star:` format other than the one this version of star reads.
    static func checkFormat(_ fields: YAMLFields, expected: String, with r: YAMLReader) {
        if let node = fields["star"], let format = r.string(node, "star"), format != expected {
            r.error("unsupported-format", "unsupported format '\(format)'; this version of star reads '\(expected)'", at: r.location(node))
        }
    }

    /// Writes a new record file; an existing file with other content is never overwritten.
    static func create(_ record: JSONValue, at path: String, in repository: Repository) throws(RegistryError) {
        do {
            try FileStore.write(CanonicalYAML.string(record), to: repository.path(path), policy: .createOnly)
        } catch {
            throw .repository(error)
        }
    }
}
