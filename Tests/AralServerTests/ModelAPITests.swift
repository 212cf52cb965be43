import Foundation
import AralLedger
@testable import AralServer
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Models API")
struct ModelAPITests {
    @Test("upload, list and get a model; its nodes and edges come back")
    func uploadListGet() async throws {
        try await TestServer().test { client in
            let token = try await client.issueToken(code: "UP", name: "Upstream")
            let id = try await client.uploadExample(token: token)
            let list = try await client.call(.get, "/api/models")
            #expect(list.status == .ok)
            #expect(list.json?["models"]?.arrayValue?.first?["id"]?.stringValue == id)
            let model = try await client.call(.get, "/api/models/\(id)")
            #expect(model.status == .ok)
            #expect(model.json?["name"]?.stringValue == "example-basin")
            #expect(model.json?["owner"]?.stringValue == "UP")
            #expect(model.json?["nodes"]?.arrayValue?.count == 11)
            #expect(model.json?["edges"]?.arrayValue?.count == 9)
            let source = try await client.call(.get, "/api/models/\(id)/source")
            #expect(source.text == (try Fixture.exampleBasin()))
        }
    }

    @Test("validation returns every problem with its key path, as the CLI does, and stores nothing")
    func validationIssues() async throws {
        try await TestServer().test { client in
            let token = try await client.issueToken(code: "UP", name: "Upstream")
            let broken = try Fixture.exampleBasin().replacingOccurrences(of: "maxVolume: 19500", with: "maxVolume: -5")
            let reply = try await client.call(.post, "/api/models/validate", body: broken, contentType: "application/yaml")
            #expect(reply.status == .unprocessableContent)
            let issues = reply.json?["error"]?["issues"]?.arrayValue ?? []
            // A negative maxVolume breaks three rules of the reservoir (nodes[2], upper-dam: see
            // BasinCompiler+Reservoir): maxVolume > 0, minVolume 5500 ≤ maxVolume, and initialVolume
            // 14000 within [0, maxVolume]. Every one is reported, each at its own key path.
            let paths = issues.compactMap { $0["path"]?.stringValue }.sorted()
            #expect(paths == ["nodes[2].initialVolume", "nodes[2].maxVolume", "nodes[2].minVolume"], "\(reply.text)")
            let upload = try await client.call(.post, "/api/models", token: token, body: broken, contentType: "application/yaml")
            #expect(upload.status == .unprocessableContent)
            let list = try await client.call(.get, "/api/models")
            #expect(list.json?["models"]?.arrayValue?.isEmpty == true)

            let valid = try await client.call(.post, "/api/models/validate", body: try Fixture.exampleBasin(), contentType: "application/yaml")
            #expect(valid.status == .ok)
            #expect(valid.json?["valid"] == .bool(true))
        }
    }

    @Test("YAML syntax errors carry line and column")
    func syntaxError() async throws {
        try await TestServer().test { client in
            let reply = try await client.call(.post, "/api/models/validate", body: "name: x\nnodes: [\n  {name: a", contentType: "application/yaml")
            #expect(reply.status == .unprocessableContent)
            #expect(reply.json?["error"]?["issues"]?.arrayValue?.first?["line"] != nil, "\(reply.text)")
        }
    }

    @Test("a Pywr model goes through the Pywr importer: valid ones validate, broken ones get its issues")
    func pywr() async throws {
        try await TestServer().test { client in
            let valid = #"{"metadata":{"title":"t"},"timestepper":{"start":"2000-01-01","end":"2000-01-03","timestep":1},"nodes":[{"name":"a","type":"input","max_flow":5},{"name":"b","type":"output","cost":-1}],"edges":[["a","b"]]}"#
            let ok = try await client.call(.post, "/api/models/validate", body: valid)
            #expect(ok.status == .ok, "\(ok.text)")
            #expect(ok.json?["format"] == .string("pywr"))
            #expect(ok.json?["steps"] == .number("3"))
            let broken = #"{"metadata":{"title":"t"},"timestepper":{"start":"2000-01-01","end":"2000-01-03","timestep":1},"nodes":[{"name":"a","type":"input","max_flow":"nope"}],"edges":[]}"#
            let reply = try await client.call(.post, "/api/models/validate", body: broken)
            #expect(reply.status == .unprocessableContent)
            let issue = reply.json?["error"]?["issues"]?.arrayValue?.first
            #expect(issue?["file"] == .string("upload"), "\(reply.text)")
            #expect(issue?["path"]?.stringValue?.isEmpty == false, "\(reply.text)")
        }
    }

    @Test("a model may not read CSV files from the server's disk")
    func noFiles() async throws {
        try await TestServer().test { client in
            let sneaky = try Fixture.exampleBasin().replacingOccurrences(
                of: "flow: {monthly: [40, 40, 55, 90, 140, 150, 120, 80, 55, 45, 42, 40]}",
                with: "flow: {csv: ../../../../etc/passwd, column: root}")
            let reply = try await client.call(.post, "/api/models/validate", body: sneaky, contentType: "application/yaml")
            #expect(reply.status == .unprocessableContent)
            #expect(reply.text.contains("cannot read CSV files"), "\(reply.text)")
            #expect(!reply.text.contains("root:x:0"))
        }
    }
}
