/// Failures that stop a command before it can look at any file's content.
public enum RepositoryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No `star.yaml` in the directory or any parent; `searched` lists where we looked.
    case notFound(searched: [String])
    /// `--root` names a directory without `star.yaml`.
    case notARepository(String)
    case io(path: String, reason: String)
    case alreadyExists(String)
    /// A file star will not read: a symbolic link, a FIFO, a device, a file with several hard links, one
    /// reached through a linked folder, or one larger than its kind may be (FileStore.readRegular).
    case refused(path: String, reason: String)
    /// star.yaml says something star cannot use (an unknown time zone).
    case invalidSettings(path: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let searched):
            let list = searched.map { "  \($0)" }.joined(separator: "\n")
            return
                "no star repository found (no star.yaml in the current directory or any parent). Looked in:\n\(list)\nRun 'star init' to create one, or pass --root DIR."
        case .notARepository(let path):
            return "\(path) is not a star repository: it has no star.yaml. Run 'star init \(path)' to create one."
        case .io(let path, let reason):
            return "\(path): \(reason)"
        case .refused(let path, let reason):
            return "\(path): \(reason)"
        case .alreadyExists(let path):
            return "\(path) already exists; star never overwrites it"
        case .invalidSettings(let path, let reason):
            return "\(path): \(reason)"
        }
    }
}
