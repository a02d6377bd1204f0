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

    /// Creates star.yaml and the standard folders in `directory`. Refuses when star.yaml already exists.
    public static func initialize(at directory: String, name: String) throws(RepositoryError) -> Repository {
        let repository = Repository(root: directory)
        let marker = repository.path(markerFile)
        guard !FileStore.exists(marker) else { throw .alreadyExists(marker) }
        for folder in directories {
            try FileStore.write("", to: repository.path(folder + "/.gitkeep"))
        }
        try FileStore.write(".star/\n", to: repository.path(".gitignore"))
        let settings = """
            # star data repository settings (docs/repository.md in star's source tree).
            star: repository/1
            name: "\(name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))"
            default-language: en

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
        // Read on every core: thousands of small files in a large registry.
        for (file, (text, found)) in zip(listed, Parallel.map(count: listed.count) { [self] in text(of: listed[$0]) }) {
            diagnostics += found
            if let text { files.append((file.path, text)) }
        }
        return (files, diagnostics)
    }

    /// The YAML files under `folder` with their stat, as repository-relative paths in sorted order.
    func yamlFileList(in folder: String, skipping skipped: Set<String> = []) -> [FileStore.ListedFile] {
        listing(in: folder, extensions: ["yaml", "yml"], skipping: skipped).files
    }

    /// The files under `folder` with these extensions and their stat, as repository-relative paths in sorted
    /// order; and the walk that found them.
    func listing(in folder: String, extensions: Set<String>, skipping skipped: Set<String> = []) -> (files: [FileStore.ListedFile], walk: FileStore.Walk) {
        let walk = FileStore.walk(path(folder), extensions: extensions, skipping: skipped, statting: true)
        return (walk.files.map { FileStore.ListedFile(path: folder + "/" + $0.path, stat: $0.stat) }, walk)
    }

    /// The text of a listed file, or the located `unreadable-file` finding that says why there is none.
    func text(of file: FileStore.ListedFile) -> (text: String?, diagnostics: [Diagnostic]) {
        let path = path(file.path)
        // The size just stat'ed spares a call or two; a file that cannot be read so, or is not UTF-8, is read
        // the usual way, which says why.
        if let size = file.stat?.size, let bytes = FileStore.read(regularFile: path, size: Int(size)),
           let text = String(validating: bytes, as: UTF8.self) { return (text, []) }
        do throws(RepositoryError) {
            return (try FileStore.readText(path), [])
        } catch {
            guard case .io(_, let reason) = error else { return (nil, []) }
            return (nil, [.error("unreadable-file", "cannot read the file: \(reason)", at: SourceLocation(file: file.path))])
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
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }
}
