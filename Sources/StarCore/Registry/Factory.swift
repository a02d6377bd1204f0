/// A factory in the registry: `factories/<CC>/<id>.yaml`.
public struct Factory: Sendable, Hashable {
    public static let format = "factory/1"

    public var id: String
    public var name: String
    /// ISO 3166-1 alpha-2.
    public var country: String
    public var industry: String
    public var workers: Workers?
    /// Open Supply Hub OS ID, when the factory has one.
    public var osID: String?

    public struct Workers: Sendable, Hashable {
        public var total: Int
        public var women: Int?

        public init(total: Int, women: Int? = nil) {
            self.total = total
            self.women = women
        }
    }

    public init(id: String, name: String, country: String, industry: String, workers: Workers? = nil, osID: String? = nil) {
        self.id = id
        self.name = name
        self.country = country
        self.industry = industry
        self.workers = workers
        self.osID = osID
    }

    public static func path(country: String, id: String) -> String {
        "factories/\(country)/\(id).yaml"
    }

    public var path: String { Self.path(country: country, id: id) }

    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "star": .string(Self.format), "id": .string(id), "name": .string(name),
            "country": .string(country), "industry": .string(industry),
        ]
        if let workers {
            var w: [String: JSONValue] = ["total": .int(workers.total)]
            if let women = workers.women { w["women"] = .int(women) }
            object["workers"] = .object(w)
        }
        if let osID { object["os-id"] = .string(osID) }
        return .object(object)
    }

    /// Problems with the values themselves (ids, country code, counts, OS ID), as messages.
    public static func problems(id: String, name: String, country: String, industry: String, workers: Workers?, osID: String?) -> [String] {
        var problems: [String] = []
        if let problem = Identifier.problem(with: id, as: .factory) { problems.append(problem) }
        if name.trimmingSpaces.isEmpty { problems.append("the factory name is empty") }
        if !Identifier.isCountryCode(country) { problems.append("country '\(country)' must be an ISO 3166-1 alpha-2 code such as KH, VN or HT") }
        if let problem = Identifier.problem(with: industry, as: .questionnaire) {
            problems.append(problem.replacingOccurrences(of: "questionnaire id", with: "industry"))
        }
        if let workers {
            if workers.total < 0 { problems.append("the number of workers cannot be negative") }
            if let women = workers.women, women < 0 || women > workers.total {
                problems.append("the number of women (\(women)) must be between 0 and the number of workers (\(workers.total))")
            }
        }
        if let osID {
            if let problem = OpenSupplyHubID.problem(with: osID) { problems.append(problem) }
            // An OS ID starts with the facility's country: a different one means the id or the country is wrong.
            let osCountry = String(osID.prefix(2))
            if Identifier.isCountryCode(osCountry), Identifier.isCountryCode(country), osCountry != country {
                problems.append("OS ID '\(osID)' is for a facility in \(osCountry), but the factory's country is \(country)")
            }
        }
        return problems
    }
}
