import StarCore

/// The message of the ConsentSigningError `body` throws, or nil when it throws none.
func signingRefusal<T>(_ body: () throws -> T) -> String? {
    do {
        _ = try body()
        return nil
    } catch let error as ConsentSigningError {
        return error.description
    } catch {
        return "not a ConsentSigningError: \(error)"
    }
}
