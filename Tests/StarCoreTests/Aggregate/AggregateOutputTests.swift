import Foundation
import Testing

@testable import StarCore

/// The fields of a CSV line (RFC 4180: quoted fields, doubled quotes), parsed independently of the code under test.
private func csvFields(_ line: String) -> [String] {
    var fields: [String] = []
    var field = ""
    var quoted = false
    var characters = Array(line)[...]
    while let c = characters.popFirst() {
        if quoted {
            if c == "\"" {
                if characters.first == "\"" {
                    field.append("\"")
                    characters.removeFirst()
                } else {
                    quoted = false
                }
            } else {
                field.append(c)
            }
        } else if c == "\"" {
            quoted = true
        } else if c == "," {
            fields.append(field)
            field = ""
        } else {
            field.append(c)
        }
    }
    return fields + [field]
}

/// The cells of a Markdown table line, split on the pipes that are not escaped.
private func markdownCells(_ line: String) -> [String] {
    var cells: [String] = []
    var cell = ""
    var previous: Character = " "
    for c in line {
        if c == "|", previous != "\\" {
            cells.append(cell.trimmingCharacters(in: .whitespaces))
            cell = ""
        } else {
            cell.append(c)
        }
        previous = c
    }
    // The text before the first pipe and after the last one are not cells.
    return Array(cells.dropFirst())
}

private func jsonRows(_ text: String) throws -> [[String: Any]] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
}

@Suite struct AggregateOutputTests {
    @Test func aJSONPointRowCarriesItsGroupsCountsRateAndInterval() throws {
        let repo = try fiveFactories()
        defer { repo.remove() }
        let query = AggregateQuery.with { $0.groupBy = [.country, .year, .point] }
        let rows = try jsonRows(AggregateOutput.render(repo.aggregate(query).rows, query: query, as: .json))
        #expect(rows.count == 4)
        let overtime = try #require(rows.first { $0["point"] as? String == "WT.OT" })
        #expect(Set(overtime.keys) == ["country", "year", "point", "title", "assessed", "noncompliant", "rate", "ci95_low", "ci95_high"])
        #expect(overtime["country"] as? String == "XX")
        #expect(!(overtime["year"] is String) && overtime["year"] as? Int == 2026)
        #expect(overtime["title"] as? String == "Overtime")
        #expect(overtime["assessed"] as? Int == 3 && overtime["noncompliant"] as? Int == 2)
        let (low, high) = expectedWilson(2.0 / 3, n: 3)
        #expect(approx(overtime["rate"] as? Double, 2.0 / 3, within: 1e-12))
        #expect(approx(overtime["ci95_low"] as? Double, low, within: 1e-12))
        #expect(approx(overtime["ci95_high"] as? Double, high, within: 1e-12))
    }

    @Test func aJSONYearIsWrittenAsANumber() throws {
        let repo = try fiveFactories()
        defer { repo.remove() }
        let query = AggregateQuery.with { $0.groupBy = [.year, .cluster] }
        let json = AggregateOutput.render(repo.aggregate(query).rows, query: query, as: .json)
        #expect(json.contains("\"year\": 2026"))
        #expect(!json.contains("\"2026\""))
    }

