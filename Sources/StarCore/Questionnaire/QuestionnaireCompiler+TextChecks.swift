import Foundation

/// Checks on what texts say, as opposed to what rules do: a text that states a limit the rules do not check
/// (`text-limit-mismatch`), guidance that forces an answer where a question does not apply (`forced-answer`),
/// and a country question that repeats an inherited one (`repeated-question`). All are warnings: each is a
/// heuristic, documented with its limits in docs/questionnaires.md, section 16.
extension QuestionnaireCompiler {
    struct TextCheckInput {
        var questions: [ResolvedQuestion]
        var points: [PointSource]
        var parameters: [String: ResolvedParameter]
        var chain: [QuestionnaireSource]
    }

    mutating func checkTexts(_ input: TextCheckInput) {
        let leaf = input.chain.last!
        var ruleParameters = Set<String>()
        for question in input.questions {
            for written in [question.fields.when, question.fields.noncompliantIf, question.fields.min, question.fields.max].compactMap({ $0?.value }) {
                ruleParameters.formUnion(TextLimits.placeholders(in: written))
            }
        }
        let context = TextLimits.Context(
            parameters: input.parameters.mapValues { ($0.value, $0.isBaseDefault) }, ruleParameters: ruleParameters,
            isCountry: !leaf.isAbstract, questionnaire: leaf.id.value)
        for point in input.points {
            if let description = point.description { checkLimits(description, "description of point '\(point.id)'", context) }
        }
        for question in input.questions {
            if let text = question.fields.text { checkLimits(text, "text of '\(question.id)'", context) }
            if let guidance = question.fields.guidance {
                checkLimits(guidance, "guidance of '\(question.id)'", context)
                for (language, value) in guidance.value.sorted(by: { $0.key < $1.key }) {
                    if let sentence = ForcedAnswer.find(in: value) {
                        warning(
                            "forced-answer",
                            "guidance of '\(question.id)' (\(language)) forces an answer for the case where the question does not apply: \"\(sentence)\"",
                            at: guidance.location,
                            notes: [
                                "give the question a 'when' so that it is not applicable there; a forced yes or no counts as compliant or non-compliant in every rate"
                            ])
                    }
                }
            }
            for option in question.fields.options?.value ?? [] { checkLimits(option.text, "text of option '\(option.id)' of '\(question.id)'", context) }
        }
        checkRepeats(input)
    }

    private mutating func checkLimits(_ text: Located<LocalizedText>, _ what: String, _ context: TextLimits.Context) {
        for (language, value) in text.value.sorted(by: { $0.key < $1.key }) {
            for problem in TextLimits.problems(in: value, context) {
                warning(
                    "text-limit-mismatch", "\(what) (\(language)) in '\(context.questionnaire)' \(problem.message)", at: text.location, notes: problem.notes)
            }
        }
    }

    /// A question a file adds whose text says what an inherited question of the same point already asks.
    private mutating func checkRepeats(_ input: TextCheckInput) {
        let values = input.parameters.mapValues(\.value)
        var inherited: [ResolvedQuestion] = []
        for source in input.chain {
            let added = input.questions.filter { $0.location.file == source.file }
            for question in added {
                guard let point = question.fields.point?.value, let text = question.fields.text?.value else { continue }
                for earlier in inherited where earlier.fields.point?.value == point {
                    guard let other = earlier.fields.text?.value,
                        let language = ["en"].first(where: { text[$0] != nil && other[$0] != nil })
                            ?? text.keys.sorted().first(where: { other[$0] != nil })
                    else { continue }
                    let similarity = SimilarText.similarity(Self.fill(text[language]!, values), Self.fill(other[language]!, values))
                    if similarity >= SimilarText.threshold {
                        warning(
                            "repeated-question",
                            "'\(question.id)' asks what inherited '\(earlier.id)' already asks (\(Int((similarity * 100).rounded()))% of their words alike)",
                            at: question.location,
                            notes: [
                                "\(earlier.id): \"\(other[language]!)\"",
                                "remove '\(earlier.id)' with a reason, or alter it and drop '\(question.id)', so one issue is counted once",
                            ])
                    }
                }
            }
            inherited += added
        }
    }
}

/// Numbers that texts state as limits ("48 hours a week", "{max_monthly_overtime_hours} hours a month") set
/// against the parameters the questionnaire's rules check.
enum TextLimits {
    struct Context {
        var parameters: [String: (value: ParameterValue, isBaseDefault: Bool)]
        var ruleParameters: Set<String>
        var isCountry: Bool
        var questionnaire: String
    }

    struct Problem: Equatable {
        var message: String
        var notes: [String]
    }

    enum Period: String, CaseIterable { case day, week, month, quarter, year }
    enum Unit: String { case hours, days, minutes, percent }

