/// What one buyer may read on a day: the factories that consented to share with it, found only through
/// ConsentStore.visible (that is, AccessPolicy), each with only the scopes it granted (docs/sharing.md):
/// `assessments` gives the latest status and the trend of non-compliant points, `plans` the plan's progress,
/// `reports` the progress report's summary. Nothing else leaves: a factory that granted only `plans` shows no
/// assessment data.
public enum BuyerReport {
    public static func build(buyer id: String, on date: CalendarDate, language asked: String?, consents: ConsentStore) throws -> ReportDocument {
        let buyer = try consents.buyer(id)
        let language = try ReportStrings.resolve(asked, questionnaire: nil)
        let t = ReportStrings(language)
        let plans = PlanStore(store: consents.store)
        let visible = try consents.visible(to: buyer.id, on: date)
        let about = [ReportFact("name", t(.name), .text(buyer.name)), ReportFact("id", t(.buyerID), .text(buyer.id)),
                     ReportFact("country", t(.country), buyer.country.map { .text($0) } ?? .none)]
        var sections = [ReportSection(id: "buyer", title: t(.buyer), blocks: [
            .facts(about), .paragraph(visible.isEmpty ? t(.noConsent, buyer.name, date) : t(.consentNote, buyer.name, date)),
        ])]
        for (factory, scopes) in visible {
            sections.append(try section(factory, scopes: scopes, on: date, plans: plans, language: language))
        }
        return ReportDocument(kind: "buyer", language: language, title: t(.buyerTitle, buyer.name),
                              subtitle: "\(buyer.id) · \(t(.asOf, date))", sections: sections)
    }

    static func section(_ factory: Factory, scopes: Set<ConsentHistory.Scope>, on date: CalendarDate, plans: PlanStore, language: String) throws -> ReportSection {
        let t = ReportStrings(language)
        let id = ReportSection.anchor("factory", factory.id)
        let granted = ConsentHistory.Scope.allCases.filter(scopes.contains)
        var section = ReportSection(id: id, title: "\(factory.name) (\(factory.id))", blocks: [
            .facts(FactoryReport.profile(factory, t) + [ReportFact("shared", t(.shared), .term(granted.map(\.rawValue).joined(separator: ","),
                                                                                            granted.map(t.scope).joined(separator: "; ")))]),
        ])
        if scopes.contains(.assessments) {
            section.sections.append(assessments(plans.visits(of: factory, until: date), id: id + "-assessments", factory: factory, on: date, language: language))
        }
        if scopes.contains(.plans) || scopes.contains(.reports) {
            let plan = try plans.load(factory)
            if scopes.contains(.plans) {
                var progress = ReportSection(id: id + "-plans", title: t(.planProgress))
                progress.blocks = plan.items.isEmpty ? [.paragraph(t(.noPlan))] : [.facts(FactoryReport.planFacts(plan, on: date, t)), .table(FactoryReport.statusTable(plan, t))]
                section.sections.append(progress)
            }
            if scopes.contains(.reports) {
                // The same progress report a share bundle carries: the three months up to the day.
                let report = ProgressReport(factory: factory, plan: plan, since: date.adding(months: -3), on: date, piccWarnings: plans.piccWarnings(plan, on: date))
                section.sections.append(progressSummary(report, id: id + "-reports", t))
            }
        }
        return section
    }

    /// The latest status (non-compliant points, compliance rate) and the trend: non-compliant points per visit.
    static func assessments(_ visits: [AssessmentStore.Loaded], id: String, factory: Factory, on date: CalendarDate, language: String) -> ReportSection {
        let t = ReportStrings(language)
        var section = ReportSection(id: id, title: t(.assessments))
        let reports = visits.map { AssessmentReport($0, language: language) }
        guard let latest = reports.last else {
            section.blocks = [.paragraph(t(.noVisit, factory.id, date))]
            return section
        }
        section.blocks = [.facts(FactoryReport.visitFacts(latest, t) + [
            ReportFact("non-compliant-points", t(.nonCompliantPoints), .count(latest.count(.nonCompliant))),
            ReportFact("compliance-rate", t(.complianceRate), .percent(FactoryReport.complianceRate(latest))),
        ])]
        let chart = BarChart(key: "non-compliant-points-per-visit", title: t(.nonCompliantPerVisit), unit: .count, bars: reports.map {
            BarChart.Bar(key: $0.record.id.description, label: "\($0.record.visit.start) (\(t.text(t.kind($0.record.kind))))", value: Double($0.count(.nonCompliant)))
        })
        let table = ReportTable(key: "visits", columns: [.init("record", t(.record)), .init("visit", t(.visit)), .init("kind", t(.kind)),
                                                        .init("non-compliant-points", t(.nonCompliantPoints)),
                                                        .init("applicable-points", t(.applicablePoints)), .init("compliance-rate", t(.complianceRate))],
                                rows: reports.map { report in
                                    [.text(report.record.id.description), .text(report.record.visit.start.description), t.kind(report.record.kind),
                                     .count(report.count(.nonCompliant)), .count(report.count(.compliant) + report.count(.nonCompliant)),
                                     .percent(FactoryReport.complianceRate(report))]
                                })
        section.sections = [ReportSection(id: id + "-visits", title: t(.visitsTable), blocks: [.chart(chart), .table(table)])]
        return section
    }

    static func progressSummary(_ report: ProgressReport, id: String, _ t: ReportStrings) -> ReportSection {
        let members = report.plan.picc.activeMembers(on: report.on)
        let facts = [ReportFact("period", t(.period), .text("\(report.since) – \(report.on)")),
                     ReportFact("closed", t(.closedInPeriod), .count(report.closed.count)),
                     ReportFact("overdue", t(.overdueItems), .count(report.overdue.count)),
                     ReportFact("open", t(.openItems), .count(report.plan.items.filter { $0.status.isActive }.count)),
                     ReportFact("picc-management", t(.piccManagement), .count(members.filter { $0.role == .management }.count)),
                     ReportFact("picc-workers", t(.piccWorkers), .count(members.filter { $0.role == .worker }.count)),
                     ReportFact("picc-meetings", t(.meetingsInPeriod), .count(report.meetings.count))]
        var blocks: [ReportBlock] = [.facts(facts)]
        if !report.piccWarnings.isEmpty { blocks.append(.list(ReportList(report.piccWarnings.map { .init($0) }))) }
        return ReportSection(id: id, title: t(.progressReport), blocks: blocks)
    }
}