    @Test func aJSONClusterRowAddsTheShareWithAnyNonCompliance() throws {
        let repo = try fiveFactories()
        defer { repo.remove() }
        let rows = try jsonRows(AggregateOutput.render(repo.aggregate().rows, query: AggregateQuery(), as: .json))
        #expect(rows.map { $0["cluster"] as? String } == ["GEN", "CL", "WT"])
        let wt = try #require(rows.last)
        #expect(
            Set(wt.keys) == [
                "cluster", "title", "assessed", "noncompliant", "rate", "ci95_low", "ci95_high",
                "any_noncompliant", "any_rate", "any_ci95_low", "any_ci95_high",
            ])
        #expect(wt["assessed"] as? Int == 4 && wt["noncompliant"] as? Int == 3 && wt["any_noncompliant"] as? Int == 3)
        #expect(approx(wt["rate"] as? Double, 0.5, within: 1e-12))
        #expect(approx(wt["any_rate"] as? Double, 0.75, within: 1e-12))
        let (low, high) = expectedWilson(0.75, n: 4)
        #expect(approx(wt["any_ci95_low"] as? Double, low, within: 1e-12))
        #expect(approx(wt["any_ci95_high"] as? Double, high, within: 1e-12))
    }

    @Test func aJSONQuestionRowIsKeyedByQuestion() throws {
        let repo = try fiveFactories()
        defer { repo.remove() }
        let query = AggregateQuery.with { $0.groupBy = [.question] }
        let rows = try jsonRows(AggregateOutput.render(repo.aggregate(query).rows, query: query, as: .json))
        #expect(rows.compactMap { $0["question"] as? String } == ["GEN.OT", "GEN.NIGHT", "CL.CHILD.1", "WT.OT.1", "WT.OT.2", "WT.NIGHT.1"])
        #expect(rows.allSatisfy { $0["point"] == nil && $0["cluster"] == nil && $0["any_rate"] == nil })
    }

    @Test func csvQuotesFieldsWithCommasAndDoublesTheirQuotes() throws {
        let repo = try fiveFactories()
        defer { repo.remove() }
        let query = AggregateQuery.with { $0.groupBy = [.point] }
        let lines = AggregateOutput.render(repo.aggregate(query).rows, query: query, as: .csv).split(separator: "\n").map(String.init)
        #expect(lines.first == "point,title,assessed,noncompliant,rate,ci95_low,ci95_high")
        #expect(lines.count == 5)
        let (low, high) = expectedWilson(1.0 / 3, n: 3)
        #expect(lines.last == "WT.NIGHT,\"Night work, \"\"premium\"\" pay\",3,1,0.333333,\(String(format: "%.6f", low)),\(String(format: "%.6f", high))")
        #expect(csvFields(lines.last!)[1] == "Night work, \"premium\" pay")
        #expect(lines.allSatisfy { csvFields($0).count == 7 })
    }

    @Test func csvClusterRowsAddTheAnyColumns() throws {
        let repo = try fiveFactories()
        defer { repo.remove() }
        let lines = AggregateOutput.render(repo.aggregate().rows, query: AggregateQuery(), as: .csv).split(separator: "\n").map(String.init)
        #expect(lines.first == "cluster,title,assessed,noncompliant,rate,ci95_low,ci95_high,any_noncompliant,any_rate,any_ci95_low,any_ci95_high")
        #expect(lines[1].hasPrefix("GEN,General | profile,5,0,0.000000,"))
        #expect(lines[3].hasPrefix("WT,Working time,4,3,0.500000,"))
        // Three of the four factories have a non-compliance in the cluster, with that share's interval.
        let any = expectedWilson(0.75, n: 4)
        #expect(lines[3].hasSuffix(String(format: ",3,0.750000,%.6f,%.6f", any.low, any.high)))
        #expect(lines.allSatisfy { csvFields($0).count == 11 })
    }

    @Test func markdownIsATableWithOneLinePerRowAndEscapedPipes() throws {
        let repo = try fiveFactories()
        defer { repo.remove() }
        let markdown = AggregateOutput.render(repo.aggregate().rows, query: AggregateQuery(), as: .markdown)
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.last == "", "the table ends with a newline")
        let table = lines.dropLast()
        #expect(table.count == 2 + 3)
        #expect(
            table.first
                == "| cluster | title | assessed | noncompliant | rate | ci95_low | ci95_high | any_noncompliant | any_rate | any_ci95_low | any_ci95_high |")
        #expect(table.dropFirst().first == "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        #expect(table.allSatisfy { $0.hasPrefix("| ") && $0.hasSuffix(" |") && markdownCells($0).count == 11 })
        let generalHigh = String(format: "%.1f%%", expectedWilson(0, n: 5).high * 100)
        #expect(markdownCells(table[2]) == ["GEN", "General \\| profile", "5", "0", "0.0%", "0.0%", generalHigh, "0", "0.0%", "0.0%", generalHigh])
        #expect(markdownCells(table[4]).prefix(5) == ["WT", "Working time", "4", "3", "50.0%"])
        #expect(
            markdownCells(table[4]).suffix(3) == ["75.0%"]
                + [expectedWilson(0.75, n: 4).low, expectedWilson(0.75, n: 4).high].map { String(format: "%.1f%%", $0 * 100) })
    }

    @Test func anEmptyTextTableSaysThereWasNothingToCount() {
        #expect(AggregateOutput.render([], query: AggregateQuery(), as: .text) == "no qualifying final records\n")
        #expect(AggregateOutput.render([], query: AggregateQuery(), as: .json).trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
        #expect(
            AggregateOutput.render([], query: AggregateQuery.with { $0.groupBy = [.point] }, as: .csv)
                == "point,title,assessed,noncompliant,rate,ci95_low,ci95_high\n")
    }
}
