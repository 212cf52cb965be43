import Foundation
import AralLedger
@testable import AralServer
import Hummingbird
import HummingbirdTesting
import Testing

/// A server configuration over a fresh temporary SQLite file, with a known secretariat token.
struct TestServer {
    static let secretariatToken = "secretariat-test-token-0123456789"
    let directory: URL
    var config: ServerConfiguration

    init(maxBodyBytes: Int = 1 << 20) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("aral-server-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        config = ServerConfiguration(host: "127.0.0.1", port: 0, database: .sqlite(path: directory.appendingPathComponent("aral.sqlite").path))
        config.secretariatToken = Self.secretariatToken
        config.maxBodyBytes = maxBodyBytes
        // Tests make requests in bursts from one client; the rate limit has its own tests.
        config.rateLimitPerSecond = 0
    }

    /// A server whose model library is the repository's `models/` (`aral serve`'s default): the
    /// shipped Syr Darya and Amu Darya with their CSVs and scenarios.
    static func withShippedLibrary(maxBodyBytes: Int = 1 << 20) throws -> TestServer {
        var server = try TestServer(maxBodyBytes: maxBodyBytes)
        server.config.modelsDirectory = ShippedModels.directory
        return server
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Builds the application and runs `body` against it through Hummingbird's test client.
    func test<T: Sendable>(_ mode: TestingSetup = .router, _ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        defer { cleanUp() }
        let app = try await buildApplication(config)
        return try await app.test(mode) { client in try await body(client) }
    }
}

/// The repository's example basin: 10 years, monthly, two parties, a plant and a lake.
enum Fixture {
    static var exampleBasinPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples/basin.yaml").path
    }

    static func exampleBasin() throws -> String {
        try String(contentsOfFile: exampleBasinPath, encoding: .utf8)
    }

    /// The example with a different `name:` line.
    static func exampleBasin(named name: String) throws -> String {
        try exampleBasin().replacingOccurrences(of: "name: example-basin", with: "name: \(name)")
    }
}

/// A response, its JSON parsed with the ledger's strict parser.
struct Reply {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var text: String

    /// The body as JSON. Parsed with Foundation's decoder (the ledger's parser accepts only
    /// canonical numbers, and summaries carry exponents); integers keep their digits.
    var json: JSONValue? { (try? JSONDecoder().decode(AnyJSON.self, from: Data(text.utf8)))?.value }

    var errorMessage: String { json?["error"]?["message"]?.stringValue ?? "" }
    var errorPath: String? { json?["error"]?["path"]?.stringValue }
}

extension TestClientProtocol {
    func call(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, body: String? = nil,
              contentType: String? = "application/json") async throws -> Reply {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if body != nil, let contentType { headers[.contentType] = contentType }
        let response = try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        return Reply(status: response.status, headers: response.headers, text: String(buffer: response.body))
    }

    /// Issues a party token through the API (as the secretariat).
    func issueToken(code: String, name: String) async throws -> String {
        let reply = try await call(.post, "/api/parties", token: TestServer.secretariatToken, body: #"{"code":"\#(code)","name":"\#(name)"}"#)
        #expect(reply.status == .created, "\(reply.text)")
        return reply.json?["token"]?.stringValue ?? ""
    }

    func uploadExample(token: String, name: String? = nil) async throws -> String {
        let query = name.map { "?name=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") } ?? ""
        let reply = try await call(.post, "/api/models" + query, token: token, body: try Fixture.exampleBasin(), contentType: "application/yaml")
        #expect(reply.status == .created, "\(reply.text)")
        return reply.json?["id"]?.stringValue ?? ""
    }

    /// Starts a run (`POST /api/runs` with `body`, which must be accepted) and waits for it to
    /// finish: its id and its last state.
    func finishedRun(token: String, body: String) async throws -> (id: String, reply: Reply) {
        let started = try await call(.post, "/api/runs", token: token, body: body)
        #expect(started.status == .accepted, "\(started.text)")
        let id = try #require(started.json?["id"]?.stringValue, "\(started.text)")
        return (id, try await waitForRun(id))
    }

    /// Polls the run until it has finished (bounded; the example basin takes well under a second).
    func waitForRun(_ id: String) async throws -> Reply {
        var reply = try await call(.get, "/api/runs/\(id)")
        for _ in 0..<1200 {
            if let status = reply.json?["status"]?.stringValue, RunStatus(rawValue: status)?.isFinished == true { return reply }
            try await Task.sleep(for: .milliseconds(25))
            reply = try await call(.get, "/api/runs/\(id)")
        }
        return reply
    }
}

/// Keys and signed entries for ledger tests. One fixture is one ledger identity: its genesis has a
/// fixed nonce, so `genesis()` is the same entry each time and every entry is signed for it.
struct LedgerFixture {
    let secretariat = PartyKey.generate(party: "SEC")
    let up = PartyKey.generate(party: "UP")
    let down = PartyKey.generate(party: "DN")
    let nonce = LedgerIdentity.randomNonce()

    var parties: [Party] {
        [Party(code: "SEC", name: "Secretariat", publicKey: secretariat.publicKey),
         Party(code: "UP", name: "Upstream", publicKey: up.publicKey),
         Party(code: "DN", name: "Downstream", publicKey: down.publicKey)]
    }

    /// The identity of the ledger `genesis()` founds.
    var id: LedgerID { LedgerIdentity.of(genesisBody: Ledger.genesisEntry(name: "test ledger", parties: parties, secretariat: "SEC", nonce: nonce).body) }

    func genesis() throws -> LedgerEntry {
        var entry = Ledger.genesisEntry(name: "test ledger", parties: parties, secretariat: "SEC", nonce: nonce)
        for key in [secretariat, up, down] { try entry.sign(with: key, ledger: id) }
        return entry
    }

    /// An obligation of DN to UP, signed by DN (the debtor).
    func obligation(id entryID: String, mwh: String = "1000", note: String = "summer energy", signer: PartyKey? = nil) throws -> LedgerEntry {
        var entry = LedgerEntry(id: entryID, kind: .obligation, body: [
            "from": "DN", "to": "UP", "energy": ["mwh": .number(mwh)],
            "period": ["start": "2026-10-01", "end": "2027-03-31"], "note": .string(note),
        ])
        try entry.sign(with: signer ?? down, ledger: id)
        return entry
    }

    static func text(_ entry: LedgerEntry) -> String { CanonicalJSON.encodeString(entry.json) }
}

/// Any JSON, decoded by `JSONDecoder`, as the ledger's `JSONValue`.
struct AnyJSON: Decodable {
    var value: JSONValue

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { value = .null }
        else if let b = try? c.decode(Bool.self) { value = .bool(b) }
        else if let i = try? c.decode(Int64.self) { value = .number(String(i)) }
        else if let d = try? c.decode(Double.self) { value = .number(String(d)) }
        else if let s = try? c.decode(String.self) { value = .string(s) }
        else if let a = try? c.decode([AnyJSON].self) { value = .array(a.map(\.value)) }
        else { value = .object(try c.decode([String: AnyJSON].self).mapValues(\.value)) }
    }
}
