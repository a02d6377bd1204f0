import Foundation

/// The public transparency list: every factory's latest final assessment or follow-up, reduced to the questions
/// marked `public` (critical issues that may be disclosed), and the factories far below the mean. Nothing about
/// a non-public question leaves through this report, not even through a rate. The method is written into the
/// report itself and into docs/reports.md.
public enum TransparencyReport {
    /// One listed factory.
    public struct Entry: Sendable {
        public var factory: Factory
        public var latest: AssessmentReport
        /// Final assessments and follow-ups up to the report's date.
        public var visits: Int
        /// Public questions of the latest visit found non-compliant, with their point.
        public var publicNonCompliances: [(point: AssessmentReport.PointRow, question: AssessmentReport.QuestionRow)]
        public var publicRate: Double?
    }

    /// A compliance point's finding from its public questions alone (the rule of docs/findings.md applied to
    /// them); nil when the point has no public question.
    public static func publicFinding(_ point: AssessmentReport.PointRow) -> Finding? {
        let findings = point.questions.filter(\.isPublic).map(\.finding)
        if findings.isEmpty { return nil }
        return findings.contains(.nonCompliant) ? .nonCompliant : findings.contains(.compliant) ? .compliant : .notApplicable
    }

    /// Compliant points / applicable points, over the points with a public question, by their public finding.
    public static func publicRate(_ report: AssessmentReport) -> Double? {
        let findings = report.points.compactMap(publicFinding)
        let compliant = findings.filter { $0 == .compliant }.count
        let applicable = compliant + findings.filter { $0 == .nonCompliant }.count
        return applicable == 0 ? nil : Double(compliant) / Double(applicable)
    }

    /// Mean and population standard deviation of the rates, and who is more than two deviations below the mean
    /// with at least `minimumVisits` visits.
    public struct Outliers: Sendable {
        public var count: Int
        public var mean: Double?
        public var standardDeviation: Double?
        public var flagged: [String]

        public static let minimumVisits = 3

        init(_ entries: [Entry]) {
            let rated = entries.compactMap { entry in entry.publicRate.map { (entry, $0) } }
            count = rated.count
            guard !rated.isEmpty else {
                flagged = []
                return
            }
            let n = Double(rated.count)
            let mean = rated.reduce(0) { $0 + $1.1 } / n
            let deviation = (rated.reduce(0) { $0 + ($1.1 - mean) * ($1.1 - mean) } / n).squareRoot()
            self.mean = mean
            standardDeviation = deviation
            flagged = rated.filter { $0.0.visits >= Self.minimumVisits && $0.1 < mean - 2 * deviation }.map(\.0.factory.id)
        }
    }

    public static func entries(on date: CalendarDate, language: String, plans: PlanStore) -> (listed: [Entry], unlisted: [Factory]) {
        var listed: [Entry] = []
        var unlisted: [Factory] = []
        for factory in plans.store.context.factories.values.sorted(by: { ($0.country, $0.id) < ($1.country, $1.id) }) {
            let visits = plans.visits(of: factory, until: date)
            guard let last = visits.last else {
                unlisted.append(factory)
                continue
            }
            let latest = AssessmentReport(last, language: language)
            let found = latest.points.flatMap { point in point.questions.filter { $0.isPublic && $0.finding == .nonCompliant }.map { (point, $0) } }
            listed.append(Entry(factory: factory, latest: latest, visits: visits.count, publicNonCompliances: found, publicRate: publicRate(latest)))
        }
        return (listed, unlisted)
    }

    public static func build(on date: CalendarDate, language asked: String?, plans: PlanStore) throws(ReportError) -> ReportDocument {
        let language = try ReportStrings.resolve(asked, questionnaire: nil)
        let t = ReportStrings(language)
        let (listed, unlisted) = entries(on: date, language: language, plans: plans)
        func country(_ factory: Factory) -> String { CountryNames.name(factory.country, language: language) ?? factory.country }
        let outliers = Outliers(listed)

        var method: [ReportBlock] = [
            .paragraph(t(.methodLatest)), .paragraph(t(.methodPublicRate)), .paragraph(t(.methodBelowMean)), .paragraph(t(.methodSmallGroups)),
        ]
        // The ids as a list rather than inside a sentence, where a line could break one in two.
        if !unlisted.isEmpty { method += [.paragraph(t(.notListed, date)), .list(ReportList(unlisted.map { .init($0.id) }))] }
        let factories = ReportTable(
            key: "factories",
            columns: [
                .init("factory", t(.factoryID)), .init("name", t(.name)), .init("country", t(.country)), .init("record", t(.latestVisit)),
                .init("visits", t(.visitsCounted)), .init("public-noncompliant", t(.publicNonCompliances)), .init("public-rate", t(.publicRate)),
            ],
            rows: listed.map { entry in
                [
                    .identifier(entry.factory.id), .text(entry.factory.name), .text(country(entry.factory)), .identifier(entry.latest.record.id.description),
                    .count(entry.visits), .count(entry.publicNonCompliances.count), .percent(entry.publicRate),
                ]
            })
        let findings = ReportTable(
            key: "public-non-compliances",
            columns: [
                .init("factory", t(.factoryID)), .init("point", t(.point)), .init("question", t(.question)), .init("text", t(.text)),
            ],
            rows: listed.flatMap { entry in
                entry.publicNonCompliances.map { point, question in
                    [.identifier(entry.factory.id), .identifier(point.id), .identifier(question.id), .text(question.text)]
                }
            })
        let byID = Dictionary(listed.map { ($0.factory.id, $0) }, uniquingKeysWith: { first, _ in first })
        let flagged = ReportTable(
            key: "below-mean",
            columns: [
                .init("factory", t(.factoryID)), .init("name", t(.name)), .init("country", t(.country)), .init("visits", t(.visitsCounted)),
                .init("public-rate", t(.publicRate)),
            ],
            rows: outliers.flagged.compactMap { byID[$0] }.map { entry in
                [.identifier(entry.factory.id), .text(entry.factory.name), .text(country(entry.factory)), .count(entry.visits), .percent(entry.publicRate)]
            })
        let statistics = [
            ReportFact("factories", t(.factoriesInMean), .count(outliers.count)),
            ReportFact("mean", t(.mean), .percent(outliers.mean)),
            ReportFact("standard-deviation", t(.standardDeviation), .percent(outliers.standardDeviation)),
            ReportFact("threshold", t(.threshold), .percent(outliers.mean.map { $0 - 2 * (outliers.standardDeviation ?? 0) })),
        ]
        return ReportDocument(
            kind: "transparency", language: language, title: t(.transparencyTitle), subtitle: t(.asOf, date),
            sections: [
                ReportSection(id: "method", title: t(.method), blocks: method),
                ReportSection(id: "factories", title: t(.factories), blocks: [.table(factories)]),
                ReportSection(
                    id: "public-non-compliances", title: t(.publicFindings),
                    blocks: [findings.rows.isEmpty ? .paragraph(t(.noPublicFinding)) : .table(findings)]),
                ReportSection(
                    id: "below-mean", title: t(.belowMean), blocks: [.facts(statistics), flagged.rows.isEmpty ? .paragraph(t(.noneBelow)) : .table(flagged)]),
            ])
    }
}
