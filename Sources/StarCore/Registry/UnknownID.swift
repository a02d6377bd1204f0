/// The one message for an id that is not in a registry, wherever a command meets one: the registered ids
/// that are one or two keystrokes away (a mistyped digit), or all of them when there are only a few, and
/// the command that lists them.
public enum UnknownID {
    public static func factory(_ id: String, among registered: some Sequence<String>) -> String {
        message("factory", id, among: Array(registered), list: "star factory list")
    }

    public static func buyer(_ id: String, among registered: some Sequence<String>) -> String {
        message("buyer", id, among: Array(registered), list: "star buyer list")
    }

    static func message(_ what: String, _ id: String, among registered: [String], list: String) -> String {
        let text = "no \(what) '\(id)' is registered"
        let close = registered.filter { editDistance($0, id) <= 2 }.sorted().prefix(3)
        if !close.isEmpty { return text + " (did you mean \(close.map { "'\($0)'" }.joined(separator: " or "))?); '\(list)' shows those that are" }
        if registered.isEmpty { return text + "; none is registered yet" }
        if registered.count <= 5 { return text + " (registered: \(registered.sorted().joined(separator: ", "))); '\(list)' shows those that are" }
        return text + "; '\(list)' shows those that are"
    }
}
