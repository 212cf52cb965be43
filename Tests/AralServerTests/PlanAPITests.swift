import Foundation
import AralLedger
import AralModel
import AralPlanning
import AralWorkflows
@testable import AralServer
import Hummingbird
import HummingbirdTesting
import Testing

/// The repository's root folder, from this file's path (models and examples the tests upload).
enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

enum PlanFixture {
    static var path: String { Repository.root.appendingPathComponent("examples/plan-exchange.yaml").path }
    static func text() throws -> String { try String(contentsOfFile: path, encoding: .utf8) }
}

@Suite("Plans through the API (made by PlanWorkflow, as aral plan makes them)")
struct PlanAPITests {
    /// Uploads the exchange example, plans one year through the API, waits.
    static func plan(_ client: any TestClientProtocol, body: (String) -> String) async throws -> (id: String, record: Reply) {
        let up = try await client.issueToken(code: "UP", name: "Upstream")
        let upload = try await client.call(.post, "/api/models", token: up, body: try PlanFixture.text(), contentType: "application/yaml")
        #expect(upload.status == .created, "\(upload.text)")
        let model = upload.json?["id"]?.stringValue ?? ""
        let started = try await client.call(.post, "/api/plans", token: up, body: body(model))
        #expect(started.status == .accepted, "\(started.text)")
        let id = started.json?["id"]?.stringValue ?? ""
        return (id, try await client.waitForRun(id))
    }

    @Test("the plan's pages show parties, cooperation and the obligations; series are stored")
    func pages() async throws {
        try await TestServer().test { client in
            let (id, record) = try await Self.plan(client) { #"{"model":"\#($0)","name":"plan 2000","from":"2000-01-01","to":"2000-12-31"}"# }
            #expect(record.json?["status"] == .string("done"), "\(record.text)")
            #expect(record.json?["kind"] == .string("plan"))
            let page = try await client.call(.get, "/runs/\(id)")
            #expect(page.status == .ok)
            #expect(page.text.contains("plan-parties"))
            #expect(page.text.contains("Value of cooperation"))
            #expect(page.text.contains("<svg"))
            // The dashboard draws the stored report with the CLI's renderer, whole.
            let summary = try await client.call(.get, "/api/runs/\(id)/summary")
            let report = try JSONDecoder().decode(PlanReport.self, from: Data(summary.text.utf8))
            #expect(page.text.contains(PlanReportHTML.sections(report)))
            let exchange = try await client.call(.get, "/runs/\(id)/exchange")
            #expect(exchange.status == .ok)
            #expect(exchange.text.contains("class=\"obligations\""), "\(exchange.text)")
            let volume = try await client.call(.get, "/api/runs/\(id)/results?node=upper-dam&attribute=volume")
            #expect(volume.json?["series"]?[0]?["values"]?.arrayValue?.count == 12, "\(volume.text)")
            let node = try await client.call(.get, "/runs/\(id)/nodes/upper-dam")
            #expect(node.status == .ok)
        }
    }

    /// `start_from_run` through the API (the form had a test; the JSON field had none): the
    /// stored report is the one `PlanWorkflow` makes with `startFromRun` on the same model, and
    /// it differs from the plan that starts at the model's `initialVolume`s, so the flag is
    /// not ignored; a flag that is not a boolean is a 400 naming it.
    @Test("start_from_run plans from the run's storages, as aral plan --start-from-run does")
    func startFromRun() async throws {
        try await TestServer().test { client in
            let (id, record) = try await Self.plan(client) { #"{"model":"\#($0)","from":"2003-10-01","to":"2004-09-30","start_from_run":true}"# }
            #expect(record.json?["status"] == .string("done"), "\(record.text)")
            let summary = try await client.call(.get, "/api/runs/\(id)/summary")
            let served = try JSONDecoder().decode(PlanReport.self, from: Data(summary.text.utf8))
            func direct(_ startFromRun: Bool) throws -> PlanReport {
                let request = PlanWorkflow.Request(source: .upload(text: try PlanFixture.text(), label: "upload"),
                                                   from: CivilDate(parsing: "2003-10-01"), to: CivilDate(parsing: "2004-09-30"),
                                                   startFromRun: startFromRun)
                return try PlanWorkflow.plan(try PlanWorkflow.inputs(request)).report
            }
            let fromRun = try direct(true), fromModel = try direct(false)
            let initial = { (r: PlanReport) in r.reservoirs.map(\.initialMm3) }
            #expect(initial(served) == initial(fromRun), "served \(initial(served)), PlanWorkflow \(initial(fromRun))")
            #expect(initial(fromRun) != initial(fromModel), "the run's storages equal the model's: the test cannot tell")
            #expect(served.parties.map(\.deliveredMm3) == fromRun.parties.map(\.deliveredMm3))

            let up = try await client.issueToken(code: "UQ", name: "Other")
            let model = try await client.call(.post, "/api/models", token: up, body: try PlanFixture.text(), contentType: "application/yaml")
            let modelID = model.json?["id"]?.stringValue ?? ""
            let notFlag = try await client.call(.post, "/api/plans", token: up, body: #"{"model":"\#(modelID)","start_from_run":"yes"}"#)
            #expect(notFlag.status == .badRequest, "\(notFlag.text)")
            #expect(notFlag.errorPath == "start_from_run")
        }
    }

    @Test("a bad horizon is a 422 naming the field, before anything is queued")
    func badHorizon() async throws {
        try await TestServer().test { client in
            let up = try await client.issueToken(code: "UP", name: "Upstream")
            let upload = try await client.call(.post, "/api/models", token: up, body: try PlanFixture.text(), contentType: "application/yaml")
            let model = upload.json?["id"]?.stringValue ?? ""
            let notDate = try await client.call(.post, "/api/plans", token: up, body: #"{"model":"\#(model)","from":"2000-13-01"}"#)
            #expect(notDate.status == .unprocessableContent, "\(notDate.text)")
            #expect(notDate.errorPath == "from")
            let backwards = try await client.call(.post, "/api/plans", token: up, body: #"{"model":"\#(model)","from":"2001-01-01","to":"2000-01-01"}"#)
            #expect(backwards.status == .unprocessableContent, "\(backwards.text)")
            #expect(backwards.json?["error"]?["issues"]?[0]?["path"] == .string("to"), "\(backwards.text)")
            let wrongType = try await client.call(.post, "/api/plans", token: up, body: #"{"model":"\#(model)","from":20000101}"#)
            #expect(wrongType.status == .badRequest)
            #expect(wrongType.errorPath == "from")
            let runField = try await client.call(.post, "/api/runs", token: up, body: #"{"model":"\#(model)","from":"2000-01-01"}"#)
            #expect(runField.status == .badRequest, "runs take no horizon: \(runField.text)")
            let plans = try await client.call(.get, "/api/plans")
            #expect(plans.json?["plans"]?.arrayValue?.count == 0, "nothing is queued: \(plans.text)")
        }
    }
}

extension JSONValue {
    /// A number's value as a Double (test comparisons only; the ledger keeps numbers as text).
    var doubleValue: Double? {
        if case .number(let text) = self { return Double(text) }
        return nil
    }

    /// Element `index` of an array (nil otherwise), for reading replies in tests.
    subscript(index: Int) -> JSONValue? {
        guard case .array(let items) = self, items.indices.contains(index) else { return nil }
        return items[index]
    }
}
