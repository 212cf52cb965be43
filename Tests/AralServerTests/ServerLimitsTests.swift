import Foundation
import AralModel
import AralSchema
import AralLedger
@testable import AralServer
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import Testing
import GRDB

/// Issue 17, items 8 and 9: every input and every piece of work the server accepts is bounded,
/// and a request over a bound is refused with a clear 4xx before any work is done.
@Suite("Server limits")
struct ServerLimitsTests {
    /// The model of issue 17 that ended the server: 20,000 levels of nesting, in flow and in block style.
    enum DeepModel: String, CaseIterable, CustomTestStringConvertible {
        case flow, block
        var text: String {
            switch self {
            case .flow: "name: deep\nnodes: " + String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000) + "\n"
            case .block: "name: deep\nnodes:\n" + String(repeating: "- ", count: 20_000) + "x\n"
            }
        }
        var testDescription: String { "\(rawValue) style" }
    }

    @Test("a model nested 20,000 levels deep is a 413 at validate and upload, and the server keeps serving",
          arguments: DeepModel.allCases)
    func deepModelRefused(_ deep: DeepModel) async throws {
        let model = deep.text
        try await TestServer().test { client in
            let validate = try await client.call(.post, "/api/models/validate", body: model, contentType: "application/yaml")
            #expect(validate.status == .contentTooLarge, "\(validate.text)")
            #expect(validate.errorMessage.contains("more than 64 levels"), "\(validate.text)")
            #expect(validate.json?["error"]?["issues"]?[0]?["line"] != nil)
            let token = try await client.issueToken(code: "UP", name: "Upstream")
            let upload = try await client.call(.post, "/api/models", token: token, body: model, contentType: "application/yaml")
            #expect(upload.status == .contentTooLarge)
            #expect(try await client.call(.get, "/health").status == .ok)
            #expect(try await client.call(.get, "/api/models").json?["models"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test("a deep JSON body to a JSON route is a 413 before it is parsed")
    func deepJSONRefused() async throws {
        try await TestServer().test { client in
            let token = try await client.issueToken(code: "UP", name: "Upstream")
            let body = #"{"model": "#  + String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000) + "}"
            let reply = try await client.call(.post, "/api/runs", token: token, body: body)
            #expect(reply.status == .contentTooLarge, "\(reply.text)")
        }
    }

    @Test("more YAML alias references than --max-yaml-aliases is a 413")
    func aliasesRefused() async throws {
        var server = try TestServer()
        server.config.maxYAMLAliases = 2
        try await server.test { client in
            let model = try Fixture.exampleBasin() + "x-a: &a [1, 2]\nx-b: [*a, *a, *a]\n"
            let reply = try await client.call(.post, "/api/models/validate", body: model, contentType: "application/yaml")
            #expect(reply.status == .contentTooLarge, "\(reply.text)")
            #expect(reply.errorMessage.contains("alias"))
        }
    }

    @Test("a model above steps × nodes is refused at validate, upload and run; nothing is stored or queued")
    func modelCellsRefused() async throws {
        var server = try TestServer()
        // The example basin is 120 months × 11 nodes = 1,320 cells.
        server.config.maxModelCells = 1_000
        try await server.test { client in
            let validate = try await client.call(.post, "/api/models/validate", body: try Fixture.exampleBasin(), contentType: "application/yaml")
            #expect(validate.status == .contentTooLarge, "\(validate.text)")
            #expect(validate.errorMessage.contains("120 steps × 11 nodes = 1320 cells"), "\(validate.text)")
            let token = try await client.issueToken(code: "UP", name: "Upstream")
            let upload = try await client.call(.post, "/api/models", token: token, body: try Fixture.exampleBasin(), contentType: "application/yaml")
            #expect(upload.status == .contentTooLarge)
            #expect(try await client.call(.get, "/api/models").json?["models"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test("a daily timestepper from year 1 to 9999 is refused before anything is queued")
    func year9999Refused() async throws {
        try await TestServer().test { client in
            let model = try Fixture.exampleBasin()
                .replacingOccurrences(of: "start: 2000-01-01", with: "start: 0001-01-01")
                .replacingOccurrences(of: "end: 2009-12-31", with: "end: 9999-12-31")
                .replacingOccurrences(of: "step: monthly", with: "step: daily")
            let reply = try await client.call(.post, "/api/models/validate", body: model, contentType: "application/yaml")
            #expect(reply.status == .contentTooLarge, "\(reply.text)")
            #expect(reply.errorMessage.contains("3652059 steps × 11 nodes"), "\(reply.text)")
            #expect(reply.errorPath == "timestepper")
        }
    }

    @Test("the step count read from a timestepper's dates is exactly the compiled calendar's", arguments: [
        ("2000-01-01", "2009-12-31", "monthly"), ("2000-01-15", "2000-03-01", "monthly"), ("1999-12-31", "2000-01-01", "M"),
        ("2000-01-01", "2000-12-31", "daily"), ("1900-02-27", "2100-03-01", "daily"), ("2000-01-01", "2000-01-01", "D"),
        ("2000-01-01", "2000-12-31", "7"), ("2000-01-01", "2000-01-07", "7"), ("2000-01-01", "2000-01-08", "7"), ("2001-03-01", "2001-02-28", "daily"),
    ])
    func stepCountExact(_ start: String, _ end: String, _ step: String) throws {
        let estimated = TimestepperDocument(start: start, end: end, step: step).stepCount
        let s = try #require(CivilDate(parsing: start)), e = try #require(CivilDate(parsing: end))
        let length: StepLength = step == "daily" || step == "D" ? .daily : step == "monthly" || step == "M" ? .monthly : .days(Int(step) ?? 0)
        let compiled = TimeStepper(start: s, end: e, length: length).steps().count
        #expect(estimated == (e < s ? nil : compiled), "\(start)…\(end) \(step)")
    }

    /// One run at a time, two per party, each run held after its first step until stopped.
    static func queueOfTwo() throws -> TestServer {
        var server = try TestServer()
        server.config.concurrentRuns = 1
        server.config.maxQueuedRunsPerParty = 2
        server.config.holdRunsUntilStoppedForTesting = .seconds(120)
        return server
    }

    @Test("a party's full run queue is a 429 with Retry-After; another party still gets in")
    func queueFull() async throws {
        try await Self.queueOfTwo().test { client in
            let up = try await client.issueToken(code: "UP", name: "Upstream")
            let dn = try await client.issueToken(code: "DN", name: "Downstream")
            let model = try await client.uploadExample(token: up)
            var started: [String] = []
            for _ in 0..<2 {
                let reply = try await client.call(.post, "/api/runs", token: up, body: #"{"model":"\#(model)"}"#)
                #expect(reply.status == .accepted, "\(reply.text)")
                started.append(reply.json?["id"]?.stringValue ?? "")
            }
            let refused = try await client.call(.post, "/api/runs", token: up, body: #"{"model":"\#(model)"}"#)
            #expect(refused.status == .tooManyRequests, "\(refused.text)")
            #expect(Int(refused.headers[.retryAfter] ?? "") ?? 0 >= 1, "Retry-After: \(refused.headers[.retryAfter] ?? "none")")
            #expect(refused.errorMessage.contains("'UP' already has 2 runs"))
            let other = try await client.call(.post, "/api/runs", token: dn, body: #"{"model":"\#(model)"}"#)
            #expect(other.status == .accepted, "\(other.text)")
            started.append(other.json?["id"]?.stringValue ?? "")
            #expect(try await client.call(.get, "/api/runs").json?["runs"]?.arrayValue?.count == 3, "the refused run was stored")
            for id in started {
                _ = try await client.call(.post, "/api/runs/\(id)/cancel", token: TestServer.secretariatToken)
                _ = try await client.waitForRun(id)
            }
            // Finished runs leave the queue: the party may start again.
            let again = try await client.call(.post, "/api/runs", token: up, body: #"{"model":"\#(model)"}"#)
            #expect(again.status == .accepted, "\(again.text)")
            if let id = again.json?["id"]?.stringValue {
                _ = try await client.call(.post, "/api/runs/\(id)/cancel", token: TestServer.secretariatToken)
                _ = try await client.waitForRun(id)
            }
        }
    }

    /// Found from outside: a cancelled run still waiting for a slot stayed `queued` and held its
    /// owner's place until the run ahead finished.
    @Test("cancelling a queued run frees its place at once; the run ahead keeps going")
    func cancelQueued() async throws {
        try await Self.queueOfTwo().test { client in
            let up = try await client.issueToken(code: "UP", name: "Upstream")
            let model = try await client.uploadExample(token: up)
            let first = try await client.call(.post, "/api/runs", token: up, body: #"{"model":"\#(model)"}"#)
            let second = try await client.call(.post, "/api/runs", token: up, body: #"{"model":"\#(model)"}"#)
            let running = try #require(first.json?["id"]?.stringValue), queued = try #require(second.json?["id"]?.stringValue)
            let cancel = try await client.call(.post, "/api/runs/\(queued)/cancel", token: up)
            #expect(cancel.status == .accepted, "\(cancel.text)")
            let done = try await client.waitForRun(queued)
            #expect(done.json?["status"]?.stringValue == "cancelled", "\(done.text)")
            #expect(try await client.call(.get, "/api/runs/\(running)").json?["status"]?.stringValue != "cancelled")
            // Its place is free while the first still runs.
            let third = try await client.call(.post, "/api/runs", token: up, body: #"{"model":"\#(model)"}"#)
            #expect(third.status == .accepted, "\(third.text)")
            // The queue is full again: a plan is refused before its inputs are made.
            let plan = try await client.call(.post, "/api/plans", token: up, body: #"{"model":"\#(model)"}"#)
            #expect(plan.status == .tooManyRequests, "\(plan.text)")
            for id in [running, third.json?["id"]?.stringValue ?? ""] {
                _ = try await client.call(.post, "/api/runs/\(id)/cancel", token: TestServer.secretariatToken)
                _ = try await client.waitForRun(id)
            }
        }
    }

    @Test("a client over the rate of expensive requests gets 429 with Retry-After; cheap reads are not limited")
    func rateLimited() async throws {
        var server = try TestServer()
        server.config.rateLimitBurst = 3
        server.config.rateLimitPerSecond = 0.01  // a token every 100 s: none comes back during the test
        try await server.test { client in
            let model = try Fixture.exampleBasin()
            for i in 0..<3 {
                let reply = try await client.call(.post, "/api/models/validate", body: model, contentType: "application/yaml")
                #expect(reply.status == .ok, "request \(i): \(reply.text)")
            }
            let refused = try await client.call(.post, "/api/models/validate", body: model, contentType: "application/yaml")
            #expect(refused.status == .tooManyRequests, "\(refused.text)")
            let retry = Int(refused.headers[.retryAfter] ?? "") ?? 0
            #expect(retry >= 90 && retry <= 100, "Retry-After \(retry)")
            #expect(try await client.call(.get, "/api/ledger/verify").status == .tooManyRequests)
            for _ in 0..<10 { #expect(try await client.call(.get, "/api/models").status == .ok) }
        }
    }

    @Test("the token bucket refills at its rate and up to its burst")
    func tokenBucket() {
        let limiter = ClientRateLimiter(perSecond: 2, burst: 2)
        let t0 = ContinuousClock().now
        #expect(limiter.take(client: "a", now: t0) == .allowed)
        #expect(limiter.take(client: "a", now: t0) == .allowed)
        #expect(limiter.take(client: "a", now: t0) == .refused(retryAfterSeconds: 1))
        #expect(limiter.take(client: "b", now: t0) == .allowed, "buckets are per client")
        #expect(limiter.take(client: "a", now: t0 + .milliseconds(500)) == .allowed, "half a second refills one token at 2/s")
        #expect(limiter.take(client: "a", now: t0 + .milliseconds(500)) == .refused(retryAfterSeconds: 1))
        // A long pause refills only up to the burst.
        let later = t0 + .seconds(3600)
        #expect(limiter.take(client: "a", now: later) == .allowed)
        #expect(limiter.take(client: "a", now: later) == .allowed)
        #expect(limiter.take(client: "a", now: later) != .allowed)
    }

    @Test("the expensive endpoints are exactly the ones that compile, queue, verify, prove or solve")
    func expensiveEndpoints() {
        typealias Gate = RateLimitedResponder<RouterResponder<BasicRequestContext>>
        for path in ["/api/models", "/api/models/validate", "/api/runs", "/api/plans/", "/api/ledger/entries", "/api/ledger/heads",
                     "/api/corridors/central-asia/assignment"] {
            #expect(Gate.isExpensive(method: .post, path: path), "POST \(path)")
        }
        for path in ["/api/ledger/verify", "/ledger/verify", "/api/ledger/proofs/inclusion", "/api/ledger/proofs/consistency"] {
            #expect(Gate.isExpensive(method: .get, path: path), "GET \(path)")
        }
        for (method, path) in [(HTTPRequest.Method.get, "/api/models"), (.get, "/api/runs/r-1/summary"), (.get, "/api/ledger/head"),
                               (.get, "/health"), (.post, "/api/runs/r-1/cancel"), (.post, "/api/parties"), (.get, "/")] {
            #expect(!Gate.isExpensive(method: method, path: path), "\(method) \(path)")
        }
    }

    @Test("an IPv6 client is one bucket per /64; IPv4 and IPv4-mapped clients per address")
    func clientKeys() throws {
        typealias Gate = RateLimitedResponder<RouterResponder<BasicRequestContext>>
        func key(_ ip: String) throws -> String { Gate.clientKey(try SocketAddress(ipAddress: ip, port: 1)) }
        #expect(try key("2001:db8:1:2::1") == "2001:db8:1:2::/64")
        #expect(try key("2001:db8:1:2:aaaa:bbbb:cccc:dddd") == key("2001:db8:1:2::1"))
        #expect(try key("2001:db8:1:3::1") != key("2001:db8:1:2::1"))
        #expect(try key("192.0.2.7") == "192.0.2.7")
        #expect(try key("::ffff:192.0.2.7") != key("::ffff:192.0.2.8"))
        #expect(Gate.clientKey(nil) == "unknown")
        #expect(Gate.ipv6Groups("::1") == [0, 0, 0, 0, 0, 0, 0, 1])
        #expect(Gate.ipv6Groups("fe80::1%eth0") == [0xFE80, 0, 0, 0, 0, 0, 0, 1])
        #expect(Gate.ipv6Groups("::ffff:192.0.2.7") == [0, 0, 0, 0, 0, 0xFFFF, 0xC000, 0x0207])
        #expect(Gate.ipv6Groups("1:2:3") == nil)
        #expect(Gate.ipv6Groups("1::2::3") == nil)
    }

    @Test("/api/ledger/verify is verified once per tree size; an append or a new head verifies again")
    func verifyCached() async throws {
        let keys = LedgerFixture()
        let server = try TestServer()
        defer { server.cleanUp() }
        let state = try await ServerState.open(server.config, logger: Logger(label: "test"))
        let app = Application(router: buildRouter(state))
        try await app.test(.router) { client in
            _ = try await client.call(.post, "/api/ledger/entries", token: TestServer.secretariatToken, body: LedgerFixture.text(try keys.genesis()))
            let first = try await client.call(.get, "/api/ledger/verify")
            #expect(first.json?["ok"] == .bool(true), "\(first.text)")
            let second = try await client.call(.get, "/api/ledger/verify")
            let page = try await client.call(.get, "/ledger/verify")
            #expect(second.text == first.text)
            #expect(page.status == .ok)
            #expect(state.verifyCache.verificationsRun == 1)
            _ = try await client.call(.post, "/api/ledger/entries", token: TestServer.secretariatToken, body: LedgerFixture.text(try keys.obligation(id: "ob-1")))
            let grown = try await client.call(.get, "/api/ledger/verify")
            #expect(grown.json?["entries"] == .number("2"), "\(grown.text)")
            #expect(state.verifyCache.verificationsRun == 2)
            state.verifyCache.invalidate()
            _ = try await client.call(.get, "/api/ledger/verify")
            #expect(state.verifyCache.verificationsRun == 3)
        }
    }

    /// Found from outside: an entry edited in the SQLite file behind the server's back (its
    /// trigger dropped) still read "verified", the result being kept per tree size.
    @Test("an edit of the ledger file by another connection is verified again, and caught")
    func verifyAfterTamper() async throws {
        let keys = LedgerFixture()
        let server = try TestServer()
        defer { server.cleanUp() }
        guard case .sqlite(let path) = server.config.database else { return }
        let state = try await ServerState.open(server.config, logger: Logger(label: "test"))
        let app = Application(router: buildRouter(state))
        try await app.test(.router) { client in
            _ = try await client.call(.post, "/api/ledger/entries", token: TestServer.secretariatToken, body: LedgerFixture.text(try keys.genesis()))
            _ = try await client.call(.post, "/api/ledger/entries", token: TestServer.secretariatToken, body: LedgerFixture.text(try keys.obligation(id: "ob-1")))
            let before = try await client.call(.get, "/api/ledger/verify")
            #expect(before.json?["ok"] == .bool(true), "\(before.text)")
            // Another process's edit: the trigger dropped, an entry's bytes changed.
            let other = try DatabaseQueue(path: path)
            try await other.write { db in
                try db.execute(sql: "DROP TRIGGER entries_no_update")
                try db.execute(sql: "UPDATE entries SET entry = replace(entry, 'ob-1', 'ob-2') WHERE idx = 1")
            }
            try other.close()
            let after = try await client.call(.get, "/api/ledger/verify")
            #expect(after.json?["ok"] == .bool(false), "\(after.text)")
            #expect(state.verifyCache.verificationsRun == 2)
        }
    }

    @Test("concurrent verify requests share one verification")
    func verifyCoalesced() async throws {
        let cache = LedgerVerifyCache()
        let value: JSONValue = ["ok": true]
        try await withThrowingTaskGroup(of: JSONValue.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await cache.report(size: 7) {
                        try await Task.sleep(for: .milliseconds(50))
                        return value
                    }
                }
            }
            for try await result in group { #expect(result == value) }
        }
        #expect(cache.verificationsRun == 1)
    }

    @Test("an agreement with 400,000 party codes from a party that did not sign it: 403 before its schema is checked")
    func hugeAgreementRefusedFirst() async throws {
        let keys = LedgerFixture()
        var server = try TestServer(maxBodyBytes: 16 << 20)
        server.config.maxJSONArrayItems = 1_000_000  // let the body through the shape scan: the order of checks is under test
        try await server.test { client in
            _ = try await client.call(.post, "/api/ledger/entries", token: TestServer.secretariatToken, body: LedgerFixture.text(try keys.genesis()))
            let token = try await client.issueToken(code: "UP", name: "Upstream")
            let codes = (0..<400_000).map { "\"P\($0)\"" }.joined(separator: ",")
            let entry = #"{"id":"big","kind":"agreement","body":{"title":"t","period":{"start":"2026-01-01","end":"2026-12-31"},"parties":[\#(codes)],"terms":[]},"signatures":[]}"#
            let clock = ContinuousClock()
            let started = clock.now
            let reply = try await client.call(.post, "/api/ledger/entries", token: token, body: entry)
            let elapsed = clock.now - started
            #expect(reply.status == .forbidden, "\(reply.text.prefix(300))")
            #expect(reply.errorMessage.contains("not signed by 'UP'"))
            #expect(elapsed < .seconds(30), "took \(elapsed)")
        }
    }

    @Test("with the default limits the 400,000-code agreement is a 413 at the shape scan")
    func hugeAgreementTooLarge() async throws {
        var server = try TestServer(maxBodyBytes: 16 << 20)
        server.config.maxJSONArrayItems = 1_000
        try await server.test { client in
            let token = try await client.issueToken(code: "UP", name: "Upstream")
            let codes = (0..<400_000).map { "\"P\($0)\"" }.joined(separator: ",")
            let entry = #"{"id":"big","kind":"agreement","body":{"parties":[\#(codes)]},"signatures":[]}"#
            let reply = try await client.call(.post, "/api/ledger/entries", token: token, body: entry)
            #expect(reply.status == .contentTooLarge, "\(reply.text.prefix(300))")
            #expect(reply.errorMessage.contains("more than 1000 items"))
        }
    }
}

@Suite("Expensive requests in flight")
struct InFlightLimitTests {
    @Test("at most `limit` places are taken at once; a released place is free again")
    func places() {
        let limit = InFlightLimit(limit: 2)
        #expect(limit.tryAcquire())
        #expect(limit.tryAcquire())
        #expect(!limit.tryAcquire())
        #expect(limit.inFlight == 2, "a refused request must not keep a place")
        limit.release()
        #expect(limit.tryAcquire())
        #expect(!limit.tryAcquire())
    }

    @Test("a request over the limit of expensive requests in progress is a 503 with Retry-After; reads are not limited")
    func busy() async throws {
        var server = try TestServer()
        server.config.maxExpensiveInFlight = 1
        server.config.rateLimitPerSecond = 0
        defer { server.cleanUp() }
        // The test holds the only place itself, then makes the request: the responder is assembled as buildApplication does.
        let gate = InFlightLimit(limit: 1)
        #expect(gate.tryAcquire())
        let router = try await buildRouterForTests(server.config)
        let held = Application(responder: RateLimitedResponder(inner: router.buildResponder(), limiter: nil, inFlight: gate))
        try await held.test(.router) { client in
            let refused = try await client.call(.post, "/api/models/validate", body: try Fixture.exampleBasin(), contentType: "application/yaml")
            #expect(refused.status == .serviceUnavailable, "\(refused.text)")
            #expect(refused.headers[.retryAfter] == "1")
            #expect(try await client.call(.get, "/api/models").status == .ok)
            gate.release()
            let admitted = try await client.call(.post, "/api/models/validate", body: try Fixture.exampleBasin(), contentType: "application/yaml")
            #expect(admitted.status == .ok, "\(admitted.text)")
        }
    }
}

/// The router of a server over `config`, for tests that assemble the responder themselves.
func buildRouterForTests(_ config: ServerConfiguration) async throws -> Router<BasicRequestContext> {
    buildRouter(try await ServerState.open(config, logger: Logger(label: "test")))
}
