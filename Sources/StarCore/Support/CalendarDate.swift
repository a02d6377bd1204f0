/// A calendar date written `YYYY-MM-DD`, checked against the real calendar (no 2026-02-30), in the years
/// 0001 to 9999 of the proleptic Gregorian calendar. Arithmetic works on day numbers, never on text, so no
/// computed date can fail to exist.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// The first and the last day star can write in four digits.
    public static let earliest = CalendarDate(valid: 1, 1, 1)
    public static let latest = CalendarDate(valid: 9999, 12, 31)

    public init?(_ text: String) {
        // Exactly `DDDD-DD-DD` with ASCII digits, read byte by byte: this runs for every date of every record.
        var fields = (year: 0, month: 0, day: 0)
        var count = 0
        for byte in text.utf8 {
            switch (count, byte) {
            case (4, UInt8(ascii: "-")), (7, UInt8(ascii: "-")): break
            case (0..<4, UInt8(ascii: "0")...UInt8(ascii: "9")): fields.year = fields.year * 10 + Int(byte - UInt8(ascii: "0"))
            case (5..<7, UInt8(ascii: "0")...UInt8(ascii: "9")): fields.month = fields.month * 10 + Int(byte - UInt8(ascii: "0"))
            case (8..<10, UInt8(ascii: "0")...UInt8(ascii: "9")): fields.day = fields.day * 10 + Int(byte - UInt8(ascii: "0"))
            default: return nil
            }
            count += 1
        }
        guard count == 10 else { return nil }
        self.init(year: fields.year, month: fields.month, day: fields.day)
    }

    /// The date, when it exists and its year is 0001 to 9999.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1, day <= CalendarDate.days(inMonth: month, year: year) else { return nil }
        self.init(valid: year, month, day)
    }

    private init(valid year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date as the number YYYYMMDD: how the record cache stores it.
    var number: Int { year * 10_000 + month * 100 + day }

    init?(number: Int) {
        self.init(year: number / 10_000, month: number / 100 % 100, day: number % 100)
    }

    public var description: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // MARK: - Day numbers

    /// Days since 0001-01-01 (which is day 0).
    public var dayNumber: Int {
        // Counted from 0000-03-01 so that a leap day is the last day of its year, then shifted.
        let y = month <= 2 ? year - 1 : year
        let m = month <= 2 ? month + 9 : month - 3
        return 365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + day - 1 - Self.march1st0000ToJanuary1st0001
    }

    /// The date of a day number; nil outside 0001-01-01 ... 9999-12-31.
    public init?(dayNumber: Int) {
        guard (Self.earliest.dayNumber...Self.latest.dayNumber).contains(dayNumber) else { return nil }
        // The inverse of `dayNumber` (civil-from-days): 400-year eras of 146 097 days, years starting in March.
        let z = dayNumber + Self.march1st0000ToJanuary1st0001
        let era = z / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        self.init(valid: era * 400 + yearOfEra + (month <= 2 ? 1 : 0), month, day)
    }

    private static let march1st0000ToJanuary1st0001 = 306

    /// Days from `earlier` to this date (negative when `earlier` is later).
    public func days(since earlier: CalendarDate) -> Int {
        dayNumber - earlier.dayNumber
    }

    /// The day `days` later (or earlier), held within 0001-01-01 ... 9999-12-31.
    public func adding(days: Int) -> CalendarDate {
        let (total, overflow) = dayNumber.addingReportingOverflow(days)
        if overflow { return days > 0 ? Self.latest : Self.earliest }
        return CalendarDate(dayNumber: min(max(total, Self.earliest.dayNumber), Self.latest.dayNumber)) ?? (days > 0 ? Self.latest : Self.earliest)
    }

    /// The same day `months` later (or earlier), clamped to the month's last day, and held within
    /// 0001-01-01 ... 9999-12-31 (three months before 0001-02-10 is 0001-01-01).
    public func adding(months: Int) -> CalendarDate {
        let monthIndex = year * 12 + (month - 1)
        let (total, overflow) = monthIndex.addingReportingOverflow(months)
        if overflow || total < Self.earliest.year * 12 { return overflow && months > 0 ? Self.latest : Self.earliest }
        if total > Self.latest.year * 12 + 11 { return Self.latest }
        let y = total / 12
        let m = total % 12 + 1
        return CalendarDate(valid: y, m, min(day, CalendarDate.days(inMonth: m, year: y)))
    }
}
