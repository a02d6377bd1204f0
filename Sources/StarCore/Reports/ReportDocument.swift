/// A report as data, before it is written out: what every builder (FactoryReport, BuyerReport, CountryReport,
/// TransparencyReport, SelfAssessmentGuide) produces and every renderer (Markdown, HTML, JSON) reads. Keeping
/// the numbers here, typed, is what lets the three formats say the same thing and lets tests check them.
public struct ReportDocument: Sendable, Equatable {
    /// `factory`, `buyer`, `country`, `transparency` or `guide`.
    public var kind: String
    /// The language of the headings and of the questionnaire texts.
    public var language: String
    public var title: String
    /// One line under the title: what, for whom, as of when.
    public var subtitle: String?
    public var sections: [ReportSection]

    public init(kind: String, language: String, title: String, subtitle: String? = nil, sections: [ReportSection]) {
        self.kind = kind
        self.language = language
        self.title = title
        self.subtitle = subtitle
        self.sections = sections
    }

    /// The section with this id, at any depth.
    public func section(_ id: String) -> ReportSection? {
        ReportSection.find(id, in: sections)
    }

    /// Every section, depth first.
    public var allSections: [ReportSection] {
        sections.flatMap(\.flattened)
    }

    /// The anchors that some list links to (the table of contents): only those sections need a visible anchor in
    /// Markdown.
    public var linkTargets: Set<String> {
        var targets = Set<String>()
        func collect(_ items: [ReportList.Item]) {
            for item in items {
                if let link = item.link { targets.insert(link) }
                collect(item.items)
            }
        }
        for section in allSections {
            for case .list(let list) in section.blocks { collect(list.items) }
        }
        return targets
    }
}

public struct ReportSection: Sendable, Equatable {
    /// Unique in the document: the HTML anchor and the JSON key.
    public var id: String
    public var title: String
    public var blocks: [ReportBlock]
    public var sections: [ReportSection]

    public init(id: String, title: String, blocks: [ReportBlock] = [], sections: [ReportSection] = []) {
        self.id = id
        self.title = title
        self.blocks = blocks
        self.sections = sections
    }

    public var flattened: [ReportSection] { [self] + sections.flatMap(\.flattened) }

    /// The same section holding these blocks.
    public func with(_ blocks: [ReportBlock]) -> ReportSection {
        var section = self
        section.blocks = blocks
        return section
    }

    public var tables: [ReportTable] { blocks.compactMap { if case .table(let t) = $0 { t } else { nil } } }
    public var charts: [BarChart] { blocks.compactMap { if case .chart(let c) = $0 { c } else { nil } } }
    public var facts: [ReportFact] {
        blocks.flatMap { block -> [ReportFact] in
            if case .facts(let facts) = block { return facts }
            return []
        }
    }

    /// A fact's value by key.
    public func fact(_ key: String) -> ReportValue? { facts.first { $0.key == key }?.value }

    static func find(_ id: String, in sections: [ReportSection]) -> ReportSection? {
        for section in sections {
            if section.id == id { return section }
            if let found = find(id, in: section.sections) { return found }
        }
        return nil
    }

    /// An id usable as an HTML anchor: `CL.CHILD` -> `cl-child`.
    public static func anchor(_ parts: String...) -> String {
        parts.joined(separator: "-").lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
    }
}

public enum ReportBlock: Sendable, Equatable {
    case paragraph(String)
    /// Text shown as written, in a fixed-width font: a command to type.
    case code(String)
    /// A key-value list (a profile, a summary).
    case facts([ReportFact])
    case table(ReportTable)
    case chart(BarChart)
    case list(ReportList)
    /// Photos and documents behind findings or plan items (ReportEvidence).
    case evidence([ReportEvidence])
}

