import Foundation

extension CalendarDate {
    /// The environment variable that fixes today (`STAR_TODAY=YYYY-MM-DD`), for tests and for replaying a day.
    public static let fixedTodayVariable = "STAR_TODAY"

    /// `STAR_TODAY` when it holds a date; read once per run.
    static let fixedToday: CalendarDate? = ProcessInfo.processInfo.environment[fixedTodayVariable].flatMap(CalendarDate.init)

    /// Today in UTC (or `STAR_TODAY`), for code that has no repository. Code that has one asks
    /// `Repository.today()`, which takes the day in the repository's own time zone.
    public static let today: CalendarDate = fixedToday ?? day(of: Date(), in: TimeZone(secondsFromGMT: 0) ?? .current)

    /// The day `instant` falls on in `zone`.
    public static func day(of instant: Date, in zone: TimeZone) -> CalendarDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        // Foundation always gives the three components asked for; a year beyond 9999 is held at the last day.
        return parts.year.flatMap { year in parts.month.flatMap { month in parts.day.flatMap { CalendarDate(year: year, month: month, day: $0) } } }
            ?? ((parts.year ?? 0) < 1 ? .earliest : .latest)
    }
}
