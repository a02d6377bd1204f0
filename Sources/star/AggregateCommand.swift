import ArgumentParser
import Foundation
import StarCore

struct AggregateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aggregate",
        abstract: "Non-compliance rates by compliance point, cluster and country, with 95% intervals.",
        discussion: """
            Each factory counts once, by its latest final assessment or follow-up whose visit starts in the \
            period (once per year with --by year); a correction stands in for the record it amends; \
            self-assessments only with --kind self-assessment. A point's rate is non-compliant factories / \
            factories where it applies, with a Wilson interval; a cluster's is the mean of its points' rates, \
            with the share of factories with any non-compliance in it. docs/rates.md defines every number.

            Answers, record summaries and the factory registry are cached in .star/ and checked like git's \
            index: a query asked again of an unchanged repository is answered after a stat of every input; \
            any change to a record, factory or compiled questionnaire is seen. --no-cache reads everything.

            Examples:
              star aggregate                                   # cluster rates over every factory
              star aggregate --by country,point --country KH,VN --from 2026-01-01
              star aggregate --by year,cluster --format csv > trend.csv
              star aggregate --by point --weight workers --format json
              star aggregate compare --country KH,VN,HT --by point
            """,
        subcommands: [AggregateRatesCommand.self, AggregateCompareCommand.self],
        defaultSubcommand: AggregateRatesCommand.self
    )
}

extension TableFormat: ExpressibleByArgument {}

struct AggregateOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only factories of these countries.", valueName: "CC[,CC]")) var country: FilterList?
    @Option(help: ArgumentHelp("Only factories of these industries.", valueName: "industry[,industry]")) var industry: FilterList?
    @Option(help: ArgumentHelp("Only records made with these questionnaires.", valueName: "id[,id]")) var questionnaire: FilterList?
    @Option(help: ArgumentHelp("Visits starting on or after this day.", valueName: "YYYY-MM-DD")) var from: CalendarDate?
    @Option(help: ArgumentHelp("Visits starting on or before this day.", valueName: "YYYY-MM-DD")) var to: CalendarDate?
    @Option(help: ArgumentHelp("assessment,follow-up (default), or self-assessment alone.", valueName: "kind[,kind]")) var kind: FilterList?
    @Option(help: ArgumentHelp("Group by any of country, industry, year, and one of cluster (default), point, question.", valueName: "dim[,dim]"))
    var by: [FilterList] = []
    @Option(help: ArgumentHelp("'workers' weighs each factory by its number of workers.", valueName: "workers")) var weight: String?
    @Option(help: "Language of titles (default en).") var lang: String = "en"
    @Flag(help: "Ignore the caches in .star/ (answers, records, factories): read everything again, then rewrite them.") var noCache = false

    /// The query the options ask; a country, industry, questionnaire or kind the repository does not know is a
    /// usage error naming the known ones.
    func query(in repository: Repository, extraGroups: [AggregateQuery.Dimension] = []) throws -> AggregateQuery {
        var query = AggregateQuery()
        if country != nil || industry != nil || questionnaire != nil {
            let known = AssessmentContext.load(repository, cachingFactories: true)
            query.countries = try known.countries(country)
            query.industries = try industry?.checked(
                option: "--industry", known: Set(known.factories.values.map(\.industry)), what: "industries of the registered factories")
            query.questionnaires = try questionnaire?.checked(
                option: "--questionnaire", known: Set(known.compiled.values.map(\.id)), what: "compiled questionnaires")
        }
        query.from = from
        query.to = to
        if let kind {
            query.kinds = Set(
                try kind.checked(option: "--kind", known: Set(AssessmentKind.allCases.map(\.rawValue)), what: "kinds of record").compactMap(
                    AssessmentKind.init(rawValue:)))
        }
        var groups = extraGroups
        for text in by.flatMap(\.values) {
            guard let dimension = AggregateQuery.Dimension(rawValue: text) else {
                throw usage("--by '\(text)' is not one of \(AggregateQuery.Dimension.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if !groups.contains(dimension) { groups.append(dimension) }
        }
        query.groupBy = groups
        if let weight, weight != "workers" { throw usage("--weight takes 'workers', found '\(weight)'") }
        query.weightByWorkers = weight != nil
        query.language = lang
        if let problem = query.problem { throw usage(problem) }
        return query
    }

    /// The answer to `query`, from the caches in .star/ where they are valid; progress on a terminal.
    func answer(_ query: AggregateQuery, _ repository: Repository) -> AggregateAnswer {
        let onTerminal = isatty(STDERR_FILENO) == 1
        @Sendable func report(_ done: Int, _ total: Int) { Console.progress("reading records: \(done)/\(total)") }
        let answer = AggregateAnswer.load(query, in: repository, readingCache: !noCache, progress: onTerminal ? report : nil)
        if onTerminal { Console.progress(nil) }
        return answer
    }
}

struct AggregateRatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rates", abstract: "Rates grouped as asked (the default).")

    @OptionGroup var options: AggregateOptions
    @Option(help: "text (a table with a bar per rate), json, csv or markdown.") var format: TableFormat = .text
    @OptionGroup var repositoryOptions: RepositoryOptions

    func run() throws {
        let repository = try repositoryOptions.repository()
        let query = try options.query(in: repository)
        let answer = options.answer(query, repository)
        Console.out(AggregateOutput.render(answer.rows, query: query, as: format))
        report(answer, query)
    }
}

struct AggregateCompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "The same rates side by side for several countries, with differences and whether the intervals overlap.",
        discussion: """
            Differences are taken against the first country given. Add --by year for the trend across cycles.

            Examples:
              star aggregate compare --country KH,VN,HT
              star aggregate compare --country KH,VN --by point --format markdown
              star aggregate compare --country KH,VN,HT --by year,cluster --format json
            """
    )

    @OptionGroup var options: AggregateOptions
    @Option(help: "text, json, csv or markdown.") var format: TableFormat = .text
    @OptionGroup var repositoryOptions: RepositoryOptions

    func run() throws {
        guard let countries = options.country?.values, countries.count >= 2 else {
            throw usage("compare needs at least two countries: --country KH,VN[,HT]")
        }
        let repository = try repositoryOptions.repository()
        var query = try options.query(in: repository, extraGroups: [.country])
        query.groupBy = query.groupBy.filter { $0 != .country } + [.country]
        let answer = options.answer(query, repository)
        Console.out(Comparison(answer.rows, countries: countries, query: query).render(as: format))
        report(answer, query)
    }
}

/// What was counted, on stderr, so that stdout stays the table.
private func report(_ answer: AggregateAnswer, _ query: AggregateQuery) {
    var line = "\(plural(answer.counted, "record")) counted (one per factory\(query.groups.contains(.year) ? " and year" : ""))"
    if answer.invalidCount > 0 { line += "; \(plural(answer.invalidCount, "record")) with errors left out: run 'star validate'" }
    Console.error(line)
}
