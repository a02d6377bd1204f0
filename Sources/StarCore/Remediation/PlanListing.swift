/// What `star remediate list` shows: the items of each factory's plan that the filter keeps, overdue first.
package struct PlanListing: Sendable {
    package struct Filter: Sendable {
        package var factory: String?
        package var countries: FilterList?
        package var status: ImprovementPlan.Status?
        /// Only items past their due date and not done.
        package var overdue: Bool
        /// The day items are overdue on.
        package var on: CalendarDate

        package init(factory: String? = nil, countries: FilterList? = nil, status: ImprovementPlan.Status? = nil, overdue: Bool = false, on: CalendarDate) {
            self.factory = factory
            self.countries = countries
            self.status = status
            self.overdue = overdue
            self.on = on
        }

        /// Whether the filter asks for some items only (then a plan none of whose items match is left out).
        var narrows: Bool { status != nil || overdue }
    }

    package struct FactoryItems: Sendable {
        package var factory: Factory
        /// Overdue items first, then by due date (none last among equals), then by number.
        package var items: [ImprovementPlan.Item]
        /// Items done or verified, of all the plan's items.
        package var closed: Int
        package var total: Int
        package var piccWarnings: [String]
    }

    package var on: CalendarDate
    package var factories: [FactoryItems]
    /// Plans that could not be read: the listing leaves them out and says so.
    package var unreadable: [String]

    /// The shape `remediate list --format json` promises: one object per item (ImprovementPlan.Item.summaryJSON).
    package var json: JSONValue {
        .array(factories.flatMap { entry in entry.items.map { $0.summaryJSON(factory: entry.factory.id, on: on) } })
    }

    /// A line per factory with its progress, a line per item, and the PICC's warnings.
    package var lines: [String] {
        factories.flatMap { entry in
            ["\(entry.factory.id)  \(entry.factory.name)  \(entry.closed)/\(entry.total) done or verified"]
                + entry.items.map { item in
                    "  \(item.id(factory: entry.factory.id))\t\(item.point)\t\(item.status.rawValue)\t\(item.due.map { "due \($0)" } ?? "no due date")"
                        + "\(item.isOverdue(on: on) ? " OVERDUE" : "")\t\(item.owner ?? "")"
                }
                + entry.piccWarnings.map { "  warning: \($0)" }
        }
    }
}

extension PlanStore {
    /// The plans' items `filter` keeps, factory by factory (by id). An unknown factory or country is a usage
    /// failure; a plan that cannot be read is named in `unreadable`, never taken for an empty plan.
    package func listing(_ filter: PlanListing.Filter) throws(StarError) -> PlanListing {
        var listing = PlanListing(on: filter.on, factories: [], unreadable: [])
        for factory in try store.context.factories(id: filter.factory, countries: filter.countries) {
            let plan: ImprovementPlan
            do { plan = try load(factory) } catch {
                listing.unreadable.append(ImprovementPlan.path(country: factory.country, factory: factory.id))
                continue
            }
            let on = filter.on
            func order(_ item: ImprovementPlan.Item) -> (Int, CalendarDate, Int) { (item.isOverdue(on: on) ? 0 : 1, item.due ?? on, item.number) }
            let items = plan.items.filter { (filter.status == nil || $0.status == filter.status) && (!filter.overdue || $0.isOverdue(on: on)) }
                .sorted { order($0) < order($1) }
            if plan.items.isEmpty || items.isEmpty && filter.narrows { continue }
            listing.factories.append(
                .init(
                    factory: factory, items: items, closed: plan.items.filter { $0.status == .done || $0.status == .verified }.count,
                    total: plan.items.count, piccWarnings: piccWarnings(plan, on: on)))
        }
        return listing
    }
}
