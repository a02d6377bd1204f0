import Foundation

/// The reports' own headings and labels, in every language reports are written in. Questionnaire texts come
/// from the questionnaire; these are the rest. The switch makes a missing translation a compile error.
public struct ReportStrings: Sendable {
    public static let languages = ["en", "fr"]

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
        let (en, fr) = key.texts
        var result = ""
        var rest = Substring(language == "fr" ? fr : en)
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
        let key: Key = switch finding {
        case .compliant: .compliant
        case .nonCompliant: .nonCompliant
        case .notApplicable: .notApplicable
        case .unanswered: .unanswered
        }
        return .term(finding.rawValue, self(key))
    }

    public func status(_ status: ImprovementPlan.Status) -> ReportValue {
        let key: Key = switch status {
        case .open: .statusOpen
        case .inProgress: .statusInProgress
        case .done: .statusDone
        case .verified: .statusVerified
        case .reopened: .statusReopened
        }
        return .term(status.rawValue, self(key))
    }

    public func kind(_ kind: AssessmentKind) -> ReportValue {
        let key: Key = switch kind {
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

        /// (English, French).
        var texts: (String, String) {
            switch self {
            case .notAvailable: ("n/a", "s.o.")
            case .percentagePoints: ("pp", "pts")
            case .yes: ("yes", "oui")
            case .no: ("no", "non")
            case .colon: (":", " :")
            case .compliant: ("compliant", "conforme")
            case .nonCompliant: ("non-compliant", "non conforme")
            case .notApplicable: ("not applicable", "sans objet")
            case .unanswered: ("unanswered", "sans réponse")
            case .statusOpen: ("open", "ouverte")
            case .statusInProgress: ("in progress", "en cours")
            case .statusDone: ("done", "réalisée")
            case .statusVerified: ("verified", "vérifiée")
            case .statusReopened: ("reopened", "rouverte")
            case .kindAssessment: ("assessment", "évaluation")
            case .kindFollowUp: ("follow-up", "visite de suivi")
            case .kindSelfAssessment: ("self-assessment", "auto-évaluation")
            case .scopeAssessments: ("assessments", "évaluations")
            case .scopePlans: ("improvement plan", "plan d'amélioration")
            case .scopeReports: ("progress reports", "rapports d'avancement")

            case .asOf: ("as of {0}", "au {0}")
            case .factory: ("Factory", "Usine")
            case .name: ("Name", "Nom")
            case .factoryID: ("Factory id", "Identifiant de l'usine")
            case .country: ("Country", "Pays")
            case .industry: ("Industry", "Secteur")
            case .workers: ("Workers", "Travailleurs")
            case .women: ("of whom women", "dont femmes")
            case .osID: ("Open Supply Hub OS ID", "OS ID (Open Supply Hub)")
            case .cluster: ("Cluster", "Groupe")
            case .point: ("Compliance point", "Point de conformité")
            case .question: ("Question", "Question")
            case .title: ("Title", "Intitulé")
            case .text: ("Text", "Texte")
            case .answer: ("Answer", "Réponse")
            case .note: ("Note", "Note")
            case .legal: ("Legal references", "Références juridiques")
            case .record: ("Record", "Dossier")
            case .kind: ("Kind", "Type")
            case .visit: ("Visit", "Visite")
            case .questionnaire: ("Questionnaire", "Questionnaire")
            case .nonCompliantPoints: ("Non-compliant points", "Points non conformes")
            case .compliantPoints: ("Compliant points", "Points conformes")
            case .notApplicablePoints: ("Points not applicable", "Points sans objet")
            case .applicablePoints: ("Applicable points", "Points applicables")
            case .complianceRate: ("Compliance rate", "Taux de conformité")
            case .factoriesAssessed: ("Factories assessed", "Usines évaluées")
            case .factoriesNonCompliant: ("Non-compliant factories", "Usines non conformes")
            case .factoriesWithAny: ("Factories with a non-compliance", "Usines avec au moins une non-conformité")
            case .shareAnyNonCompliance: ("Share with any non-compliance", "Part avec au moins une non-conformité")
            case .rate: ("Non-compliance rate", "Taux de non-conformité")
            case .interval: ("95% interval", "Intervalle à 95 %")

            case .factoryTitle: ("Factory report: {0}", "Rapport d'usine : {0}")
            case .profile: ("Profile", "Profil")
            case .latestVisit: ("Latest assessment", "Dernière évaluation")
            case .noVisit: ("No final assessment or follow-up of {0} up to {1}.", "Aucune évaluation ni visite de suivi finale de {0} jusqu'au {1}.")
            case .findingsByCluster: ("Findings by cluster", "Constats par groupe")
            case .clusterComplianceChart: ("Compliance rate by cluster: compliant points / applicable points",
                                           "Taux de conformité par groupe : points conformes / points applicables")
            case .nonCompliances: ("Non-compliances", "Non-conformités")
            case .noNonCompliance: ("No non-compliance found.", "Aucune non-conformité constatée.")
            case .changes: ("Changes since the previous assessment", "Évolution depuis l'évaluation précédente")
            case .comparedWith: ("Compared with {0} (visit of {1}).", "Par rapport à {0} (visite du {1}).")
            case .noPrevious: ("No earlier final assessment or follow-up to compare with.", "Aucune évaluation ou visite de suivi antérieure à laquelle comparer.")
            case .noChange: ("No compliance point changed, and no non-compliance persists.", "Aucun point de conformité n'a changé et aucune non-conformité ne persiste.")
            case .previous: ("Previous", "Précédente")
            case .latest: ("Latest", "Dernière")
            case .change: ("Change", "Évolution")
            case .newlyCompliant: ("newly compliant", "devenu conforme")
            case .newlyNonCompliant: ("newly non-compliant", "devenu non conforme")
            case .persisting: ("persisting", "persistante")
            case .plan: ("Improvement plan", "Plan d'amélioration")
            case .noPlan: ("No improvement plan.", "Aucun plan d'amélioration.")
            case .status: ("Status", "Statut")
            case .items: ("Items", "Actions")
            case .closedItems: ("Done or verified", "Réalisées ou vérifiées")
            case .overdueItems: ("Overdue", "En retard")
            case .item: ("Item", "Action")
            case .due: ("Due", "Échéance")
            case .owner: ("Owner", "Responsable")
            case .overdueTitle: ("Overdue items", "Actions en retard")
            case .noOverdue: ("No item is overdue.", "Aucune action n'est en retard.")
            case .piccWarnings: ("PICC warnings", "Alertes sur le PICC")

            case .buyerTitle: ("Buyer report: {0}", "Rapport acheteur : {0}")
            case .buyer: ("Buyer", "Acheteur")
            case .buyerID: ("Buyer id", "Identifiant de l'acheteur")
            case .consentNote: ("Only the factories that consented to share data with {0} on {1} are listed, each with only what it agreed to share.",
                                "Seules les usines qui ont consenti à partager leurs données avec {0} au {1} figurent ici, chacune avec ce qu'elle a accepté de partager, et rien d'autre.")
            case .noConsent: ("No factory has consented to share data with {0} on {1}.", "Aucune usine n'a consenti à partager ses données avec {0} au {1}.")
            case .shared: ("Shared", "Partagé")
            case .assessments: ("Assessments", "Évaluations")
            case .latestStatus: ("Latest status", "Situation la plus récente")
            case .visitsTable: ("Visits", "Visites")
            case .nonCompliantPerVisit: ("Non-compliant points per visit", "Points non conformes par visite")
            case .planProgress: ("Improvement plan progress", "Avancement du plan d'amélioration")
            case .progressReport: ("Progress report", "Rapport d'avancement")
            case .period: ("Period", "Période")
            case .closedInPeriod: ("Items closed in the period", "Actions clôturées sur la période")
            case .openItems: ("Open items", "Actions ouvertes")
            case .piccManagement: ("PICC management members", "Membres du PICC (direction)")
            case .piccWorkers: ("PICC worker members", "Membres du PICC (travailleurs)")
            case .meetingsInPeriod: ("PICC meetings in the period", "Réunions du PICC sur la période")
            case .overview: ("Factories at a glance", "Les usines en bref")
            case .overviewNote: ("Each factory's latest final assessment or follow-up and its improvement plan, as far as the factory shares them with you; \"not shared\" where it does not.",
                                 "La dernière évaluation ou visite de suivi finale de chaque usine et son plan d'amélioration, dans la mesure où l'usine vous les partage ; « non partagé » sinon.")
            case .notShared: ("not shared", "non partagé")
            case .latestVisitDate: ("Latest visit", "Dernière visite")
            case .criticalPoints: ("Critical issues", "Problèmes critiques")
            case .criticalIssue: ("Critical issue", "Problème critique")
            case .critical: ("critical (public)", "critique (public)")
            case .doneItems: ("Done, not yet verified", "Réalisées, pas encore vérifiées")
            case .verifiedItems: ("Verified", "Vérifiées")
            case .latestNonCompliantChart: ("Non-compliant points at the latest visit, by factory (one scale for all factories)",
                                            "Points non conformes à la dernière visite, par usine (une même échelle pour toutes les usines)")
            case .nonCompliantPointsCriticalFirst: ("Non-compliant points, critical issues first", "Points non conformes, problèmes critiques en premier")
            case .criticalNote: ("A critical issue is a non-compliance on a question the questionnaire marks public: it may be disclosed, and comes first.",
                                 "Un problème critique est une non-conformité sur une question que le questionnaire déclare publique : elle peut être divulguée et figure en premier.")
            case .sincePrevious: ("Since the previous visit", "Depuis la visite précédente")
            case .firstVisit: ("first visit", "première visite")
            case .newIssue: ("new", "nouveau")
            case .selfAssessments: ("Self-assessments by the factory", "Auto-évaluations de l'usine")
            case .selfAssessmentNote: ("Done by the factory itself, not by an advisor: shown apart, and never counted in the findings, rates or trend above.",
                                       "Réalisées par l'usine elle-même, non par un conseiller : présentées à part, et jamais comptées dans les constats, taux ou tendances ci-dessus.")
            case .sharedScale: ("Every factory of this report is drawn on the same scale, from 0 to {0} points.",
                                "Toutes les usines de ce rapport sont tracées sur la même échelle, de 0 à {0} points.")

            case .countryTitle: ("Country synthesis report: {0}", "Rapport de synthèse pays : {0}")
            case .scopeSection: ("Scope", "Périmètre")
            case .factoriesCounted: ("Factories counted", "Usines prises en compte")
            case .visitsUpTo: ("Visits up to", "Visites jusqu'au")
            case .recordsWithErrors: ("Records left out for errors", "Dossiers écartés pour erreurs")
            case .countryMethod: ("Each factory counts once, by its latest final assessment or follow-up up to the report's date; self-assessments are not counted. A compliance point's non-compliance rate is non-compliant factories / factories where it applies, with a 95% Wilson interval; a cluster's rate is the mean of its points' rates (docs/rates.md).",
                                  "Chaque usine compte une fois, par sa dernière évaluation ou visite de suivi finale jusqu'à la date du rapport ; les auto-évaluations ne sont pas comptées. Le taux de non-conformité d'un point est le nombre d'usines non conformes rapporté au nombre d'usines où il s'applique, avec un intervalle de Wilson à 95 % ; celui d'un groupe est la moyenne des taux de ses points (docs/rates.md).")
            case .byCluster: ("Non-compliance by cluster", "Non-conformité par groupe")
            case .clusterRateChart: ("Non-compliance rate by cluster (mean of its points' rates), with 95% intervals",
                                     "Taux de non-conformité par groupe (moyenne des taux de ses points), avec intervalles à 95 %")
            case .byPoint: ("Non-compliance by compliance point", "Non-conformité par point de conformité")
            case .pointRateChart: ("Non-compliance rate by compliance point, with 95% Wilson intervals",
                                   "Taux de non-conformité par point de conformité, avec intervalles de Wilson à 95 %")
            case .topPoints: ("The 10 compliance points with the highest non-compliance", "Les 10 points de conformité au plus fort taux de non-conformité")
            case .topPointsNote: ("Ordered by non-compliance rate, then by the number of non-compliant factories.",
                                  "Classés par taux de non-conformité, puis par nombre d'usines non conformes.")
            case .trend: ("Trend across years", "Évolution d'une année à l'autre")
            case .trendNote: ("Non-compliance rate by cluster and year; each factory counts once per year, by its latest visit of that year.",
                              "Taux de non-conformité par groupe et par année ; chaque usine compte une fois par année, par sa dernière visite de l'année.")
            case .factoriesInYear: ("Factories counted in {0}", "Usines prises en compte en {0}")
            case .trendChart: ("Non-compliance rate by cluster and year, with 95% intervals", "Taux de non-conformité par groupe et par année, avec intervalles à 95 %")
            case .clusterAndYear: ("Cluster and year", "Groupe et année")
            case .year: ("Year", "Année")
            case .comparison: ("Comparison with the other countries", "Comparaison avec les autres pays")
            case .comparisonNote: ("The same cluster rates for every country of the repository, with the difference from {0} in percentage points. Intervals that do not overlap indicate a difference unlikely to be chance alone.",
                                   "Les mêmes taux par groupe pour chaque pays du dépôt, avec l'écart à {0} en points de pourcentage. Des intervalles qui ne se chevauchent pas indiquent un écart qui ne tient probablement pas au seul hasard.")
            case .onlyCountry: ("No other country of the repository has data to compare with.", "Aucun autre pays du dépôt n'a de données à comparer.")
            case .differenceFrom: ("Difference from {0}", "Écart à {0}")
            case .comparisonChart: ("Non-compliance rate by cluster and country, with 95% intervals",
                                    "Taux de non-conformité par groupe et par pays, avec intervalles à 95 %")
            case .factoriesInCountry: ("Factories counted in {0}", "Usines prises en compte : {0}")
            case .clusterAndCountry: ("Cluster and country", "Groupe et pays")
            case .overlapsBase: ("Interval overlaps {0}'s", "Intervalle recoupant celui de {0}")
            case .overlaps: ("interval overlaps {0}'s", "intervalle recoupant celui de {0}")
            case .noOverlap: ("no overlap with {0}: a real difference", "sans recoupement avec {0} : écart réel")

            case .transparencyTitle: ("Public transparency list", "Liste publique de transparence")
            case .method: ("Method", "Méthode")
            case .methodLatest: ("Each factory appears with its latest final assessment or follow-up up to the report's date (a correction stands in for the record it amends; self-assessments are not used). Only questions marked public (critical issues that may be disclosed) are shown; no other finding is.",
                                 "Chaque usine figure avec sa dernière évaluation ou visite de suivi finale jusqu'à la date du rapport (une correction remplace le dossier qu'elle modifie ; les auto-évaluations ne sont pas utilisées). Seules les questions publiques (problèmes critiques qui peuvent être divulgués) sont montrées ; aucun autre constat ne l'est.")
            case .methodPublicRate: ("Public compliance rate: a compliance point's public finding is decided from its public questions only (non-compliant if one is, else compliant if one is, else not applicable); the rate is compliant points / applicable points, over the points of the latest visit that have at least one public question.",
                                     "Taux de conformité public : le constat public d'un point de conformité est établi à partir de ses seules questions publiques (non conforme si l'une l'est, sinon conforme si l'une l'est, sinon sans objet) ; le taux est le nombre de points conformes rapporté au nombre de points applicables, parmi les points de la dernière visite qui ont au moins une question publique.")
            case .methodBelowMean: ("Far below the mean: the mean and the (population) standard deviation are taken over the public compliance rates of every factory listed that has one; a factory is flagged when it has at least three final assessments or follow-ups and its rate is more than two standard deviations below the mean.",
                                    "Très en dessous de la moyenne : la moyenne et l'écart type (de la population) portent sur les taux de conformité publics de toutes les usines de la liste qui en ont un ; une usine est signalée lorsqu'elle compte au moins trois évaluations ou visites de suivi finales et que son taux est inférieur de plus de deux écarts types à la moyenne.")
            case .methodSmallGroups: ("With n factories, no rate can lie more than √(n−1) standard deviations from the mean, so fewer than six factories can never flag one.",
                                      "Avec n usines, aucun taux ne peut s'écarter de la moyenne de plus de √(n−1) écarts types : en dessous de six usines, aucune ne peut être signalée.")
            case .factories: ("Factories", "Usines")
            case .notListed: ("Registered factories without a final assessment or follow-up up to {0} are not listed:",
                              "Les usines enregistrées sans évaluation ni visite de suivi finale jusqu'au {0} ne figurent pas dans la liste :")
            case .visitsCounted: ("Assessments and follow-ups", "Évaluations et visites de suivi")
            case .publicNonCompliances: ("Public questions non-compliant", "Questions publiques non conformes")
            case .publicRate: ("Public compliance rate", "Taux de conformité public")
            case .publicFindings: ("Public questions found non-compliant", "Questions publiques constatées non conformes")
            case .noPublicFinding: ("No public question was found non-compliant.", "Aucune question publique n'a été constatée non conforme.")
            case .belowMean: ("Factories far below the mean", "Usines très en dessous de la moyenne")
            case .factoriesInMean: ("Factories with a public compliance rate", "Usines ayant un taux de conformité public")
            case .mean: ("Mean", "Moyenne")
            case .standardDeviation: ("Standard deviation", "Écart type")
            case .threshold: ("Threshold (mean − 2 standard deviations)", "Seuil (moyenne − 2 écarts types)")
            case .noneBelow: ("No factory with at least three assessments is more than two standard deviations below the mean.",
                              "Aucune usine comptant au moins trois évaluations n'est inférieure de plus de deux écarts types à la moyenne.")

            case .evidenceOfNonCompliances: ("Evidence of the non-compliances", "Preuves des non-conformités")
            case .evidenceOfVerifiedItems: ("Evidence of the verified plan items", "Preuves des actions vérifiées du plan")
            case .evidenceOpen: ("Open the file ({0})", "Ouvrir le fichier ({0})")
            case .evidenceNotShown: ("not shown: the file is {0}", "non affichée : le fichier est {0}")

            case .guideTitle: ("Self-assessment guide: {0}", "Guide d'auto-évaluation : {0}")
            case .guideAbout: ("About this guide", "À propos de ce guide")
            case .guideUse: ("This guide lists every question of the questionnaire with its guidance, the law behind it and how non-compliance is decided. Prepare the answer sheet with the command below (your factory's id in place of <factory-id>), fill it in, then record it with 'star assess record self-assessment.yaml'.",
                             "Ce guide reprend chaque question du questionnaire avec ses conseils, les textes de loi sur lesquels elle repose et la manière dont la non-conformité est établie. Préparez la feuille de réponses avec la commande ci-dessous (l'identifiant de votre usine à la place de <factory-id>), remplissez-la, puis enregistrez-la avec « star assess record self-assessment.yaml ».")
            case .guideFindings: ("A compliance point is non-compliant when any of its questions is, compliant when none is and at least one applies, and not applicable otherwise.",
                                  "Un point de conformité est non conforme si l'une de ses questions l'est, conforme si aucune ne l'est et qu'au moins une s'applique, et sans objet sinon.")
            case .version: ("Version", "Version")
            case .questions: ("Questions", "Questions")
            case .languages: ("Languages", "Langues")
            case .contents: ("Contents", "Sommaire")
            case .parameters: ("Parameters", "Paramètres")
            case .parameter: ("Parameter", "Paramètre")
            case .value: ("Value", "Valeur")
            case .description: ("Description", "Description")
            case .expectedAnswer: ("Expected answer", "Réponse attendue")
            case .typeYesNo: ("yes or no", "oui (yes) ou non (no)")
            case .typeChoice: ("one of the options", "l'une des options")
            case .typeNumber: ("a number", "un nombre")
            case .typeText: ("a text", "un texte")
            case .typeDate: ("a date (YYYY-MM-DD)", "une date (AAAA-MM-JJ)")
            case .options: ("Options", "Options")
            case .nonCompliantOption: ("{0} (non-compliant)", "{0} (non conforme)")
            case .guidance: ("Guidance", "Conseils")
            case .nonCompliantWhen: ("Non-compliant when", "Non conforme si")
            case .answerIs: ("the answer is {0}", "la réponse est {0}")
            case .or: (", or ", ", ou ")
            case .never: ("never (for information)", "jamais (pour information)")
            case .appliesWhen: ("Applies when", "S'applique si")
            case .always: ("always", "toujours")
            case .isPublic: ("Public", "Publique")
            case .publicYes: ("yes: a critical issue that may be disclosed publicly", "oui : un problème critique qui peut être rendu public")
            }
        }
    }
}
