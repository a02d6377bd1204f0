import ArgumentParser
import StarCore

struct PiccCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "picc",
        abstract: "The factory's Performance Improvement Consultative Committee: members and meetings.",
        discussion: """
            The PICC has equal numbers of management and worker representatives and follows the improvement \
            plan. star warns when it is unbalanced or has not met within the interval (default 3 months).

            Examples:
              star picc member add KH-0001 --name "Sok Dara" --role worker --since 2026-01-10
              star picc member remove KH-0001 --name "Sok Dara" --on 2026-09-01
              star picc meeting add KH-0001 --date 2026-04-02 --attendee "Sok Dara" --attendee "Chan Lina" \\
                  --decision "Overtime rota posted one week ahead"
              star picc interval KH-0001 --months 2
            """,
        subcommands: [PiccMemberCommand.self, PiccMeetingCommand.self, PiccIntervalCommand.self]
    )
}

extension ImprovementPlan.PICC.Role: ExpressibleByArgument {}

/// Loads a factory's plan, lets `change` edit its PICC, saves it, and prints the committee's warnings.
func changePICC(
    _ factoryID: String, _ repositoryOptions: RepositoryOptions, on: CalendarDate,
    _ change: (inout ImprovementPlan.PICC) throws(PICCError) -> Void
) throws {
    let plans = PlanStore(store: AssessmentStore(repository: try repositoryOptions.repository()))
    let warnings = try locked(plans.store.repository) {
        let factory = try plans.factory(factoryID)
        var plan = try plans.load(factory)
        do {
            try change(&plan.picc)
        } catch {
            throw usage("the PICC of \(factoryID): \(error)")
        }
        try plans.save(plan, country: factory.country)
        return plans.piccWarnings(plan, on: on)
    }
    for warning in warnings { Console.error("warning: \(warning)") }
}

struct PiccMemberCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "member", abstract: "Add or remove a committee member.",
        subcommands: [Add.self, Remove.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a member.")
        @Argument(help: "The factory id.") var factory: String
        @Option(help: "The member's name.") var name: String
        @Option(help: "management or worker.") var role: ImprovementPlan.PICC.Role
        @Option(help: ArgumentHelp("Member since (default: today).", valueName: "YYYY-MM-DD")) var since: CalendarDate?
        @OptionGroup var repositoryOptions: RepositoryOptions

        func run() throws {
            let since = try self.since ?? repositoryToday(repositoryOptions)
            try changePICC(factory, repositoryOptions, on: since) { picc throws(PICCError) in try picc.addMember(name, role: role, since: since) }
            Console.out("added \(name) (\(role.rawValue)) to the PICC of \(factory)\n")
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "End a membership (kept as history).")
        @Argument(help: "The factory id.") var factory: String
        @Option(help: "The member's name.") var name: String
        @OptionGroup var date: DateOption
        @OptionGroup var repositoryOptions: RepositoryOptions

        func run() throws {
            let on = try date.date(repositoryOptions)
            try changePICC(factory, repositoryOptions, on: on) { picc throws(PICCError) in try picc.removeMember(name, on: on) }
            Console.out("\(name) left the PICC of \(factory) on \(on)\n")
        }
    }
}

struct PiccMeetingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "meeting", abstract: "Record committee meetings.", subcommands: [Add.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Record a meeting: date, attendees, decisions.")
        @Argument(help: "The factory id.") var factory: String
        @Option(help: ArgumentHelp("The day of the meeting.", valueName: "YYYY-MM-DD")) var date: CalendarDate
        @Option(help: "A member present; repeat for each.") var attendee: [String] = []
        @Option(help: "A decision taken; repeat for each.") var decision: [String] = []
        @OptionGroup var repositoryOptions: RepositoryOptions

        func run() throws {
            let on = date
            try changePICC(factory, repositoryOptions, on: on) { picc throws(PICCError) in
                try picc.addMeeting(on: on, attendees: attendee, decisions: decision)
            }
            Console.out("recorded the PICC meeting of \(factory) on \(on)\n")
        }
    }
}

struct PiccIntervalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "interval", abstract: "How often the committee should meet (months).")
    @Argument(help: "The factory id.") var factory: String
    @Option(help: "Months between meetings (default 3).") var months: Int
    @OptionGroup var date: DateOption
    @OptionGroup var repositoryOptions: RepositoryOptions

    func run() throws {
        guard (1...24).contains(months) else { throw usage("--months must be between 1 and 24") }
        try changePICC(factory, repositoryOptions, on: try date.date(repositoryOptions)) { $0.meetingIntervalMonths = months }
        Console.out("the PICC of \(factory) should meet at least every \(months) months\n")
    }
}
