import Foundation
import AralLedger
@testable import AralServer
import Hummingbird
import HummingbirdTesting
import Testing

/// The `aral` executable, to check that the server gives what the CLI gives for the same model.
/// Looked up as the CLI's own process tests look it up: `ARAL_BINARY`, then next to the test
/// bundle (`swift build --build-tests` puts it there).
enum AralBinary {
    static let path: String? = {
        let fm = FileManager.default
        if let explicit = ProcessInfo.processInfo.environment["ARAL_BINARY"], fm.isExecutableFile(atPath: explicit) { return explicit }
        var candidates: [URL] = []
        for start in [CommandLine.arguments.first, Bundle.main.executablePath].compactMap({ $0 }) {
            var dir = URL(fileURLWithPath: start).deletingLastPathComponent()
            for _ in 0..<4 {
                candidates.append(dir.appendingPathComponent("aral"))
                dir = dir.deletingLastPathComponent()
            }
        }
        return candidates.map(\.path).first { fm.isExecutableFile(atPath: $0) }
    }()

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs `aral args…` in the repository root; returns stdout (stderr in the thrown error).
    static func run(_ args: [String]) throws -> String {
        guard let path else { throw Missing() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = args
        process.currentDirectoryURL = repositoryRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        process.waitUntilExit()
        group.wait()
        guard process.terminationStatus == 0 else { throw Failed(status: process.terminationStatus, stderr: String(decoding: errData, as: UTF8.self)) }
        return String(decoding: outData, as: UTF8.self)
    }

    struct Missing: Error, CustomStringConvertible { var description: String { "the aral executable was not found; build it or set ARAL_BINARY" } }
    struct Failed: Error, CustomStringConvertible {
        var status: Int32
        var stderr: String
        var description: String { "aral exited \(status): \(stderr)" }
    }
}

/// JSON with every `seconds` member removed (wall times differ between two runs).
func withoutTimings(_ value: Any) -> Any {
    if let object = value as? [String: Any] {
        var copy: [String: Any] = [:]
        for (k, v) in object where k != "seconds" { copy[k] = withoutTimings(v) }
        return copy
    }
    if let array = value as? [Any] { return array.map(withoutTimings) }
    return value
}

func canonical(_ text: String) throws -> String {
    let object = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    return String(decoding: try JSONSerialization.data(withJSONObject: withoutTimings(object), options: [.sortedKeys, .fragmentsAllowed]), as: UTF8.self)
}

enum PlanFixture {
    static var path: String { AralBinary.repositoryRoot.appendingPathComponent("examples/plan-exchange.yaml").path }
    static func text() throws -> String { try String(contentsOfFile: path, encoding: .utf8) }
}

@Suite("Plans as 'aral plan --exchange' makes them")
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

    @Test("summary and obligations equal 'aral plan --exchange --json' for the same model and horizon",
          .enabled(if: AralBinary.path != nil, "skipped: the aral executable was not found (build it or set ARAL_BINARY)"))
    func sameAsCLI() async throws {
        let obligationsFile = FileManager.default.temporaryDirectory.appendingPathComponent("aral-obligations-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: obligationsFile) }
        let cli = try AralBinary.run(["plan", PlanFixture.path, "--from", "2000-01-01", "--to", "2000-12-31", "--exchange", "--json",
                                      "--obligations", obligationsFile.path])
        let cliObligations = try String(contentsOf: obligationsFile, encoding: .utf8)
        try await TestServer().test { client in
            let (id, record) = try await Self.plan(client) { #"{"model":"\#($0)","from":"2000-01-01","to":"2000-12-31"}"# }
            #expect(record.json?["status"] == .string("done"), "\(record.text)")
            let summary = try await client.call(.get, "/api/runs/\(id)/summary")
            #expect(summary.status == .ok)
            #expect(try canonical(summary.text) == (try canonical(cli)))
            let obligations = try await client.call(.get, "/api/runs/\(id)/exchange")
            #expect(try canonical(obligations.text) == (try canonical(cliObligations)))
            #expect((obligations.json?["obligations"]?.arrayValue?.count ?? 0) > 0, "\(obligations.text)")
        }
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
            let exchange = try await client.call(.get, "/runs/\(id)/exchange")
            #expect(exchange.status == .ok)
            #expect(exchange.text.contains("class=\"obligations\""), "\(exchange.text)")
            let volume = try await client.call(.get, "/api/runs/\(id)/results?node=upper-dam&attribute=volume")
            #expect(volume.json?["series"]?[0]?["values"]?.arrayValue?.count == 12, "\(volume.text)")
            let node = try await client.call(.get, "/runs/\(id)/nodes/upper-dam")
            #expect(node.status == .ok)
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
    /// Element `index` of an array (nil otherwise), for reading replies in tests.
    subscript(index: Int) -> JSONValue? {
        guard case .array(let items) = self, items.indices.contains(index) else { return nil }
        return items[index]
    }
}
