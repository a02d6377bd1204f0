/// A calendar date written `YYYY-MM-DD`, checked against the real calendar (no 2026-02-30).
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

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
        guard count == 10, (1...12).contains(fields.month), fields.day >= 1,
              fields.day <= CalendarDate.days(inMonth: fields.month, year: fields.year) else { return nil }
        year = fields.year
        month = fields.month
        day = fields.day
    }

    /// The date as the number YYYYMMDD: how the record cache stores it.
    var number: Int { year * 10_000 + month * 100 + day }

    init?(number: Int) {
        let (year, month, day) = (number / 10_000, number / 100 % 100, number % 100)
        guard (0...9999).contains(year), (1...12).contains(month), day >= 1, day <= CalendarDate.days(inMonth: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
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
}
