/// What one buyer may read on a day: the factories that consented to share with it, found only through
/// ConsentStore.visible (that is, AccessPolicy), each with only the scopes it granted (docs/sharing.md).
/// `assessments` gives the latest visit's non-compliant points (critical issues first, with their cluster and
/// what changed since the visit before), the trend of visits and, apart, the factory's own self-assessments;
/// `plans` the plan's progress; `reports` the progress report's summary. Nothing else leaves: a factory that
/// granted only `plans` shows no assessment data, in its own section or in the overview.
public enum BuyerReport {
    public static func build(buyer id: String, on date: CalendarDate, language asked: String?, consents: ConsentStore) throws -> ReportDocument {
        let buyer = try consents.buyer(id)
        let language = try ReportStrings.resolve(asked, questionnaire: nil)
        let t = ReportStrings(language)
        let plans = PlanStore(store: consents.store)
        let visible = try consents.visible(to: buyer.id, on: date)
        let about = [
            ReportFact("name", t(.name), .text(buyer.name)), ReportFact("id", t(.buyerID), .identifier(buyer.id)),
            ReportFact("country", t(.country), buyer.country.map { .text(CountryNames.label($0, language: language)) } ?? .none),
        ]
        var sections = [
            ReportSection(
                id: "buyer", title: t(.buyer),
                blocks: [
                    .facts(about), .paragraph(visible.isEmpty ? t(.noConsent, buyer.name, date) : t(.consentNote, buyer.name, date)),
                ])
        ]
        // Everything each factory shared, gathered first: the overview and the common scale need all of them.
        let shared = try visible.map { factory, scopes in
            try Shared(factory: factory, scopes: scopes, on: date, plans: plans, language: language)
        }
        if !shared.isEmpty { sections.append(overview(shared, t)) }
        let scale = Double(shared.flatMap { $0.visits.map { $0.count(.nonCompliant) } }.max() ?? 0)
        for factory in shared {
            sections.append(section(factory, scale: scale, plans: plans, t))
        }
        return ReportDocument(
            kind: "buyer", language: language, title: t(.buyerTitle, buyer.name),
            subtitle: "\(buyer.id) · \(t(.asOf, date))", sections: sections)
    }

    /// One factory's shared data, read only for the scopes it granted.
    struct Shared {
        var factory: Factory
        var scopes: Set<ConsentHistory.Scope>
        var on: CalendarDate
        /// Final assessments and follow-ups, oldest first; empty without the `assessments` scope.
        var visits: [AssessmentReport] = []
        /// The factory's own self-assessments; empty without the `assessments` scope.
        var selfAssessments: [AssessmentReport] = []
        /// Nil without the `plans` and `reports` scopes.
        var plan: ImprovementPlan?

        init(factory: Factory, scopes: Set<ConsentHistory.Scope>, on date: CalendarDate, plans: PlanStore, language: String) throws {
            self.factory = factory
            self.scopes = scopes
            on = date
            if scopes.contains(.assessments) {
                visits = plans.visits(of: factory, until: date).map { AssessmentReport($0, language: language) }
                selfAssessments = plans.selfAssessments(of: factory, until: date).map { AssessmentReport($0, language: language) }
            }
            if scopes.contains(.plans) || scopes.contains(.reports) { plan = try plans.load(factory) }
        }

        init(
            factory: Factory, scopes: Set<ConsentHistory.Scope>, on date: CalendarDate, visits: [AssessmentReport],
            selfAssessments: [AssessmentReport] = [], plan: ImprovementPlan? = nil
        ) {
            self.factory = factory
            self.scopes = scopes
            on = date
            self.visits = visits
            self.selfAssessments = selfAssessments
            self.plan = plan
        }

        var latest: AssessmentReport? { visits.last }
        var planShared: Bool { scopes.contains(.plans) }
    }

