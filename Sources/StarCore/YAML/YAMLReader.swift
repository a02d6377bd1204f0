import Foundation
import Yams

/// Reads a YAML file through Yams' node tree, so every scalar reaches the model exactly as written
/// (`NO`, `yes`, `on`, `2026-03-14`, `1:30` stay strings until a field's own type says otherwise) and every
/// value keeps its line and column. Problems are collected, never thrown.
final class YAMLReader {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) {
        self.file = file
    }

    /// Yams' default encoding, worked out once: Yams reads the whole environment to find it, which cost more
    /// than parsing a factory file.
    nonisolated(unsafe) private static let encoding = Parser.Encoding.default  // a plain enum (Yams does not mark it Sendable)

    /// Parses `text`; a syntax error becomes one located diagnostic and the result is nil.
    func parse(_ text: String) -> Node? {
        do {
            // Tags are not resolved (`.basic`): every scalar is read as written, and no regular expression runs per scalar.
            guard let node = try Yams.compose(yaml: text, .basic, .default, Self.encoding) else {
                error("empty-file", "the file is empty", at: SourceLocation(file: file))
                return nil
            }
            return node
        } catch let yamlError as YamlError {
            report(yamlError)
            return nil
        } catch {
            self.error("yaml-syntax", "cannot parse YAML: \(error)", at: SourceLocation(file: file))
            return nil
        }
    }

    private func report(_ yamlError: YamlError) {
        switch yamlError {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var notes: [String] = []
            if let context { notes.append("\(context.text) at line \(context.mark.line), column \(context.mark.column)") }
            error("yaml-syntax", "invalid YAML: \(problem)", at: location(mark), notes: notes)
        case .duplicatedKeysInMapping(let duplicates, let context):
            error(
                "duplicate-key", "duplicate key\(duplicates.count == 1 ? "" : "s") \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in a mapping",
                at: location(context.mark))
        case .reader(let problem, _, _, _):
            error("yaml-syntax", "cannot read the file: \(problem)", at: SourceLocation(file: file))
        default:
            // Yams' description quotes the offending line: never echoed, the file may hold a secret.
            error("yaml-syntax", "invalid YAML", at: SourceLocation(file: file))
        }
    }

    // MARK: - Diagnostics

    func error(_ code: String, _ message: String, at location: SourceLocation, notes: [String] = []) {
        diagnostics.append(.error(code, message, at: location, notes: notes))
    }

    func warning(_ code: String, _ message: String, at location: SourceLocation, notes: [String] = []) {
        diagnostics.append(.warning(code, message, at: location, notes: notes))
    }

    func location(_ mark: Mark?) -> SourceLocation {
        SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    func location(_ node: Node) -> SourceLocation {
        location(node.mark)
    }

    // MARK: - Structure

    /// A mapping's entries with their keys as written; reports unknown keys by name and missing required keys.
    func fields(_ node: Node, _ what: String, allowed: [String], required: [String] = []) -> YAMLFields? {
        guard case .mapping(let mapping) = node else {
            error("wrong-type", "\(what) must be a mapping, found \(describe(node))", at: location(node))
            return nil
        }
        var fields = YAMLFields(location: location(node))
        for (keyNode, value) in mapping {
            guard case .scalar(let key) = keyNode else {
                error("wrong-type", "keys in \(what) must be plain names", at: location(keyNode))
                continue
            }
            if allowed.contains(key.string) {
                fields.entries[key.string] = (value, location(keyNode))
            } else {
                // Short keys get no guess: any two-letter word is two edits from `id`.
                let suggestion = allowed.first { editDistance($0, key.string) <= min(2, key.string.count / 3 + 1) }
                error(
                    "unknown-key", "unknown key '\(key.string)' in \(what)", at: location(keyNode),
                    notes: suggestion.map { ["did you mean '\($0)'?"] } ?? ["allowed keys: \(allowed.joined(separator: ", "))"])
            }
        }
        for key in required where fields.entries[key] == nil {
            error("missing-key", "\(what) is missing required key '\(key)'", at: location(node))
        }
        return fields
    }

    func sequence(_ node: Node, _ what: String) -> [Node]? {
        if isNull(node) { return [] }
        guard case .sequence(let sequence) = node else {
            error("wrong-type", "\(what) must be a list, found \(describe(node))", at: location(node))
            return nil
        }
        return Array(sequence)
    }

    /// Key/value pairs of a mapping whose keys are data (language codes, parameter names), in file order.
    func entries(_ node: Node, _ what: String) -> [(key: String, keyLocation: SourceLocation, value: Node)]? {
        if isNull(node) { return [] }
        guard case .mapping(let mapping) = node else {
            error("wrong-type", "\(what) must be a mapping, found \(describe(node))", at: location(node))
            return nil
        }
        var result: [(String, SourceLocation, Node)] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let key) = keyNode else {
                error("wrong-type", "keys in \(what) must be plain names", at: location(keyNode))
                continue
            }
            result.append((key.string, location(keyNode), value))
        }
        return result
    }

    // MARK: - Scalars

    func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// The scalar exactly as written. Null, mappings and lists are errors.
    func string(_ node: Node, _ what: String, allowEmpty: Bool = false) -> String? {
        guard case .scalar(let scalar) = node else {
            error("wrong-type", "\(what) must be a single value, found \(describe(node))", at: location(node))
            return nil
        }
        if isNull(node) || (!allowEmpty && scalar.string.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 }) {
            error("empty-value", "\(what) is empty", at: location(node))
            return nil
        }
        return scalar.string
    }

    /// `true` or `false` only: YAML 1.1's `yes`/`on` are rejected with a hint rather than guessed.
    func bool(_ node: Node, _ what: String) -> Bool? {
        guard let text = string(node, what) else { return nil }
        switch text {
        case "true": return true
        case "false": return false
        default:
            error("wrong-type", "\(what) must be true or false, found '\(Self.excerpt(text))'", at: location(node))
            return nil
        }
    }

    func number(_ node: Node, _ what: String) -> Double? {
        guard let text = string(node, what) else { return nil }
        guard case .scalar(let scalar) = node, scalar.style == .plain, let value = Self.parseNumber(text) else {
            error("wrong-type", "\(what) must be a number, found '\(Self.excerpt(text))'", at: location(node))
            return nil
        }
        return value
    }

    static func parseNumber(_ text: String) -> Double? {
        let trimmed = text.replacingOccurrences(of: "_", with: "")
        guard !trimmed.isEmpty, trimmed.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" || $0 == "+" || $0 == "e" || $0 == "E" }),
            let value = Double(trimmed), value.isFinite
        else { return nil }
        return value
    }

    func stringList(_ node: Node, _ what: String) -> [String]? {
        guard let items = sequence(node, what) else { return nil }
        var result: [String] = []
        for item in items {
            if let value = string(item, "each entry of \(what)") { result.append(value) }
        }
        return result
    }

    /// At most the first 24 characters of a value's first line: a file that is not what it should be (a key
    /// copied where a plan belongs) must not be printed into a CI log.
    static func excerpt(_ text: String) -> String {
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r" }
        return firstLine.count > 24 || firstLine.count < text.count ? String(firstLine.prefix(24)) + "…" : text
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): return isNull(node) ? "nothing" : "'\(Self.excerpt(scalar.string))'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }
}

/// The entries of one YAML mapping, by key, each with the key's location.
struct YAMLFields {
    var location: SourceLocation
    var entries: [String: (value: Node, keyLocation: SourceLocation)] = [:]

    subscript(key: String) -> Node? { entries[key]?.value }

    func keyLocation(_ key: String) -> SourceLocation { entries[key]?.keyLocation ?? location }
}

/// Levenshtein distance, for "did you mean" hints on misspelt keys.
public func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
