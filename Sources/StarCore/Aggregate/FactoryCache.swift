/// The factory registry as `star aggregate` last read it, in `.star/cache/factories`: on a warm run,
/// reading 5,000 factory files cost more than everything else. Validated as RecordIndex validates records
/// (every file's stat compared, racily clean entries read again, a checksum over the whole). Only factories
/// read without any diagnostic are kept, so a cached registry hides nothing the files would say.
enum FactoryCache {
    static let path = ".star/cache/factories"
    static let magic = "star-factory-cache-1"

    /// What FactoryRegistry.load gives, with how many factory files were read (the rest came from the cache)
    /// and every file and folder listed, with its stat (AnswerCache.Inputs).
    struct Loaded {
        var factories: [Factory]
        var diagnostics: [Diagnostic]
        var readCount: Int
        var inputs: AnswerCache.Inputs?
        /// Brings the cache up to date, when it is not: the caller runs it alongside other work.
        var pendingWrite: (@Sendable () -> Void)?
    }

    /// The factory registry, from the cache where it is valid (when `readingCache`); the cache is then brought
    /// up to date (or left to `pendingWrite`).
    /// - Parameter deferringWrite: leave the cache's write to the caller (`pendingWrite`).
    static func load(_ repository: Repository, readingCache: Bool = true, deferringWrite: Bool = false) -> Loaded {
        let cacheFile = repository.path(path)
        let (cached, writtenAt) = readingCache ? read(cacheFile) : ([], nil)
        // Files are stat'ed as they are read, unless there are cached entries that a stat must vouch for first.
        var (files, walk) = repository.listing(in: "factories", extensions: ["yaml", "yml"], statsOfFiles: !cached.isEmpty)
        var results = [(Factory?, [Diagnostic])?](repeating: nil, count: files.count)
        var stale: [Int] = []
        // Both in path order: a merge, not a dictionary of 100,000 entries (46 MB) to look each file up in.
        var next = 0
        for (index, file) in files.enumerated() {
            while next < cached.count, cached[next].file < file.path { next += 1 }
            if next < cached.count, let stat = file.stat, cached[next].file == file.path, cached[next].stat == stat, !stat.isRacy(comparedTo: writtenAt) {
                results[index] = (cached[next].factory, [])
            } else {
                stale.append(index)
            }
        }
        for (slot, (factory, found, stat)) in RegistryFile.readStatting(stale.map { files[$0] }, in: repository, with: FactoryRegistry.read).enumerated() {
            let index = stale[slot]
            results[index] = (factory, found)
            if files[index].stat == nil {
                files[index].stat = stat
                walk.files[index].stat = stat
            }
        }
        var factories: [Factory] = []
        var diagnostics: [Diagnostic] = []
        var entries: [(String, FileStat, Factory)] = []
        for (file, result) in zip(files, results) {
            guard let (factory, found) = result else { continue }
            diagnostics += found
            guard let factory else { continue }
            factories.append(factory)
            if found.isEmpty, let stat = file.stat { entries.append((file.path, stat, factory)) }
        }
        var pendingWrite: (@Sendable () -> Void)?
        if !stale.isEmpty || cached.count != entries.count {
            // A cache that cannot be written only costs speed next time.
            pendingWrite = { [entries] in try? write(entries, to: cacheFile) }
        }
        if !deferringWrite {
            pendingWrite?()
            pendingWrite = nil
        }
        return Loaded(
            factories: factories.sorted { $0.id < $1.id }, diagnostics: diagnostics, readCount: stale.count, inputs: walk.inputs(under: "factories"),
            pendingWrite: pendingWrite)
    }

    /// The entries as written: in path order.
    private static func read(_ path: String) -> (entries: [(file: String, stat: FileStat, factory: Factory)], writtenAt: FileStat.Timestamp?) {
        guard let (checked, writtenAt) = BinaryReader.checked(path) else { return ([], nil) }
        var reader = checked
        guard reader.string() == magic, let count = reader.int(), count >= 0, count <= reader.end / 80 else { return ([], nil) }
        var entries: [(file: String, stat: FileStat, factory: Factory)] = []
        entries.reserveCapacity(count)
        for _ in 0..<count {
            guard let file = reader.string(), let fileStat = reader.fileStat(), let id = reader.string(), let name = reader.string(),
                let country = reader.string(), let industry = reader.string(), let total = reader.int(), let women = reader.int(),
                let hasOSID = reader.int(), let osID = reader.string()
            else { return ([], nil) }
            let workers = total < 0 ? nil : Factory.Workers(total: total, women: women < 0 ? nil : women)
            entries.append(
                (file, fileStat, Factory(id: id, name: name, country: country, industry: industry, workers: workers, osID: hasOSID == 1 ? osID : nil)))
        }
        return reader.isAtEnd ? (entries, writtenAt) : ([], nil)
    }

    private static func write(_ entries: [(String, FileStat, Factory)], to path: String) throws {
        let output = try CheckedFile(path)
        var writer = BinaryWriter()
        writer.string(magic)
        writer.int(entries.count)
        for (file, stat, factory) in entries {
            writer.string(file)
            writer.fileStat(stat)
            writer.string(factory.id)
            writer.string(factory.name)
            writer.string(factory.country)
            writer.string(factory.industry)
            writer.int(factory.workers?.total ?? -1)
            writer.int(factory.workers?.women ?? -1)
            writer.int(factory.osID == nil ? 0 : 1)
            writer.string(factory.osID ?? "")
            try output.drain(&writer)
        }
        try output.commit(&writer)
    }
}
