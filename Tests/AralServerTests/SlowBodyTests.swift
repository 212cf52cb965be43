import Foundation
@testable import AralServer
import Hummingbird
import HummingbirdTesting
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Connections that send a request's header and trickle its body must not hold the expensive
/// endpoints' slots: 16 such connections, without a token, made every append, verify, proof,
/// upload and run a 503 for as long as they stayed open (found from outside). The body is read
/// first, within `bodyReadSeconds`, and a slot is taken only by a request that has arrived.
@Suite("Slow request bodies")
struct SlowBodyTests {
    /// Opens a TCP connection to the loopback port and sends `text`; the descriptor stays open.
    static func stall(port: Int, _ text: String) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return -1 }
        _ = text.withCString { send(fd, $0, strlen($0), 0) }
        return fd
    }

    /// What the server sends back on `fd` (empty if nothing within a minute). The wait is long
    /// because the whole suite runs at once: on CI's two cores the 1 s deadline's timer waited
    /// behind CPU-bound tests for more than 5 s. A passing run waits only for the deadline.
    static func reply(_ fd: Int32) -> String {
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = recv(fd, &buffer, buffer.count, 0)
        return n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : ""
    }

    @Test("stalled bodies leave the slots free and get a 408 after their deadline")
    func stalledBodies() async throws {
        var server = try TestServer()
        server.config.maxExpensiveInFlight = 2
        server.config.bodyReadSeconds = 1
        try await server.test(.live) { client in
            let port = try #require(client.port)
            let stalled = (0..<4).map { _ in
                Self.stall(port: port, "POST /api/ledger/entries HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
            }
            defer { for fd in stalled where fd >= 0 { close(fd) } }
            #expect(stalled.allSatisfy { $0 >= 0 })
            try await Task.sleep(for: .milliseconds(200))
            // More stalled requests than slots, and an expensive request still gets through.
            let verify = try await client.call(.get, "/api/ledger/verify")
            #expect(verify.status != .serviceUnavailable, "\(verify.text)")
            // Each stalled request is answered 408 once its body is late.
            let answer = Self.reply(stalled[0])
            #expect(answer.hasPrefix("HTTP/1.1 408"), "\(answer)")
            #expect(answer.contains("did not arrive within 1 s"), "\(answer)")
        }
    }
}