/// A typed value, so each renderer formats it its own way (a rate is `11.4%` in text, `0.114` in JSON).
public enum ReportValue: Sendable, Equatable {
    case text(String)
    /// Text a reader copies or looks up as a whole (a factory, record, point or question id, a date): never broken
    /// across lines.
    case identifier(String)
    /// A value with a stable code (JSON) and a label in the report's language (text): a finding, a status.
    case term(String, String)
    case count(Int)
    /// A fraction from 0 to 1, shown as a percentage; nil when undefined.
    case percent(Double?)
    /// A 95% interval of a fraction; nil when undefined.
    case interval(ClosedRange<Double>?)
    /// A difference of two fractions, shown in percentage points.
    case points(Double?)
    case list([String])
    /// Nothing to show (JSON null).
    case none

    public var isNumeric: Bool {
        switch self {
        case .count, .percent, .interval, .points: true
        default: false
        }
    }
}

public struct ReportFact: Sendable, Equatable {
    /// Stable, English: the JSON key.
    public var key: String
    public var label: String
    public var value: ReportValue

    public init(_ key: String, _ label: String, _ value: ReportValue) {
        self.key = key
        self.label = label
        self.value = value
    }
}

public struct ReportTable: Sendable, Equatable {
    /// Stable, English: what the table is about in JSON.
    public var key: String
    public var columns: [Column]
    public var rows: [[ReportValue]]

    public struct Column: Sendable, Equatable {
        public var key: String
        public var title: String

        public init(_ key: String, _ title: String) {
            self.key = key
            self.title = title
        }
    }

    public init(key: String, columns: [Column], rows: [[ReportValue]]) {
        self.key = key
        self.columns = columns
        self.rows = rows
    }

    /// The cells of one column, by key.
    public func column(_ key: String) -> [ReportValue] {
        guard let index = columns.firstIndex(where: { $0.key == key }) else { return [] }
        return rows.map { $0[index] }
    }
}

/// Horizontal bars, one per item, optionally with a 95% interval drawn as a whisker.
public struct BarChart: Sendable, Equatable {
    public enum Unit: String, Sendable {
        /// Values are fractions from 0 to 1.
        case percent
        /// Values are counts; the scale runs to the largest.
        case count
    }

    public struct Bar: Sendable, Equatable {
        public var key: String
        public var label: String
        public var value: Double?
        public var interval: ClosedRange<Double>?
        /// A short remark read with the value (whether an interval overlaps another's).
        public var note: String?

        public init(key: String, label: String, value: Double?, interval: ClosedRange<Double>? = nil, note: String? = nil) {
            self.key = key
            self.label = label
            self.value = value
            self.interval = interval
            self.note = note
        }
    }

    public var key: String
    public var title: String
    /// What the bars are (a cluster, a visit, a factory): the heading of the label column when the chart is a table.
    public var category: String
    public var unit: Unit
    public var bars: [Bar]
    /// The end of a count scale shared with other charts, so their bars can be compared; nil for the chart's own.
    public var scale: Double?

    public init(key: String, title: String, category: String, unit: Unit, bars: [Bar], scale: Double? = nil) {
        self.key = key
        self.title = title
        self.category = category
        self.unit = unit
        self.bars = bars
        self.scale = scale
    }

    /// The end of the scale: 100% for rates; for counts the shared scale, else the largest value or interval end,
    /// rounded up to a multiple of 4 so the grid lines at quarters fall on whole numbers.
    public var maximum: Double {
        guard unit == .count else { return 1 }
        return (max(1, scale ?? 0, bars.compactMap { $0.interval?.upperBound ?? $0.value }.max() ?? 1) / 4).rounded(.up) * 4
    }
}

/// A bulleted list; an item with a link points at a section of the same document (a table of contents).
public struct ReportList: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public var text: String
        /// The id of a section of this document.
        public var link: String?
        public var items: [Item]

        public init(_ text: String, link: String? = nil, items: [Item] = []) {
            self.text = text
            self.link = link
            self.items = items
        }
    }

    public var items: [Item]

    public init(_ items: [Item]) {
        self.items = items
    }
}
