/// A factory's report: its profile, the findings of its latest final assessment or follow-up by cluster, every
/// non-compliance with the law behind it, what changed since the previous visit, and the improvement plan's
/// status (docs/reports.md). Findings come from AssessmentReport, visits from PlanStore, as for `remediate`.
public enum FactoryReport {
    public static func build(factory id: String, on date: CalendarDate, language asked: String?, plans: PlanStore) throws -> ReportDocument {
        let factory = try plans.factory(id)
        let visits = plans.visits(of: factory, until: date)
        let language = try ReportStrings.resolve(asked, questionnaire: visits.last?.questionnaire)
        let t = ReportStrings(language)
        let plan = try plans.load(factory)
        var sections = [ReportSection(id: "profile", title: t(.profile), blocks: [.facts(profile(factory, t))])]
        if let last = visits.last {
            let latest = AssessmentReport(last, language: language)
            var found = nonCompliances(latest, t)
            found.sections += evidence(of: latest, factory: factory, store: plans.store, id: "non-compliance-evidence", t)
            sections += [
                findings(latest, t), found,
                changes(from: visits.dropLast().last.map { AssessmentReport($0, language: language) }, to: latest, id: "changes", t),
            ]
        } else {
            sections.append(ReportSection(id: "latest", title: t(.latestVisit), blocks: [.paragraph(t(.noVisit, factory.id, date))]))
        }
        var planSection = planStatus(plan, factory: factory, on: date, warnings: plans.piccWarnings(plan, on: date), t)
        planSection.sections += evidence(ofVerified: plan, factory: factory, store: plans.store, id: "plan-evidence", t)
        sections.append(planSection)
        return ReportDocument(
            kind: "factory", language: language, title: t(.factoryTitle, factory.name),
            subtitle: "\(factory.id) · \(CountryNames.name(factory.country, language: language) ?? factory.country) · \(t(.asOf, date))", sections: sections)
    }

    /// Name, id, country, industry, workers (with women) and OS ID; the buyer report shows the same.
    static func profile(_ factory: Factory, _ t: ReportStrings) -> [ReportFact] {
        [
            ReportFact("name", t(.name), .text(factory.name)),
            ReportFact("id", t(.factoryID), .identifier(factory.id)),
            ReportFact("country", t(.country), .text(CountryNames.label(factory.country, language: t.language))),
            ReportFact("industry", t(.industry), .text(factory.industry)),
            ReportFact("workers", t(.workers), factory.workers.map { .count($0.total) } ?? .none),
            ReportFact("women", t(.women), factory.workers?.women.map { .count($0) } ?? .none),
            ReportFact("os-id", t(.osID), factory.osID.map { .identifier($0) } ?? .none),
        ]
    }

    static func visitFacts(_ report: AssessmentReport, _ t: ReportStrings) -> [ReportFact] {
        let visit = report.record.visit
        return [
            ReportFact("record", t(.record), .identifier(report.record.id.description)),
            ReportFact("kind", t(.kind), t.kind(report.record.kind)),
            ReportFact("visit", t(.visit), .text(visit.start == visit.end ? "\(visit.start)" : "\(visit.start) – \(visit.end)")),
            ReportFact("questionnaire", t(.questionnaire), .identifier(report.record.questionnaire.description)),
        ]
    }

    /// compliant points / applicable points over the whole record (findings.md's cluster rate, over every
    /// cluster); nil when no point applies.
    static func complianceRate(_ report: AssessmentReport) -> Double? {
        let compliant = report.count(.compliant)
        let applicable = compliant + report.count(.nonCompliant)
        return applicable == 0 ? nil : Double(compliant) / Double(applicable)
    }

    static func findings(_ report: AssessmentReport, _ t: ReportStrings) -> ReportSection {
        let summary =
            visitFacts(report, t) + [
                ReportFact("non-compliant-points", t(.nonCompliantPoints), .count(report.count(.nonCompliant))),
                ReportFact("compliant-points", t(.compliantPoints), .count(report.count(.compliant))),
                ReportFact("not-applicable-points", t(.notApplicablePoints), .count(report.count(.notApplicable))),
                ReportFact("compliance-rate", t(.complianceRate), .percent(complianceRate(report))),
            ]
        let chart = BarChart(
            key: "cluster-compliance", title: t(.clusterComplianceChart), category: t(.cluster), unit: .percent,
            bars: report.clusters.map {
                BarChart.Bar(key: $0.id, label: "\($0.id) \($0.title)", value: $0.complianceRate)
            })
        let table = ReportTable(
            key: "clusters",
            columns: [
                .init("cluster", t(.cluster)), .init("title", t(.title)),
                .init("non-compliant-points", t(.nonCompliantPoints)),
                .init("applicable-points", t(.applicablePoints)),
                .init("compliance-rate", t(.complianceRate)),
            ],
            rows: report.clusters.map { cluster in
                [
                    .identifier(cluster.id), .text(cluster.title), .count(cluster.count(.nonCompliant)),
                    .count(cluster.count(.compliant) + cluster.count(.nonCompliant)), .percent(cluster.complianceRate),
                ]
            })
        return ReportSection(
            id: "latest", title: t(.latestVisit), blocks: [.facts(summary)],
            sections: [ReportSection(id: "clusters", title: t(.findingsByCluster), blocks: [.chart(chart), .table(table)])])
    }

