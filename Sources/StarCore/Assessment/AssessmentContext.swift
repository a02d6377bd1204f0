/// What sheets and records are checked against: the registered factories and the committed compiled
/// questionnaires. Loaded once per command; immutable, so `star validate` shares it across threads.
public struct AssessmentContext: Sendable {
    public var factories: [String: Factory]
    /// By `id@version`.
    public var compiled: [String: CompiledQuestionnaire]
    /// The same, prepared for evaluating records.
    public var plans: [String: EvaluationPlan]
    /// Problems met while loading (factory files), reported by `star validate`.
    public var diagnostics: [Diagnostic]
    /// Every factory and compiled questionnaire file and folder, with its stat taken before it was read, when
    /// loaded with `cachingFactories` (AnswerCache rests on them); nil otherwise.
    var inputs: AnswerCache.Inputs?
    /// Writes the factory cache, when `load` was asked to defer that and there is something to write.
    var pendingCacheWrite: (@Sendable () -> Void)?

    public init(factories: [Factory], compiled: [CompiledQuestionnaire], diagnostics: [Diagnostic] = []) {
        var byID: [String: Factory] = [:]
        byID.reserveCapacity(factories.count)
        for factory in factories where byID[factory.id] == nil { byID[factory.id] = factory }
        self.factories = byID
        self.compiled = Dictionary(compiled.map { ("\($0.id)@\($0.version)", $0) }, uniquingKeysWith: { first, _ in first })
        plans = self.compiled.mapValues(EvaluationPlan.init)
        self.diagnostics = diagnostics + Self.duplicates(factories)
    }

    /// - Parameters:
    ///   - cachingFactories: keep the factory registry in `.star/cache/factories` (FactoryCache), as aggregation does.
    ///   - readingCache: with `cachingFactories`, trust that cache where it is valid; false only rewrites it.
    ///   - deferringCacheWrite: leave the cache's write to the caller (`pendingCacheWrite`).
    public static func load(
        _ repository: Repository, cachingFactories: Bool = false, readingCache: Bool = true, deferringCacheWrite: Bool = false
    ) -> AssessmentContext {
        var factoryInputs: AnswerCache.Inputs?
        let factories: [Factory]
        let diagnostics: [Diagnostic]
        var pendingCacheWrite: (@Sendable () -> Void)?
        if cachingFactories {
            let loaded = FactoryCache.load(repository, readingCache: readingCache, deferringWrite: deferringCacheWrite)
            (factories, diagnostics, factoryInputs, pendingCacheWrite) = (loaded.factories, loaded.diagnostics, loaded.inputs, loaded.pendingWrite)
        } else {
            (factories, diagnostics) = FactoryRegistry(repository: repository).load()
        }
        PhaseTimings.mark("factories read")
        let (files, compiledWalk) = repository.listing(in: "questionnaires/compiled", extensions: ["json"])
        let compiled = Parallel.map(count: files.count) { index -> CompiledQuestionnaire? in
            guard let bytes = try? repository.read(files[index].path, limit: FileStore.Limit.compiled), let json = try? JSONParser.parse(bytes) else {
                return nil
            }
            return try? CompiledQuestionnaire(json: json)
        }.compactMap { $0 }
        PhaseTimings.mark("compiled questionnaires read")
        var context = AssessmentContext(factories: factories, compiled: compiled, diagnostics: diagnostics)
        context.pendingCacheWrite = pendingCacheWrite
        if let factoryInputs, let compiledInputs = compiledWalk.inputs(under: "questionnaires/compiled") { context.inputs = factoryInputs + compiledInputs }
        return context
    }

    /// A factory id registered in two countries: an error at each file, since which factory the id names (and
    /// whose consents decide what leaves) would be a guess. Share exports leave such a factory out.
    static func duplicates(_ factories: [Factory]) -> [Diagnostic] {
        // Runs of one id among the factories sorted by id (as loaded, mostly): no array per factory.
        let sorted = factories.indices.allSatisfy { $0 == 0 || factories[$0 - 1].id <= factories[$0].id } ? factories : factories.sorted { $0.id < $1.id }
        var paths: [(String, [String])] = []
        var start = 0
        for index in sorted.indices where index == sorted.count - 1 || sorted[index + 1].id != sorted[index].id {
            if index > start { paths.append((sorted[index].id, sorted[start...index].map(\.path))) }
            start = index + 1
        }
        return paths.flatMap { id, files in
            files.map { file in
                Diagnostic.error(
                    "duplicate-factory",
                    "factory '\(id)' is registered \(files.count) times: \(files.sorted().joined(separator: ", ")); an id names one factory",
                    at: SourceLocation(file: file), notes: ["keep the file of the country the factory is in, and give the other factory an id of its own"])
            }
        }
    }

