/// Improvement plans: opening items from an assessment, updating them, reconciling them with the newest
/// visit, and the PICC. One file per factory, so two advisors following two factories never collide.
public struct PlanStore: Sendable {
    public let store: AssessmentStore

    public init(store: AssessmentStore) {
        self.store = store
    }

    public enum Failure: Error, Sendable, CustomStringConvertible {
        /// The id, and the registered ones (for the message).
        case unknownFactory(String, registered: [String])
        case unknownItem(String)
        case refused(String)
        case invalidPlan([Diagnostic])
        case repository(RepositoryError)

        public var description: String {
            switch self {
            case .unknownFactory(let id, let registered): UnknownID.factory(id, among: registered)
            case .unknownItem(let message), .refused(let message): message
            case .invalidPlan(let diagnostics): DiagnosticRenderer.render(diagnostics, as: .text)
            case .repository(let error): error.description
            }
        }
    }

    public func factory(_ id: String) throws(Failure) -> Factory {
        guard let factory = store.context.factories[id] else { throw .unknownFactory(id, registered: Array(store.context.factories.keys)) }
        return factory
    }

    /// The factory's plan (empty when it has none yet); a plan file with errors is refused, never rewritten.
    public func load(_ factory: Factory) throws(Failure) -> ImprovementPlan {
        let path = ImprovementPlan.path(country: factory.country, factory: factory.id)
        guard FileStore.anythingAt(store.repository.path(path)) else { return ImprovementPlan(factory: factory.id) }
        let text: String
        do { text = try store.repository.readText(path, limit: FileStore.Limit.document) } catch { throw .repository(error) }
        let (plan, diagnostics) = ImprovementPlan.read(text, file: path)
        guard let plan, !diagnostics.hasErrors else { throw .invalidPlan(diagnostics) }
        guard plan.factory == factory.id else {
            throw .invalidPlan([.error("misplaced-file", "\(path) holds the plan of '\(plan.factory)', not of \(factory.id)", at: SourceLocation(file: path))])
        }
        return plan
    }

    /// Writes the plan: the changes made since it was read become new entries, each on its own line after the
    /// lines already there (the caller holds the repository's lock).
    public func save(_ plan: ImprovementPlan, country: String) throws(Failure) {
        var plan = plan
        plan.stampNewEntries()
        do {
            try FileStore.write(plan.text, to: store.repository.path(ImprovementPlan.path(country: country, factory: plan.factory)))
        } catch {
            throw .repository(error)
        }
    }

    /// The factory's final assessments and follow-ups that count (not replaced by a correction) and started
    /// on or before `date`, oldest first.
    public func visits(of factory: Factory, until date: CalendarDate) -> [AssessmentStore.Loaded] {
        let loaded = store.records(of: factory).compactMap { id -> AssessmentStore.Loaded? in
            let (record, diagnostics) = store.load(AssessmentRecord.path(country: factory.country, id: id))
            guard let record, !diagnostics.hasErrors, record.record.status == .final, record.record.kind != .selfAssessment else { return nil }
            return record
        }
        let amended = Set(loaded.compactMap(\.record.amends))
        return loaded.filter { !amended.contains($0.record.id) && !(date < $0.record.visit.start) }
            .sorted { ($0.record.visit.start, $0.record.id.sequence) < ($1.record.visit.start, $1.record.id.sequence) }
    }

    // MARK: - Opening items

    /// Opens one item per non-compliant point of `record`, unless that point already has an item not yet
    /// verified. Planning the same record again adds nothing. Returns the items opened.
    public func open(from record: AssessmentStore.Loaded, on date: CalendarDate, into plan: inout ImprovementPlan) -> [ImprovementPlan.Item] {
        var opened: [ImprovementPlan.Item] = []
        let report = AssessmentReport(record, language: record.questionnaire.languages.first ?? "en")
        for point in report.points where point.finding == .nonCompliant {
            let covered = plan.items.contains { $0.point == point.id && ($0.status != .verified || $0.source == record.record.id) }
            if covered { continue }
            let evidence = point.questions.filter { $0.finding == .nonCompliant }.map { question in
                ImprovementPlan.Evidence(
                    question: question.id, text: question.text, answer: question.answer.map(Self.describe),
                    note: question.note, legal: question.legal)
            }
            let item = ImprovementPlan.Item(
                number: (plan.items.map(\.number).max() ?? 0) + 1, point: point.id, opened: date, source: record.record.id,
                questions: evidence, action: nil, owner: nil, due: nil, status: .open,
                log: [.init(on: date, status: .open, note: "non-compliant in \(record.record.id)", record: record.record.id)])
            plan.items.append(item)
            opened.append(item)
        }
        return opened
    }

    static func describe(_ answer: Answer) -> String {
        switch answer {
        case .number(let n): CanonicalJSON.formatDouble(n)
        default: answer.json.string ?? ""
        }
    }

    // MARK: - Updating

    public struct Update: Sendable {
        public var status: ImprovementPlan.Status?
        public var note: String?
        public var due: CalendarDate?
        public var owner: String?
        public var action: String?
        public var on: CalendarDate

        public init(
            status: ImprovementPlan.Status? = nil, note: String? = nil, due: CalendarDate? = nil, owner: String? = nil, action: String? = nil, on: CalendarDate
        ) {
            self.status = status
            self.note = note
            self.due = due
            self.owner = owner
            self.action = action
            self.on = on
        }
    }

