import AralLedger
@testable import AralServer
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Runs and plans API")
struct RunAPITests {
    @Test("a run goes from queued to done; summary, filtered results and the seasonal accounts are served")
    func runToCompletion() async throws {
        try await TestServer().test { client in
            let token = try await client.issueToken(code: "UP", name: "Upstream")
            let model = try await client.uploadExample(token: token)
            let (id, finished) = try await client.finishedRun(token: token, body: #"{"model":"\#(model)","name":"baseline"}"#)
            #expect(finished.json?["status"]?.stringValue == "done", "\(finished.text)")
            #expect(finished.json?["stepsDone"] == .number("120"))

            let summary = try await client.call(.get, "/api/runs/\(id)/summary")
            #expect(summary.status == .ok)
            #expect(summary.json?["steps"] == .number("120"))
            #expect(summary.json?["plants"]?.arrayValue?.first?["name"]?.stringValue == "upper-plant")

            let results = try await client.call(.get, "/api/runs/\(id)/results?node=upper-dam&attribute=volume&from=12&to=23")
            #expect(results.status == .ok, "\(results.text)")
            let series = results.json?["series"]?.arrayValue ?? []
            #expect(series.count == 1)
            #expect(series.first?["values"]?.arrayValue?.count == 12)
            #expect(results.json?["dates"]?.arrayValue?.first?.stringValue == "2001-01-01")
            // Found from outside: a misspelt node or attribute answered 200 with no series.
            let typo = try await client.call(.get, "/api/runs/\(id)/results?node=uper-dam")
            #expect(typo.status == .notFound && typo.errorPath == "node", "\(typo.text)")
            #expect(typo.text.contains("upper-dam"), "\(typo.text)")
            let attribute = try await client.call(.get, "/api/runs/\(id)/results?node=upper-dam&attribute=volumes")
            #expect(attribute.status == .notFound && attribute.errorPath == "attribute", "\(attribute.text)")
            #expect(attribute.text.contains("volume"), "\(attribute.text)")

            let exchange = try await client.call(.get, "/api/runs/\(id)/exchange")
            #expect(exchange.status == .ok)
            // A run's accounts per party and season; obligations come from plans alone.
            let rows = exchange.json?["parties"]?.arrayValue ?? []
            #expect(rows.contains { $0["party"]?.stringValue == "DN" && ($0["deliveredMm3"]?.doubleValue ?? 0) > 0 }, "\(exchange.text.prefix(400))")
            #expect(rows.contains { $0["party"]?.stringValue == "UP" && ($0["energyGWh"]?.doubleValue ?? 0) > 0 }, "\(exchange.text.prefix(400))")
            #expect(exchange.json?["obligations"] == nil)
            #expect(exchange.json?["note"]?.stringValue?.contains("plan") == true)

            let events = try await client.call(.get, "/api/runs/\(id)/events")
            #expect(events.headers[.contentType] == "text/event-stream")
            #expect(events.text.contains("event: done"))
        }
    }

    @Test("plans are listed apart from runs")
    func plans() async throws {
        try await TestServer().test { client in
            let token = try await client.issueToken(code: "DN", name: "Downstream")
            let model = try await client.uploadExample(token: token)
            let started = try await client.call(.post, "/api/plans", token: token, body: #"{"model":"\#(model)"}"#)
            #expect(started.status == .accepted)
            let id = try #require(started.json?["id"]?.stringValue)
            #expect(id.hasPrefix("p-"))
            _ = try await client.waitForRun(id)
            let plans = try await client.call(.get, "/api/plans")
            #expect(plans.json?["plans"]?.arrayValue?.count == 1)
            let runs = try await client.call(.get, "/api/runs")
            #expect(runs.json?["runs"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test("bad result filters are 400s naming the parameter")
    func badFilters() async throws {
        try await TestServer().test { client in
            let token = try await client.issueToken(code: "UP", name: "Upstream")
            let model = try await client.uploadExample(token: token)
            let id = try await client.finishedRun(token: token, body: #"{"model":"\#(model)"}"#).id
            let negative = try await client.call(.get, "/api/runs/\(id)/results?from=-1")
            #expect(negative.status == .badRequest)
            #expect(negative.errorPath == "from")
            let reversed = try await client.call(.get, "/api/runs/\(id)/results?from=10&to=2")
            #expect(reversed.status == .badRequest)
            let unknown = try await client.call(.get, "/api/runs/\(id)/results?nodes=x")
            #expect(unknown.status == .badRequest)
            #expect(unknown.errorPath == "nodes")
        }
    }

    @Test("starting a run of an unknown model is a 422 naming 'model'")
    func unknownModel() async throws {
        try await TestServer().test { client in
            let token = try await client.issueToken(code: "UP", name: "Upstream")
            let reply = try await client.call(.post, "/api/runs", token: token, body: #"{"model":"m-nothere"}"#)
            #expect(reply.status == .unprocessableContent)
            #expect(reply.errorPath == "model")
        }
    }

    @Test("only the owner or the secretariat may cancel; a finished run cannot be cancelled")
    func cancel() async throws {
        try await TestServer().test { client in
            let up = try await client.issueToken(code: "UP", name: "Upstream")
            let down = try await client.issueToken(code: "DN", name: "Downstream")
            let model = try await client.uploadExample(token: up)
            let started = try await client.call(.post, "/api/runs", token: up, body: #"{"model":"\#(model)"}"#)
            let id = try #require(started.json?["id"]?.stringValue)
            let other = try await client.call(.post, "/api/runs/\(id)/cancel", token: down)
            #expect(other.status == .forbidden)
            _ = try await client.waitForRun(id)
            let late = try await client.call(.post, "/api/runs/\(id)/cancel", token: up)
            #expect(late.status == .conflict)
        }
    }
}
