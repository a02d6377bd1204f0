/// What the registries (factories, buyers) share: one YAML file per record, read with located diagnostics,
/// and created once in canonical form, never overwritten.
enum RegistryFile {
    /// Every record that `read` accepts from the YAML files under `folder`, with the problems found in all of them.
    /// The files are read on every core (a country team's registry holds thousands), the results kept in file order.
    static func load<Record: Sendable>(
        _ folder: String, in repository: Repository,
        read: @escaping @Sendable (_ text: String, _ file: String) -> (Record?, [Diagnostic])
    ) -> (records: [Record], diagnostics: [Diagnostic]) {
        var records: [Record] = []
        var diagnostics: [Diagnostic] = []
        for (record, found) in self.read(repository.yamlFileList(in: folder), in: repository, with: read) {
            diagnostics += found
            if let record { records.append(record) }
        }
        return (records, diagnostics)
    }

    /// Each file read and parsed with `read` on the same core, every core busy; results in the order of `files`.
    static func read<Record: Sendable>(
        _ files: [FileStore.ListedFile], in repository: Repository,
        with read: @escaping @Sendable (_ text: String, _ file: String) -> (Record?, [Diagnostic])
    ) -> [(Record?, [Diagnostic])] {
        readStatting(files, in: repository, with: read).map { ($0.0, $0.1) }
    }

    /// The same, with each file's stat (Repository.text(of:from:)).
    static func readStatting<Record: Sendable>(
        _ files: [FileStore.ListedFile], in repository: Repository,
        with read: @escaping @Sendable (_ text: String, _ file: String) -> (Record?, [Diagnostic])
    ) -> [(Record?, [Diagnostic], FileStat?)] {
        let folders = OpenedFolders(foldersOf: files.map(\.path), in: repository)
        return Parallel.map(count: files.count) { index in
            let (text, stat, found) = repository.text(of: files[index], from: folders)
            guard let text else { return (nil, found, stat) }
            let (record, diagnostics) = read(text, files[index].path)
            return (record, diagnostics, stat)
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
