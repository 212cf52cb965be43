import Foundation
import AralLedger
@testable import AralServer
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

/// Every log line the server writes, kept for the test to read.
final class CapturedLog: Sendable {
    let lines = Mutex<[String]>([])

    var logger: Logger {
        var logger = Logger(label: "aral.server.test") { _ in Handler(log: self) }
        logger.logLevel = .trace
        return logger
    }

    var text: String { lines.withLock { $0.joined(separator: "\n") } }

    struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            log.lines.withLock { $0.append("\(event.level) \(event.message) \(event.metadata ?? [:]) \(self.metadata) \(event.error.map { "\($0)" } ?? "")") }
        }
    }
}

/// Issue 17, item 10: the secretariat's token is rotatable and revocable and never logged.
@Suite("Secrets")
struct SecretsTests {
    /// A server whose secretariat token is generated (none configured).
    static func generatedTokenServer() throws -> TestServer {
        var server = try TestServer()
        server.config.secretariatToken = nil
        return server
    }

    static func tokenFile(_ server: TestServer) -> String {
        guard case .sqlite(let path) = server.config.database else { return "" }
        return path + ".secretariat-token"
    }

    static func readToken(_ server: TestServer) throws -> String {
        try String(contentsOfFile: tokenFile(server), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("a generated token is written to a 0600 file and never appears in a log line")
    func generatedTokenNotLogged() async throws {
        let server = try Self.generatedTokenServer()
        defer { server.cleanUp() }
        let log = CapturedLog()
        _ = try await ServerState.open(server.config, logger: log.logger)
        let token = try Self.readToken(server)
        #expect(token.count == 64)
        let mode = try FileManager.default.attributesOfItem(atPath: Self.tokenFile(server))[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(log.text.contains("secretariat bearer token written to"), "\(log.text)")
        #expect(!log.text.contains(token), "the token is in the log:\n\(log.text)")
    }

    @Test("with PostgreSQL and no token file the token is printed once to standard output, not logged")
    func postgresTokenPrintedNotLogged() {
        let log = CapturedLog()
        let printed = Mutex<[String]>([])
        let config = ServerConfiguration(database: .postgres(url: "postgres://aral:secret@db.internal/aral"))
        let token = Authenticator.newToken()
        SecretariatTokenNotice.announce(token: token, config: config, logger: log.logger) { line in printed.withLock { $0.append(line) } }
        #expect(printed.withLock { $0.count == 1 && $0[0].contains(token) })
        #expect(!log.text.contains(token), "the token is in the log:\n\(log.text)")
        #expect(log.text.contains("printed once to standard output"))
    }

    @Test("POST /api/secretariat/token rotates: the new token works, every earlier one is revoked")
    func rotateThroughAPI() async throws {
        let server = try Self.generatedTokenServer()
        defer { server.cleanUp() }
        let app = try await buildApplication(server.config)
        let first = try Self.readToken(server)
        try await app.test(.router) { client in
            #expect(try await client.call(.post, "/api/parties", token: first, body: #"{"code":"UP","name":"Upstream"}"#).status == .created)
            let rotated = try await client.call(.post, "/api/secretariat/token", token: first)
            #expect(rotated.status == .created, "\(rotated.text)")
            let second = try #require(rotated.json?["token"]?.stringValue)
            #expect(second != first)
            let old = try await client.call(.post, "/api/parties", token: first, body: #"{"code":"DN","name":"Downstream"}"#)
            #expect(old.status == .unauthorized, "the old token still works: \(old.text)")
            let new = try await client.call(.post, "/api/parties", token: second, body: #"{"code":"DN","name":"Downstream"}"#)
            #expect(new.status == .created, "\(new.text)")
            // A party may not rotate the secretariat's token.
            let dnToken = try #require(new.json?["token"]?.stringValue)
            #expect(try await client.call(.post, "/api/secretariat/token", token: dnToken).status == .forbidden)
        }
    }

    @Test("a configured token is not rotated through the API (the file is the source of truth)")
    func configuredTokenNotRotatedByAPI() async throws {
        try await TestServer().test { client in
            let reply = try await client.call(.post, "/api/secretariat/token", token: TestServer.secretariatToken)
            #expect(reply.status == .conflict, "\(reply.text)")
            #expect(try await client.call(.post, "/api/parties", token: TestServer.secretariatToken, body: #"{"code":"UP","name":"Up"}"#).status == .created)
        }
    }

    @Test("--rotate-secretariat-token revokes the old token at start; a new configured token revokes the old configured one")
    func rotateAtStart() async throws {
        var server = try Self.generatedTokenServer()
        defer { server.cleanUp() }
        _ = try await ServerState.open(server.config, logger: Logger(label: "test"))
        let first = try Self.readToken(server)
        server.config.rotateSecretariatToken = true
        let state = try await ServerState.open(server.config, logger: Logger(label: "test"))
        let second = try Self.readToken(server)
        #expect(second != first)
        #expect(try await state.store.party(tokenHash: Authenticator.hash(first)) == nil, "the old token was not revoked")
        #expect(try await state.store.party(tokenHash: Authenticator.hash(second))?.isSecretariat == true)

        server.config.rotateSecretariatToken = false
        server.config.secretariatToken = "configured-token-one-0123456789abcdef"
        _ = try await ServerState.open(server.config, logger: Logger(label: "test"))
        server.config.secretariatToken = "configured-token-two-0123456789abcdef"
        let last = try await ServerState.open(server.config, logger: Logger(label: "test"))
        #expect(try await last.store.party(tokenHash: Authenticator.hash("configured-token-one-0123456789abcdef")) == nil)
        #expect(try await last.store.party(tokenHash: Authenticator.hash(second)) == nil)
        #expect(try await last.store.party(tokenHash: Authenticator.hash("configured-token-two-0123456789abcdef"))?.isSecretariat == true)
    }
}
