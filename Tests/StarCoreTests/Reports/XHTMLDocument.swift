import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// An HTML report read back with a real XML parser (the HTML renderer writes markup that is also well-formed
/// XML): every element with its attributes and the text directly inside it, in document order.
final class XHTMLDocument: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
        var text = ""
        /// Names of the enclosing elements, outermost first.
        var ancestors: [String]
    }

    private(set) var elements: [Element] = []
    private var open: [Int] = []
    private(set) var error: String?

    /// Nil when the text is not well-formed.
    static func parse(_ html: String) -> XHTMLDocument? {
        let document = XHTMLDocument()
        let parser = XMLParser(data: Data(html.utf8))
        parser.delegate = document
        guard parser.parse(), document.error == nil else { return nil }
        return document
    }

    /// Why parsing failed, for a test message.
    static func problem(_ html: String) -> String {
        let parser = XMLParser(data: Data(html.utf8))
        _ = parser.parse()
        return "line \(parser.lineNumber), column \(parser.columnNumber): \(parser.parserError.map { "\($0)" } ?? "no error")"
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.append(Element(name: name, attributes: attributes, ancestors: open.map { elements[$0].name }))
        open.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        open.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let current = open.last { elements[current].text += string }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        error = "\(parseError)"
    }

    func elements(_ name: String, class className: String? = nil) -> [Element] {
        elements.filter { $0.name == name && (className == nil || $0.attributes["class"]?.split(separator: " ").contains(Substring(className!)) == true) }
    }

    /// The chart bars (`<g class="bar">`) of each figure, by the figure's data-key.
    var bars: [String: [Element]] {
        var result: [String: [Element]] = [:]
        var figure: String?
        for element in elements {
            if element.name == "figure" { figure = element.attributes["data-key"] }
            if element.name == "g", element.attributes["class"] == "bar", let figure { result[figure, default: []].append(element) }
        }
        return result
    }

    /// Attribute values that load something from elsewhere: src, href (other than in-page anchors) and any url(...).
    var externalReferences: [String] {
        elements.flatMap { element in
            element.attributes.filter { key, value in
                (key == "src" || key == "href" || key.hasSuffix(":href")) && !value.hasPrefix("#")
            }.map { "\(element.name) \($0.key)=\($0.value)" }
        }
    }
}
