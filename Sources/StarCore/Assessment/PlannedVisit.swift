/// A visit about to be assessed (`assess new`, `assess interview`): the factory, the questionnaire made for
/// it, the dates and the language, each checked against the repository.
package struct PlannedVisit: Sendable {
    package var factory: Factory
    package var questionnaire: CompiledQuestionnaire
    package var visit: Visit
    package var language: String
}

extension AssessmentContext {
    /// The visit the options name. A factory or questionnaire that is not registered, dates that do not make a
    /// visit (after `today`, the repository's), or a language the questionnaire has no texts in, is a usage
    /// failure saying so.
    /// - Parameters:
    ///   - questionnaire: id, id@version, or nil for the one compiled questionnaire made for the factory's
    ///     country and industry.
    package func plannedVisit(
        factory id: String, questionnaire reference: String?, start: CalendarDate, end: CalendarDate?,
        language: String?, today: CalendarDate
    ) throws(StarError) -> PlannedVisit {
        let visit = Visit(start: start, end: end ?? start)
        if let problem = visit.problem(today: today) { throw .usage(problem) }
        if let problem = Identifier.problem(with: id, as: .factory) { throw .usage(problem) }
        guard let factory = factories[id] else { throw .usage(UnknownID.factory(id, among: factories.keys)) }
        let compiled: CompiledQuestionnaire
        switch questionnaire(reference, for: factory) {
        case .success(let found): compiled = found
        case .failure(let error): throw .usage(error.message)
        }
        if let country = compiled.country, country != factory.country {
            throw .usage("\(compiled.id) is the questionnaire of \(country), but factory '\(factory.id)' is in \(factory.country)")
        }
        if let language, !compiled.languages.contains(language) {
            throw .usage("'\(compiled.id)' has no '\(language)' texts; its languages are \(compiled.languages.joined(separator: ", "))")
        }
        return PlannedVisit(factory: factory, questionnaire: compiled, visit: visit, language: language ?? compiled.languages.first ?? "en")
    }
}
