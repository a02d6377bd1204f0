/// A comma-separated list given to a filter option (`--country KH, VN`): split, spaces trimmed, and
/// checked against the values the repository knows, so that a typo is an error rather than an empty result.
public struct FilterList: Sendable, Equatable {
    public var values: [String]

    /// Splits at commas and trims spaces; empty entries (`KH,,VN`, a trailing comma) are dropped.
    public init(_ text: String) {
        values = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { String($0).trimmingSpaces }
            .filter { !$0.isEmpty }
    }

    public var set: Set<String> { Set(values) }

    /// Why the list does not fit what the repository knows, or nil: each value that is not known is named,
    /// with the closest known value, and the known ones are listed.
    /// - Parameters:
    ///   - option: the option as typed, for the message (`--country`).
    ///   - what: what the known values are, plural (`countries of the registered factories`).
    public func problem(option: String, known: Set<String>, what: String) -> String? {
        if values.isEmpty { return "\(option) names nothing; give one or more values, separated by commas" }
        let unknown = values.filter { !known.contains($0) }
        guard !unknown.isEmpty else { return nil }
        let named = unknown.map { value -> String in
            let close = known.filter { editDistance($0.lowercased(), value.lowercased()) <= max(1, value.count / 3) }.sorted().first
            return "'\(value)'" + (close.map { " (did you mean '\($0)'?)" } ?? "")
        }
        let listed = known.isEmpty ? "there are no \(what) yet" : "the \(what) are \(known.sorted().joined(separator: ", "))"
        return "\(option): \(named.joined(separator: ", ")) \(unknown.count == 1 ? "is" : "are") not known; \(listed)"
    }
}

extension FilterList {
    /// The values, when every one is known; else a usage failure saying which are not (see `problem`).
    public func checked(option: String, known: Set<String>, what: String) throws(StarError) -> Set<String> {
        if let problem = problem(option: option, known: known, what: what) { throw .usage(problem) }
        return set
    }
}
