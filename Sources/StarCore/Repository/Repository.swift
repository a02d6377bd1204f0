import Foundation

/// A star data repository: the directory holding `star.yaml`, and the layout of DESIGN.md beneath it.
public struct Repository: Sendable {
    public let root: String

    public static let markerFile = "star.yaml"
    public static let directories = ["questionnaires", "questionnaires/compiled", "factories", "buyers", "assessments", "plans", "consents"]

    public init(root: String) {
        self.root = Repository.normalize(root)
    }

    /// Finds the repository: `explicitRoot` when given (it must hold star.yaml), else the nearest parent
    /// of `directory` that does.
    public static func discover(from directory: String, explicitRoot: String? = nil) throws(RepositoryError) -> Repository {
        if let explicitRoot {
            let absolute = absolutePath(explicitRoot, relativeTo: directory)
            guard FileStore.exists((absolute as NSString).appendingPathComponent(markerFile)) else {
                throw .notARepository(explicitRoot)
            }
            return Repository(root: absolute)
        }
        var current = absolutePath(directory, relativeTo: "/")
        var searched: [String] = []
        while true {
            searched.append(current)
            if FileStore.exists((current as NSString).appendingPathComponent(markerFile)) {
                return Repository(root: current)
            }
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current || parent.isEmpty { break }
            current = parent
        }
        throw .notFound(searched: searched)
    }

    /// Creates star.yaml (with the programme's time zone), the standard folders, a .gitignore for star's cache
    /// and lock, and the .gitattributes that lets git merge appends (EntryFile) in `directory`. Refuses when
    /// star.yaml already exists, and a time zone that is not an IANA name.
    public static func initialize(
        at directory: String, name: String, timeZone: String = "UTC", evidenceInLFS: Bool = false
    ) throws(RepositoryError) -> Repository {
        guard Repository.timeZone(named: timeZone) != nil else {
            throw .invalidSettings(
                path: markerFile, reason: "\(timeZoneKey) '\(timeZone)' is not a time zone name (IANA, such as Asia/Phnom_Penh or Europe/Paris)")
        }
        let repository = Repository(root: directory)
        let marker = repository.path(markerFile)
        guard !FileStore.exists(marker) else { throw .alreadyExists(marker) }
        for folder in directories {
            try FileStore.write("", to: repository.path(folder + "/.gitkeep"))
        }
        // .star/ holds local caches; a private key must never be committed, wherever it is put by mistake.
        try FileStore.write(".star/\n*.key\n", to: repository.path(".gitignore"))
        try FileStore.write(EntryFile.gitAttributes + (evidenceInLFS ? EvidencePaths.lfsAttributes : ""), to: repository.path(".gitattributes"))
        let settings = """
            # star data repository settings (docs/repository.md in star's source tree).
            star: repository/1
            name: "\(name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))"
            default-language: en
            # The programme's time zone (IANA name): what "today" is for every default date.
            timezone: "\(timeZone)"
            # Only a consent the factory signed with its registered key lets a buyer see its data (docs/sharing.md);
            # 'recorded' accepts consents the country team records with their evidence (paper forms).
            consent: signed

            """
        try FileStore.write(settings, to: marker, policy: .createOnly)
        return repository
    }

    /// The text of every YAML file under `folder` (relative to the root), as repository-relative paths in
    /// sorted order; a file that cannot be read is a located `unreadable-file` finding, not the end of the run.
    public func yamlFiles(in folder: String, skipping skipped: Set<String> = []) -> (files: [(path: String, text: String)], diagnostics: [Diagnostic]) {
        var files: [(path: String, text: String)] = []
        var diagnostics: [Diagnostic] = []
        let listed = yamlFileList(in: folder, skipping: skipped)
        let folders = OpenedFolders(foldersOf: listed.map(\.path), in: self)
        // Read on every core: thousands of small files in a large registry.
        for (file, (text, _, found)) in zip(listed, Parallel.map(count: listed.count) { [self] in text(of: listed[$0], from: folders) }) {
            diagnostics += found
            if let text { files.append((file.path, text)) }
        }
        return (files, diagnostics)
    }