    static func placeholders(in text: String) -> Set<String> {
        let regex = try! NSRegularExpression(pattern: #"\{\s*([a-z0-9_]+)\s*\}"#)
        let range = NSRange(text.startIndex..., in: text)
        return Set(regex.matches(in: text, range: range).compactMap { Range($0.range(at: 1), in: text).map { String(text[$0]) } })
    }

    /// The unit and period a parameter's name says: `max_monthly_overtime_hours` is hours per month.
    static func unit(ofParameter name: String) -> Unit? {
        let parts = name.split(separator: "_")
        if parts.contains("hours") { return .hours }
        if parts.contains("days") { return .days }
        if parts.contains("minutes") { return .minutes }
        if parts.contains("percent") { return .percent }
        return nil
    }

    static func period(ofParameter name: String) -> Period? {
        for part in name.split(separator: "_") {
            switch part {
            case "daily", "day": return .day
            case "weekly", "week": return .week
            case "monthly", "month": return .month
            case "quarterly", "quarter": return .quarter
            case "yearly", "annual", "year": return .year
            default: continue
            }
        }
        return nil
    }

    private static let unitWords: [String: Unit] = [
        "hour": .hours, "hours": .hours, "heure": .hours, "heures": .hours, "h": .hours,
        "day": .days, "days": .days, "jour": .days, "jours": .days,
        "minute": .minutes, "minutes": .minutes, "percent": .percent, "%": .percent,
    ]
    private static let periodWords: [String: Period] = [
        "day": .day, "jour": .day, "week": .week, "semaine": .week, "month": .month, "mois": .month,
        "quarter": .quarter, "trimestre": .quarter, "year": .year, "an": .year, "année": .year,
    ]

    /// `<number or {parameter}> [unit] [up to three words] a|per|each|every|in a|par <period>`.
    private static let statement = try! NSRegularExpression(
        pattern:
            #"(\{\s*([a-z0-9_]+)\s*\}|\b(\d+(?:\.\d+)?))\s*(%|hours?|heures?|h\b|days?|jours?|minutes?|percent)?((?:\s+[\p{L}'-]+){0,3}?)\s+(?:a|an|per|each|every|in an?|in any|in one|par)\s+(day|week|month|quarter|year|jour|semaine|mois|trimestre|an|année)\b"#,
        options: [.caseInsensitive])

    struct Statement: Equatable {
        var parameter: String?
        var value: Double?
        var unit: Unit?
        var period: Period
        var text: String
    }

    static func statements(in text: String) -> [Statement] {
        let range = NSRange(text.startIndex..., in: text)
        return statement.matches(in: text, range: range).compactMap { match in
            func group(_ i: Int) -> String? { Range(match.range(at: i), in: text).map { String(text[$0]) } }
            guard let periodWord = group(6)?.lowercased(), let period = periodWords[periodWord], let whole = group(0) else { return nil }
            // Words between the unit and the period must not start a new clause ("10 workers and 2 days a week").
            if let between = group(5)?.lowercased(), between.split(separator: " ").contains(where: { ["and", "or", "et", "ou", "but", "mais"].contains($0) }) {
                return nil
            }
            let unit = group(4).flatMap { unitWords[$0.lowercased()] }
            if let name = group(2) { return Statement(parameter: name, value: nil, unit: unit, period: period, text: whole) }
            // A bare number counts only with its unit: "3 samples a day" states no legal limit.
            guard let unit, let number = group(3).flatMap(Double.init) else { return nil }
            return Statement(parameter: nil, value: number, unit: unit, period: period, text: whole)
        }
    }

    static func problems(in text: String, _ context: Context) -> [Problem] {
        var problems: [Problem] = []
        func numeric(_ name: String) -> Double? {
            if case .number(let n)? = context.parameters[name]?.value { return n }
            return nil
        }
        // Rule parameters with a unit and a period: the limits the questionnaire actually checks.
        let checked = context.ruleParameters.sorted().compactMap { name -> (name: String, value: Double, unit: Unit, period: Period)? in
            guard let value = numeric(name), let unit = unit(ofParameter: name), let period = period(ofParameter: name) else { return nil }
            return (name, value, unit, period)
        }
        for statement in statements(in: text) {
            if let name = statement.parameter {
                guard let value = numeric(name) else { continue }
                let shown = "'\(statement.text)' (\(Expression.format(value)))"
                if let own = period(ofParameter: name), own != statement.period {
                    problems.append(
                        Problem(
                            message: "states \(shown) per \(statement.period), but '\(name)' is a limit per \(own)",
                            notes: ["write the period the parameter is set for"]))
                    continue
                }
                guard !context.ruleParameters.contains(name) else { continue }
                let unit = unit(ofParameter: name) ?? statement.unit
                if let other = checked.first(where: { $0.unit == unit && $0.period != statement.period && $0.value == value }) {
                    problems.append(
                        Problem(
                            message:
                                "states \(shown) per \(statement.period); no rule checks '\(name)', and the rules check '\(other.name)', \(Expression.format(value)) \(other.unit) per \(other.period)",
                            notes: ["a parameter set for screening must not read as the law: state the limit the rules check, per its period"]))
                } else if context.isCountry, context.parameters[name]?.isBaseDefault == true {
                    problems.append(
                        Problem(
                            message:
                                "states \(shown) per \(statement.period), the base's default for '\(name)', which '\(context.questionnaire)' neither sets nor checks",
                            notes: ["set the parameter to the national limit, or word the text without it"]))
                }
            } else if let value = statement.value, let unit = statement.unit {
                let shown = "'\(statement.text)'"
                if let same = checked.first(where: { $0.unit == unit && $0.period == statement.period && $0.value != value }),
                    !checked.contains(where: { $0.unit == unit && $0.period == statement.period && $0.value == value })
                {
                    problems.append(
                        Problem(
                            message: "states \(shown), but the rules check '\(same.name)' = \(Expression.format(same.value)) \(unit) per \(statement.period)",
                            notes: ["write '{\(same.name)}' so the text follows the rule"]))
                } else if let other = checked.first(where: { $0.unit == unit && $0.period != statement.period && $0.value == value }),
                    !checked.contains(where: { $0.unit == unit && $0.period == statement.period })
                {
                    problems.append(
                        Problem(
                            message: "states \(shown), but the rules check '\(other.name)', \(Expression.format(value)) \(unit) per \(other.period)",
                            notes: ["check the period: the number is that of a limit per \(other.period)"]))
                }
            }
        }
        return problems
    }
}

/// Guidance that tells the advisor which answer to give when a question does not apply ("If there are none,
/// answer yes", "répondre « oui » s'il n'y en a pas", "leave it unanswered"): the question needs a `when`.
enum ForcedAnswer {
    private static let answer = try! NSRegularExpression(
        pattern:
            #"\banswer\s*[\"'“«]?\s*(yes|no)\b|\br[ée]pondre\s*(?:par\s*)?[\"'“«]?\s*(oui|non)\b|\bleave\s+(?:it\s+|the\s+answer\s+|the\s+question\s+)?(?:blank|unanswered|empty)\b|\blaisser\s+(?:sans\s+r[ée]ponse|vide)\b"#,
        options: [.caseInsensitive])
    private static let absence = try! NSRegularExpression(
        pattern:
            #"\b(?:if|when|where)\b[^.;]*\b(?:no|none|not|never|nothing|without)\b|\bdoes\s+not\s+apply\b|\bnot\s+applicable\b|\b(?:si|lorsque|quand|s'il|s’il)\b[^.;]*\b(?:aucun|aucune|pas|jamais|sans|n'|n’)|\baucun"#,
        options: [.caseInsensitive])

