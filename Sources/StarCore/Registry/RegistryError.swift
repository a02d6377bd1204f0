/// Why a registry refused to add a record.
public enum RegistryError: Error, Sendable, CustomStringConvertible {
    /// The values themselves are wrong (an id, a country code, a count, an OS ID), one message each.
    case invalid([String])
    /// The id is already registered.
    case duplicate(String)
    case repository(RepositoryError)

    public var description: String {
        switch self {
        case .invalid(let problems): problems.joined(separator: "\n")
        case .duplicate(let message): message
        case .repository(let error): error.description
        }
    }
}
