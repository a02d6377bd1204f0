import StarCore
import Testing

@Suite struct CalendarDateAddingMonthsTests {
    @Test(arguments: [
        ("2026-03-14", 1, "2026-04-14"),
        ("2026-03-14", 0, "2026-03-14"),
        ("2026-03-14", -3, "2025-12-14"),
        ("2026-12-15", 1, "2027-01-15"),
        ("2026-01-15", -1, "2025-12-15"),
        ("2026-03-14", 24, "2028-03-14"),
        ("2026-03-14", -15, "2024-12-14"),
    ])
    func theSameDayMonthsLaterOrEarlier(start: String, months: Int, expected: String) {
        #expect(day(start).adding(months: months).description == expected)
    }

    @Test(arguments: [
        ("2026-01-31", 1, "2026-02-28"),
        ("2024-01-31", 1, "2024-02-29"),
        ("2000-01-31", 1, "2000-02-29"),
        ("2100-01-31", 1, "2100-02-28"),
        ("2026-03-31", -1, "2026-02-28"),
        ("2026-05-31", 1, "2026-06-30"),
        ("2026-08-31", -6, "2026-02-28"),
        ("2024-02-29", 12, "2025-02-28"),
        ("2026-10-31", 3, "2027-01-31"),
        ("2026-11-30", 3, "2027-02-28"),
    ])
    func aDayPastTheEndOfTheTargetMonthBecomesItsLastDay(start: String, months: Int, expected: String) {
        #expect(day(start).adding(months: months).description == expected)
    }

    @Test func threeMonthsBackFromAMonthEndIsNotThreeMonthsForward() {
        // Clamping loses days: going forward and back does not always return to the start.
        #expect(day("2026-11-30").adding(months: 3).adding(months: -3).description == "2026-11-28")
    }
}
