import Foundation
import StarCore
import Testing

@Suite struct RepositoryTodayTests {
    func repository(_ settings: String) throws -> (Repository, String) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("star-today-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try settings.write(toFile: root + "/star.yaml", atomically: true, encoding: .utf8)
        return (Repository(root: root), root)
    }

    /// 2026-03-01T20:30:00Z: still the 1st in UTC, already the 2nd in Phnom Penh (UTC+7).
    let evening = Date(timeIntervalSince1970: 1_772_397_000)

    @Test func todayIsTheDayInTheRepositorysTimeZone() throws {
        let (repository, root) = try repository("star: repository/1\nname: x\ntimezone: Asia/Phnom_Penh\n")
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try repository.today(now: evening) == CalendarDate("2026-03-02"))
        #expect(CalendarDate.day(of: evening, in: TimeZone(identifier: "UTC")!) == CalendarDate("2026-03-01"))
    }

    @Test func withoutATimeZoneTodayIsTheDayInUTC() throws {
        let (repository, root) = try repository("star: repository/1\nname: x\n")
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try repository.today(now: evening) == CalendarDate("2026-03-01"))
    }

    @Test func anUnknownTimeZoneIsAnErrorThatNamesIt() throws {
        let (repository, root) = try repository("star: repository/1\nname: x\ntimezone: Asia/Phnom_Pen\n")
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(
            throws: RepositoryError.invalidSettings(
                path: "star.yaml", reason: "timezone 'Asia/Phnom_Pen' is not a time zone name (IANA, such as Asia/Phnom_Penh or Europe/Paris)")
        ) {
            try repository.today(now: evening)
        }
    }

    @Test func aTimestampIsWrittenAndReadToTheMillisecondInUTC() {
        let time = Timestamp(Date(timeIntervalSince1970: 1_772_397_000.125))
        #expect(time.description == "2026-03-01T20:30:00.125Z")
        #expect(Timestamp("2026-03-01T20:30:00.125Z") == time)
        #expect(Timestamp("2026-02-30T20:30:00.125Z") == nil)
        #expect(Timestamp("2026-03-01 20:30:00Z") == nil)
        #expect(Timestamp(startOf: CalendarDate("1969-12-31")!).description == "1969-12-31T00:00:00.000Z")
    }
}
