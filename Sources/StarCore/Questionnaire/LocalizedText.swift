/// A text in several languages, keyed by language code (`en`, `fr`, ...).
public typealias LocalizedText = [String: String]

extension Dictionary where Key == String, Value == String {
    /// The text in `language`, falling back to English, then to any language, so output is never blank.
    public func text(in language: String) -> String {
        self[language] ?? self["en"] ?? self.sorted { $0.key < $1.key }.first?.value ?? ""
    }

    var json: JSONValue { .object(mapValues(JSONValue.string)) }

    init?(json: JSONValue?) {
        guard let object = json?.object else { return nil }
        var result: [String: String] = [:]
        for (key, value) in object {
            guard let text = value.string else { return nil }
            result[key] = text
        }
        self = result
    }
}
