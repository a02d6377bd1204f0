import Foundation
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

@Suite struct CalendarDateArithmeticTests {
    @Test(arguments: ["0000-01-15", "0000-12-31", "0000-02-29"])
    func yearZeroIsNotADate(text: String) {
        #expect(CalendarDate(text) == nil)
    }

    @Test func dayNumbersCountFromTheFirstDayAndRoundTripOverEveryYear() throws {
        #expect(CalendarDate.earliest.dayNumber == 0)
        #expect(CalendarDate.earliest.description == "0001-01-01")
        #expect(CalendarDate.latest.description == "9999-12-31")
        #expect(try #require(CalendarDate("1970-01-01")).dayNumber == 719_162)
        // Every 97th day from the first to the last: the day number and back give the same date, one day apart.
        var number = 0
        var previous: CalendarDate?
        while let date = CalendarDate(dayNumber: number) {
            #expect(date.dayNumber == number)
            if let previous { #expect(previous < date && date.days(since: previous) == 97) }
            previous = date
            number += 97
        }
        #expect(number > CalendarDate.latest.dayNumber)
        #expect(CalendarDate(dayNumber: -1) == nil)
        #expect(CalendarDate(dayNumber: CalendarDate.latest.dayNumber + 1) == nil)
    }

    @Test func addingMonthsClampsToTheMonthAndToTheYearsStarWrites() throws {
        func date(_ text: String) throws -> CalendarDate { try #require(CalendarDate(text)) }
        #expect(try date("2026-03-31").adding(months: -1).description == "2026-02-28")
        #expect(try date("2024-01-31").adding(months: 1).description == "2024-02-29")
        #expect(try date("2026-11-15").adding(months: 3).description == "2027-02-15")
        #expect(try date("0001-01-15").adding(months: -3) == .earliest)
        #expect(try date("9999-11-30").adding(months: 2) == .latest)
        #expect(try date("2026-01-01").adding(months: .min) == .earliest)
        #expect(try date("2026-01-01").adding(months: .max) == .latest)
    }

    @Test func theDayOfAnInstantIsTakenInTheZoneAsked() throws {
        // 2026-03-14 20:00 UTC is already 2026-03-15 in Phnom Penh (UTC+7).
        let instant = Date(timeIntervalSince1970: 1_773_518_400)
        #expect(CalendarDate.day(of: instant, in: try #require(TimeZone(identifier: "UTC"))).description == "2026-03-14")
        #expect(CalendarDate.day(of: instant, in: try #require(TimeZone(identifier: "Asia/Phnom_Penh"))).description == "2026-03-15")
    }
}
