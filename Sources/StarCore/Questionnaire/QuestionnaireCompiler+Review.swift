/// The dated review of a questionnaire: its `changelog` covers its own version, and a parameter that changes
/// every year (a minimum wage) was checked within a year of the review.
extension QuestionnaireCompiler {
    mutating func checkReview(_ leaf: QuestionnaireSource, _ parameters: [String: ResolvedParameter]) {
        if !leaf.changelog.isEmpty, !leaf.changelog.contains(where: { $0.version == leaf.version.value }) {
            warning(
                "changelog-behind", "the changelog of '\(leaf.id.value)' has no entry for its version \(leaf.version.value)", at: leaf.version.location,
                notes: ["say what changed in the law or in the questions, newest first"])
        }
        if !leaf.changelog.isEmpty, leaf.reviewed == nil {
            warning(
                "missing-reviewed", "'\(leaf.id.value)' has a changelog but no 'reviewed' date", at: leaf.id.location,
                notes: ["reviewed: YYYY-MM-DD says when the country team last checked it against the law"])
        }
        guard let reviewed = leaf.reviewed.flatMap({ CalendarDate($0.value) }) else { return }
        for (name, parameter) in parameters.sorted(by: { $0.key < $1.key }) {
            guard let checked = parameter.checked.flatMap(CalendarDate.init), let location = parameter.checkedLocation else { continue }
            // YYYYMMDD numbers: more than 10000 apart is more than a year.
            if reviewed.number - checked.number > 10000 {
                warning(
                    "stale-parameter", "parameter '\(name)' was last checked on \(checked), more than a year before the review of \(reviewed)", at: location,
                    notes: ["check the value against the latest law and update its 'checked' date"])
            }
        }
    }
}
