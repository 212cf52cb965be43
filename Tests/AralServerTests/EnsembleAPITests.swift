import Foundation
@testable import AralServer
import AralLedger
import AralEnsemble
import AralWorkflows
import Hummingbird
import HummingbirdTesting
import Testing

/// Ensembles through the API (`POST /api/ensembles`) on the shipped Syr Darya: generated and
/// uploaded traces give the statistics `EnsembleWorkflow` gives for the same traces called
/// directly; progress counts members to the total; cancel stops one; limits are refused with
/// located messages before anything is queued.
@Suite("Ensembles through the API")
struct EnsembleAPITests {
    @Test("generated traces: the server's statistics are EnsembleWorkflow's for the traces `aral hydrology generate` makes")
    func generated() async throws {
        let (count, years, seed): (Int, Int, UInt64) = (4, 2, 7)
        let traces = try EnsembleReference.tracesFile(count: count, years: years, seed: seed)
        defer { try? FileManager.default.removeItem(atPath: traces) }
        let expected = try await EnsembleReference.rows(traces: traces, years: years)
        #expect(expected.contains { $0.kind == "state" }, "the reference has per-party rows")
        try await EnsembleReference.server().test { client in
            let token = try await client.issueToken(code: "UZ", name: "Uzbekistan")
            let started = try await client.call(.post, "/api/ensembles", token: token,
                                                body: #"{"model":"syr-darya","traces":\#(count),"years":\#(years),"seed":\#(seed)}"#)
            #expect(started.status == .accepted, "\(started.text)")
            #expect(started.json?["kind"]?.stringValue == "ensemble")
            let id = try #require(started.json?["id"]?.stringValue)
            let done = try await client.waitForRun(id)
            #expect(done.json?["status"]?.stringValue == "done", "\(done.text)")
            // Progress counts members and reaches the total.
            #expect(done.json?["stepsDone"] == .number("\(count)") && done.json?["stepsTotal"] == .number("\(count)"), "\(done.text)")
            let served = try await EnsembleReference.served(client, id)
            #expect(EnsembleReference.same(served, expected), "server \(served.prefix(3)) vs workflow \(expected.prefix(3))")
            let list = try await client.call(.get, "/api/ensembles")
            #expect((list.json?["ensembles"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue } == [id])
            // An ensemble has no seasonal accounts: its exchange page was a 500 (found from outside).
            let page = try await client.call(.get, "/runs/\(id)/exchange")
            #expect(page.status == .notFound, "\(page.text.prefix(200))")
            let api = try await client.call(.get, "/api/runs/\(id)/exchange")
            #expect(api.status == .notFound && api.errorMessage.contains("is an ensemble"), "\(api.text)")
        }
    }

    @Test("an uploaded traces file with a scenario: the statistics are EnsembleWorkflow's for that file and scenario")
    func uploaded() async throws {
        let traces = try EnsembleReference.tracesFile(count: 3, years: 2, seed: 11)
        defer { try? FileManager.default.removeItem(atPath: traces) }
        // No `years`: the run covers the whole years of the traces (two).
        let expected = try await EnsembleReference.rows(traces: traces, years: 2, scenarios: ["with-kambarata-1"])
        let withoutScenario = try await EnsembleReference.rows(traces: traces, years: 2)
        #expect(!EnsembleReference.same(expected, withoutScenario), "with-kambarata-1 changes the statistics")
        let text = try String(contentsOfFile: traces, encoding: .utf8)
        try await EnsembleReference.server().test { client in
            let token = try await client.issueToken(code: "KZ", name: "Kazakhstan")
            let body = EnsembleReference.multipart([("model", nil, "syr-darya"), ("scenario", nil, "with-kambarata-1"), ("tracesFile", "dry.csv", text)])
            let started = try await client.call(.post, "/api/ensembles", token: token, body: body,
                                                contentType: "multipart/form-data; boundary=\(EnsembleReference.boundary)")
            #expect(started.status == .accepted, "\(started.text)")
            let id = try #require(started.json?["id"]?.stringValue)
            let done = try await client.waitForRun(id)
            #expect(done.json?["status"]?.stringValue == "done", "\(done.text)")
            #expect(done.json?["stepsTotal"] == .number("3"))
            #expect(EnsembleReference.same(try await EnsembleReference.served(client, id), expected))
        }
    }

    @Test("limits: members × steps is a 413, bad traces a 400 naming file, line and column, too many years a 400, traces that do not cover the run a 422")
    func limits() async throws {
        // 8 traces × 24 monthly steps = 192 member-steps, above a bound of 100.
        try await EnsembleReference.server(memberStepLimit: 100).test { client in
            let token = try await client.issueToken(code: "TJ", name: "Tajikistan")
            let big = try await client.call(.post, "/api/ensembles", token: token, body: #"{"model":"syr-darya","traces":8,"years":2}"#)
            #expect(big.status == .contentTooLarge, "\(big.text)")
            #expect(big.errorPath == "traces" && big.errorMessage.contains("--max-ensemble-member-steps"), "\(big.text)")
            let years = try await client.call(.post, "/api/ensembles", token: token, body: #"{"model":"syr-darya","traces":1,"years":31}"#)
            #expect(years.status == .badRequest && years.errorPath == "years", "\(years.text)")
            let bad = "trace,date,naryn\n0,1990-01-01,100\n0,1990-02-01,-5\n"
            let refused = try await client.call(.post, "/api/ensembles", token: token,
                                                body: EnsembleReference.multipart([("model", nil, "syr-darya"), ("tracesFile", "bad.csv", bad)]),
                                                contentType: "multipart/form-data; boundary=\(EnsembleReference.boundary)")
            #expect(refused.status == .badRequest, "\(refused.text)")
            #expect(refused.errorMessage.contains("bad.csv:3") && refused.errorMessage.contains("negative flow"), "\(refused.text)")
            #expect(refused.errorPath == "naryn", "\(refused.text)")
            // A generator field beside an uploaded file is refused, not ignored (found from outside).
            let mixed = try await client.call(.post, "/api/ensembles", token: token,
                                              body: EnsembleReference.multipart([("model", nil, "syr-darya"), ("seed", nil, "7"), ("tracesFile", "bad.csv", bad)]),
                                              contentType: "multipart/form-data; boundary=\(EnsembleReference.boundary)")
            #expect(mixed.status == .badRequest && mixed.errorPath == "seed", "\(mixed.text)")
            // A browser's "bad (1).csv" is a traces file name (it was refused); a folder is not.
            let copy = try await client.call(.post, "/api/ensembles", token: token,
                                             body: EnsembleReference.multipart([("model", nil, "syr-darya"), ("tracesFile", "bad (1).csv", bad)]),
                                             contentType: "multipart/form-data; boundary=\(EnsembleReference.boundary)")
            #expect(copy.errorMessage.contains("bad (1).csv:3") && copy.errorMessage.contains("negative flow"), "\(copy.text)")
            let folder = try await client.call(.post, "/api/ensembles", token: token,
                                               body: EnsembleReference.multipart([("model", nil, "syr-darya"), ("tracesFile", "../bad.csv", bad)]),
                                               contentType: "multipart/form-data; boundary=\(EnsembleReference.boundary)")
            #expect(folder.status == .badRequest && folder.errorMessage.contains("not a traces file name"), "\(folder.text)")
            // One year of traces, two years asked for: bound to the model as the run would bind it.
            let short = "trace,date,naryn\n" + (1...12).map { "0,1990-\(String(format: "%02d", $0))-01,100" }.joined(separator: "\n") + "\n"
            let uncovered = try await client.call(.post, "/api/ensembles", token: token,
                                                  body: EnsembleReference.multipart([("model", nil, "syr-darya"), ("years", nil, "2"), ("tracesFile", "short.csv", short)]),
                                                  contentType: "multipart/form-data; boundary=\(EnsembleReference.boundary)")
            #expect(uncovered.status == .unprocessableContent, "\(uncovered.text)")
            #expect(uncovered.errorMessage.contains("the traces cover 1990-01-01 to 1990-12-01"), "\(uncovered.text)")
            #expect(!uncovered.errorMessage.contains("aral-ensemble-"), "the server's folder is not shown: \(uncovered.text)")
            // Nothing was queued by any of them.
            let list = try await client.call(.get, "/api/ensembles")
            #expect(list.json?["ensembles"]?.arrayValue?.isEmpty == true, "\(list.text)")
            let anonymous = try await client.call(.post, "/api/ensembles", body: #"{"model":"syr-darya","traces":1,"years":1}"#)
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test("progress counts members while it runs, and a cancel stops it as a run is stopped")
    func progressAndCancel() async throws {
        var server = try EnsembleReference.server()
        server.config.holdRunsUntilStoppedForTesting = .seconds(60)
        try await server.test { client in
            let token = try await client.issueToken(code: "KG", name: "Kyrgyzstan")
            let started = try await client.call(.post, "/api/ensembles", token: token, body: #"{"model":"syr-darya","traces":3,"years":1}"#)
            #expect(started.status == .accepted, "\(started.text)")
            let id = try #require(started.json?["id"]?.stringValue)
            var reply = try await client.call(.get, "/api/runs/\(id)")
            for _ in 0..<2400 where reply.json?["stepsDone"] != .number("1") {
                try await Task.sleep(for: .milliseconds(25))
                reply = try await client.call(.get, "/api/runs/\(id)")
            }
            #expect(reply.json?["status"]?.stringValue == "running" && reply.json?["stepsDone"] == .number("1")
                    && reply.json?["stepsTotal"] == .number("3"), "\(reply.text)")
            let page = try await client.call(.get, "/runs/\(id)")
            #expect(page.text.contains(#"<span class="members-done">1</span> of <span class="members-total">3</span>"#), "\(page.text.prefix(600))")
            #expect(page.text.contains(#"http-equiv="refresh""#), "the page refreshes itself while the ensemble runs")
            let cancel = try await client.call(.post, "/api/runs/\(id)/cancel", token: token)
            #expect(cancel.status == .accepted, "\(cancel.text)")
            let done = try await client.waitForRun(id)
            #expect(done.json?["status"]?.stringValue == "cancelled", "\(done.text)")
            #expect(done.json?["stepsDone"] == .number("1"), "no member starts after the cancel: \(done.text)")
        }
    }
}
