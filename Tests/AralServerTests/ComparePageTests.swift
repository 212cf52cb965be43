import Foundation
@testable import AralServer
import AralLedger
import AralWorkflows
import Hummingbird
import HummingbirdTesting
import Testing

/// `/compare?a=&b=`: two runs on the same charts; `/runs/{id}/results.csv`: the series as
/// `aral run --csv` writes them.
@Suite("Comparison page and CSV download")
struct ComparePageTests {
    /// Runs the library's Syr Darya with two scenarios and returns the two run ids.
    static func twoScenarioRuns(_ client: any TestClientProtocol) async throws -> (String, String) {
        let token = try await client.issueToken(code: "UZ", name: "Uzbekistan")
        var ids: [String] = []
        for scenario in ["energy-mode", "soviet-1984"] {
            let (id, done) = try await client.finishedRun(token: token, body: #"{"model":"syr-darya","scenarios":["\#(scenario)"]}"#)
            #expect(done.json?["status"]?.stringValue == "done", "\(done.text)")
            ids.append(id)
        }
        return (ids[0], ids[1])
    }

    @Test("energy-mode against soviet-1984: both runs in every chart, side by side in the tables")
    func compare() async throws {
        try await TestServer.withShippedLibrary().test { client in
            let (a, b) = try await Self.twoScenarioRuns(client)
            let page = try await client.call(.get, "/compare?a=\(a)&b=\(b)")
            #expect(page.status == .ok, "\(page.text.prefix(300))")
            #expect(page.text.contains("A: syr-darya + energy-mode") && page.text.contains("B: syr-darya + soviet-1984"))
            let charts = page.text.components(separatedBy: "<svg class=\"chart\"").count - 1
            #expect(charts >= 3, "storage, deliveries, energy and sinks: \(charts) charts")
            // Every line chart has one polyline per run.
            for chart in page.text.components(separatedBy: "<svg class=\"chart\"").dropFirst() where chart.contains("<polyline") {
                #expect(chart.components(separatedBy: "<polyline").count - 1 == 2)
            }
            // The tables put each run's own summary figures side by side.
            let summaryA = try await client.call(.get, "/api/runs/\(a)/summary")
            let firstPlant = try #require(summaryA.json?["plants"]?.arrayValue?.first)
            let perYear = try #require(Double(firstPlant["gwhPerYear"]?.numberText ?? ""))
            #expect(page.text.contains(SVG.label(perYear)))
        }
    }

    @Test("comparing a missing run or a plan is refused with the parameter named")
    func refused() async throws {
        try await TestServer().test { client in
            let missing = try await client.call(.get, "/compare?a=r-0000&b=r-0001")
            #expect(missing.status == .notFound)
            let none = try await client.call(.get, "/compare")
            #expect(none.status == .badRequest)
            #expect(none.text.contains("choose two runs"))
        }
    }

    @Test("the CSV download has one row per step, node and attribute, with the API's values")
    func csv() async throws {
        try await TestServer().test { client in
            let token = try await client.issueToken(code: "UP", name: "Upstream")
            let model = try await client.uploadExample(token: token)
            let id = try await client.finishedRun(token: token, body: #"{"model":"\#(model)"}"#).id
            let download = try await client.call(.get, "/runs/\(id)/results.csv")
            #expect(download.status == .ok)
            #expect(download.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(download.headers[.contentDisposition]?.contains("attachment") == true)
            let lines = download.text.split(separator: "\n")
            #expect(lines.first == "step,date,node,attribute,value")
            let results = try await client.call(.get, "/api/runs/\(id)/results")
            let series = results.json?["series"]?.arrayValue ?? []
            let dates = results.json?["dates"]?.arrayValue ?? []
            #expect(lines.count - 1 == series.count * dates.count, "rows: \(lines.count - 1), series × steps: \(series.count) × \(dates.count)")
            let first = try #require(series.first)
            let element = try #require(first["element"]?.stringValue), attribute = try #require(first["attribute"]?.stringValue)
            let value = try #require(first["values"]?.arrayValue?.last?.numberText.flatMap(Double.init))
            let last = dates.count - 1
            let row = lines.first { $0.hasPrefix("\(last),") && $0.contains(",\(element),\(attribute),") }
            let csvValue = try #require(row?.split(separator: ",").last.flatMap { Double($0) }, "no row for \(element) \(attribute) at step \(last)")
            #expect(csvValue == value)
        }
    }
}
