import Foundation

/// The reports' own headings and labels, in every language reports are written in. Questionnaire texts come
/// from the questionnaire; these are the rest: `report.<key>` in strings/<language>.yaml (StringTables). The
/// Key enum makes a misspelt key a compile error; StringTablesTests that every key has a text in every file.
public struct ReportStrings: Sendable {
    /// The languages with a strings file.
    public static var languages: [String] { StringTables.languages }

    public let language: String
    /// The language asked for, in which questionnaire texts are shown: it may have no report texts yet (km, vi,
    /// ht), and then `language`, the headings' language, falls back while the questionnaire's texts do not.
    public let textLanguage: String

    /// Falls back to English for a language without report texts (a questionnaire's own first language, or
    /// one a translation file adds, such as Khmer), and Haitian Creole to French.
    public init(_ language: String) {
        let nearest = LanguageFallback.nearest[language] ?? "en"
        self.language = Self.languages.contains(language) ? language : Self.languages.contains(nearest) ? nearest : "en"
        self.textLanguage = language
    }

    /// The text of `key`, with `{0}`, `{1}`... replaced by `values` in one pass (a value is never re-read).
    public func callAsFunction(_ key: Key, _ values: CustomStringConvertible...) -> String {
        var result = ""
        var rest = Substring(StringTables.text(key.tableKey, in: language))
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"), let index = Int(rest[afterOpen..<close]), values.indices.contains(index) {
                result += values[index].description
                rest = rest[rest.index(after: close)...]
            } else {
                result += "{"
                rest = rest[afterOpen...]
            }
        }
        return result + rest
    }

    /// The language a report is written in: the one asked for (it must have report texts, and be a language of
    /// the questionnaire the report quotes, when there is one), else the questionnaire's first, else English.
    public static func resolve(_ asked: String?, questionnaire: CompiledQuestionnaire?) throws(ReportError) -> String {
        guard let asked else { return questionnaire?.languages.first ?? "en" }
        // A questionnaire language without report texts (km, vi, ht) is allowed: its texts are the questionnaire's,
        // and the headings fall back (ReportStrings.init).
        guard languages.contains(asked) || questionnaire?.languages.contains(asked) == true else { throw .unknownLanguage(asked) }
        if let questionnaire, !questionnaire.languages.contains(asked) {
            throw .questionnaireLanguage(questionnaire: questionnaire.id, language: asked, available: questionnaire.languages)
        }
        return asked
    }

    // MARK: - Values as text

    /// A value as text in this language: rates as `11.4%`, differences as `+3.2 pp`.
    public func text(_ value: ReportValue) -> String {
        switch value {
        case .text(let text), .identifier(let text): text
        case .term(_, let label): label
        case .count(let n): String(n)
        case .percent(let p): p.map(Self.percent) ?? self(.notAvailable)
        case .interval(let range): range.map { "\(Self.percent($0.lowerBound))–\(Self.percent($0.upperBound))" } ?? ""
        case .points(let d): d.map { String(format: "%+.1f", $0 * 100) + " " + self(.percentagePoints) } ?? self(.notAvailable)
        case .list(let items): items.joined(separator: "; ")
        case .none: ""
        }
    }

    /// A fact's value: like `text`, with a dash for nothing, so a label never dangles.
    public func fact(_ value: ReportValue) -> String {
        let text = text(value)
        return text.isEmpty ? "—" : text
    }

    public static func percent(_ fraction: Double) -> String {
        String(format: "%.1f%%", fraction * 100)
    }

    public func finding(_ finding: Finding) -> ReportValue {
        let key: Key =
            switch finding {
            case .compliant: .compliant
            case .nonCompliant: .nonCompliant
            case .notApplicable: .notApplicable
            case .unanswered: .unanswered
            }
        return .term(finding.rawValue, self(key))
    }

    public func status(_ status: ImprovementPlan.Status) -> ReportValue {
        let key: Key =
            switch status {
            case .open: .statusOpen
            case .inProgress: .statusInProgress
            case .done: .statusDone
            case .verified: .statusVerified
            case .reopened: .statusReopened
            }
        return .term(status.rawValue, self(key))
    }

    public func kind(_ kind: AssessmentKind) -> ReportValue {
        let key: Key =
            switch kind {
            case .assessment: .kindAssessment
            case .followUp: .kindFollowUp
            case .selfAssessment: .kindSelfAssessment
            }
        return .term(kind.rawValue, self(key))
    }

    public func scope(_ scope: ConsentHistory.Scope) -> String {
        switch scope {
        case .assessments: self(.scopeAssessments)
        case .plans: self(.scopePlans)
        case .reports: self(.scopeReports)
        }
    }

    public enum Key: String, CaseIterable, Sendable {
        // Values
        case notAvailable, percentagePoints, yes, no, colon
        case compliant, nonCompliant, notApplicable, unanswered
        case statusOpen, statusInProgress, statusDone, statusVerified, statusReopened
        case kindAssessment, kindFollowUp, kindSelfAssessment
        case scopeAssessments, scopePlans, scopeReports
        // Shared labels
        case asOf, factory, name, factoryID, country, industry, workers, women, osID
        case cluster, point, question, title, text, answer, note, legal
        case record, kind, visit, questionnaire
        case nonCompliantPoints, compliantPoints, notApplicablePoints, applicablePoints, complianceRate
        case factoriesAssessed, factoriesNonCompliant, factoriesWithAny, shareAnyNonCompliance, rate, interval
        // Factory report
        case factoryTitle, profile, latestVisit, noVisit, findingsByCluster, clusterComplianceChart
        case nonCompliances, noNonCompliance
        case changes, comparedWith, noPrevious, noChange, previous, latest, change, newlyCompliant, newlyNonCompliant, persisting
        case plan, noPlan, status, items, closedItems, overdueItems, item, due, owner, overdueTitle, noOverdue, piccWarnings
        // Evidence (ReportEvidence)
        case evidenceOfNonCompliances, evidenceOfVerifiedItems, evidenceOpen, evidenceNotShown
        // Buyer report
        case buyerTitle, buyer, buyerID, consentNote, noConsent, shared
        case assessments, latestStatus, visitsTable, nonCompliantPerVisit
        case planProgress, progressReport, period, closedInPeriod, openItems, piccManagement, piccWorkers, meetingsInPeriod
        case overview, overviewNote, notShared, latestVisitDate, criticalPoints, criticalIssue, critical, doneItems, verifiedItems
        case latestNonCompliantChart, nonCompliantPointsCriticalFirst, criticalNote, sincePrevious, firstVisit, newIssue
        case selfAssessments, selfAssessmentNote, sharedScale
        // Country report
        case countryTitle, scopeSection, factoriesCounted, visitsUpTo, recordsWithErrors, countryMethod
        case byCluster, clusterRateChart, byPoint, pointRateChart, topPoints, topPointsNote
        case trend, trendNote, factoriesInYear, trendChart, clusterAndYear, year
        case comparison, comparisonNote, onlyCountry, differenceFrom, comparisonChart, factoriesInCountry
        case clusterAndCountry, overlapsBase, overlaps, noOverlap
        // Transparency list
        case transparencyTitle, method, methodLatest, methodPublicRate, methodBelowMean, methodSmallGroups
        case factories, notListed, visitsCounted, publicNonCompliances, publicRate
        case publicFindings, noPublicFinding
        case belowMean, factoriesInMean, mean, standardDeviation, threshold, noneBelow
        // Self-assessment guide
        case guideTitle, guideAbout, guideUse, guideFindings, version, questions, languages, contents
        case parameters, parameter, value, description
        case expectedAnswer, typeYesNo, typeChoice, typeNumber, typeText, typeDate
        case options, nonCompliantOption, guidance, nonCompliantWhen, answerIs, or, never, appliesWhen, always, isPublic, publicYes

        /// The key in the strings files.
        public var tableKey: String { "report." + rawValue }
    }
}
