import ArgumentParser
import Foundation
import StarCore

struct RemediateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remediate",
        abstract: "Improvement plans: open items from an assessment, follow them, reconcile with the next visit.",
        discussion: """
            A year of follow-up:
              star remediate plan KH-0001/2026-03-14                 # one item per non-compliant point
              star remediate update KH-0001#2 --status in-progress --owner "HR manager" --due 2026-06-30
              star remediate update KH-0001#2 --status done --note "overtime premium paid from May payroll"
              star remediate reconcile KH-0001                       # after the follow-up visit is final
              star remediate list --overdue
              star remediate progress KH-0001 --format markdown      # for the factory's buyers
            Plans live in plans/<CC>/<factory>.yaml, with the factory's PICC (see 'star picc').
            """,
        subcommands: [
            RemediatePlanCommand.self, RemediateUpdateCommand.self, RemediateReconcileCommand.self,
            RemediateListCommand.self, RemediateProgressCommand.self,
        ]
    )
}

extension ImprovementPlan.Status: ExpressibleByArgument {}

/// The day a change happens: --on, or today in the repository's time zone.
struct DateOption: ParsableArguments {
    @Option(help: ArgumentHelp("The day of the change or report (default: today in star.yaml's timezone).", valueName: "YYYY-MM-DD")) var on: CalendarDate?

    func date(_ repositoryOptions: RepositoryOptions) throws -> CalendarDate {
        try on ?? repositoryToday(repositoryOptions)
    }
}

/// Today in the repository's time zone (star.yaml's `timezone`): what every default date is.
func repositoryToday(_ repositoryOptions: RepositoryOptions) throws -> CalendarDate {
    try repositoryOptions.repository().today()
}

struct RemediatePlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Open one item per non-compliant compliance point of a final assessment.",
        discussion: """
            Each item carries the non-compliant questions, their legal references and the advisor's notes. \
            A point that already has an item not yet verified gets no second one; planning the same \
            assessment again adds nothing.

            Example:
              star remediate plan KH-0001/2026-03-14 --on 2026-03-20
            """
    )

    @Argument(help: "A record id (KH-0001/2026-03-14) or its file.") var assessment: String
    @OptionGroup var date: DateOption
    @OptionGroup var repositoryOptions: RepositoryOptions

    func run() throws {
        let store = AssessmentStore(repository: try repositoryOptions.repository())
        let plans = PlanStore(store: store)
        let file = try recordFile(assessment, store)
        let (loaded, diagnostics) = store.load(file)
        guard let loaded, !diagnostics.hasErrors else { throw StarError(.findings, "\(file) has errors; nothing was planned", diagnostics: diagnostics) }
        guard loaded.record.status == .final else {
            throw usage("\(loaded.record.id) is a draft; plan from a final record ('star assess finalize \(loaded.record.id)')")
        }
        let on = try date.date(repositoryOptions)
        let opened = try locked(store.repository) {
            var plan = try plans.load(loaded.factory)
            let opened = plans.open(from: loaded, on: on, into: &plan)
            if !opened.isEmpty { try plans.save(plan, country: loaded.factory.country) }
            return opened
        }
        let path = ImprovementPlan.path(country: loaded.factory.country, factory: loaded.factory.id)
        if opened.isEmpty {
            Console.error("nothing to open: every non-compliant point of \(loaded.record.id) already has an item (\(path))")
        } else {
            for item in opened {
                Console.out("\(item.id(factory: loaded.factory.id))\t\(item.point)\topen\t\(item.questions.map(\.question).joined(separator: ", "))\n")
            }
            Console.error("opened \(plural(opened.count, "item")) in \(path)")
        }
    }
}

/// `KH-0001#3` -> (factory, 3).
func itemReference(_ text: String) throws -> (factory: String, number: Int) {
    let parts = text.split(separator: "#", omittingEmptySubsequences: false)
    guard parts.count == 2, let number = Int(parts[1]), number > 0, Identifier.problem(with: String(parts[0]), as: .factory) == nil else {
        throw usage("'\(text)' is not an item such as KH-0001#3 ('star remediate list' shows them)")
    }
    return (String(parts[0]), number)
}

struct RemediateUpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Change an item's status, due date, owner or action; every change is logged.",
        discussion: """
            Statuses: open -> in-progress or done; in-progress -> done or open; done -> verified or reopened; \
            verified -> reopened; reopened -> in-progress or done. 'verified' needs a newer final assessment \
            or follow-up that finds the point compliant, which the log then cites.

            Examples:
              star remediate update KH-0001#3 --status in-progress --owner "HR manager" --due 2026-06-30
              star remediate update KH-0001#3 --status done --note "fire exits cleared, checked weekly"
            """
    )

    @Argument(help: "The item, as <factory>#<number>.") var item: String
    @Option(help: "open, in-progress, done, verified or reopened.") var status: ImprovementPlan.Status?
    @Option(help: "What happened, for the log.") var note: String?
    @Option(help: ArgumentHelp("When it should be done.", valueName: "YYYY-MM-DD")) var due: CalendarDate?
    @Option(help: ArgumentHelp("Who is responsible (a role, e.g. 'HR manager').", valueName: "role")) var owner: String?
    @Option(help: "The corrective action agreed.") var action: String?
    @OptionGroup var date: DateOption
    @OptionGroup var repositoryOptions: RepositoryOptions

    func run() throws {
        let (factoryID, number) = try itemReference(item)
        if status == nil, note == nil, due == nil, owner == nil, action == nil {
            throw usage("nothing to change: give --status, --note, --due, --owner or --action")
        }
        let plans = PlanStore(store: AssessmentStore(repository: try repositoryOptions.repository()))
        let on = try date.date(repositoryOptions)
        let updated = try locked(plans.store.repository) {
            let factory = try plans.factory(factoryID)
            var plan = try plans.load(factory)
            let updated = try plans.update(
                number, .init(status: status, note: note, due: due, owner: owner, action: action, on: on), in: &plan, factory: factory)
            try plans.save(plan, country: factory.country)
            return updated
        }
        Console.out(
            "\(updated.id(factory: factoryID))\t\(updated.point)\t\(updated.status.rawValue)" + (updated.log.last?.record.map { "\t(\($0))" } ?? "") + "\n")
    }
}

