import StarCore
import Testing

@Suite struct CalendarDateTests {
    @Test func validDateIsRead() throws {
        let date = try #require(CalendarDate("2026-03-14"))
        #expect((date.year, date.month, date.day) == (2026, 3, 14))
        #expect(date.description == "2026-03-14")
    }

    @Test(arguments: ["2024-02-29", "2000-02-29", "2026-12-31", "2026-04-30", "0001-01-01"])
    func realDatesAreAccepted(text: String) {
        #expect(CalendarDate(text)?.description == text)
    }

    @Test(arguments: ["2026-02-29", "1900-02-29", "2026-02-30", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00"])
    func impossibleDatesAreRejected(text: String) {
        #expect(CalendarDate(text) == nil)
    }

    @Test(arguments: ["2026-1-01", "26-01-01", "2026/01/01", " 2026-01-01", "2026-01-01T00:00", "+026-01-01", "٢٠٢٦-٠١-٠١", ""])
    func malformedTextIsRejected(text: String) {
        #expect(CalendarDate(text) == nil)
    }

    @Test func datesOrderByCalendar() throws {
        let dates = try ["2026-03-01", "2025-12-31", "2026-02-28"].map { try #require(CalendarDate($0)) }
        #expect(dates.sorted().map(\.description) == ["2025-12-31", "2026-02-28", "2026-03-01"])
    }
}