    static func nonCompliances(_ report: AssessmentReport, _ t: ReportStrings) -> ReportSection {
        let found = report.nonCompliances
        let table = ReportTable(
            key: "non-compliances",
            columns: [
                .init("point", t(.point)), .init("question", t(.question)), .init("text", t(.text)),
                .init("answer", t(.answer)), .init("note", t(.note)), .init("legal", t(.legal)),
            ],
            rows: found.map { point, question in
                [
                    .identifier(point.id), .identifier(question.id), .text(question.text),
                    question.answer.map { .text(PlanStore.describe($0)) } ?? .none,
                    question.note.map { .text($0) } ?? .none, .list(question.legal),
                ]
            })
        return ReportSection(id: "non-compliances", title: t(.nonCompliances), blocks: [found.isEmpty ? .paragraph(t(.noNonCompliance)) : .table(table)])
    }

    /// Points non-compliant in either visit: newly compliant (non-compliant before, compliant now), newly
    /// non-compliant (not non-compliant before), persisting (non-compliant in both). A point that became not
    /// applicable is not a change anyone can act on, and is left out.
    static func changes(from previous: AssessmentReport?, to latest: AssessmentReport, id: String, _ t: ReportStrings) -> ReportSection {
        let section = ReportSection(id: id, title: t(.changes))
        guard let previous else { return section.with([.paragraph(t(.noPrevious))]) }
        let before = Dictionary(previous.points.map { ($0.id, $0.finding) }, uniquingKeysWith: { first, _ in first })
        var rows: [[ReportValue]] = []
        var counts: [String: Int] = ["newly-compliant": 0, "newly-non-compliant": 0, "persisting": 0]
        for point in latest.points {
            let was = before[point.id] ?? .notApplicable
            let change: (String, ReportStrings.Key)
            switch (was, point.finding) {
            case (.nonCompliant, .nonCompliant): change = ("persisting", .persisting)
            case (_, .nonCompliant): change = ("newly-non-compliant", .newlyNonCompliant)
            case (.nonCompliant, .compliant): change = ("newly-compliant", .newlyCompliant)
            default: continue
            }
            counts[change.0]! += 1
            rows.append([.identifier(point.id), .text(point.title), t.finding(was), t.finding(point.finding), .term(change.0, t(change.1))])
        }
        let facts = [
            ReportFact("newly-compliant", t(.newlyCompliant), .count(counts["newly-compliant"]!)),
            ReportFact("newly-non-compliant", t(.newlyNonCompliant), .count(counts["newly-non-compliant"]!)),
            ReportFact("persisting", t(.persisting), .count(counts["persisting"]!)),
        ]
        let table = ReportTable(
            key: "changes",
            columns: [
                .init("point", t(.point)), .init("title", t(.title)), .init("previous", t(.previous)),
                .init("latest", t(.latest)), .init("change", t(.change)),
            ], rows: rows)
        return section.with([
            .paragraph(t(.comparedWith, previous.record.id, previous.record.visit.start)), .facts(facts),
            rows.isEmpty ? .paragraph(t(.noChange)) : .table(table),
        ])
    }

    static func planStatus(_ plan: ImprovementPlan, factory: Factory, on date: CalendarDate, warnings: [String], _ t: ReportStrings) -> ReportSection {
        var section = ReportSection(id: "plan", title: t(.plan))
        if plan.items.isEmpty {
            section.blocks = [.paragraph(t(.noPlan))]
        } else {
            section.blocks = [.facts(planFacts(plan, on: date, t)), .table(statusTable(plan, t))]
            // The progress report's definition of overdue (and its order), whatever the period.
            let overdue = ProgressReport(factory: factory, plan: plan, since: date, on: date, piccWarnings: warnings).overdue
            let table = ReportTable(
                key: "overdue",
                columns: [
                    .init("item", t(.item)), .init("point", t(.point)), .init("status", t(.status)),
                    .init("due", t(.due)), .init("owner", t(.owner)),
                ],
                rows: overdue.map { item in
                    [
                        .identifier(item.id(factory: factory.id)), .identifier(item.point), t.status(item.status),
                        item.due.map { .identifier($0.description) } ?? .none, item.owner.map { .text($0) } ?? .none,
                    ]
                })
            section.sections.append(
                ReportSection(id: "overdue", title: t(.overdueTitle), blocks: [overdue.isEmpty ? .paragraph(t(.noOverdue)) : .table(table)]))
        }
        if !warnings.isEmpty {
            section.sections.append(ReportSection(id: "picc", title: t(.piccWarnings), blocks: [.list(ReportList(warnings.map { .init($0) }))]))
        }
        return section
    }

    static func planFacts(_ plan: ImprovementPlan, on date: CalendarDate, _ t: ReportStrings) -> [ReportFact] {
        [
            ReportFact("items", t(.items), .count(plan.items.count)),
            ReportFact("done-or-verified", t(.closedItems), .count(plan.items.filter { $0.status == .done || $0.status == .verified }.count)),
            ReportFact("overdue", t(.overdueItems), .count(plan.items.filter { $0.isOverdue(on: date) }.count)),
        ]
    }

    /// Items by status, every status listed.
    static func statusTable(_ plan: ImprovementPlan, _ t: ReportStrings) -> ReportTable {
        ReportTable(
            key: "plan-status", columns: [.init("status", t(.status)), .init("items", t(.items))],
            rows: ImprovementPlan.Status.allCases.map { status in [t.status(status), .count(plan.items.filter { $0.status == status }.count)] })
    }
}
