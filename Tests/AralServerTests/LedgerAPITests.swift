import AralLedger
@testable import AralServer
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Ledger API")
struct LedgerAPITests {
    /// Genesis (relayed by the secretariat) and one obligation (submitted by its debtor).
    static func seed(_ client: any TestClientProtocol, _ keys: LedgerFixture) async throws -> String {
        let genesis = try await client.call(.post, "/api/ledger/entries", token: TestServer.secretariatToken, body: LedgerFixture.text(try keys.genesis()))
        #expect(genesis.status == .created, "\(genesis.text)")
        let dn = try await client.issueToken(code: "DN", name: "Downstream")
        let obligation = try await client.call(.post, "/api/ledger/entries", token: dn, body: LedgerFixture.text(try keys.obligation(id: "ob-1")))
        #expect(obligation.status == .created, "\(obligation.text)")
        return dn
    }

    @Test("append, head, entries, proofs that verify, export, balances, verification")
    func fullCycle() async throws {
        let keys = LedgerFixture()
        try await TestServer().test { client in
            _ = try await Self.seed(client, keys)
            let head = try await client.call(.get, "/api/ledger/head")
            #expect(head.status == .ok)
            #expect(head.json?["current"]?["size"] == .number("2"))
            let root = try #require(head.json?["current"]?["root"]?.stringValue.flatMap(LedgerEncoding.bytes(hex:)))

            let entries = try await client.call(.get, "/api/ledger/entries?from=0&limit=10")
            #expect(entries.json?["entries"]?.arrayValue?.count == 2)
            let one = try await client.call(.get, "/api/ledger/entries?id=ob-1")
            #expect(one.json?["index"] == .number("1"))

            let inclusion = try await client.call(.get, "/api/ledger/proofs/inclusion?id=ob-1")
            #expect(inclusion.status == .ok, "\(inclusion.text)")
            let leaf = try #require(inclusion.json?["leaf_hash"]?.stringValue.flatMap(LedgerEncoding.bytes(hex:)))
            let proof = (inclusion.json?["proof"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap(LedgerEncoding.bytes(hex:)) }
            #expect(Merkle.verifyInclusion(leafHash: leaf, index: 1, size: 2, proof: proof, root: root))
            let both = try await client.call(.get, "/api/ledger/proofs/inclusion?index=0&id=ob-1")
            #expect(both.status == .badRequest, "\(both.text)")
            // A query parameter given twice is refused, not read as its first value.
            let twice = try await client.call(.get, "/api/ledger/entries?from=0&from=1")
            #expect(twice.status == .badRequest && twice.errorMessage.contains("given twice"), "\(twice.text)")

            let consistency = try await client.call(.get, "/api/ledger/proofs/consistency?old=1&new=2")
            let oldRoot = try #require(consistency.json?["old_root"]?.stringValue.flatMap(LedgerEncoding.bytes(hex:)))
            let cproof = (consistency.json?["proof"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap(LedgerEncoding.bytes(hex:)) }
            #expect(Merkle.verifyConsistency(oldSize: 1, newSize: 2, oldRoot: oldRoot, newRoot: root, proof: cproof))

            let export = try await client.call(.get, "/api/ledger/export")
            let lines = export.text.split(separator: "\n").map { Array($0.utf8) }
            let report = try LedgerVerifier.verify(lines: lines, trusted: keys.parties)
            #expect(report.entries == 2)

            let balances = try await client.call(.get, "/api/ledger/balances?party=DN")
            #expect(balances.json?["balances"]?.arrayValue?.count == 1, "\(balances.text)")
            // Found from outside: a period no balance can match answered 200 with no rows.
            let garbage = try await client.call(.get, "/api/ledger/balances?period=garbage")
            #expect(garbage.status == .badRequest && garbage.errorPath == "period", "\(garbage.text)")
            // And a party the ledger does not know answered 200 with no rows.
            let stranger = try await client.call(.get, "/api/ledger/balances?party=XX")
            #expect(stranger.status == .notFound && stranger.errorPath == "party", "\(stranger.text)")
            #expect(stranger.text.contains("DN"), "\(stranger.text)")

            let verify = try await client.call(.get, "/api/ledger/verify")
            #expect(verify.json?["ok"] == .bool(true), "\(verify.text)")
        }
    }

    @Test("entries are checked exactly as 'aral ledger verify' checks them")
    func refusals() async throws {
        let keys = LedgerFixture()
        try await TestServer().test { client in
            let dn = try await Self.seed(client, keys)
            // UP's key signs an obligation whose debtor is DN: unauthorized.
            let up = try await client.issueToken(code: "UP", name: "Upstream")
            let forged = try await client.call(.post, "/api/ledger/entries", token: up, body: LedgerFixture.text(try keys.obligation(id: "ob-2", signer: keys.up)))
            #expect(forged.status == .forbidden, "\(forged.text)")
            // A tampered body: the signature no longer verifies.
            var tampered = try keys.obligation(id: "ob-3")
            tampered.body = ["from": "DN", "to": "UP", "energy": ["mwh": .number("999999")], "period": ["start": "2026-10-01", "end": "2027-03-31"]]
            let bad = try await client.call(.post, "/api/ledger/entries", token: dn, body: LedgerFixture.text(tampered))
            #expect(bad.status == .forbidden, "\(bad.text)")
            // The same id twice.
            let again = try await client.call(.post, "/api/ledger/entries", token: dn, body: LedgerFixture.text(try keys.obligation(id: "ob-1")))
            #expect(again.status == .conflict)
            // A well-signed entry submitted with someone else's token.
            let relayed = try await client.call(.post, "/api/ledger/entries", token: up, body: LedgerFixture.text(try keys.obligation(id: "ob-4")))
            #expect(relayed.status == .forbidden)
            #expect(relayed.errorMessage.contains("not signed by 'UP'"))
            // Issue 17 item 2: the secretariat's signature alone never binds a debtor, even
            // submitted with the secretariat's own token.
            let bySecretariat = try await client.call(.post, "/api/ledger/entries", token: TestServer.secretariatToken,
                                                      body: LedgerFixture.text(try keys.obligation(id: "ob-5", signer: keys.secretariat)))
            #expect(bySecretariat.status == .forbidden, "\(bySecretariat.text)")
            #expect(bySecretariat.errorMessage.contains("binds its debtor 'DN' only with the debtor's signature"), "\(bySecretariat.text)")
            // Unknown field in the envelope.
            let unknown = try await client.call(.post, "/api/ledger/entries", token: dn, body: #"{"id":"x","kind":"obligation","body":{},"extra":1}"#)
            #expect(unknown.status == .badRequest)
            #expect(unknown.errorPath == "extra")
            let head = try await client.call(.get, "/api/ledger/head")
            #expect(head.json?["current"]?["size"] == .number("2"))
        }
    }

    @Test("a head signed by the secretariat is stored; one with a wrong root is refused")
    func signedHeads() async throws {
        let keys = LedgerFixture()
        try await TestServer().test { client in
            _ = try await Self.seed(client, keys)
            let current = try await client.call(.get, "/api/ledger/head")
            let root = try #require(current.json?["current"]?["root"]?.stringValue.flatMap(LedgerEncoding.bytes(hex:)))
            var head = SignedTreeHead(size: 2, root: root, timestamp: 1_700_000_000_000)
            try head.sign(with: keys.secretariat, ledger: keys.id)
            let stored = try await client.call(.post, "/api/ledger/heads", token: TestServer.secretariatToken, body: CanonicalJSON.encodeString(head.json))
            #expect(stored.status == .created, "\(stored.text)")
            let after = try await client.call(.get, "/api/ledger/head")
            #expect(after.json?["signed"]?["size"] == .number("2"))

            var wrong = SignedTreeHead(size: 1, root: root, timestamp: 1_700_000_000_001)
            try wrong.sign(with: keys.secretariat, ledger: keys.id)
            let refused = try await client.call(.post, "/api/ledger/heads", token: TestServer.secretariatToken, body: CanonicalJSON.encodeString(wrong.json))
            #expect(refused.status == .conflict)
        }
    }

    /// Issue 17 item 7 let two entries of the largest canonical integer through and answered
    /// every later balance with a 409; one party could so hide everyone's balances (found from
    /// outside). A quantity beyond 1e12 is now refused at its field, and the balances stay.
    @Test("a quantity beyond any between states is refused at its field; the balances stay readable")
    func bigBalances() async throws {
        let keys = LedgerFixture()
        try await TestServer().test { client in
            let dn = try await Self.seed(client, keys)
            let most = "99999999999999999999"  // the largest canonical integer (20 digits)
            let r = try await client.call(.post, "/api/ledger/entries", token: dn, body: LedgerFixture.text(try keys.obligation(id: "big-1", mwh: most)))
            #expect(r.status == .badRequest, "\(r.text)")
            #expect(r.errorMessage.contains("beyond any quantity between states"), "\(r.text)")
            let fits = try await client.call(.post, "/api/ledger/entries", token: dn, body: LedgerFixture.text(try keys.obligation(id: "big-2", mwh: "1000000000000")))
            #expect(fits.status == .created, "\(fits.text)")
            let balances = try await client.call(.get, "/api/ledger/balances?party=DN")
            #expect(balances.status == .ok, "\(balances.text)")
        }
    }
}
