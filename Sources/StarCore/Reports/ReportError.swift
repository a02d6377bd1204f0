/// What a user can get wrong when asking for a report. Unknown factories and buyers, and broken plan or consent
/// files, come as PlanStore.Failure and ConsentStore.Failure, as they do for `remediate` and `share`.
public enum ReportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No report texts in that language.
    case unknownLanguage(String)
    /// The questionnaire the report quotes has no texts in that language.
    case questionnaireLanguage(questionnaire: String, language: String, available: [String])
    case invalidCountry(String)
    /// No final assessment or follow-up of any factory of that country (up to the report's date).
    case noCountryData(String, countriesWithData: [String], on: CalendarDate)
    case unknownQuestionnaire(String)

    public var description: String {
        switch self {
        case .unknownLanguage(let language):
            "no report texts in '\(language)'; available languages: \(ReportStrings.languages.joined(separator: ", "))"
        case .questionnaireLanguage(let questionnaire, let language, let available):
            "'\(questionnaire)' has no '\(language)' texts; its languages are \(available.joined(separator: ", "))"
        case .invalidCountry(let country):
            "'\(country)' is not an ISO 3166-1 alpha-2 code such as KH, VN or HT"
        case .noCountryData(let country, let countries, let date):
            "no final assessment or follow-up of a factory in \(country) up to \(date)"
                + (countries.isEmpty ? "; the repository has none of any country" : "; countries with data: \(countries.joined(separator: ", "))")
        case .unknownQuestionnaire(let message):
            message
        }
    }
}
