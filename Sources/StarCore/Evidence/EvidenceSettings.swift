import Foundation
import Yams

/// The size caps of evidence files, from star.yaml:
///
///     evidence:
///       max-file-size: 10MB     # a larger file is refused by 'evidence add' and an error in 'validate'
///       warn-file-size: 2MB     # a larger file is added with a warning (resize photos before adding them)
///
/// Sizes are a number of bytes, or a number followed by KB, MB or GB (1024-based, as star prints sizes).
public struct EvidenceSettings: Sendable, Equatable {
    public static let key = "evidence"
    public static let defaultMaximum = 10 << 20
    public static let defaultWarning = 2 << 20

    public var maximum: Int
    public var warning: Int

    public init(maximum: Int = defaultMaximum, warning: Int = defaultWarning) {
        self.maximum = maximum
        self.warning = warning
    }

    /// The settings of `repository`'s star.yaml; the defaults when it has no `evidence` key. A size that is not
    /// one, a warning size above the cap, or a cap above what star ever reads, is an error naming it.
    public static func load(_ repository: Repository) throws(RepositoryError) -> EvidenceSettings {
        let text = try repository.readText(Repository.markerFile, limit: FileStore.Limit.document)
        guard let node = try? Yams.compose(yaml: text, .basic), case .mapping(let mapping) = node,
            let value = mapping.first(where: { $0.key.scalar?.string == key })?.value
        else { return EvidenceSettings() }
        func invalid(_ reason: String) -> RepositoryError { .invalidSettings(path: Repository.markerFile, reason: "\(key): \(reason)") }
        guard case .mapping(let fields) = value else { throw invalid("must be a mapping such as {max-file-size: 10MB, warn-file-size: 2MB}") }
        var settings = EvidenceSettings()
        var warningGiven = false
        for (keyNode, valueNode) in fields {
            let name = keyNode.scalar?.string ?? ""
            guard name == "max-file-size" || name == "warn-file-size" else {
                throw invalid("unknown key '\(name)'; the keys are max-file-size and warn-file-size")
            }
            guard let text = valueNode.scalar?.string, let size = parseSize(text) else {
                throw invalid("\(name) '\(valueNode.scalar?.string ?? "")' is not a size such as 10MB, 512KB or 2000000")
            }
            if name == "max-file-size" {
                settings.maximum = size
            } else {
                settings.warning = size
                warningGiven = true
            }
        }
        if settings.maximum > FileStore.Limit.any {
            throw invalid(
                "max-file-size \(FileStore.byteCount(settings.maximum)) is more than the \(FileStore.byteCount(FileStore.Limit.any)) star reads of any file")
        }
        if !warningGiven { settings.warning = min(settings.warning, settings.maximum) }
        if settings.warning > settings.maximum {
            throw invalid("warn-file-size \(FileStore.byteCount(settings.warning)) is more than max-file-size \(FileStore.byteCount(settings.maximum))")
        }
        return settings
    }

    /// `10MB`, `512 KB`, `1GB`, `2000000` -> bytes; nil for anything else.
    public static func parseSize(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
        let units: [(String, Int)] = [("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10), ("B", 1)]
        for (unit, factor) in units where trimmed.hasSuffix(unit) {
            guard let number = Int(trimmed.dropLast(unit.count).trimmingCharacters(in: .whitespaces)), number > 0, number <= Int.max / factor else {
                return nil
            }
            return number * factor
        }
        guard let number = Int(trimmed), number > 0 else { return nil }
        return number
    }
}
