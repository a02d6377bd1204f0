import StarCore
import Testing

private func visit(_ start: String, _ end: String) -> Visit {
    Visit(start: CalendarDate(start)!, end: CalendarDate(end)!)
}

@Suite struct VisitDateTests {
    @Test func aVisitThatStartsAfterTodayIsRefused() {
        let tomorrow = CalendarDate.today.adding(days: 1)
        #expect(
            visit(tomorrow.description, tomorrow.description).problem
                == "the visit starts on \(tomorrow), after today (\(CalendarDate.today)); a record describes a visit that has begun")
    }

    @Test func aVisitThatStartedTodayIsAccepted() {
        #expect(visit(CalendarDate.today.description, CalendarDate.today.description).problem == nil)
    }

    @Test func todayIsTheDayTheCheckIsGivenNotTheClock() throws {
        let sheet = """
            star: answer-sheet/1
            factory: XX-0001
            questionnaire: {id: xx-garment, version: "2026.1", digest: "sha256:0"}
            kind: assessment
            visit: {start: 2026-03-15}
            answers: {}

            """
        let before = try #require(CalendarDate("2026-03-14"))
        let on = try #require(CalendarDate("2026-03-15"))
        #expect(AnswerSheet.read(sheet, file: "sheet.yaml", today: before).1.map(\.code) == ["invalid-date"])
        #expect(AnswerSheet.read(sheet, file: "sheet.yaml", today: on).1.isEmpty)
        #expect(
            visit("2026-03-15", "2026-03-15").problem(today: before)
                == "the visit starts on 2026-03-15, after today (2026-03-14); a record describes a visit that has begun")
    }

    @Test func aVisitThatEndsBeforeItStartsIsRefused() {
        #expect(visit("2026-03-15", "2026-03-14").problem == "the visit ends (2026-03-14) before it starts (2026-03-15)")
    }

    @Test func aVisitOfFourteenDaysIsTheLongestAccepted() {
        #expect(visit("2026-02-20", "2026-03-05").problem == nil)
        #expect(
            visit("2026-02-20", "2026-03-06").problem
                == "the visit lasts 15 days (2026-02-20 to 2026-03-06); a visit lasts at most 14 days, check the dates")
    }

    @Test func daysAreCountedAcrossMonthsLeapYearsAndCenturies() {
        #expect(CalendarDate("2024-03-01")!.days(since: CalendarDate("2024-02-28")!) == 2)
        #expect(CalendarDate("2026-03-01")!.days(since: CalendarDate("2026-02-28")!) == 1)
        #expect(CalendarDate("2001-01-01")!.days(since: CalendarDate("2000-01-01")!) == 366)
        #expect(CalendarDate("2101-01-01")!.days(since: CalendarDate("2100-01-01")!) == 365)
        #expect(CalendarDate("2026-01-01")!.days(since: CalendarDate("2026-12-31")!) == -364)
    }

    @Test func aSheetWithAFutureVisitIsRefusedAtItsStartDate() {
        let (_, diagnostics) = AnswerSheet.read(
            """
            star: answer-sheet/1
            factory: XX-0001
            questionnaire: {id: xx-garment, version: "2026.1", digest: "sha256:0"}
            kind: assessment
            visit: {start: 2999-01-01, end: 2999-01-02}
            answers: {}

            """, file: "sheet.yaml", today: .today)
        #expect(diagnostics.map(\.code) == ["invalid-date"])
        #expect(diagnostics.first?.message.hasPrefix("the visit starts on 2999-01-01, after today") == true)
        #expect(diagnostics.first?.location.line == 5)
    }

    @Test func aRecordWithAFutureVisitIsRefusedWhenRead() {
        let record = """
            {"star": "assessment/1", "id": "XX-0001/2999-01-01", "factory": "XX-0001", "kind": "assessment", "status": "final",
             "questionnaire": {"id": "xx-garment", "version": "2026.1", "digest": "sha256:0"},
             "visit": {"start": "2999-01-01", "end": "2999-01-01"}, "assessors": [], "answers": {}}
            """
        let (document, diagnostics) = RecordDocument.parse(Array(record.utf8), file: "r.json")
        #expect(document == nil)
        #expect(diagnostics.map(\.code) == ["invalid-date"])
    }
}
