import Foundation
import HTTPTypes
@testable import AralServer
import Hummingbird
import HummingbirdTesting
import HummingbirdTLS
import NIOSSL
import Testing

/// Issue 17, item 10: `aral serve --tls-cert --tls-key` serves HTTPS itself. The test makes a
/// self-signed certificate with `openssl`, starts the server on a loopback port and talks to it
/// over a real TLS connection (swift-nio-ssl's client), trusting only that certificate.
@Suite("TLS")
struct TLSTests {
    /// A self-signed P-256 certificate for localhost and 127.0.0.1, valid for a day.
    static func makeCertificate(in directory: URL) throws -> (cert: String, key: String) {
        let cert = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                             "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost",
                             "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "openssl req failed")
        return (cert, key)
    }

    @Test("a TLS client that trusts the server's certificate gets /health over HTTPS; one that does not is refused")
    func handshake() async throws {
        var server = try TestServer()
        let files = try Self.makeCertificate(in: server.directory)
        server.config.tlsCertificateFile = files.cert
        server.config.tlsKeyFile = files.key
        let trusted = try NIOSSLCertificate.fromPEMFile(files.cert)
        try await server.test(.live) { client in
            let port = try #require(client.port)
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .certificates(trusted)
            let https = TestClient(host: "localhost", port: port, configuration: .init(tlsConfiguration: tls, serverName: "localhost"))
            https.connect()
            let response = try await https.get("/health")
            #expect(response.status == .ok)
            #expect(response.body.map { String(buffer: $0) } == #"{"ok":true}"#)
            let hsts = try #require(HTTPField.Name("Strict-Transport-Security"))
            #expect(response.headers[hsts] == "max-age=31536000")
            try await https.shutdown()

            // The system's trust store does not know the self-signed certificate: no handshake.
            let untrusting = TestClient(host: "localhost", port: port,
                                        configuration: .init(tlsConfiguration: .makeClientConfiguration(), timeout: .seconds(5), serverName: "localhost"))
            untrusting.connect()
            await #expect(throws: (any Error).self) { _ = try await untrusting.get("/health") }
            try? await untrusting.shutdown()
        }
    }

    @Test("a certificate without its key, or an unreadable one, stops the start with a message naming the option")
    func badFiles() async throws {
        var server = try TestServer()
        defer { server.cleanUp() }
        server.config.tlsCertificateFile = server.directory.appendingPathComponent("missing.pem").path
        await #expect(throws: ServerTLS.ConfigurationError.self) { _ = try await buildApplication(server.config) }
        server.config.tlsKeyFile = server.directory.appendingPathComponent("missing-key.pem").path
        do {
            _ = try await buildApplication(server.config)
            Issue.record("a missing certificate file was accepted")
        } catch let error as ServerTLS.ConfigurationError {
            #expect(error.message.contains("--tls-cert"))
        }
    }
}
