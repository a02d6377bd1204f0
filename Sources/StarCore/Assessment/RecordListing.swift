/// One row of `star assess list`: a record's header as its file says, or that the file cannot be read.
package struct RecordListing: Sendable {
    package var id: RecordID
    package var file: String
    package var factory: Factory
    /// nil when the file cannot be read or parsed; `AssessmentStore.listing` then reports why.
    package var header: AssessmentRecord?

    /// The shape `assess list --format json` promises: id, file, factory, country, kind, status,
    /// questionnaire and visit-start; only id, file and status (`unreadable`) for a file that cannot be read.
    package var json: JSONValue {
        guard let header else { return .object(["id": .string(id.description), "file": .string(file), "status": .string("unreadable")]) }
        return .object([
            "id": .string(id.description), "file": .string(file), "factory": .string(factory.id), "country": .string(factory.country),
            "kind": .string(header.kind.rawValue), "status": .string(header.status.rawValue),
            "questionnaire": .string(header.questionnaire.description), "visit-start": .string(header.visit.start.description),
        ])
    }

    /// id, status, kind and questionnaire, separated by tabs.
    package var line: String {
        guard let header else { return "\(id)\tunreadable" }
        return "\(id)\t\(header.status.rawValue)\t\(header.kind.rawValue)\t\(header.questionnaire)"
    }
}

extension AssessmentStore {
    /// The records of the factories asked for, by factory id then oldest first, with why any of them could not
    /// be read. An unknown factory or country is a usage failure naming the known ones, never an empty list.
    package func listing(factory: String?, countries: FilterList?) throws(StarError) -> (records: [RecordListing], diagnostics: [Diagnostic]) {
        let factories = try context.factories(id: factory, countries: countries)
        var records: [RecordListing] = []
        var diagnostics: [Diagnostic] = []
        for factory in factories {
            for id in self.records(of: factory) {
                let file = AssessmentRecord.path(country: factory.country, id: id)
                var header: AssessmentRecord?
                do throws(RepositoryError) {
                    let (document, found) = RecordDocument.parse(try repository.read(file, limit: FileStore.Limit.record), file: file)
                    header = document?.header
                    if header == nil { diagnostics += found }
                } catch {
                    diagnostics.append(Repository.diagnostic(for: error, file: file))
                }
                records.append(RecordListing(id: id, file: file, factory: factory, header: header))
            }
        }
        return (records, diagnostics)
    }
}
