import ArgumentParser
import Foundation
import StarCore

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reports for people: a factory's, a buyer's, a country synthesis, the public transparency list, the self-assessment guide.",
        discussion: """
            Every report is written as Markdown (default), one self-contained HTML file (inline CSS and SVG \
            charts, nothing loaded from the network; prints well and reads on a phone), or JSON with the same \
            data. --output writes a file and never replaces one; without it the report goes to standard output. \
            --on fixes the day the report describes, so the same command gives the same report tomorrow. \
            docs/reports.md describes every report.

            Examples:
              star report factory KH-0001 --format html --output KH-0001.html
              star report buyer northwind-retail --on 2026-11-30 --output northwind.md
              star report country KH --format html > KH-synthesis.html
              star report transparency --format json --output public.json
              star report guide ht-garment --lang fr --format html --output guide-ht.html
            """,
        subcommands: [
            ReportFactoryCommand.self, ReportBuyerCommand.self, ReportCountryCommand.self,
            ReportTransparencyCommand.self, ReportGuideCommand.self,
        ]
    )
}

extension ReportFormat: ExpressibleByArgument {}

/// How and where a report is written, and in which language.
struct ReportOutputOptions: ParsableArguments {
    @Option(help: "markdown, html (one self-contained file) or json.") var format: ReportFormat = .markdown
    @Option(help: ArgumentHelp("Write the report to this file (never over an existing one) instead of standard output.", valueName: "file"))
    var output: String?
    @Option(
        help: ArgumentHelp(
            "Language of headings and questionnaire texts: \(ReportStrings.languages.joined(separator: ", ")) (default: the questionnaire's first language, en for reports over several).",
            valueName: "lang"))
    var lang: String?

    /// Refuses an existing --output before any work is done.
    func checkOutput() throws {
        guard let output else { return }
        if FileStore.exists(Repository.absolutePath(output, relativeTo: Console.workingDirectory)) {
            throw StarError(.refused, "\(output) already exists; star never overwrites a report: choose another --output, or remove that file first")
        }
    }

    func write(_ document: ReportDocument) throws {
        let text = format.render(document)
        guard let output else { return Console.out(text) }
        let path = Repository.absolutePath(output, relativeTo: Console.workingDirectory)
        try FileStore.write(text, to: path, policy: .createOnly)
        Console.error("wrote \(output): \(document.kind) report, \(format.rawValue), \(plural(text.utf8.count, "byte"))")
    }
}

struct ReportFactoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "factory",
        abstract: "A factory's profile, latest findings by cluster, non-compliances with their law, changes since the previous visit, plan status.",
        discussion: """
            Uses the factory's latest final assessment or follow-up that started on or before --on (a correction \
            stands in for the record it amends; self-assessments are not used) and compares it with the one \
            before. Texts are in the language of that record's questionnaire unless --lang says otherwise.

            Examples:
              star report factory KH-0001
              star report factory HT-0002 --lang fr --format html --output HT-0002.html
              star report factory KH-0001 --on 2026-06-30 --format json
            """
    )

    @Argument(help: "The factory id.") var factory: String
    @OptionGroup var output: ReportOutputOptions
    @OptionGroup var date: DateOption
    @OptionGroup var repositoryOptions: RepositoryOptions

    func run() throws {
        try output.checkOutput()
        let plans = PlanStore(store: AssessmentStore(repository: try repositoryOptions.repository()))
        let on = try date.date(repositoryOptions)
        try output.write(try FactoryReport.build(factory: factory, on: on, language: output.lang, plans: plans))
    }
}

