extension AssessmentContext {
    /// The countries a `--country` list names, checked against the countries of the registered factories;
    /// nil for no list.
    package func countries(_ list: FilterList?) throws(StarError) -> Set<String>? {
        guard let list else { return nil }
        return try list.checked(option: "--country", known: Set(factories.values.map(\.country)), what: "countries of the registered factories")
    }

    /// The registered factories with id `id` (when given) in `countries` (when given), by id. An unknown
    /// factory or country is a usage failure.
    package func factories(id: String?, countries list: FilterList?) throws(StarError) -> [Factory] {
        if let id, factories[id] == nil { throw .usage(UnknownID.factory(id, among: factories.keys)) }
        let countries = try countries(list)
        return factories.values.filter { (id == nil || $0.id == id) && (countries?.contains($0.country) ?? true) }.sorted { $0.id < $1.id }
    }
}
