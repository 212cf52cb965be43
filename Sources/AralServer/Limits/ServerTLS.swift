import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import NIOSSL

/// HTTPS served by `aral serve` itself (`--tls-cert`, `--tls-key`): Hummingbird's TLS channel on
/// swift-nio-ssl, TLS 1.2 at least. Without both files the server speaks plain HTTP, meant for
/// loopback or for a reverse proxy that terminates TLS in front of it (docs/server.md).
enum ServerTLS {
    struct ConfigurationError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// The HTTP/1.1 server, with TLS when the configuration names a certificate and a key.
    static func serverBuilder(_ config: ServerConfiguration) throws -> HTTPServerBuilder {
        switch (config.tlsCertificateFile, config.tlsKeyFile) {
        case (nil, nil):
            return .http1()
        case (let cert?, let key?):
            return try .tls(.http1(), tlsConfiguration: try tlsConfiguration(certificateFile: cert, keyFile: key))
        case (nil, _):
            throw ConfigurationError(message: "--tls-key needs --tls-cert (the certificate chain, PEM)")
        case (_, nil):
            throw ConfigurationError(message: "--tls-cert needs --tls-key (the private key, PEM)")
        }
    }

    static func tlsConfiguration(certificateFile: String, keyFile: String) throws -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificateFile)
        } catch {
            throw ConfigurationError(message: "--tls-cert \(certificateFile): not a readable PEM certificate chain (\(error))")
        }
        guard !chain.isEmpty else { throw ConfigurationError(message: "--tls-cert \(certificateFile): no certificate in the file") }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: keyFile, format: .pem)
        } catch {
            throw ConfigurationError(message: "--tls-key \(keyFile): not a readable PEM private key (\(error))")
        }
        var tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        tls.minimumTLSVersion = .tlsv12
        return tls
    }
}
