/// A text in several languages, keyed by language code (`en`, `fr`, ...).
public typealias LocalizedText = [String: String]

extension Dictionary where Key == String, Value == String {
    /// The text in `language`, falling back to the language's nearest (Haitian Creole to French), then to
    /// English, then to any language, so output is never blank: a draft translation may still be partial.
    public func text(in language: String) -> String {
        self[language] ?? LanguageFallback.nearest[language].flatMap { self[$0] } ?? self["en"] ?? self.sorted { $0.key < $1.key }.first?.value ?? ""
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

/// The language a reader of a partial translation reads best after their own: Haitian Creole speakers read
/// French (Haiti's other official language); others fall back to English.
public enum LanguageFallback {
    public static let nearest = ["ht": "fr"]
}
