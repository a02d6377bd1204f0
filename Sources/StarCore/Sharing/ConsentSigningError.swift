/// Why a key, a signature, a consent statement or a factory's keys were refused: one message a user can act on.
public struct ConsentSigningError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
