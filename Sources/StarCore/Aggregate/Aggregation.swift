import Foundation

/// What to aggregate and how to group it (docs/rates.md).
public struct AggregateQuery: Sendable, Equatable {
    public enum Dimension: String, Sendable, CaseIterable {
        case country, industry, year, cluster, point, question
    }

    public var countries: Set<String>?
    public var industries: Set<String>?
    public var questionnaires: Set<String>?
    /// Visit start, inclusive.
    public var from: CalendarDate?
    public var to: CalendarDate?
    /// Assessments and follow-ups, or self-assessments alone: never both.
    public var kinds: Set<AssessmentKind> = [.assessment, .followUp]
    /// Grouping; exactly one of cluster, point and question says what a row is about (cluster when none).
    public var groupBy: [Dimension] = []
    public var weightByWorkers = false
    public var language = "en"

    public init() {}

    /// Why the query cannot be answered, or nil.
    public var problem: String? {
        if kinds.contains(.selfAssessment), kinds.count > 1 {
            return "self-assessments are reported apart, never mixed with assessments: give --kind self-assessment alone"
        }
        if groupBy.filter(\.isLevel).count > 1 {
            return "group by one of cluster, point and question, not several"
        }
        if let from, let to, to < from { return "--to (\(to)) is before --from (\(from))" }
        return nil
    }

    /// What one row is about.
    public var level: Dimension { groupBy.first(where: \.isLevel) ?? .cluster }

    /// The grouping dimensions other than the level, in the order given.
    public var groups: [Dimension] { groupBy.filter { !$0.isLevel } }
}

extension AggregateQuery.Dimension {
    var isLevel: Bool { self == .cluster || self == .point || self == .question }
}

/// One line of an aggregate table.
public struct AggregateRow: Sendable, Equatable {
    /// The values of the grouping dimensions (country, industry, year) and of the level (cluster, point or
    /// question id), by dimension.
    public var key: [AggregateQuery.Dimension: String]
    public var title: String
    /// Factories for which the item applies; factories non-compliant on it.
    public var assessed: Int
    public var noncompliant: Int
    /// Non-compliance rate, 0...1 (a cluster: the mean of its points' rates); nil when nothing was assessed.
    public var rate: Double?
    public var interval: ClosedRange<Double>?
    /// Cluster rows: the share of factories with at least one non-compliance in the cluster.
    public var anyNoncompliance: Share?

    public struct Share: Sendable, Equatable {
        public var count: Int
        /// nil when nothing weighs anything (weighting by workers, no worker counts).
        public var rate: Double?
        public var interval: ClosedRange<Double>?
    }
}

/// The rates of DESIGN.md over a set of records: each factory counts once, by its latest qualifying final
/// record; a correction stands in for the record it amends.
public struct Aggregation: Sendable {
    public var query: AggregateQuery
    public var rows: [AggregateRow]
    /// The records that were counted, one per factory and group (copies: `counted` when only their number
    /// is wanted).
    public var selected: [RecordSummary] { selectedPositions.map { summaries[$0] } }
    /// How many records were counted.
    public var counted: Int { selectedPositions.count }
    /// Where they are in `summaries`: a copy of 100,000 summaries was 22 MB more at the peak.
    var selectedPositions: [Int]
    /// Every record summarized (the index's), shared, not copied.
    private let summaries: [RecordSummary]
    /// Records left out because they have errors (`star validate` says which): files that cannot be parsed,
    /// and the records found invalid among those checked (every record, or the ones a selection needed).
    public var invalidCount: Int

    public init(_ index: RecordIndex, context: AssessmentContext, query: AggregateQuery) {
        self.query = query
        invalidCount = index.summaries.indices.count { index.summaries[$0].check == .invalid } + index.unparsed.count
        summaries = index.summaries
        selectedPositions =
            index.selections.first { $0.query == query }?.selected ?? Aggregation.selection(index.summaries, context: context, query: query).selected
        rows = Aggregation.rows(summaries, selected: selectedPositions, context: context, query: query)
        PhaseTimings.mark("rates computed")
    }

