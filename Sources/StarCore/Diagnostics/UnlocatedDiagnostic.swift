/// A diagnostic about one key of a file, its place in the file not worked out yet. Finding where a key of a
/// record is written costs a scan of the file, and most diagnostics of a record are never shown (aggregation
/// only asks whether there is an error; a final record drops its warnings), so the diagnostics that are shown
/// are located together, in one scan per file.
struct UnlocatedDiagnostic: Sendable {
    /// Its location is the file's first line until located.
    var diagnostic: Diagnostic
    /// The key the diagnostic is about; nil for the file as a whole.
    var key: String?

    init(_ diagnostic: Diagnostic, key: String?) {
        self.diagnostic = diagnostic
        self.key = key
    }
}

extension Array where Element == UnlocatedDiagnostic {
    var hasErrors: Bool { contains { $0.diagnostic.severity == .error } }

    /// Every diagnostic at the place of its key: `locate` is asked once, with every key (each once).
    func located(by locate: ([String]) -> [SourceLocation]) -> [Diagnostic] {
        var keys: [String] = []
        var slots: [String: Int] = [:]
        for key in compactMap(\.key) where slots[key] == nil {
            slots[key] = keys.count
            keys.append(key)
        }
        let locations = keys.isEmpty ? [] : locate(keys)
        return map { item in
            var diagnostic = item.diagnostic
            if let key = item.key, let slot = slots[key] { diagnostic.location = locations[slot] }
            return diagnostic
        }
    }

    /// The same with a location per key, for files whose keys are located cheaply (a sheet's YAML marks).
    func locatedKeyByKey(_ location: (String) -> SourceLocation) -> [Diagnostic] {
        located(by: { keys in keys.map(location) })
    }
}