    /// The compiled questionnaire an assessment pins, in the exact version and digest it pins.
    public func questionnaire(for pin: QuestionnairePin) -> Result<CompiledQuestionnaire, AnswerError> {
        let path = QuestionnairePublisher.compiledPath(id: pin.id, version: pin.version)
        guard let questionnaire = compiled["\(pin.id)@\(pin.version)"] else {
            let versions = compiled.values.filter { $0.id == pin.id }.map(\.version).sorted(by: Self.versionPrecedes)
            return .failure(
                AnswerError(
                    "no compiled questionnaire \(pin.id) \(pin.version) (\(path))"
                        + (versions.isEmpty ? "; 'star questionnaire compile' writes it" : "; compiled versions: \(versions.joined(separator: ", "))")))
        }
        guard questionnaire.digest == pin.digest else {
            return .failure(
                AnswerError("made for \(pin) with digest \(pin.digest), but \(path) has digest \(questionnaire.digest): the questionnaire changed since"))
        }
        return .success(questionnaire)
    }

    /// Checks the factory and the questionnaire an assessment names, and that they belong together. The
    /// locations are only worked out when there is something to report.
    func resolve(
        factory id: String, pin: QuestionnairePin, factoryLocation: @autoclosure () -> SourceLocation,
        pinLocation: @autoclosure () -> SourceLocation
    ) -> (Factory?, EvaluationPlan?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let factory = factories[id]
        if factory == nil {
            diagnostics.append(
                .error(
                    "unknown-factory", "no factory '\(id)' is registered", at: factoryLocation(),
                    notes: ["register it with 'star factory add \(id) --name ... --country ... --industry ...'"]))
        }
        var plan: EvaluationPlan?
        switch questionnaire(for: pin) {
        case .success: plan = plans["\(pin.id)@\(pin.version)"]
        case .failure(let error): diagnostics.append(.error("questionnaire-mismatch", error.message, at: pinLocation()))
        }
        if let factory, let country = plan?.questionnaire.country, country != factory.country {
            diagnostics.append(
                .error("wrong-country", "\(pin.id) is the questionnaire of \(country), but factory '\(factory.id)' is in \(factory.country)", at: pinLocation())
            )
        }
        return (factory, plan, diagnostics)
    }
}

extension AssessmentContext {
    /// The compiled questionnaire to assess `factory` with: `id@version`, the newest compiled version of `id`,
    /// or (no reference) the newest version of the one questionnaire made for the factory's country and industry.
    public func questionnaire(_ reference: String?, for factory: Factory) -> Result<CompiledQuestionnaire, AnswerError> {
        let all = compiled.values.sorted { ($0.id, $0.version) < ($1.id, $1.version) }
        guard let reference else {
            let matching = Set(all.filter { $0.country == factory.country && $0.industry == factory.industry }.map(\.id))
            guard matching.count == 1, let id = matching.first else {
                let made = Set(all.filter { $0.country == factory.country }.map(\.id)).sorted()
                return .failure(
                    AnswerError(
                        matching.isEmpty
                            ? "no compiled questionnaire is made for \(factory.country) \(factory.industry)"
                                + (made.isEmpty ? "" : " (for \(factory.country): \(made.joined(separator: ", ")))") + "; name one with --questionnaire"
                            : "several questionnaires are made for \(factory.country) \(factory.industry) (\(matching.sorted().joined(separator: ", "))); name one with --questionnaire"
                    ))
            }
            return questionnaire(id, for: factory)
        }
        if let at = reference.firstIndex(of: "@") {
            let id = String(reference[..<at])
            let version = String(reference[reference.index(after: at)...])
            guard let found = compiled["\(id)@\(version)"] else {
                return .failure(AnswerError("no compiled questionnaire \(id) \(version); " + describeVersions(of: id, all)))
            }
            return .success(found)
        }
        guard let newest = all.filter({ $0.id == reference }).max(by: { Self.versionPrecedes($0.version, $1.version) }) else {
            return .failure(AnswerError("no compiled questionnaire '\(reference)'; " + describeVersions(of: reference, all)))
        }
        return .success(newest)
    }

    private func describeVersions(of id: String, _ all: [CompiledQuestionnaire]) -> String {
        let versions = all.filter { $0.id == id }.map(\.version).sorted(by: Self.versionPrecedes)
        if !versions.isEmpty { return "compiled versions: \(versions.joined(separator: ", "))" }
        let ids = Set(all.map(\.id)).sorted()
        return ids.isEmpty ? "'star questionnaire compile' writes them" : "compiled questionnaires: \(ids.joined(separator: ", "))"
    }

    /// Version order with numeric parts compared as numbers: 2026.2 < 2026.10.
    static func versionPrecedes(_ a: String, _ b: String) -> Bool {
        let split = { (v: String) in v.split(whereSeparator: { $0 == "." || $0 == "-" }).map(String.init) }
        for (x, y) in zip(split(a), split(b)) where x != y {
            if let i = Int(x), let j = Int(y) { return i < j }
            return x < y
        }
        return split(a).count < split(b).count
    }
}