    /// Applies an update to item `number`; every change appends a log entry. Transitions other than those
    /// of `Status.next` are refused, and `verified` needs a newer visit that finds the point compliant.
    public func update(_ number: Int, _ update: Update, in plan: inout ImprovementPlan, factory: Factory) throws(Failure) -> ImprovementPlan.Item {
        guard let index = plan.items.firstIndex(where: { $0.number == number }) else {
            let known = plan.items.map { $0.id(factory: factory.id) }
            throw .unknownItem(
                "no item \(factory.id)#\(number)"
                    + (known.isEmpty
                        ? "; \(factory.id) has no improvement plan yet ('star remediate plan RECORD' opens one)"
                        : "; its items are \(known.joined(separator: ", "))"))
        }
        var item = plan.items[index]
        if let last = item.log.last, update.on < last.on {
            throw .refused("\(item.id(factory: factory.id)) was last changed on \(last.on); an update dated \(update.on) would put its log out of order")
        }
        if let due = update.due, due < item.opened {
            throw .refused("the due date \(due) is before \(item.id(factory: factory.id)) was opened (\(item.opened))")
        }
        var record: RecordID?
        if update.status == .verified, item.status == .verified {
            throw .refused("\(item.id(factory: factory.id)) is already verified")
        }
        if let status = update.status, status != item.status {
            guard item.status.next.contains(status) else {
                throw .refused(
                    "\(item.id(factory: factory.id)) is \(item.status.rawValue); it can become \(item.status.next.map(\.rawValue).joined(separator: " or ")), not \(status.rawValue)"
                )
            }
            if status == .verified {
                record = try evidence(for: item, factory: factory, on: update.on)
            }
        }
        if let due = update.due { item.due = due }
        if let owner = update.owner { item.owner = owner }
        if let action = update.action { item.action = action }
        if let status = update.status { item.status = status }
        var changes: [String] = []
        if let due = update.due { changes.append("due \(due)") }
        if let owner = update.owner { changes.append("owner \(owner)") }
        if update.action != nil { changes.append("action set") }
        let note = ([update.note].compactMap { $0 } + changes).joined(separator: "; ")
        item.log.append(
            .init(
                on: update.on, status: item.status, note: note.isEmpty ? nil : note, record: record,
                due: update.due, owner: update.owner, action: update.action))
        plan.items[index] = item
        return item
    }

    /// The newer visit that finds the item's point compliant, or why there is none.
    func evidence(for item: ImprovementPlan.Item, factory: Factory, on date: CalendarDate) throws(Failure) -> RecordID {
        guard let latest = visits(of: factory, until: date).last(where: { item.source < $0.record.id }) else {
            throw .refused(
                "verified needs a newer assessment or follow-up that finds \(item.point) compliant; \(factory.id) has none after \(item.source) up to \(date)")
        }
        let finding = latest.check.findings.points[item.point] ?? .notApplicable
        guard finding == .compliant else {
            throw .refused(
                "verified needs a newer assessment or follow-up that finds \(item.point) compliant; the newest, \(latest.record.id), finds it \(finding.rawValue)"
            )
        }
        return latest.record.id
    }

    // MARK: - Reconciling

    public struct Reconciliation: Sendable {
        public var record: RecordID?
        public var verified: [Int] = []
        public var reopened: [Int] = []
        public var flagged: [Int] = []
        public var opened: [Int] = []
    }

    /// Brings the plan in line with the factory's newest final assessment or follow-up: items whose point is
    /// now compliant become verified (citing it), items still non-compliant are flagged (reopened if they
    /// were done), and new non-compliances open new items. Reconciling twice with the same visit changes nothing.
    public func reconcile(_ plan: inout ImprovementPlan, factory: Factory, on date: CalendarDate) -> Reconciliation {
        guard let latest = visits(of: factory, until: date).last else { return Reconciliation() }
        var result = Reconciliation(record: latest.record.id)
        let id = latest.record.id
        for index in plan.items.indices {
            var item = plan.items[index]
            // Only a visit after the one that opened the item says anything new about it.
            guard item.status != .verified, item.source < id, !item.log.contains(where: { $0.record == id }) else { continue }
            switch latest.check.findings.points[item.point] {
            case .compliant?:
                item.status = .verified
                item.log.append(.init(on: max(date, item.log.last?.on ?? date), status: .verified, note: "compliant in \(id)", record: id))
                result.verified.append(item.number)
            case .nonCompliant?:
                if item.status == .done {
                    item.status = .reopened
                    result.reopened.append(item.number)
                } else {
                    result.flagged.append(item.number)
                }
                item.log.append(.init(on: max(date, item.log.last?.on ?? date), status: item.status, note: "still non-compliant in \(id)", record: id))
            default:
                continue
            }
            plan.items[index] = item
        }
        result.opened = open(from: latest, on: date, into: &plan).map(\.number)
        return result
    }

    // MARK: - PICC

    /// What is wrong with the committee on `date`: unbalanced membership, or no meeting within the interval.
    public func piccWarnings(_ plan: ImprovementPlan, on date: CalendarDate) -> [String] {
        var warnings: [String] = []
        let active = plan.picc.activeMembers(on: date)
        let management = active.filter { $0.role == .management }.count
        let workers = active.count - management
        if active.isEmpty {
            warnings.append("the PICC has no members; add them with 'star picc member add'")
        } else if management != workers {
            warnings.append("the PICC is unbalanced: \(management) management and \(workers) worker members; it needs equal numbers")
        }
        let interval = plan.picc.meetingIntervalMonths
        let recent = plan.picc.meetings.map(\.date).filter { !(date < $0) }.max()
        if let recent {
            if recent < date.adding(months: -interval) {
                warnings.append("the PICC last met on \(recent), more than \(interval) months before \(date)")
            }
        } else if !active.isEmpty {
            warnings.append("the PICC has no recorded meeting")
        }
        return warnings
    }
}
