import Foundation
import AralLedger
@testable import AralServer
import Hummingbird
import HummingbirdTesting
import Testing

/// Pywr JSON models: detected as `aral run` detects them, compiled by the same importer and run
/// like basin models; what the server cannot do (read data files) and what the importer does not
/// support are 422s naming the key path.
@Suite("Pywr uploads")
struct PywrUploadTests {
    /// A catchment of 5 into a storage of 100 (50 initially) feeding a demand of 20 for four
    /// days: by hand, the demand gets 20, 20, 20 and then what is left (10); the volume falls
    /// 35, 20, 5, 0.
    static let storageModel = """
    {
      "metadata": {"title": "pywr-storage", "minimum_version": "0.1"},
      "timestepper": {"start": "2015-01-01", "end": "2015-01-04", "timestep": 1},
      "nodes": [
        {"name": "catchment", "type": "catchment", "flow": 5},
        {"name": "reservoir", "type": "storage", "max_volume": 100, "initial_volume": 50},
        {"name": "demand", "type": "output", "max_flow": 20, "cost": -10}
      ],
      "edges": [["catchment", "reservoir"], ["reservoir", "demand"]]
    }
    """

    static func close(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-6 * max(1, abs($0), abs($1)) }
    }

    static func values(_ reply: Reply) -> [Double] {
        (reply.json?["series"]?[0]?["values"]?.arrayValue ?? []).compactMap { v -> Double? in
            if case .number(let n) = v { return Double(n) }
            return nil
        }
    }

    @Test("a Pywr model is accepted, run like a basin model, and gives the hand-computed allocation")
    func uploadAndRun() async throws {
        try await TestServer().test { client in
            let up = try await client.issueToken(code: "UP", name: "Upstream")
            let validate = try await client.call(.post, "/api/models/validate", token: up, body: Self.storageModel)
            #expect(validate.status == .ok, "\(validate.text)")
            #expect(validate.json?["format"] == .string("pywr"))
            let upload = try await client.call(.post, "/api/models", token: up, body: Self.storageModel)
            #expect(upload.status == .created, "\(upload.text)")
            #expect(upload.json?["format"] == .string("pywr"))
            #expect(upload.json?["name"] == .string("pywr-storage"))
            #expect(upload.json?["steps"] == .number("4"))
            #expect(upload.json?["nodes"]?[1]?["kind"] == .string("storage"), "Pywr's own type names: \(upload.text)")
            #expect(upload.json?["edges"]?.arrayValue?.count == 2)
            let model = upload.json?["id"]?.stringValue ?? ""

            let started = try await client.call(.post, "/api/runs", token: up, body: #"{"model":"\#(model)"}"#)
            #expect(started.status == .accepted, "\(started.text)")
            let id = started.json?["id"]?.stringValue ?? ""
            let done = try await client.waitForRun(id)
            #expect(done.json?["status"] == .string("done"), "\(done.text)")
            #expect(done.json?["stepsDone"] == .number("4"))

            let demand = try await client.call(.get, "/api/runs/\(id)/results?node=demand&attribute=flow")
            #expect(Self.close(Self.values(demand), [20, 20, 20, 10]), "\(demand.text)")
            let volume = try await client.call(.get, "/api/runs/\(id)/results?node=reservoir&attribute=volume")
            #expect(Self.close(Self.values(volume), [35, 20, 5, 0]), "\(volume.text)")
            let summary = try await client.call(.get, "/api/runs/\(id)/summary")
            #expect(summary.json?["steps"] == .number("4"), "\(summary.text)")

            for page in ["/runs/\(id)", "/models/\(model)", "/runs/\(id)/nodes/reservoir", "/"] {
                let html = try await client.call(.get, page)
                #expect(html.status == .ok, "\(page): \(html.text)")
            }
            let runPage = try await client.call(.get, "/runs/\(id)")
            #expect(runPage.text.contains("pywr-nodes"))
            #expect(runPage.text.contains("<svg"))

            let plan = try await client.call(.post, "/api/plans", token: up, body: #"{"model":"\#(model)"}"#)
            #expect(plan.status == .unprocessableContent)
            #expect(plan.errorPath == "model")
            #expect(plan.errorMessage.contains("Pywr"))
        }
    }

    @Test("data files and unsupported features are 422s naming the key path and line")
    func refusals() async throws {
        try await TestServer().test { client in
            let up = try await client.issueToken(code: "UP", name: "Upstream")
            let dataFile = Self.storageModel.replacingOccurrences(of: #""flow": 5}"#, with: #""flow": "inflow"}"#)
                .replacingOccurrences(of: #""edges":"#, with: #""parameters": {"inflow": {"type": "dataframe", "url": "/etc/passwd.csv", "column": "x"}},"# + "\n  \"edges\":")
            let refused = try await client.call(.post, "/api/models", token: up, body: dataFile)
            #expect(refused.status == .unprocessableContent, "\(refused.text)")
            let issue = refused.json?["error"]?["issues"]?[0]
            #expect(issue?["path"] == .string("parameters.inflow.url"), "\(refused.text)")
            #expect(issue?["line"] != nil)
            #expect(issue?["message"]?.stringValue?.contains("cannot read data files") == true)

            let unsupported = Self.storageModel.replacingOccurrences(of: #""type": "output""#, with: #""type": "keatingaquifer""#)
            let refusedType = try await client.call(.post, "/api/models", token: up, body: unsupported)
            #expect(refusedType.status == .unprocessableContent, "\(refusedType.text)")
            let typeIssue = refusedType.json?["error"]?["issues"]?[0]
            #expect(typeIssue?["path"]?.stringValue?.hasSuffix("type") == true, "\(refusedType.text)")
            #expect(typeIssue?["message"]?.stringValue?.contains("keatingaquifer") == true)
            #expect(typeIssue?["file"] == .string("upload"))

            // Pywr-looking JSON without a timestepper: Pywr's error, not Aral's.
            let noTimestepper = #"{"nodes": [{"name": "a", "type": "input"}], "edges": []}"#
            let missing = try await client.call(.post, "/api/models/validate", token: up, body: noTimestepper)
            #expect(missing.status == .unprocessableContent)
            #expect(missing.json?["error"]?["issues"]?[0]?["message"]?.stringValue?.contains("timestepper") == true, "\(missing.text)")

            let models = try await client.call(.get, "/api/models")
            #expect(models.json?["models"]?.arrayValue?.count == 0, "nothing stored: \(models.text)")
        }
    }
}
