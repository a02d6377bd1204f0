import Foundation

/// A country's name for a reader, from its ISO 3166-1 alpha-2 code: reports name the country ("Cambodia",
/// "Cambodge") rather than leave the reader to decode "KH".
public enum CountryNames {
    /// The name in `language`, or nil for a code the locale data does not know (a user-assigned code like XX).
    public static func name(_ code: String, language: String) -> String? {
        guard let name = Locale(identifier: language).localizedString(forRegionCode: code), name != code, !name.isEmpty else { return nil }
        return name
    }

    /// "Cambodia (KH)", or the code alone when no name is known.
    public static func label(_ code: String, language: String) -> String {
        name(code, language: language).map { "\($0) (\(code))" } ?? code
    }
}
