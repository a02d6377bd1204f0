import Foundation
import Yams

extension Repository {
    /// The key of star.yaml naming the programme's time zone.
    public static let timeZoneKey = "timezone"

    /// The programme's time zone: star.yaml's `timezone`, an IANA name such as Asia/Phnom_Penh; UTC when
    /// star.yaml names none. An unknown name is an error that names it, never a silent UTC.
    public func timeZone() throws(RepositoryError) -> TimeZone {
        let text = try readText(Self.markerFile, limit: FileStore.Limit.document)
        let node: Node?
        do { node = try Yams.compose(yaml: text, .basic) } catch {
            // Not a silent UTC: the day every default date is would be a guess.
            throw .invalidSettings(
                path: Self.markerFile, reason: "star.yaml is not valid YAML, so its \(Self.timeZoneKey) cannot be read ('star validate' shows where)")
        }
        guard case .mapping(let mapping)? = node,
            let value = mapping.first(where: { $0.key.scalar?.string == Self.timeZoneKey })?.value
        else { return TimeZone(secondsFromGMT: 0) ?? .current }
        guard let name = value.scalar?.string, !name.isEmpty else {
            throw .invalidSettings(path: Self.markerFile, reason: "\(Self.timeZoneKey) must be a time zone name such as Asia/Phnom_Penh")
        }
        guard let zone = Self.timeZone(named: name) else {
            throw .invalidSettings(
                path: Self.markerFile, reason: "\(Self.timeZoneKey) '\(name)' is not a time zone name (IANA, such as Asia/Phnom_Penh or Europe/Paris)")
        }
        return zone
    }

    /// The zone of an IANA name; nil for anything else (Foundation also takes abbreviations and offsets, which
    /// star.yaml should not rely on).
    static func timeZone(named name: String) -> TimeZone? {
        guard name == "UTC" || TimeZone.knownTimeZoneIdentifiers.contains(name) else { return nil }
        return TimeZone(identifier: name)
    }

    /// "Today" for this repository: the day it is at `now` in its time zone. Every default date is this, so a
    /// revocation for today is in force from midnight in Phnom Penh, not from midnight UTC.
    /// `STAR_TODAY=YYYY-MM-DD` fixes it, for tests and for replaying a day.
    public func today(now: Date = Date()) throws(RepositoryError) -> CalendarDate {
        let zone = try timeZone()
        return CalendarDate.fixedToday ?? CalendarDate.day(of: now, in: zone)
    }
}
