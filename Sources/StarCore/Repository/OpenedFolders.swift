import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Folders of a repository opened once, for reading many files beneath them (every record of a
/// repository): a file is opened from the deepest of these folders on its path, each further step with
/// O_NOFOLLOW exactly as `FileStore.readRegular` does from the root, so the same links, FIFOs and hard
/// links are refused with the same messages, at two `openat` calls per record instead of five. Each
/// folder was itself reached from the root with O_NOFOLLOW at every step; one that cannot be is left out,
/// and files beneath it are read from the root (which reports why).
public final class OpenedFolders: @unchecked Sendable {
    private let root: String
    /// By path in the repository. Never changed after init: threads read files through it at once.
    private let descriptors: [String: Int32]

    /// Opens `folders` (paths in the repository).
    public init(_ folders: some Sequence<String>, in repository: Repository) {
        root = repository.root
        var descriptors: [String: Int32] = [:]
        let top = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if top >= 0 {
            defer { close(top) }
            for folder in Set(folders) where !folder.isEmpty {
                var fd = dup(top)
                for component in folder.split(separator: "/", omittingEmptySubsequences: false) {
                    let next =
                        component.isEmpty || component == "." || component == ".."
                        ? -1
                        : openat(fd, String(component), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                    close(fd)
                    fd = next
                    if fd < 0 { break }
                }
                if fd >= 0 { descriptors[folder] = fd }
            }
        }
        self.descriptors = descriptors
    }

    /// The folders holding the folders of `files`: for records, `assessments/<CC>`.
    public convenience init(aboveFoldersOf files: [String], in repository: Repository) {
        self.init(Self.distinct(files, levels: 2), in: repository)
    }

    /// The folders holding `files`: for registry files, `factories/<CC>`.
    public convenience init(foldersOf files: [String], in repository: Repository) {
        self.init(Self.distinct(files, levels: 1), in: repository)
    }

    /// The folders `levels` up from `files`, each once. Files listed in order share them with the file before,
    /// so that 100,000 records make a String only per country, not a hash per record.
    private static func distinct(_ files: [String], levels: Int) -> Set<String> {
        var folders = Set<String>()
        var previous: String?
        for file in files {
            var end = file.utf8.endIndex
            for _ in 0..<levels {
                guard let slash = file.utf8[..<end].lastIndex(of: UInt8(ascii: "/")) else {
                    end = file.utf8.startIndex
                    break
                }
                end = slash
            }
            guard end > file.utf8.startIndex else { continue }
            if let previous, previous.utf8.elementsEqual(file.utf8[..<end]) { continue }
            let folder = String(file[..<end])
            folders.insert(folder)
            previous = folder
        }
        return folders
    }

    deinit {
        for fd in descriptors.values { close(fd) }
    }

    /// Reads `relative` as `Repository.read(_:limit:)` does.
    public func read(_ relative: String, limit: Int) throws(RepositoryError) -> [UInt8] {
        try readStatting(relative, limit: limit).bytes
    }

    /// The same, with the stat of the file read (FileStore.readRegular(_:from:prefix:shown:limit:)).
    func readStatting(_ relative: String, limit: Int) throws(RepositoryError) -> (bytes: [UInt8], stat: FileStat) {
        var end = relative.endIndex
        while let slash = relative[..<end].lastIndex(of: "/") {
            let folder = String(relative[..<slash])
            if let fd = descriptors[folder] {
                return try FileStore.readRegular(relative[relative.index(after: slash)...], from: fd, prefix: folder, shown: relative, limit: limit)
            }
            end = slash
        }
        return try FileStore.readRegularStatting(relative, beneath: root, limit: limit)
    }
}
