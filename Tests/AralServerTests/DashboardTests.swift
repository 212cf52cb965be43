import AralLedger
@testable import AralServer
import AralWorkflows
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Dashboard")
struct DashboardTests {
    @Test("overview, model, run, node, exchange and ledger pages render what they should")
    func pages() async throws {
        let keys = LedgerFixture()
        try await TestServer().test { client in
            let token = try await client.issueToken(code: "UP", name: "Upstream")
            let model = try await client.uploadExample(token: token)
            let started = try await client.call(.post, "/api/runs", token: token, body: #"{"model":"\#(model)","name":"baseline"}"#)
            let id = try #require(started.json?["id"]?.stringValue)
            _ = try await client.waitForRun(id)
            _ = try await client.call(.post, "/api/ledger/entries", token: TestServer.secretariatToken, body: LedgerFixture.text(try keys.genesis()))

            let index = try await client.call(.get, "/")
            #expect(index.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(index.text.contains("href=\"/runs/\(id)\""))
            #expect(!index.text.contains("http://") && !index.text.contains("https://"), "the dashboard loads nothing from elsewhere")

            let modelPage = try await client.call(.get, "/models/\(model)")
            #expect(modelPage.text.contains("<svg class=\"schematic\""))

            let run = try await client.call(.get, "/runs/\(id)")
            #expect(run.text.contains("Reservoir storage"))
            #expect(run.text.contains("Deliveries vs entitlement per party"))
            #expect(run.text.contains("Energy by plant and season"))
            #expect(run.text.contains("Aral Sea"))
            // Node names are percent-encoded as path segments (everything but letters and digits).
            #expect(run.text.contains("href=\"/runs/\(id)/nodes/upper%2Ddam\""))
            #expect(run.text.contains("class=\"water\""), "reservoirs show their fill")

            // The link as the page writes it leads to the node's page, as the plain name does.
            for path in ["/runs/\(id)/nodes/upper%2Ddam", "/runs/\(id)/nodes/upper-dam"] {
                let node = try await client.call(.get, path)
                #expect(node.status == .ok, "\(path)")
                #expect(node.text.contains("upper-dam — volume"), "\(path)")
            }

            let exchange = try await client.call(.get, "/runs/\(id)/exchange")
            #expect(exchange.text.contains("vegetation"))
            #expect(exchange.text.contains("makes no obligations"))
            #expect(!exchange.text.contains("class=\"obligations\""))

            let ledger = try await client.call(.get, "/ledger")
            #expect(ledger.text.contains("id=\"verify\""))
            #expect(ledger.text.contains("genesis"))
            let verify = try await client.call(.get, "/ledger/verify")
            #expect(verify.text.contains("class=\"verify-ok\""), "\(verify.text)")

            let missing = try await client.call(.get, "/runs/r-missing")
            #expect(missing.status == .notFound)
            #expect(missing.headers[.contentType]?.hasPrefix("text/html") == true)
        }
    }

    @Test("SVG text is escaped and numbers are grouped")
    func svgHelpers() {
        #expect(SVG.escape("<a href='x'>&</a>") == "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;")
        #expect(SVG.label(1_234_567) == "1,234,567")
        // Issue 17 item 11: `"` + U+0301 is one Character but two scalars; the quote must still be escaped.
        let combined = "x\"\u{301} onmouseover=\"alert(1)"
        let escaped = SVG.escape(combined)
        #expect(!escaped.unicodeScalars.contains("\""), "\(escaped)")
        #expect(escaped == "x&quot;\u{301} onmouseover=&quot;alert(1)")
        #expect(SVG.label(-12_345) == "-12,345")
        #expect(SVG.label(3.14159) == "3.14")
    }
}
