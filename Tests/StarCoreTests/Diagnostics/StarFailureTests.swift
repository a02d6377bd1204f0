import StarCore
import Testing

@Suite struct StarFailureTests {
    @Test func eachCoreErrorHasTheKindItsExitCodeIsDocumentedFor() {
        let cases: [(any StarFailure, FailureKind)] = [
            (RepositoryError.notFound(searched: ["/tmp"]), .noRepository),
            (RepositoryError.notARepository("/tmp"), .noRepository),
            (RepositoryError.io(path: "a", reason: "b"), .io),
            (RepositoryError.refused(path: "a", reason: "a link"), .io),
            (RepositoryError.alreadyExists("a"), .refused),
            (RepositoryError.invalidSettings(path: "star.yaml", reason: "x"), .findings),
            (RegistryError.invalid(["one", "two"]), .usage),
            (RegistryError.duplicate("taken"), .refused),
            (RegistryError.repository(.io(path: "a", reason: "b")), .io),
            (PlanStore.Failure.unknownItem("no item"), .usage),
            (PlanStore.Failure.invalidPlan([]), .findings),
            (AssessmentStore.RecordingError.invalid([]), .findings),
            (AssessmentStore.RecordingError.refused("final", notes: []), .refused),
            (ReportError.unknownLanguage("km"), .usage),
            (StarError.usage("x"), .usage),
        ]
        for (failure, kind) in cases { #expect(failure.kind == kind, "\(failure)") }
    }

    @Test func aFailureSaysEachProblemOnceWithItsDiagnosticsAndNotes() {
        #expect(
            RegistryError.invalid(["id 'a b' has a space", "country 'kh' is not a code"]).messages == ["id 'a b' has a space", "country 'kh' is not a code"])
        let broken = Diagnostic.error(
            "invalid-date", "opened '2026-02-30' is not a date that exists", at: SourceLocation(file: "plans/XX/XX-0001.yaml", line: 6, column: 13))
        let plan = PlanStore.Failure.invalidPlan([broken])
        #expect(plan.diagnostics == [broken])
        #expect(plan.messages == ["the plan file has errors; fix them (or restore it from version control) before changing it"])
        let refused = AssessmentStore.RecordingError.refused("XX-0001/2026-03-14 is final", notes: ["record a correction with 'amends:'"])
        #expect(refused.notes == ["record a correction with 'amends:'"] && refused.diagnostics.isEmpty)
        #expect(StarError(.refused, "exists").description == "exists")
    }
}