    /// One row per factory, and the latest non-compliant points of all on one scale; a dash where a factory did
    /// not share what a column needs.
    static func overview(_ shared: [Shared], _ t: ReportStrings) -> ReportSection {
        let notShared = ReportValue.term("not-shared", t(.notShared))
        let rows: [[ReportValue]] = shared.map { entry in
            let latest = entry.latest
            let plan = entry.planShared ? entry.plan : nil
            let assessed: [ReportValue] =
                entry.scopes.contains(.assessments)
                ? [
                    latest.map { .identifier($0.record.visit.start.description) } ?? .none,
                    latest.map { .count($0.count(.nonCompliant)) } ?? .none,
                    latest.map { .count(criticalPoints($0).count) } ?? .none,
                    latest.map { .percent(FactoryReport.complianceRate($0)) } ?? .none,
                ]
                : Array(repeating: notShared, count: 4)
            let planned: [ReportValue] =
                plan.map { plan in
                    [
                        .count(plan.items.filter { $0.status.isActive }.count), .count(plan.items.filter { $0.isOverdue(on: entry.on) }.count),
                        .count(plan.items.filter { $0.status == .verified }.count),
                    ]
                } ?? Array(repeating: notShared, count: 3)
            return [
                .identifier(entry.factory.id), .text(entry.factory.name),
                .text(CountryNames.name(entry.factory.country, language: t.language) ?? entry.factory.country),
            ]
                + assessed + planned
        }
        let table = ReportTable(
            key: "factories",
            columns: [
                .init("factory", t(.factoryID)), .init("name", t(.name)), .init("country", t(.country)), .init("latest-visit", t(.latestVisitDate)),
                .init("non-compliant-points", t(.nonCompliantPoints)), .init("critical-points", t(.criticalPoints)),
                .init("compliance-rate", t(.complianceRate)), .init("open-items", t(.openItems)), .init("overdue-items", t(.overdueItems)),
                .init("verified-items", t(.verifiedItems)),
            ], rows: rows)
        var blocks: [ReportBlock] = [.paragraph(t(.overviewNote)), .table(table)]
        let assessed = shared.filter { $0.latest != nil }
        if !assessed.isEmpty {
            blocks.append(
                .chart(
                    BarChart(
                        key: "latest-non-compliant-points", title: t(.latestNonCompliantChart), category: t(.factory), unit: .count,
                        bars: assessed.map { entry in
                            BarChart.Bar(
                                key: entry.factory.id, label: "\(entry.factory.id) \(entry.factory.name)",
                                value: Double(entry.latest!.count(.nonCompliant)))
                        })))
        }
        return ReportSection(id: "overview", title: t(.overview), blocks: blocks)
    }

    /// The non-compliant points of a visit that have a non-compliant public question: critical issues, which
    /// may be disclosed.
    static func criticalPoints(_ report: AssessmentReport) -> [AssessmentReport.PointRow] {
        report.points.filter { point in point.finding == .nonCompliant && point.questions.contains { $0.isPublic && $0.finding == .nonCompliant } }
    }

    static func section(_ entry: Shared, scale: Double, plans: PlanStore, _ t: ReportStrings) -> ReportSection {
        let factory = entry.factory
        let id = ReportSection.anchor("factory", factory.id)
        let granted = ConsentHistory.Scope.allCases.filter(entry.scopes.contains)
        var section = ReportSection(
            id: id, title: "\(factory.id) \(factory.name)",
            blocks: [
                .facts(
                    FactoryReport.profile(factory, t) + [
                        ReportFact(
                            "shared", t(.shared),
                            .term(
                                granted.map(\.rawValue).joined(separator: ","),
                                granted.map(t.scope).joined(separator: "; ")))
                    ])
            ])
        if entry.scopes.contains(.assessments) {
            section.sections.append(assessments(entry, id: id + "-assessments", scale: scale, t))
            if !entry.selfAssessments.isEmpty {
                section.sections.append(selfAssessments(entry.selfAssessments, id: id + "-self-assessments", t))
            }
        }
        if entry.scopes.contains(.assessments), let latest = entry.latest {
            section.sections += FactoryReport.evidence(of: latest, factory: factory, store: plans.store, id: id + "-evidence", t)
        }
        if let plan = entry.plan {
            if entry.planShared {
                section.sections.append(planProgress(plan, factory: factory, on: entry.on, id: id + "-plans", t))
                section.sections += FactoryReport.evidence(ofVerified: plan, factory: factory, store: plans.store, id: id + "-plan-evidence", t)
            }
            if entry.scopes.contains(.reports) {
                // The same progress report a share bundle carries: the three months up to the day.
                let report = ProgressReport(
                    factory: factory, plan: plan, since: entry.on.adding(months: -3), on: entry.on,
                    piccWarnings: plans.piccWarnings(plan, on: entry.on))
                section.sections.append(progressSummary(report, id: id + "-reports", t))
            }
        }
        return section
    }

