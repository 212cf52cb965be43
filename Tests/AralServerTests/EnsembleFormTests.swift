import Foundation
@testable import AralServer
import AralLedger
import AralWorkflows
import Hummingbird
import HummingbirdTesting
import Testing

/// The model page's ensemble form: generated traces from the form give the statistics
/// `EnsembleWorkflow` gives for the same traces, the finished page shows them per party with a
/// chart and offers them as CSV; a post without the session's anti-forgery token is refused and
/// starts nothing; a cancel button stops an ensemble.
@Suite("Ensembles from the dashboard")
struct EnsembleFormTests {
    @Test("the form starts an ensemble; its page shows EnsembleWorkflow's statistics, a chart and the CSV")
    func formEnsemble() async throws {
        let (count, years, seed): (Int, Int, UInt64) = (3, 2, 5)
        let traces = try EnsembleReference.tracesFile(count: count, years: years, seed: seed)
        defer { try? FileManager.default.removeItem(atPath: traces) }
        let expected = try await EnsembleReference.rows(traces: traces, years: years)
        try await EnsembleReference.server().test { client in
            let token = try await client.issueToken(code: "UZ", name: "Uzbekistan")
            var browser = BrowserSession(client)
            _ = try await browser.signIn(token: token)
            let model = try await browser.get("/models/syr-darya")
            #expect(model.text.contains(#"action="/models/syr-darya/ensembles""#) && model.text.contains(#"name="tracesFile""#), "the model page has the form")
            let csrf = try #require(BrowserSession.csrf(in: model.text))
            let fields: [(String, String?, String)] = [("name", nil, "form ensemble"), ("source", nil, "generate"), ("traces", nil, "\(count)"),
                                                       ("years", nil, "\(years)"), ("seed", nil, "\(seed)"), ("scenario", nil, ""), ("tracesFile", "", "")]
            // Without the session's token: refused, and nothing starts.
            let forged = try await browser.postMultipart("/models/syr-darya/ensembles", body: EnsembleReference.multipart(fields), boundary: EnsembleReference.boundary)
            #expect(forged.status == .forbidden, "\(forged.text.prefix(300))")
            let wrong = try await browser.postMultipart("/models/syr-darya/ensembles", body: EnsembleReference.multipart([("csrf", nil, String(repeating: "0", count: csrf.count))] + fields),
                                                        boundary: EnsembleReference.boundary)
            #expect(wrong.status == .forbidden)
            #expect((try await client.call(.get, "/api/ensembles")).json?["ensembles"]?.arrayValue?.isEmpty == true, "a refused form starts nothing")

            let posted = try await browser.postMultipart("/models/syr-darya/ensembles", body: EnsembleReference.multipart([("csrf", nil, csrf)] + fields),
                                                         boundary: EnsembleReference.boundary)
            #expect(posted.status == .seeOther, "\(posted.text.prefix(300))")
            let location = try #require(posted.headers[.location])
            let id = location.replacingOccurrences(of: "/runs/", with: "")
            let done = try await client.waitForRun(id)
            #expect(done.json?["status"]?.stringValue == "done" && done.json?["name"]?.stringValue == "form ensemble", "\(done.text)")
            let served = try await EnsembleReference.served(client, id)
            #expect(EnsembleReference.same(served, expected))

            let page = try await browser.get(location)
            #expect(page.status == .ok)
            #expect(!page.text.contains(#"http-equiv="refresh""#), "a finished ensemble's page stays")
            #expect(page.text.contains(#"class="ensemble-parties""#) && page.text.contains("<svg"), "\(page.text.prefix(400))")
            #expect(page.text.contains("Water delivered per party across members"), "the chart of the parties' deliveries")
            // Every party's median yearly deficit is on the page as the workflow computed it.
            for row in expected where row.kind == "state" && row.statistic == "deficit_mm3_per_year_p50" {
                #expect(page.text.contains("<td>\(row.element)</td>"), "party \(row.element) on the page")
                #expect(page.text.contains(">\(SVG.number(row.value, 1))</td>"), "\(row.element) p50 \(SVG.number(row.value, 1))")
            }
            let csv = try await browser.get("/runs/\(id)/statistics.csv")
            #expect(csv.status == .ok && csv.headers[.contentDisposition]?.contains("attachment") == true)
            #expect(csv.text == EnsembleRunSummary.csv(expected))
        }
    }

