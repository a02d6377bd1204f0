/// The id Open Supply Hub (formerly the Open Apparel Registry) gives a production location, such as
/// `BD2021113R7R87P`. Checking it catches a mistyped id before a buyer looks up the wrong factory.
///
/// An OS ID has 15 characters:
///
///     BD  2021113  R7R87  P
///     |   |        |      check character
///     |   |        5 random characters from the alphabet below
///     |   year and day of the year (001-366) it was created
///     ISO 3166-1 alpha-2 country code
///
/// The check character follows Open Supply Hub's own rule (`checksum` in `src/django/api/os_id.py` of
/// opensupplyhub/open-supply-hub, unchanged from `oar_id.py` of the Open Apparel Registry): add the ASCII
/// codes of the two country letters to the alphabet value of each of the next 12 characters (a digit is
/// worth itself), and take the alphabet character at that sum modulo 32.
public enum OpenSupplyHubID {
    /// Crockford's base32 symbols: digits and capitals without I, L, O and U, which are easily misread.
    public static let alphabet: [Character] = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    public static let length = 15

    /// A message saying what is wrong with `osID`, or nil when it is a valid OS ID.
    public static func problem(with osID: String) -> String? {
        if osID.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "the OS ID contains a control character"
        }
        // Open Supply Hub shows OS IDs unbroken; star stores them the same way so they can be compared.
        if osID.contains("-") || osID.contains(" ") {
            let unbroken = osID.filter { $0 != "-" && $0 != " " }
            return "OS ID '\(osID)' must be written without hyphens or spaces, as '\(unbroken)'"
        }
        let characters = Array(osID)
        guard characters.count == length else {
            return "OS ID '\(osID)' has \(characters.count) characters, expected \(length): a country code, "
                + "the year and day it was created (7 digits), 5 characters and a check character"
        }
        let country = String(characters[0..<2])
        guard Identifier.isCountryCode(country) else {
            return "OS ID '\(osID)' must start with an ISO 3166-1 alpha-2 country code in capitals, found '\(country)'"
        }
        let date = String(characters[2..<9])
        guard date.allSatisfy({ $0.isASCII && $0.isNumber }), let year = Int(date.prefix(4)), let day = Int(date.suffix(3)) else {
            return "OS ID '\(osID)' must have 7 digits after the country code (the year and day it was created), found '\(date)'"
        }
        guard (1...daysIn(year: year)).contains(day) else {
            return "OS ID '\(osID)' has day \(date.suffix(3)) of \(year); days of the year run from 001 to 365 (366 in a leap year)"
        }
        for position in 9..<length where !alphabet.contains(characters[position]) {
            return "OS ID '\(osID)' has '\(characters[position])' at position \(position + 1); after the date an OS ID uses "
                + "only digits and capital letters other than I, L, O and U"
        }
        let expected = checkCharacter(for: String(characters[0..<(length - 1)]))!
        if characters[length - 1] != expected {
            return "OS ID '\(osID)' is not valid: check character is \(characters[length - 1]), expected \(expected) (is a character mistyped?)"
        }
        return nil
    }

    /// The check character Open Supply Hub appends to `body` (an OS ID without its last character), or nil
    /// when `body` is not a country code followed by alphabet characters.
    public static func checkCharacter(for body: String) -> Character? {
        let characters = Array(body)
        guard characters.count >= 2, Identifier.isCountryCode(String(characters[0..<2])) else { return nil }
        var sum = characters[0..<2].reduce(0) { $0 + Int($1.asciiValue!) }
        for character in characters[2...] {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            sum += value
        }
        return alphabet[sum % alphabet.count]
    }

    private static func daysIn(year: Int) -> Int {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 366 : 365
    }
}