    /// The first sentence that forces an answer, or nil.
    static func find(in text: String) -> String? {
        for sentence in text.split(whereSeparator: { $0 == "." || $0 == ";" }).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let range = NSRange(sentence.startIndex..., in: sentence)
            guard answer.firstMatch(in: sentence, range: range) != nil else { continue }
            // The condition is what remains once the answer itself ("answer no") is taken out.
            let condition = answer.stringByReplacingMatches(in: sentence, range: range, withTemplate: " ")
            if absence.firstMatch(in: condition, range: NSRange(condition.startIndex..., in: condition)) != nil {
                return sentence
            }
        }
        return nil
    }
}

/// How alike two question texts are: the Dice coefficient of their word stems (first five letters of each
/// word, common words left out), so that "younger than 18" and "under the age of 18" compare as alike.
enum SimilarText {
    static let threshold = 0.6
    private static let common: Set<String> = [
        "the", "a", "an", "of", "to", "in", "on", "for", "and", "or", "is", "are", "do", "does", "any", "at", "by",
        "with", "from", "be", "been", "has", "have", "this", "that", "their", "its", "as", "it", "all", "than",
        "there", "age", "who", "which", "what", "whether",
    ]
    private static let synonyms = ["younger": "under", "below": "under"]

    static func stems(_ text: String) -> Set<String> {
        var stems = Set<String>()
        for word in text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }) {
            let word = String(word)
            guard !common.contains(word) else { continue }
            stems.insert(String((synonyms[word] ?? word).prefix(5)))
        }
        return stems
    }

    static func similarity(_ a: String, _ b: String) -> Double {
        let (x, y) = (stems(a), stems(b))
        guard !x.isEmpty || !y.isEmpty else { return 0 }
        return 2 * Double(x.intersection(y).count) / Double(x.count + y.count)
    }
}