struct RemediateReconcileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Bring a plan in line with the factory's newest final assessment or follow-up.",
        discussion: """
            Items whose point is now compliant become verified (citing that record); items still \
            non-compliant are flagged, and reopened if they were done; new non-compliances open new items. \
            Reconciling again with the same visit changes nothing.

            Example:
              star remediate reconcile KH-0001
            """
    )

    @Argument(help: "The factory id.") var factory: String
    @OptionGroup var date: DateOption
    @OptionGroup var repositoryOptions: RepositoryOptions

    func run() throws {
        let plans = PlanStore(store: AssessmentStore(repository: try repositoryOptions.repository()))
        let on = try date.date(repositoryOptions)
        let result = try locked(plans.store.repository) {
            let factory = try plans.factory(self.factory)
            var plan = try plans.load(factory)
            let result = plans.reconcile(&plan, factory: factory, on: on)
            if !(result.verified + result.reopened + result.flagged + result.opened).isEmpty { try plans.save(plan, country: factory.country) }
            return result
        }
        guard let record = result.record else {
            return Console.error("\(factory) has no final assessment or follow-up to reconcile with")
        }
        func list(_ numbers: [Int]) -> String { numbers.isEmpty ? "none" : numbers.map { "\(factory)#\($0)" }.joined(separator: ", ") }
        Console.out(
            """
            reconciled with \(record)
            verified: \(list(result.verified))
            reopened: \(list(result.reopened))
            still non-compliant: \(list(result.flagged))
            opened: \(list(result.opened))

            """)
    }
}

struct RemediateListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Items by factory, overdue first, with each factory's progress.",
        discussion: """
            Examples:
              star remediate list --country KH --overdue
              star remediate list --factory KH-0001 --format json
            """
    )

    @Option(help: "Only this factory.") var factory: String?
    @Option(help: ArgumentHelp("Only factories of these countries.", valueName: "CC[,CC]")) var country: FilterList?
    @Option(help: "Only items with this status.") var status: ImprovementPlan.Status?
    @Flag(help: "Only items past their due date and not done.") var overdue = false
    @Option(help: "text or json.") var format: ShowFormat = .text
    @OptionGroup var date: DateOption
    @OptionGroup var repositoryOptions: RepositoryOptions

    func run() throws {
        let plans = PlanStore(store: AssessmentStore(repository: try repositoryOptions.repository()))
        let on = try date.date(repositoryOptions)
        let listing = try plans.listing(.init(factory: factory, countries: country, status: status, overdue: overdue, on: on))
        for path in listing.unreadable { Console.error("\(path): has errors; 'star validate' shows them") }
        switch format {
        case .json: Console.out(CanonicalJSON.string(listing.json))
        case .text: Console.out(listing.factories.isEmpty ? "no items\n" : listing.lines.joined(separator: "\n") + "\n")
        }
        if !listing.unreadable.isEmpty { throw ExitStatus.findings }
    }
}

struct RemediateProgressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress",
        abstract: "A factory's progress report for its buyers: plan status, items closed, overdue items, PICC.",
        discussion: """
            Examples:
              star remediate progress KH-0001 --format markdown > KH-0001-progress.md
              star remediate progress KH-0001 --since 2026-06-01 --format json
            """
    )

    enum Format: String, ExpressibleByArgument { case markdown, json }

    @Argument(help: "The factory id.") var factory: String
    @Option(help: ArgumentHelp("Start of the period (default: three months before --on).", valueName: "YYYY-MM-DD")) var since: CalendarDate?
    @Option(help: "markdown or json.") var format: Format = .markdown
    @OptionGroup var date: DateOption
    @OptionGroup var repositoryOptions: RepositoryOptions

    func run() throws {
        let plans = PlanStore(store: AssessmentStore(repository: try repositoryOptions.repository()))
        let on = try date.date(repositoryOptions)
        let from = since ?? on.adding(months: -3)
        if on < from { throw usage("--since (\(from)) is after --on (\(on))") }
        let factory = try plans.factory(self.factory)
        let plan = try plans.load(factory)
        let report = ProgressReport(factory: factory, plan: plan, since: from, on: on, piccWarnings: plans.piccWarnings(plan, on: on))
        Console.out(format == .json ? CanonicalJSON.string(report.json) : report.markdown)
    }
}