    /// The selection: filters, drops superseded records, and keeps each factory's latest record (per year when
    /// grouping by year), as positions in `summaries` in record id order. Records whose check is pending are
    /// taken for valid, and the files of those the selection rests on are `unchecked` (the corrections that
    /// drop what they amend, and the records selected). Once they are checked and none is left, the selection
    /// is what checking every record would have given.
    static func selection(_ summaries: [RecordSummary], context: AssessmentContext, query: AggregateQuery) -> (selected: [Int], unchecked: [String]) {
        var unchecked: [String] = []
        var amended = Set<RecordID>()
        // By index, field by field: a copy of each summary per pass cost more than the selection itself.
        for index in summaries.indices where summaries[index].amends != nil && summaries[index].check != .invalid && summaries[index].status == .final {
            amended.insert(summaries[index].amends!)
            if summaries[index].check == .pending { unchecked.append(summaries[index].file) }
        }
        let byYear = query.groups.contains(.year)
        // By factory (and year): the index of its latest qualifying record.
        var latest: [String: Int] = [:]
        for index in summaries.indices
        where summaries[index].check != .invalid && summaries[index].status == .final && query.kinds.contains(summaries[index].kind) {
            let start = summaries[index].visitStart
            if let from = query.from, start < from { continue }
            if let to = query.to, to < start { continue }
            if let questionnaires = query.questionnaires, !questionnaires.contains(summaries[index].questionnaire.id) { continue }
            if !amended.isEmpty, amended.contains(summaries[index].id) { continue }
            let factoryID = summaries[index].id.factory
            guard let factory = context.factories[factoryID] else { continue }
            if let countries = query.countries, !countries.contains(factory.country) { continue }
            if let industries = query.industries, !industries.contains(factory.industry) { continue }
            let key = byYear ? "\(factoryID) \(start.year)" : factoryID
            if let current = latest[key], (start, summaries[index].id.sequence) <= (summaries[current].visitStart, summaries[current].id.sequence) { continue }
            latest[key] = index
        }
        let selected = latest.values.sorted { summaries[$0].id < summaries[$1].id }
        unchecked += selected.filter { summaries[$0].check == .pending }.map { summaries[$0].file }
        return (selected, unchecked)
    }

    /// Running totals for one item in one group; weights are 1, or the factory's workers.
    struct Tally {
        var assessed = 0, noncompliant = 0
        var weight = 0.0, weightNoncompliant = 0.0, weightSquared = 0.0

        mutating func add(_ finding: Finding, weight w: Double) {
            guard finding == .compliant || finding == .nonCompliant else { return }
            assessed += 1
            weight += w
            weightSquared += w * w
            if finding == .nonCompliant {
                noncompliant += 1
                weightNoncompliant += w
            }
        }

        mutating func merge(_ other: Tally) {
            assessed += other.assessed
            noncompliant += other.noncompliant
            weight += other.weight
            weightNoncompliant += other.weightNoncompliant
            weightSquared += other.weightSquared
        }

        var rate: Double? { weight > 0 ? weightNoncompliant / weight : nil }
        /// Kish's effective sample size: n for equal weights, fewer when a few large factories dominate.
        var effectiveSize: Double { weightSquared > 0 ? weight * weight / weightSquared : 0 }
        var interval: ClosedRange<Double>? { rate.map { Aggregation.wilson($0, n: effectiveSize) } }
    }

