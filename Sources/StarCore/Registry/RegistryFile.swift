/// What the registries (factories, buyers) share: one YAML file per record, read with located diagnostics,
/// and created once in canonical form, never overwritten.
enum RegistryFile {
    /// Every record that `read` accepts from the YAML files under `folder`, with the problems found in all of them.
    /// The files are read on every core (a country team's registry holds thousands), the results kept in file order.
    static func load<Record: Sendable>(_ folder: String, in repository: Repository,
                                       read: @escaping @Sendable (_ text: String, _ file: String) -> (Record?, [Diagnostic])) -> (records: [Record], diagnostics: [Diagnostic]) {
        var records: [Record] = []
        var diagnostics: [Diagnostic] = []
        for (record, found) in self.read(files(folder, in: repository), in: repository, with: read) {
            diagnostics += found
            if let record { records.append(record) }
        }
        return (records, diagnostics)
    }

    /// The YAML files under `folder`, with their stat: paths relative to the repository.
    static func files(_ folder: String, in repository: Repository) -> [FileStore.ListedFile] {
        FileStore.walk(repository.path(folder), extensions: ["yaml", "yml"], statting: true).map { file in
            FileStore.ListedFile(path: folder + "/" + file.path, stat: file.stat)
        }
    }

    /// Each file read and parsed with `read`, on every core; results in the order of `files`.
    static func read<Record: Sendable>(_ files: [FileStore.ListedFile], in repository: Repository,
                                       with read: @escaping @Sendable (_ text: String, _ file: String) -> (Record?, [Diagnostic])) -> [(Record?, [Diagnostic])] {
        Parallel.map(count: files.count) { index in
            let file = files[index].path
            let path = repository.path(file)
            let bytes = files[index].stat.flatMap { FileStore.read(regularFile: path, size: Int($0.size)) }
            if let bytes, let text = String(validating: bytes, as: UTF8.self) { return read(text, file) }
            // Unreadable, or not UTF-8: the usual reading says which.
            do throws(RepositoryError) {
                return read(try FileStore.readText(path), file)
            } catch {
                guard case .io(_, let reason) = error else { return (nil, []) }
                return (nil, [.error("unreadable-file", "cannot read the file: \(reason)", at: SourceLocation(file: file))])
            }
        }
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