    /// The latest status, its non-compliant points (critical ones first, with their cluster and whether each is
    /// new or persists), what changed since the visit before, and every visit on the report's common scale.
    static func assessments(_ entry: Shared, id: String, scale: Double, _ t: ReportStrings) -> ReportSection {
        var section = ReportSection(id: id, title: t(.assessments))
        guard let latest = entry.latest else {
            return section.with([.paragraph(t(.noVisit, entry.factory.id, entry.on))])
        }
        let critical = criticalPoints(latest)
        section.blocks = [
            .facts(
                FactoryReport.visitFacts(latest, t) + [
                    ReportFact("non-compliant-points", t(.nonCompliantPoints), .count(latest.count(.nonCompliant))),
                    ReportFact("critical-points", t(.criticalPoints), .count(critical.count)),
                    ReportFact("compliance-rate", t(.complianceRate), .percent(FactoryReport.complianceRate(latest))),
                ])
        ]
        let previous = entry.visits.dropLast().last
        let before = Dictionary((previous?.points ?? []).map { ($0.id, $0.finding) }, uniquingKeysWith: { first, _ in first })
        let criticalIDs = Set(critical.map(\.id))
        // Critical issues first, each group in questionnaire order.
        let found = latest.clusters.flatMap { cluster in cluster.points.filter { $0.finding == .nonCompliant }.map { (cluster, $0) } }
        let ordered = found.filter { criticalIDs.contains($0.1.id) } + found.filter { !criticalIDs.contains($0.1.id) }
        let rows: [[ReportValue]] = ordered.map { cluster, point in
            let since: ReportValue =
                previous == nil
                ? .term("first-visit", t(.firstVisit))
                : before[point.id] == .nonCompliant ? .term("persisting", t(.persisting)) : .term("new", t(.newIssue))
            return [
                .identifier(point.id), .text(point.title), .text("\(cluster.id) \(cluster.title)"),
                criticalIDs.contains(point.id) ? .term("critical", t(.critical)) : .none, since,
            ]
        }
        let table = ReportTable(
            key: "non-compliant-points",
            columns: [
                .init("point", t(.point)), .init("title", t(.title)), .init("cluster", t(.cluster)), .init("critical", t(.criticalIssue)),
                .init("since-previous", t(.sincePrevious)),
            ], rows: rows)
        section.sections.append(
            ReportSection(
                id: id + "-points", title: t(.nonCompliantPointsCriticalFirst),
                blocks: rows.isEmpty ? [.paragraph(t(.noNonCompliance))] : [.paragraph(t(.criticalNote)), .table(table)]))
        section.sections.append(FactoryReport.changes(from: previous, to: latest, id: id + "-changes", t))
        let chart = BarChart(
            key: "non-compliant-points-per-visit", title: t(.nonCompliantPerVisit), category: t(.visit), unit: .count,
            bars: entry.visits.map {
                BarChart.Bar(
                    key: $0.record.id.description, label: "\($0.record.visit.start) (\(t.text(t.kind($0.record.kind))))",
                    value: Double($0.count(.nonCompliant)))
            }, scale: scale)
        section.sections.append(ReportSection(id: id + "-visits", title: t(.visitsTable), blocks: [.chart(chart), .table(visitTable(entry.visits, t))]))
        return section
    }