    /// The rows of the records at `selected` in `records`.
    static func rows(_ records: [RecordSummary], selected: [Int], context: AssessmentContext, query: AggregateQuery) -> [AggregateRow] {
        let catalog = Catalog(context.compiled.values.sorted { ($0.id, $0.version) < ($1.id, $1.version) }, language: query.language)
        // Tallies by group and pinned questionnaire, in arrays numbered as the plan numbers its items (a
        // dictionary lookup per finding was most of the time); summed by item id across questionnaires after.
        struct PlanTallies {
            let plan: EvaluationPlan
            /// By question or point number.
            var items: [Tally]
            /// By cluster, in questionnaire order: any non-compliance in the cluster.
            var clusters: [Tally]
        }
        let clusterPoints = Dictionary(
            uniqueKeysWithValues: context.plans.map { key, plan in
                (key, plan.questionnaire.clusters.map { $0.points.compactMap { plan.pointIndex[$0.id] } })
            })
        var perGroup: [[String]: [String: PlanTallies]] = [:]
        // The tallies being added to stay out of the dictionary while the records that follow share their group
        // and questionnaire (records come sorted by factory, so mostly they do): no lookup and no copy per record.
        var current: (group: [String], planKey: String, tallies: PlanTallies)?
        func putBack() {
            if let current { perGroup[current.group, default: [:]][current.planKey] = current.tallies }
        }
        var pin: (QuestionnairePin, key: String, plan: EvaluationPlan?)?
        // By index and field, not a copy of each record (which retains its strings and arrays).
        for index in selected {
            if pin?.0 != records[index].questionnaire {
                let key = "\(records[index].questionnaire.id)@\(records[index].questionnaire.version)"
                pin = (records[index].questionnaire, key, context.plans[key])
            }
            guard let (_, planKey, plan) = pin, let plan, let factory = context.factories[records[index].id.factory] else { continue }
            let group = query.groups.map { dimension -> String in
                switch dimension {
                case .country: factory.country
                case .industry: factory.industry
                default: String(records[index].visitStart.year)
                }
            }
            let weight = query.weightByWorkers ? Double(factory.workers?.total ?? 0) : 1
            let findings = query.level == .question ? records[index].questionFindings : records[index].pointFindings
            let pointFindings = records[index].pointFindings
            let itemCount = query.level == .question ? plan.questions.count : plan.pointIDs.count
            if current?.group != group || current?.planKey != planKey {
                putBack()
                current = (
                    group, planKey,
                    perGroup[group]?.removeValue(forKey: planKey)
                        ?? PlanTallies(
                            plan: plan, items: Array(repeating: Tally(), count: itemCount),
                            clusters: Array(repeating: Tally(), count: plan.questionnaire.clusters.count))
                )
            }
            for index in 0..<min(itemCount, findings.count) { current!.tallies.items[index].add(findings[index], weight: weight) }
            if query.level == .cluster {
                for (cluster, points) in clusterPoints[planKey]!.enumerated() {
                    var any = Finding.notApplicable
                    for point in points where point < pointFindings.count {
                        if pointFindings[point] == .nonCompliant {
                            any = .nonCompliant
                            break
                        }
                        if pointFindings[point] == .compliant { any = .compliant }
                    }
                    current!.tallies.clusters[cluster].add(any, weight: weight)
                }
            }
        }
        putBack()
        var tallies: [[String]: [String: Tally]] = [:]
        var clusterAny: [[String]: [String: Tally]] = [:]
        for (group, plans) in perGroup {
            for (_, planTallies) in plans.sorted(by: { $0.key < $1.key }) {
                let plan = planTallies.plan
                for (index, tally) in planTallies.items.enumerated() {
                    let id = query.level == .question ? plan.questions[index].id : plan.pointIDs[index]
                    tallies[group, default: [:]][id, default: Tally()].merge(tally)
                }
                for (index, tally) in planTallies.clusters.enumerated() {
                    clusterAny[group, default: [:]][plan.questionnaire.clusters[index].id, default: Tally()].merge(tally)
                }
            }
        }
        var rows: [AggregateRow] = []
        for group in tallies.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            var key: [AggregateQuery.Dimension: String] = [:]
            for (dimension, value) in zip(query.groups, group) { key[dimension] = value }
            let items = tallies[group]!
            switch query.level {
            case .cluster:
                for cluster in catalog.clusters {
                    let points = cluster.points.compactMap { items[$0] }.filter { $0.rate != nil }
                    let any = clusterAny[group]?[cluster.id] ?? Tally()
                    guard any.assessed > 0 else { continue }
                    var row = AggregateRow(
                        key: key.merging([.cluster: cluster.id]) { $1 }, title: cluster.title,
                        assessed: any.assessed, noncompliant: any.noncompliant, rate: nil, interval: nil, anyNoncompliance: nil)
                    if !points.isEmpty {
                        let intervals = points.map { $0.interval! }
                        let count = Double(points.count)
                        row.rate = points.reduce(0) { $0 + $1.rate! } / count
                        // The mean of the points' Wilson bounds: the interval if the points moved together,
                        // wider than assuming them independent, and never empty when every rate is 0 or 1.
                        row.interval = intervals.reduce(0) { $0 + $1.lowerBound } / count...intervals.reduce(0) { $0 + $1.upperBound } / count
                    }
                    row.anyNoncompliance = AggregateRow.Share(count: any.noncompliant, rate: any.rate, interval: any.interval)
                    rows.append(row)
                }
            case .point, .question:
                let order = query.level == .point ? catalog.points : catalog.questions
                for (id, title) in order {
                    guard let tally = items[id], tally.assessed > 0 else { continue }
                    rows.append(
                        AggregateRow(
                            key: key.merging([query.level: id]) { $1 }, title: title, assessed: tally.assessed,
                            noncompliant: tally.noncompliant, rate: tally.rate, interval: tally.interval, anyNoncompliance: nil))
                }
            default: break
            }
        }
        return rows
    }

    /// The 95% Wilson score interval for a proportion `p` observed over `n` trials.
    public static func wilson(_ p: Double, n: Double, z: Double = 1.959963984540054) -> ClosedRange<Double> {
        guard n > 0 else { return 0...1 }
        let z2 = z * z
        let denominator = 1 + z2 / n
        let center = (p + z2 / (2 * n)) / denominator
        let half = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / denominator
        return max(0, center - half)...min(1, center + half)
    }
}

/// Clusters, points and questions in questionnaire order with their titles, across every compiled
/// questionnaire (clusters and points are global; questions differ by country).
struct Catalog {
    struct ClusterEntry {
        var id: String
        var title: String
        var points: [String]
    }
    var clusters: [ClusterEntry] = []
    var points: [(String, String)] = []
    var questions: [(String, String)] = []

    init(_ questionnaires: [CompiledQuestionnaire], language: String) {
        var seenPoints = Set<String>()
        var seenQuestions = Set<String>()
        var clusterIndex: [String: Int] = [:]
        for questionnaire in questionnaires {
            for cluster in questionnaire.clusters {
                if clusterIndex[cluster.id] == nil {
                    clusterIndex[cluster.id] = clusters.count
                    clusters.append(ClusterEntry(id: cluster.id, title: cluster.title.text(in: language), points: []))
                }
                for point in cluster.points {
                    if seenPoints.insert(point.id).inserted {
                        points.append((point.id, point.title.text(in: language)))
                        clusters[clusterIndex[cluster.id]!].points.append(point.id)
                    }
                    for question in point.questions where seenQuestions.insert(question.id).inserted {
                        questions.append((question.id, question.text.text(in: language)))
                    }
                }
            }
        }
    }
}

extension RecordSummary {
    public var factory: String { id.factory }
}