    /// The YAML files under `folder`, as repository-relative paths in sorted order (without their stat,
    /// which a registry of thousands of files would pay for and never read).
    func yamlFileList(in folder: String, skipping skipped: Set<String> = []) -> [FileStore.ListedFile] {
        FileStore.walk(path(folder), extensions: ["yaml", "yml"], skipping: skipped, statting: false).files.map {
            FileStore.ListedFile(path: folder + "/" + $0.path, stat: nil)
        }
    }

    /// The files under `folder` with these extensions and their stat, as repository-relative paths in sorted
    /// order; and the walk that found them.
    func listing(
        in folder: String, extensions: Set<String>, skipping skipped: Set<String> = [], statsOfFiles: Bool = true
    ) -> (files: [FileStore.ListedFile], walk: FileStore.Walk) {
        let walk = FileStore.walk(path(folder), extensions: extensions, skipping: skipped, statting: true, filesToo: statsOfFiles, known: [:], knownAt: nil)
        return (walk.files.map { FileStore.ListedFile(path: folder + "/" + $0.path, stat: $0.stat) }, walk)
    }

    /// The text of a listed YAML file, or the located finding that says why there is none; read through
    /// `folders` (OpenedFolders), as when many files are read at once.
    /// With the file's stat: the listed one, or else the one taken as it was read (or, when it could not be read,
    /// by its path), for a cache of what it says.
    func text(of file: FileStore.ListedFile, from folders: OpenedFolders) -> (text: String?, stat: FileStat?, diagnostics: [Diagnostic]) {
        var stat = file.stat
        do throws(RepositoryError) {
            let read = try folders.readStatting(file.path, limit: FileStore.Limit.document)
            stat = stat ?? read.stat
            return (try FileStore.text(read.bytes, path: file.path), stat, [])
        } catch {
            return (nil, stat ?? FileStat(path(file.path)), [Self.diagnostic(for: error, file: file.path)])
        }
    }

    /// The one way to read a file of the repository: `relative` inside the root, through no symbolic link,
    /// a regular file with one name of at most `limit` bytes (FileStore.readRegular).
    public func read(_ relative: String, limit: Int) throws(RepositoryError) -> [UInt8] {
        try FileStore.readRegular(relative, beneath: root, limit: limit)
    }

    public func readText(_ relative: String, limit: Int) throws(RepositoryError) -> String {
        try FileStore.text(read(relative, limit: limit), path: relative)
    }

    /// A file that could not be read, as a finding located at it: `refused-file` for what star will not
    /// read (a link, a FIFO, a hard link, too large), `unreadable-file` otherwise. The message never quotes
    /// the file's content.
    public static func diagnostic(for error: RepositoryError, file: String) -> Diagnostic {
        switch error {
        case .refused(_, let reason): .error("refused-file", "refused: \(reason)", at: SourceLocation(file: file))
        case .io(_, let reason): .error("unreadable-file", "cannot read the file: \(reason)", at: SourceLocation(file: file))
        default: .error("unreadable-file", "cannot read the file: \(error)", at: SourceLocation(file: file))
        }
    }

    public func path(_ relative: String) -> String {
        // Joined by hand where NSString would join the same way (asked for every record and factory file).
        let slash = UInt8(ascii: "/")
        let bytes = relative.utf8
        var doubled = false
        var previous: UInt8 = 0
        for byte in bytes {
            doubled = doubled || (byte == slash && previous == slash)
            previous = byte
        }
        if let first = bytes.first, first != slash, previous != slash, !doubled, !root.isEmpty, root.utf8.last != slash {
            var joined = root
            joined.reserveCapacity(root.utf8.count + 1 + bytes.count)
            joined += "/"
            joined += relative
            return joined
        }
        return (root as NSString).appendingPathComponent(relative)
    }

    /// A path as shown to users: relative to the repository root when inside it.
    public func relative(_ absolute: String) -> String {
        let standardized = Repository.normalize(absolute)
        if standardized.hasPrefix(root + "/") { return String(standardized.dropFirst(root.count + 1)) }
        return standardized
    }

    public static func absolutePath(_ path: String, relativeTo base: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return normalize(expanded) }
        return normalize((base as NSString).appendingPathComponent(expanded))
    }

    /// Removes `.`, `..` and repeated slashes lexically. Symlinks are kept as written, so a repository
    /// whose questionnaires/ links elsewhere still reports paths inside itself.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }
}