    @Test("the run page's cancel button stops an ensemble; without the session's token it is refused")
    func cancelButton() async throws {
        var server = try EnsembleReference.server()
        server.config.holdRunsUntilStoppedForTesting = .seconds(60)
        try await server.test { client in
            let token = try await client.issueToken(code: "KZ", name: "Kazakhstan")
            var browser = BrowserSession(client)
            _ = try await browser.signIn(token: token)
            let model = try await browser.get("/models/syr-darya")
            let csrf = try #require(BrowserSession.csrf(in: model.text))
            let posted = try await browser.postMultipart("/models/syr-darya/ensembles",
                                                         body: EnsembleReference.multipart([("csrf", nil, csrf), ("traces", nil, "2"), ("years", nil, "1")]),
                                                         boundary: EnsembleReference.boundary)
            #expect(posted.status == .seeOther, "\(posted.text.prefix(300))")
            let id = try #require(posted.headers[.location]).replacingOccurrences(of: "/runs/", with: "")
            let page = try await browser.get("/runs/\(id)")
            #expect(page.text.contains(#"action="/runs/\#(id)/cancel""#), "\(page.text.prefix(500))")
            let forged = try await browser.post("/runs/\(id)/cancel", [])
            #expect(forged.status == .forbidden)
            #expect((try await client.call(.get, "/api/runs/\(id)")).json?["status"]?.stringValue != "cancelled")
            let cancelled = try await browser.post("/runs/\(id)/cancel", [("csrf", csrf)])
            #expect(cancelled.status == .seeOther)
            let done = try await client.waitForRun(id)
            #expect(done.json?["status"]?.stringValue == "cancelled", "\(done.text)")
        }
    }

    @Test("two ensembles of the same traces, with and without a scenario, on the compare page")
    func compareEnsembles() async throws {
        try await EnsembleReference.server().test { client in
            let token = try await client.issueToken(code: "TJ", name: "Tajikistan")
            var ids: [String] = []
            for scenarios in ["", #""with-kambarata-1""#] {
                let started = try await client.call(.post, "/api/ensembles", token: token,
                                                    body: #"{"model":"syr-darya","traces":3,"years":1,"seed":3,"scenarios":[\#(scenarios)]}"#)
                #expect(started.status == .accepted, "\(started.text)")
                let id = try #require(started.json?["id"]?.stringValue)
                #expect((try await client.waitForRun(id)).json?["status"]?.stringValue == "done")
                ids.append(id)
            }
            let page = try await client.call(.get, "/runs/\(ids[0])")
            #expect(page.text.contains(#"<option value="\#(ids[1])">"#), "the ensemble page offers the other one to compare with")
            let compared = try await client.call(.get, "/compare?a=\(ids[0])&b=\(ids[1])")
            #expect(compared.status == .ok, "\(compared.text.prefix(300))")
            #expect(compared.text.contains("Water delivered per party, p50 of members") && compared.text.contains("Energy per plant, median of members"))
            // Each side's figures are its own summary's.
            for id in ids {
                let rows = try await EnsembleReference.served(client, id)
                let kz = try #require(rows.first { $0.element == "KZ" && $0.statistic == "deficit_mm3_per_year_mean" })
                #expect(compared.text.contains(">\(SVG.number(kz.value, 1))</td>"), "KZ's mean deficit of \(id)")
            }
            // Only Kambarata-1's ensemble has its plant: the chart carries it.
            let withPlant = try await EnsembleReference.served(client, ids[1])
            #expect(withPlant.contains { $0.element.hasPrefix("kambarata-1") && $0.kind == "plant" })
            #expect(compared.text.contains("kambarata-1"))
            let mixed = try await client.call(.get, "/compare?a=\(ids[0])&b=nonexistent-run")
            #expect(mixed.status == .notFound)
        }
    }
}
