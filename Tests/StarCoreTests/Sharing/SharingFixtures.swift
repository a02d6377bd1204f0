import Foundation
import StarCore
import Testing

/// A scratch repository for the sharing tests: the garment questionnaire compiled, three XX factories, three
/// buyers, and per factory a final record (2026-03-14), a draft (2026-04-02) and, for XX-0001 and XX-0002,
/// an improvement plan opened from the final record. XX-0001 also has a final record whose file was changed
/// by hand afterwards (2026-05-05): it has errors and must never leave. Call `remove()` when done.
struct SharingRepository {
    let base: AssessmentRepository
    static let factoryIDs = ["XX-0001", "XX-0002", "XX-0003"]
    static let buyerIDs = testBuyers
    /// Both points of the garment questionnaire non-compliant, so a plan has items to open.
    static let nonCompliant = ["CL.CHILD.1: yes", "WT.OT.1: yes", "WT.OT.2: 61", "WT.OT.3: none"]
    /// Final, valid records by factory: what a bundle with `assessments` must hold.
    private(set) var finals: [String: [String]] = [:]
    /// Drafts and broken records: what no bundle may hold.
    private(set) var neverShared: [String] = []
    /// The plan files written.
    private(set) var plans: [String: String] = [:]

    init() throws {
        base = try AssessmentRepository()
        for id in Self.factoryIDs.dropFirst() {
            try FactoryRegistry(repository: base.repository).add(Factory(id: id, name: "Factory \(id)", country: "XX", industry: "garment"))
        }
        for id in Self.buyerIDs {
            try BuyerRegistry(repository: base.repository).add(Buyer(id: id, name: "Buyer \(id)"))
        }
        for id in Self.factoryIDs {
            let final = try base.store.record(try base.sheet(Self.nonCompliant, factory: id, start: "2026-03-14"), final: true)
            finals[id, default: []].append(final.path)
            let draft = try base.store.record(try base.sheet(["CL.CHILD.1: no"], factory: id, start: "2026-04-02"), final: false)
            #expect(draft.loaded.record.status == .draft)
            neverShared.append(draft.path)
            if id != "XX-0003" {
                let plans = PlanStore(store: base.store)
                var plan = try plans.load(final.loaded.factory)
                #expect(!plans.open(from: final.loaded, on: CalendarDate("2026-03-20")!, into: &plan).isEmpty)
                try plans.save(plan, country: "XX")
                self.plans[id] = ImprovementPlan.path(country: "XX", factory: id)
            }
        }
        // A final record changed after it was sealed: its digest no longer matches.
        let broken = try base.store.record(try base.sheet(AssessmentRepository.complete, factory: "XX-0001", start: "2026-05-05"), final: true)
        let text = try base.scratch.read(broken.path)
        #expect(text.contains("\"written\""))
        try base.scratch.write(text.replacingOccurrences(of: "\"written\"", with: "\"none\""), to: broken.path)
        #expect(base.store.load(broken.path).1.hasErrors, "the changed record must have errors")
        neverShared.append(broken.path)
    }

    var repository: Repository { base.repository }
    var scratch: ScratchRepository { base.scratch }
    var consents: ConsentStore { ConsentStore(store: base.store) }

    func factory(_ id: String) throws -> Factory {
        try #require(base.store.context.factories[id])
    }

    /// Writes a consent file by hand (nil removes it), as `ConsentHistory.json` renders it.
    func writeConsents(_ history: ConsentHistory?, factory id: String) throws {
        let path = ConsentHistory.path(country: "XX", factory: id)
        guard let history else {
            try? FileManager.default.removeItem(atPath: repository.path(path))
            return
        }
        try scratch.write(history.text, to: path)
    }

    func remove() { base.remove() }
}

/// The description of the ConsentStore.Failure thrown by a sharing step, or nil when it succeeded.
func consentFailure<T>(_ body: () throws -> T) -> String? {
    do {
        _ = try body()
        return nil
    } catch let failure as ConsentStore.Failure {
        return failure.description
    } catch {
        return "unexpected error \(type(of: error)): \(error)"
    }
}

/// The description of the SigningKeys.Failure thrown by a key step, or nil when it succeeded.
func keyFailure<T>(_ body: () throws -> T) -> String? {
    do {
        _ = try body()
        return nil
    } catch let failure as SigningKeys.Failure {
        return failure.description
    } catch {
        return "unexpected error \(type(of: error)): \(error)"
    }
}

/// A fresh temporary directory for keys and bundles; remove it when done.
func temporaryDirectory() throws -> String {
    let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("star-share-\(UUID().uuidString)")
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Every regular file under `directory`, hidden ones included, relative and sorted.
func filesUnder(_ directory: String) -> [String] {
    guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
    var files: [String] = []
    while let relative = enumerator.nextObject() as? String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent(relative), isDirectory: &isDirectory), !isDirectory.boolValue {
            files.append(relative)
        }
    }
    return files.sorted()
}

/// A file star wrote, with its entries' ids and recording times (new on every run) replaced by ID and TIME.
func withoutIdentity(_ text: String?) -> String? {
    text?.replacingOccurrences(of: "\"[0-9a-f]{16}\"", with: "\"ID\"", options: .regularExpression)
        .replacingOccurrences(of: "\"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]{12}Z\"", with: "\"TIME\"", options: .regularExpression)
}
