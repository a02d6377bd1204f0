/// The formats a report is written in; each renders the same ReportDocument.
public enum ReportFormat: String, Sendable, CaseIterable {
    case markdown, html, json

    public func render(_ document: ReportDocument) -> String {
        switch self {
        case .markdown: MarkdownRenderer.render(document)
        case .html: HTMLRenderer.render(document)
        case .json: JSONRenderer.render(document)
        }
    }

    /// The usual file extension, for scripts that name files after the format.
    public var fileExtension: String {
        switch self {
        case .markdown: "md"
        case .html: "html"
        case .json: "json"
        }
    }
}
