import Foundation
@testable import AralServer
import AralLedger
import Hummingbird
import HummingbirdTesting
import Testing

/// A plan's obligations in the dashboard, on the shipped Syr Darya: the plan form with
/// `--start-from-run`, the obligations page listing each as awaiting its debtor's signature,
/// the unsigned files as `aral ledger propose-obligations` writes them (checked against the
/// plan's own obligations document, item by item), an unsigned one refused by the ledger, and
/// each debtor's signed upload appended.
@Suite("A plan's obligations in the dashboard")
struct SeasonPlanTests {
    @Test("propose a water-year plan's obligations, sign each as its debtor, upload; an unsigned obligation is refused with the ledger's message")
    func obligations() async throws {
        let c = SeasonConsortium()
        try await TestServer.withShippedLibrary().test { client in
            let tokens = try await c.open(client)
            var sec = try await SeasonConsortium.browser(client, as: "SEC", tokens: tokens)
            let model = try await sec.get("/models/syr-darya")
            #expect(model.text.contains("name=\"startFromRun\""))
            let csrf = try #require(BrowserSession.csrf(in: model.text))
            let started = try await sec.post("/models/syr-darya/plans", [("csrf", csrf), ("from", "2018-10-01"), ("to", "2019-09-30"), ("startFromRun", "true")])
            #expect(started.status == .seeOther, "\(started.text)")
            let id = String(try #require(started.headers[.location]).dropFirst("/runs/".count))
            let done = try await client.waitForRun(id)
            #expect(done.json?["status"]?.stringValue == "done", "\(done.text)")

            // The plan's own obligations document, as `aral plan --obligations` writes it.
            let document = try await client.call(.get, "/api/runs/\(id)/exchange")
            let plan = try #require(document.json?["plan"]?.stringValue)
            let items = try #require(document.json?["obligations"]?.arrayValue)
            #expect(!items.isEmpty, "the water-year plan makes obligations")

            let page = try await sec.get("/season/plans/\(id)")
            #expect(page.status == .ok, "\(page.text)")
            let debtors = Set(items.compactMap { $0["from"]?.stringValue })
            for debtor in debtors { #expect(page.text.contains("awaiting \(debtor)&#39;s signature") || page.text.contains("awaiting \(debtor)'s signature"), "\(debtor)") }

            var files: [LedgerEntry] = []
            for (i, item) in items.enumerated() {
                let debtor = try #require(item["from"]?.stringValue)
                let name = "\(debtor)-\(plan.replacingOccurrences(of: "/", with: "_"))_\(i + 1).json"
                #expect(page.text.contains(name), "the page links \(name)")
                let file = try await sec.get("/season/plans/\(id)/entries/\(name)")
                #expect(file.status == .ok && file.headers[.contentDisposition]?.contains(name) == true, "\(file.text)")
                #expect(file.text.hasSuffix("}\n"), "canonical JSON and a newline, as the CLI writes entry files")
                let entry = try LedgerEntry.parse(Array(file.text.utf8), source: name)
                #expect(entry.id == "\(plan)/\(i + 1)" && entry.kind == .obligation && entry.signatures.isEmpty)
                #expect(entry.body["from"] == item["from"] && entry.body["to"] == item["to"] && entry.body["plan"]?.stringValue == plan)
                #expect(entry.body["period"]?["start"] == item["period"]?["start"] && entry.body["period"]?["end"] == item["period"]?["end"])
                for (field, amount) in [("water", "volume_mm3"), ("energy", "mwh")] where item[field] != nil {
                    let planned = try #require(item[field]?[amount]?.numberText.flatMap { Decimal(string: $0) })
                    let proposed = try #require(entry.body[field]?[amount]?.numberText.flatMap { Decimal(string: $0) })
                    #expect(proposed == planned, "\(entry.id) \(field): proposed \(proposed), planned \(planned)")
                }
                files.append(entry)
            }

            // The secretariat may relay entries, so only the ledger stops an unsigned obligation.
            let before = try await SeasonConsortium.size(client)
            let unsigned = try await sec.upload(try #require(files.first))
            #expect(unsigned.status == .forbidden, "\(unsigned.text)")
            #expect(unsigned.text.contains("refused"), "the ledger's message is on the page: \(unsigned.text)")
            #expect(try await SeasonConsortium.size(client) == before)

            for entry in files {
                let debtor = try #require(entry.body["from"]?.stringValue)
                var browser = try await SeasonConsortium.browser(client, as: debtor, tokens: tokens)
                let reply = try await browser.upload(try c.signed(entry, by: [debtor]))
                #expect(reply.status == .seeOther, "\(entry.id): \(reply.text)")
            }
            let after = try await sec.get("/season/plans/\(id)")
            #expect(!after.text.contains("awaiting"), "every obligation is signed by its debtor")
            #expect(after.text.contains("signed by"))
            // The ledger now owes what the plan says: each debtor's water and energy per period.
            let balances = try await client.call(.get, "/api/ledger/balances")
            let rows = balances.json?["balances"]?.arrayValue ?? []
            for item in items {
                let debtor = item["from"]?.stringValue ?? "", period = "\(item["period"]?["start"]?.stringValue ?? "")/\(item["period"]?["end"]?.stringValue ?? "")"
                let (field, unit, amount) = item["water"] != nil ? ("water", "water_mm3", "volume_mm3") : ("energy", "energy_mwh", "mwh")
                let planned = items.filter { $0["from"] == item["from"] && $0["period"] == item["period"] && $0[field] != nil }
                    .compactMap { $0[field]?[amount]?.numberText.flatMap { Decimal(string: $0) } }.reduce(0, +)
                let row = rows.first { $0["party"]?.stringValue == debtor && $0["period"]?.stringValue == period }
                let owed = row?[unit]?["owed"]?.numberText.flatMap { Decimal(string: $0) }
                #expect(owed == planned, "\(debtor) \(period) \(field): ledger owes \(owed.map { "\($0)" } ?? "nil"), the plan \(planned)")
            }
        }
    }
}