struct ReportBuyerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "buyer",
        abstract: "What a buyer may read: the factories that consented to it on --on, each with only the scopes it granted.",
        discussion: """
            Factories come only from their consents, through the one access policy (docs/sharing.md): without \
            a grant in force on --on a factory does not appear at all. 'assessments' adds the latest status \
            and the trend of non-compliant points per visit; 'plans' the improvement plan's progress; \
            'reports' the summary of the progress report for the three months up to --on.

            Examples:
              star report buyer northwind-retail
              star report buyer northwind-retail --on 2026-11-30 --format html --output northwind-2026-11.html
            """
    )

    @Argument(help: "The buyer id.") var buyer: String
    @OptionGroup var output: ReportOutputOptions
    @OptionGroup var date: DateOption
    @OptionGroup var repositoryOptions: RepositoryOptions

    func run() throws {
        try output.checkOutput()
        let consents = ConsentStore(store: AssessmentStore(repository: try repositoryOptions.repository()))
        let on = try date.date(repositoryOptions)
        try output.write(try BuyerReport.build(buyer: buyer, on: on, language: output.lang, consents: consents))
    }
}

struct ReportCountryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "country",
        abstract: "A country synthesis: rates by cluster and point with 95% intervals, the top 10 points, the trend, a comparison with other countries.",
        discussion: """
            The rates are those of 'star aggregate' (docs/rates.md): each factory counts once, by its latest \
            final assessment or follow-up up to --on; a cluster's rate is the mean of its points' rates. The \
            comparison sets every other country of the repository beside this one.

            Examples:
              star report country KH
              star report country VN --on 2026-12-31 --format html --output VN-2026.html
            """
    )

    @Argument(help: "The country, as an ISO 3166-1 alpha-2 code (KH, VN, HT).") var country: String
    @OptionGroup var output: ReportOutputOptions
    @OptionGroup var date: DateOption
    @Flag(help: "Read every record again, ignoring and then rewriting the cache in .star/.") var noCache = false
    @OptionGroup var repositoryOptions: RepositoryOptions

    func run() throws {
        try output.checkOutput()
        let store = AssessmentStore(repository: try repositoryOptions.repository())
        let on = try date.date(repositoryOptions)
        let index = RecordIndex.load(store, readingCache: !noCache)
        try output.write(try CountryReport.build(country: country, on: on, language: output.lang, index: index, context: store.context))
    }
}

struct ReportTransparencyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transparency",
        abstract: "The public list: each factory's latest findings on public questions only, and the factories far below the mean.",
        discussion: """
            Only questions marked 'public' in the questionnaire are shown. A factory is flagged as far below \
            the mean when it has at least three final assessments or follow-ups and its public compliance rate \
            is more than two standard deviations below the mean of all factories listed; the report states \
            the method in full.

            Examples:
              star report transparency --on 2026-12-31 --format html --output transparency-2026.html
              star report transparency --format json
            """
    )

    @OptionGroup var output: ReportOutputOptions
    @OptionGroup var date: DateOption
    @OptionGroup var repositoryOptions: RepositoryOptions

    func run() throws {
        try output.checkOutput()
        let plans = PlanStore(store: AssessmentStore(repository: try repositoryOptions.repository()))
        let on = try date.date(repositoryOptions)
        try output.write(try TransparencyReport.build(on: on, language: output.lang, plans: plans))
    }
}

struct ReportGuideCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "guide",
        abstract: "The self-assessment guide of a questionnaire: every question, its guidance, law, and how non-compliance is decided.",
        discussion: """
            Describes a committed compiled questionnaire (what 'star assess new' pins): id@version, or an id \
            for its newest compiled version. Navigable by cluster and compliance point. A factory then \
            prepares its sheet with 'star assess new --factory F --kind self-assessment'.

            Examples:
              star report guide kh-garment --format html --output guide-kh.html
              star report guide ht-garment@2026.1 --lang fr --format markdown
            """
    )

    @Argument(help: "The questionnaire: id or id@version of a compiled questionnaire.") var questionnaire: String
    @OptionGroup var output: ReportOutputOptions
    @OptionGroup var repositoryOptions: RepositoryOptions

    func run() throws {
        try output.checkOutput()
        let context = AssessmentContext.load(try repositoryOptions.repository())
        try output.write(try SelfAssessmentGuide.build(questionnaire, language: output.lang, context: context))
    }
}
