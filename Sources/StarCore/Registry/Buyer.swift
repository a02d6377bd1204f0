/// A buyer (brand or retailer) in the registry: `buyers/<id>.yaml`. Consents name buyers by this id.
public struct Buyer: Sendable, Hashable {
    public static let format = "buyer/1"

    public var id: String
    public var name: String
    /// Head office, ISO 3166-1 alpha-2.
    public var country: String?
    /// Who to write to, as free text (a name, an e-mail address).
    public var contact: String?

    public init(id: String, name: String, country: String? = nil, contact: String? = nil) {
        self.id = id
        self.name = name
        self.country = country
        self.contact = contact
    }

    public static func path(id: String) -> String {
        "buyers/\(id).yaml"
    }

    public var path: String { Self.path(id: id) }

    public var json: JSONValue {
        var object: [String: JSONValue] = ["star": .string(Self.format), "id": .string(id), "name": .string(name)]
        if let country { object["country"] = .string(country) }
        if let contact { object["contact"] = .string(contact) }
        return .object(object)
    }

    /// Problems with the values themselves (id, name, country code, contact), as messages.
    public static func problems(id: String, name: String, country: String?, contact: String?) -> [String] {
        var problems: [String] = []
        if let problem = Identifier.problem(with: id, as: .buyer) { problems.append(problem) }
        if name.trimmingSpaces.isEmpty { problems.append("the buyer name is empty") }
        if let country, !Identifier.isCountryCode(country) {
            problems.append("country '\(country)' must be an ISO 3166-1 alpha-2 code such as US, GB or SE")
        }
        if let contact, contact.trimmingSpaces.isEmpty { problems.append("the buyer contact is empty; leave it out instead") }
        return problems
    }
}
