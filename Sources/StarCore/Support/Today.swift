import Foundation

extension CalendarDate {
    /// Today: the one day star compares dates with (a visit may not start after it). Read once per run, in
    /// UTC; `STAR_TODAY=YYYY-MM-DD` fixes it, for tests and for replaying a day. Everything that needs today
    /// asks here, so the day can be taken from the repository's own time zone in one place.
    public static let today: CalendarDate = {
        if let fixed = ProcessInfo.processInfo.environment["STAR_TODAY"], let day = CalendarDate(fixed) { return day }
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date())
        return CalendarDate(String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!))!
    }()

    /// Days from `earlier` to this date (negative when `earlier` is later): by day numbers, no clock.
    public func days(since earlier: CalendarDate) -> Int {
        dayNumber - earlier.dayNumber
    }

    /// Days since 0000-03-01 in the proleptic Gregorian calendar.
    private var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year, m = month <= 2 ? month + 9 : month - 3
        return 365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + day - 1
    }
}
