import StarCore
import Testing

/// The ids below were computed by hand with Open Supply Hub's rule; `BD2021113R7R87P` is a real OS ID
/// (Open Supply Hub's API examples use it).
@Suite struct OpenSupplyHubIDTests {
    @Test(arguments: ["BD2021113R7R87P", "KH2026073A1B2CB", "VN2024366ZZZZZP", "HT2019001000009"])
    func validIDsAreAccepted(osID: String) {
        #expect(OpenSupplyHubID.problem(with: osID) == nil)
    }

    @Test func checkCharacterIsTheSumModulo32() {
        // K (75) + H (72) + digits 2+0+2+6+0+7+3 (20) + A (10) + 1 + B (11) + 2 + C (12) = 203; 203 % 32 = 11, which is B.
        #expect(OpenSupplyHubID.checkCharacter(for: "KH2026073A1B2C") == "B")
        // B (66) + D (68) + 2+0+2+1+1+1+3 (10) + R (24) + 7 + R (24) + 8 + 7 = 214; 214 % 32 = 22, which is P.
        #expect(OpenSupplyHubID.checkCharacter(for: "BD2021113R7R87") == "P")
    }

    @Test func checkCharacterNeedsACountryCodeAndTheAlphabet() {
        #expect(OpenSupplyHubID.checkCharacter(for: "kh2026073A1B2C") == nil)
        #expect(OpenSupplyHubID.checkCharacter(for: "KH2026073A1I2C") == nil)
    }

    @Test func everyOtherCheckCharacterIsRejected() {
        for wrong in OpenSupplyHubID.alphabet where wrong != "B" {
            #expect(
                OpenSupplyHubID.problem(with: "KH2026073A1B2C\(wrong)")
                    == "OS ID 'KH2026073A1B2C\(wrong)' is not valid: check character is \(wrong), expected B (is a character mistyped?)")
        }
    }

    @Test func aMistypedCharacterIsCaught() {
        #expect(
            OpenSupplyHubID.problem(with: "BD2021113R7R88P")
                == "OS ID 'BD2021113R7R88P' is not valid: check character is P, expected Q (is a character mistyped?)")
        #expect(
            OpenSupplyHubID.problem(with: "BD2022113R7R87P")
                == "OS ID 'BD2022113R7R87P' is not valid: check character is P, expected Q (is a character mistyped?)")
    }

    @Test func wrongLengthIsRejected() {
        let expected = "has 14 characters, expected 15: a country code, the year and day it was created (7 digits), 5 characters and a check character"
        #expect(OpenSupplyHubID.problem(with: "BD2021113R7R87") == "OS ID 'BD2021113R7R87' \(expected)")
        #expect(
            OpenSupplyHubID.problem(with: "")
                == "OS ID '' has 0 characters, expected 15: a country code, the year and day it was created (7 digits), 5 characters and a check character")
        #expect(OpenSupplyHubID.problem(with: "BD2021113R7R87PP")?.hasPrefix("OS ID 'BD2021113R7R87PP' has 16 characters, expected 15") == true)
    }

    @Test func hyphensAndSpacesAreRejectedWithTheUnbrokenForm() {
        #expect(
            OpenSupplyHubID.problem(with: "BD-2021113-R7R87-P") == "OS ID 'BD-2021113-R7R87-P' must be written without hyphens or spaces, as 'BD2021113R7R87P'")
        #expect(
            OpenSupplyHubID.problem(with: "BD 2021113 R7R87 P") == "OS ID 'BD 2021113 R7R87 P' must be written without hyphens or spaces, as 'BD2021113R7R87P'")
    }

    @Test func controlCharactersAreNotEchoed() {
        #expect(OpenSupplyHubID.problem(with: "BD2021113R7R87\u{1B}") == "the OS ID contains a control character")
        #expect(OpenSupplyHubID.problem(with: "BD2021113R7R87P\n") == "the OS ID contains a control character")
    }

    @Test func countryPartMustBeACodeInCapitals() {
        #expect(
            OpenSupplyHubID.problem(with: "bd2021113R7R87P")
                == "OS ID 'bd2021113R7R87P' must start with an ISO 3166-1 alpha-2 country code in capitals, found 'bd'")
        #expect(
            OpenSupplyHubID.problem(with: "1D2021113R7R87P")
                == "OS ID '1D2021113R7R87P' must start with an ISO 3166-1 alpha-2 country code in capitals, found '1D'")
    }

    @Test func datePartMustBeSevenDigits() {
        #expect(
            OpenSupplyHubID.problem(with: "BD20211X3R7R87P")
                == "OS ID 'BD20211X3R7R87P' must have 7 digits after the country code (the year and day it was created), found '20211X3'")
        // A full-width digit is a number to Unicode, not to Open Supply Hub.
        #expect(
            OpenSupplyHubID.problem(with: "BD２021113R7R87P")
                == "OS ID 'BD２021113R7R87P' must have 7 digits after the country code (the year and day it was created), found '２021113'")
    }

    @Test func dayOfTheYearMustExist() {
        let rule = "days of the year run from 001 to 365 (366 in a leap year)"
        #expect(OpenSupplyHubID.problem(with: "BD2021000R7R87P") == "OS ID 'BD2021000R7R87P' has day 000 of 2021; \(rule)")
        #expect(OpenSupplyHubID.problem(with: "BD2021367R7R87P") == "OS ID 'BD2021367R7R87P' has day 367 of 2021; \(rule)")
        #expect(OpenSupplyHubID.problem(with: "BD2021366R7R87P") == "OS ID 'BD2021366R7R87P' has day 366 of 2021; \(rule)")
        // 2024 is a leap year, 2100 is not, 2000 is.
        #expect(OpenSupplyHubID.problem(with: "VN2024366ZZZZZP") == nil)
        #expect(OpenSupplyHubID.problem(with: "BD2100366R7R87P") == "OS ID 'BD2100366R7R87P' has day 366 of 2100; \(rule)")
        #expect(OpenSupplyHubID.problem(with: "BD2000366R7R87\(OpenSupplyHubID.checkCharacter(for: "BD2000366R7R87")!)") == nil)
    }

    @Test func lettersOutsideTheAlphabetAreRejected() {
        let rule = "after the date an OS ID uses only digits and capital letters other than I, L, O and U"
        #expect(OpenSupplyHubID.problem(with: "BD2021113R7I87P") == "OS ID 'BD2021113R7I87P' has 'I' at position 12; \(rule)")
        #expect(OpenSupplyHubID.problem(with: "BD2021113r7r87p") == "OS ID 'BD2021113r7r87p' has 'r' at position 10; \(rule)")
        #expect(OpenSupplyHubID.problem(with: "BD2021113R7R87U") == "OS ID 'BD2021113R7R87U' has 'U' at position 15; \(rule)")
        #expect(OpenSupplyHubID.problem(with: "BD2021113R7R8_P") == "OS ID 'BD2021113R7R8_P' has '_' at position 14; \(rule)")
    }
}
