/// What a number answer may be: a whole number or not, and the smallest and largest value allowed.
/// Written in a question as `integer`, `min` and `max` (docs/questionnaires.md, "Answer constraints"),
/// resolved to numbers by the compiler, kept in the compiled form, and checked by AnswerCheck. An exporter
/// (XLSForm `constraint`) reads the same three fields.
public struct NumberConstraints: Sendable, Hashable {
    /// Only whole numbers: counts, ages.
    public var integer: Bool
    /// The smallest allowed value, inclusive; nil for no lower bound.
    public var minimum: Double?
    /// The largest allowed value, inclusive; nil for no upper bound.
    public var maximum: Double?

    public static let none = NumberConstraints(integer: false, minimum: nil, maximum: nil)

    public init(integer: Bool, minimum: Double?, maximum: Double?) {
        self.integer = integer
        self.minimum = minimum
        self.maximum = maximum
    }

    public var isNone: Bool { self == .none }

    /// Why `value` is not an allowed answer, or nil when it is.
    public func problem(with value: Double) -> String? {
        let fitsRange = minimum.map { value >= $0 } ?? true && maximum.map { value <= $0 } ?? true
        guard !integer || value.rounded() == value, fitsRange else { return "takes \(description)" }
        return nil
    }

    /// In words, for messages and sheet comments: "a whole number, 0 or more", "a number from 0 to 168".
    public var description: String {
        let kind = integer ? "a whole number" : "a number"
        switch (minimum, maximum) {
        case (let min?, let max?): return "\(kind) from \(Expression.format(min)) to \(Expression.format(max))"
        case (let min?, nil): return "\(kind), \(Expression.format(min)) or more"
        case (nil, let max?): return "\(kind), \(Expression.format(max)) or less"
        case (nil, nil): return kind
        }
    }

    /// Whether any value at all is allowed.
    public var canBeMet: Bool {
        guard let lowest = lowestAllowed else { return false }
        return maximum.map { lowest <= $0 } ?? true
    }

    /// The smallest allowed value, or nil when a whole number is asked and none fits below the maximum.
    private var lowestAllowed: Double? {
        guard let minimum else { return maximum.map { integer ? $0.rounded(.down) : $0 } ?? 0 }
        return integer ? minimum.rounded(.up) : minimum
    }

    /// Values that stand for every allowed value when asking whether a condition on the answer can ever hold:
    /// the bounds, each number the condition compares with and its neighbours, and points between them.
    /// Enough for comparisons of the answer with numbers, combined with and, or and not.
    func representatives(comparingWith constants: [Double]) -> [Double] {
        let low = minimum ?? -Double.greatestFiniteMagnitude
        let high = maximum ?? Double.greatestFiniteMagnitude
        var points = Set<Double>()
        for bound in [minimum, maximum].compactMap({ $0 }) { points.insert(bound) }
        for constant in constants { points.formUnion([constant, constant - 1, constant + 1]) }
        var sorted = points.sorted()
        if sorted.isEmpty { sorted = [0] }
        var candidates = Set(sorted)
        candidates.insert(sorted.first! - 1_000_000)
        candidates.insert(sorted.last! + 1_000_000)
        for (a, b) in zip(sorted, sorted.dropFirst()) { candidates.insert((a + b) / 2) }
        if integer {
            candidates = Set(candidates.flatMap { [$0.rounded(.down), $0.rounded(.up)] })
        }
        return candidates.filter { $0 >= low && $0 <= high }.sorted()
    }
}