    /// Record, visit, kind, non-compliant and applicable points and the compliance rate of each visit.
    static func visitTable(_ reports: [AssessmentReport], key: String = "visits", _ t: ReportStrings) -> ReportTable {
        ReportTable(
            key: key,
            columns: [
                .init("record", t(.record)), .init("visit", t(.visit)), .init("kind", t(.kind)),
                .init("non-compliant-points", t(.nonCompliantPoints)),
                .init("applicable-points", t(.applicablePoints)), .init("compliance-rate", t(.complianceRate)),
            ],
            rows: reports.map { report in
                [
                    .identifier(report.record.id.description), .identifier(report.record.visit.start.description), t.kind(report.record.kind),
                    .count(report.count(.nonCompliant)), .count(report.count(.compliant) + report.count(.nonCompliant)),
                    .percent(FactoryReport.complianceRate(report)),
                ]
            })
    }

    /// What the factory found about itself, apart from the advisors' visits and labelled as such.
    static func selfAssessments(_ reports: [AssessmentReport], id: String, _ t: ReportStrings) -> ReportSection {
        ReportSection(
            id: id, title: t(.selfAssessments), blocks: [.paragraph(t(.selfAssessmentNote)), .table(visitTable(reports, key: "self-assessments", t))])
    }

    /// Items by status (open, overdue, verified first), and every item with its point, status and due date.
    static func planProgress(_ plan: ImprovementPlan, factory: Factory, on date: CalendarDate, id: String, _ t: ReportStrings) -> ReportSection {
        let section = ReportSection(id: id, title: t(.planProgress))
        guard !plan.items.isEmpty else { return section.with([.paragraph(t(.noPlan))]) }
        let facts = [
            ReportFact("items", t(.items), .count(plan.items.count)),
            ReportFact("open", t(.openItems), .count(plan.items.filter { $0.status.isActive }.count)),
            ReportFact("overdue", t(.overdueItems), .count(plan.items.filter { $0.isOverdue(on: date) }.count)),
            ReportFact("done", t(.doneItems), .count(plan.items.filter { $0.status == .done }.count)),
            ReportFact("verified", t(.verifiedItems), .count(plan.items.filter { $0.status == .verified }.count)),
        ]
        let items = ReportTable(
            key: "plan-items",
            columns: [
                .init("item", t(.item)), .init("point", t(.point)), .init("status", t(.status)),
                .init("due", t(.due)), .init("overdue", t(.overdueItems)),
            ],
            rows: plan.items.map { item in
                [
                    .identifier(item.id(factory: factory.id)), .identifier(item.point), t.status(item.status),
                    item.due.map { .identifier($0.description) } ?? .none,
                    item.isOverdue(on: date) ? .term("overdue", t(.yes)) : .none,
                ]
            })
        return section.with([.facts(facts), .table(items)])
    }

    static func progressSummary(_ report: ProgressReport, id: String, _ t: ReportStrings) -> ReportSection {
        let members = report.plan.picc.activeMembers(on: report.on)
        let facts = [
            ReportFact("period", t(.period), .text("\(report.since) – \(report.on)")),
            ReportFact("closed", t(.closedInPeriod), .count(report.closed.count)),
            ReportFact("overdue", t(.overdueItems), .count(report.overdue.count)),
            ReportFact("open", t(.openItems), .count(report.plan.items.filter { $0.status.isActive }.count)),
            ReportFact("picc-management", t(.piccManagement), .count(members.filter { $0.role == .management }.count)),
            ReportFact("picc-workers", t(.piccWorkers), .count(members.filter { $0.role == .worker }.count)),
            ReportFact("picc-meetings", t(.meetingsInPeriod), .count(report.meetings.count)),
        ]
        var blocks: [ReportBlock] = [.facts(facts)]
        if !report.piccWarnings.isEmpty { blocks.append(.list(ReportList(report.piccWarnings.map { .init($0) }))) }
        return ReportSection(id: id, title: t(.progressReport), blocks: blocks)
    }
}
