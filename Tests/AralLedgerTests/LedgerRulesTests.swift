import AralLedger
import Foundation
import GRDB
import Testing

/// Issue 17, ledger items 1–7: each test failed before the rule was built (see the report).
@Suite("Ledger: the rules closed (issue 17)")
struct LedgerRulesTests {
    static let spring: JSONValue = ["start": "2026-04-01", "end": "2026-06-30"]
    static let summer: JSONValue = ["start": "2026-07-01", "end": "2026-09-30"]

    // MARK: 1. Settlements

    /// KG records a delivery to UZ and tries to close the period alone.
    @Test func oneSettlesAlone() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        try f.ledger.append(try f.signed(LedgerFixture.delivery("d1"), by: ["KG"]))
        try f.expectRefused(try f.signed(LedgerFixture.settlement("s1", [("KG", "0", "0")]), by: ["KG"]),
                            "parties with entries in 2026-04-01/2026-09-30 must all settle it; missing: UZ")
        // UZ can still dispute it.
        try f.ledger.append(try f.signed(LedgerEntry(id: "x1", kind: .dispute, body: ["delivery": "d1", "reason": "not received"]), by: ["UZ"]))
    }

    /// The balances must be the ledger's own, per commodity, and sum to zero.
    @Test func settlementBalancesAreTheLedgers() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        // KG owes UZ 300 Mm³ of water, UZ owes KG 50 MWh; KG delivers 100 Mm³ (acknowledged).
        try f.ledger.append(try f.signed(LedgerFixture.obligation("o-w", from: "KG", to: "UZ", water: "300"), by: ["KG"]))
        try f.ledger.append(try f.signed(LedgerFixture.obligation("o-e", from: "UZ", to: "KG", mwh: "50"), by: ["UZ"]))
        try f.ledger.append(try f.signed(LedgerFixture.delivery("d1", mm3: "100"), by: ["KG"]))
        try f.ledger.append(try f.signed(LedgerFixture.acknowledgement("a1", of: "d1"), by: ["UZ"]))
        // By hand: KG water = +100 delivered − 300 owed = −200, UZ water = +200;
        // energy: UZ owes 50 → UZ −50, KG +50.
        try f.expectRefused(try f.signed(LedgerFixture.settlement("s", [("KG", "-200", "0"), ("UZ", "200", "0")]), by: ["KG", "UZ"]),
                            "balance of 'KG' for energy is 0 MWh but the ledger computes 50")
        try f.expectRefused(try f.signed(LedgerFixture.settlement("s", [("KG", "-200", "50"), ("UZ", "100", "-50")]), by: ["KG", "UZ"]),
                            "water balances must sum to zero across the parties; they sum to -100")
        try f.expectRefused(try f.signed(LedgerFixture.settlement("s", [("KG", "-100", "50"), ("UZ", "100", "-50")]), by: ["KG", "UZ"]),
                            "balance of 'KG' for water is -100 Mm³ but the ledger computes -200")
        try f.ledger.append(try f.signed(LedgerFixture.settlement("s", [("KG", "-200", "50"), ("UZ", "200", "-50")]), by: ["KG", "UZ"]))
    }

    /// After a settlement: nothing dated inside it, no obligation due inside it; a straddling
    /// obligation is not settled by it and can still be added; no overlapping settlement.
    @Test func aSettledPeriodIsClosedByDateNotByKey() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        try f.ledger.append(try f.signed(LedgerFixture.delivery("d1", date: "2026-05-10"), by: ["KG"]))
        try f.ledger.append(try f.signed(LedgerFixture.settlement("s-spring", period: Self.spring, [("KG", "0", "0"), ("UZ", "0", "0")]), by: ["KG", "UZ"]))
        // An obligation inside the spring, written with a period key the settlement never named.
        let inside = LedgerFixture.obligation("o-in", from: "KG", to: "UZ", water: "5", period: ["start": "2026-05-01", "end": "2026-05-31"])
        try f.expectRefused(try f.signed(inside, by: ["KG"]), "period 2026-04-01/2026-06-30 is already settled for 'KG'")
        // A delivery dated in the spring, whatever its period says.
        try f.expectRefused(try f.signed(LedgerFixture.delivery("d2", date: "2026-06-15"), by: ["KG"]), "already settled for 'KG'")
        // Acknowledging the spring delivery would change a settled balance.
        try f.expectRefused(try f.signed(LedgerFixture.acknowledgement("a1", of: "d1"), by: ["UZ"]), "already settled")
        // Straddling (due after the spring): accepted, left to the settlement of the period it ends in.
        let straddling = LedgerFixture.obligation("o-x", from: "KG", to: "UZ", water: "7", period: ["start": "2026-06-01", "end": "2026-07-31"])
        try f.ledger.append(try f.signed(straddling, by: ["KG"]))
        try f.expectRefused(try f.signed(LedgerFixture.settlement("s-over", period: LedgerFixture.vegetation, [("KG", "-7", "0"), ("UZ", "7", "0")]), by: ["KG", "UZ"]),
                            "overlaps 2026-04-01/2026-06-30, already settled for 'KG'")
        try f.ledger.append(try f.signed(LedgerFixture.settlement("s-summer", period: Self.summer, [("KG", "-7", "0"), ("UZ", "7", "0")]), by: ["KG", "UZ"]))
    }

    // MARK: 2. Obligations bind only with the debtor's signature

    @Test func theSecretariatCannotBindADebtor() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        try f.expectRefused(try f.signed(LedgerFixture.obligation("o", from: "KG", to: "UZ", water: "10"), by: ["SEC"]),
                            "an obligation binds its debtor 'KG' only with the debtor's signature; signed by SEC")
        // Proposed and relayed by the secretariat, signed by the debtor: binding.
        try f.ledger.append(try f.signed(LedgerFixture.obligation("o", from: "KG", to: "UZ", water: "10"), by: ["KG", "SEC"]))
    }

    // MARK: 3. Weak keys and proof of possession

    @Test func aSmallOrderKeyIsRefused() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        let identity = [UInt8]([0x01] + [UInt8](repeating: 0, count: 31))
        let body: JSONValue = [
            "action": "add", "party": Party(code: "TJ", name: "Tajikistan", publicKey: identity).json,
            "proof": .string(LedgerEncoding.base64([UInt8](repeating: 0, count: 64))),
        ]
        // Refused when the entry is read, before any signature is looked at.
        #expect {
            try f.ledger.append(try f.signed(LedgerEntry(id: "add-tj", kind: .party, body: body), by: ["SEC", "KG", "UZ"]), label: "test.json")
        } throws: { error in
            "\(error)".contains("field 'body.party.public_key': refused as an Ed25519 public key: a point of small order")
        }
        #expect(try f.ledger.size() == 1)
    }

    @Test func aNewKeyMustProveItsHolder() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        let tj = PartyKey.generate(party: "TJ")
        let party = Party(code: "TJ", name: "Tajikistan", publicKey: tj.publicKey)
        // A proof by another key.
        let other = try f.partyChange("add-tj", action: "add", party: party, newKey: PartyKey.generate(party: "TJ"))
        try f.expectRefused(try f.signed(other, by: ["SEC", "KG", "UZ"]), "body.proof: not a signature by the new key of 'TJ'")
        // A genuine proof made for another ledger.
        let elsewhere = try LedgerFixture()
        defer { elsewhere.remove() }
        let replayed = try elsewhere.partyChange("add-tj", action: "add", party: party, newKey: tj)
        try f.expectRefused(try f.signed(replayed, by: ["SEC", "KG", "UZ"]), "body.proof: not a signature by the new key of 'TJ'")
        try f.ledger.append(try f.signed(try f.partyChange("add-tj", action: "add", party: party, newKey: tj), by: ["SEC", "KG", "UZ"]))
    }

    // MARK: 4. Signatures name the ledger

    @Test func anEntryOfAnotherLedgerDoesNotAppend() throws {
        let staging = try LedgerFixture()
        defer { staging.remove() }
        // Production: the same parties and keys, the same name.
        let directory = (staging.directory as NSString).appendingPathComponent("production.sqlite")
        let production = try Ledger.open(path: directory, synchronousFull: false)
        try production.initialize(name: "test", parties: staging.parties, secretariat: "SEC", keys: LedgerFixture.codes.map { staging.key($0) })
        #expect(try production.identity() != staging.id)
        let entry = try staging.signed(LedgerFixture.delivery("d1"), by: ["KG"])
        try staging.ledger.append(entry)
        try LedgerFixture.expectRefused(production, entry, "the signature of party 'KG' does not verify")
        // A head of one is no head of the other.
        let head = try staging.ledger.signHead(key: staging.key("SEC"))
        let secretariat = try #require(head.signatures.first)
        #expect(!ed25519Verify(publicKey: staging.key("SEC").publicKey, signature: secretariat.signature, message: head.signingPayload(ledger: try production.identity())))
        #expect(ed25519Verify(publicKey: staging.key("SEC").publicKey, signature: secretariat.signature, message: head.signingPayload(ledger: staging.id)))
    }

    // MARK: 5. Key rotation

    @Test func noTakeoverByAMajorityOrByAThief() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        let thief = PartyKey.generate(party: "KG")
        let stolen = Party(code: "KG", name: "KG", publicKey: thief.publicKey, recoveryKey: f.recoveryKeys["KG"]?.publicKey)
        let rotation = try f.partyChange("rot-kg", action: "rotate", party: stolen, newKey: thief)
        // Every other party together: not KG's signature under its recovery key.
        try f.expectRefused(try f.signed(rotation, by: ["SEC", "UZ", "KZ"]), "signed by the party 'KG' alone, with its recovery key")
        // Whoever holds KG's day-to-day key: the signature does not verify under the recovery key.
        try f.expectRefused(try f.signed(rotation, by: ["KG"]), "a key rotation is signed with the recovery key of 'KG', not with its current signing key")
        // KG with its recovery key.
        var genuine = rotation
        try genuine.sign(with: try #require(f.recoveryKeys["KG"]), ledger: f.id)
        try f.ledger.append(genuine)
        #expect(try f.ledger.store.partySet().parties["KG"]?.publicKey == thief.publicKey)
    }

    @Test func aPartyWithoutARecoveryKeyCannotBeRotated() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        let tj = PartyKey.generate(party: "TJ")
        try f.ledger.append(try f.signed(try f.partyChange("add-tj", action: "add", party: Party(code: "TJ", name: "TJ", publicKey: tj.publicKey), newKey: tj), by: ["SEC", "KG", "UZ"]))
        let next = PartyKey.generate(party: "TJ")
        var rotation = try f.partyChange("rot-tj", action: "rotate", party: Party(code: "TJ", name: "TJ", publicKey: next.publicKey), newKey: next)
        try rotation.sign(with: tj, ledger: f.id)
        try f.expectRefused(rotation, "party 'TJ' registered no recovery key, so its key cannot be rotated")
    }

    // MARK: 6. Heads: order, equivocation, truncation, kept heads

    /// A ledger of 6 entries with signed heads at 3 and 6.
    func withHeads() throws -> LedgerFixture {
        let f = try LedgerFixture()
        for i in 0..<2 { try f.ledger.append(try f.signed(LedgerFixture.delivery("d\(i)"), by: ["KG"])) }
        try f.ledger.signHead(key: f.key("SEC"))
        for i in 2..<5 { try f.ledger.append(try f.signed(LedgerFixture.delivery("d\(i)"), by: ["KG"])) }
        try f.ledger.signHead(key: f.key("SEC"))
        try f.ledger.cosignLatestHead(key: f.key("UZ"))
        return f
    }

    @Test func anOutOfOrderHeadDoesNotBreakVerification() throws {
        let f = try withHeads()
        defer { f.remove() }
        // A head for size 2 stored after the head for size 6 (two signers at once, or posted late).
        var late = SignedTreeHead(size: 2, root: try f.ledger.root(size: 2), timestamp: 1)
        try late.sign(with: f.key("SEC"), ledger: f.id)
        try f.ledger.store.addHead(late)
        #expect(try f.ledger.store.heads().map(\.head.size) == [2, 3, 6])
        let report = try LedgerVerifier.verify(lines: try f.exportLines(), trusted: f.parties)
        #expect(report.heads == 3)
        #expect(try f.ledger.cosignLatestHead(key: f.key("KZ")).size == 6)
    }

    @Test func equivocationIsReportedWithBothSignatures() throws {
        let f = try withHeads()
        defer { f.remove() }
        // The secretariat signs a second head of size 3 with another root.
        var forked = SignedTreeHead(size: 3, root: [UInt8](repeating: 0xAB, count: 32), timestamp: 2)
        try forked.sign(with: f.key("SEC"), ledger: f.id)
        try f.ledger.store.addHead(forked)
        let honest = try #require(try f.ledger.store.heads().first { $0.head.size == 3 && $0.head.root != forked.root }).head
        let message = try #require(failure(try f.exportLines(), f.parties))
        #expect(message.contains("equivocation: two signed heads of size 3 with different roots"), "\(message)")
        for head in [honest, forked] {
            #expect(message.contains(LedgerEncoding.hex(head.root)), "\(message)")
            #expect(message.contains(LedgerEncoding.base64(head.signatures[0].signature)), "\(message)")
        }
    }

    /// Deleting the newest entry behind the ledger's back: the stored head that covered it gives it away.
    @Test func aTruncatedExportIsDetected() throws {
        let f = try withHeads()
        defer { f.remove() }
        let db = try DatabaseQueue(path: f.path)
        try db.write { db in
            try db.execute(sql: "DROP TRIGGER entries_no_delete; DROP TRIGGER nodes_no_delete")
            try db.execute(sql: "DELETE FROM entries WHERE idx = 5")
            try db.execute(sql: "DELETE FROM nodes WHERE idx >= 5 AND level = 0")
        }
        let message = try #require(failure(try f.exportLines(), f.parties))
        #expect(message.contains("the export holds 5 entries but a signed head covers 6"), "\(message)")
    }

    /// Deleting the entry and its head too: only the head a party kept notices.
    @Test func anExportMustExtendAKeptHead() throws {
        let f = try withHeads()
        defer { f.remove() }
        let kept = try #require(try f.ledger.store.heads().last?.head)
        #expect(kept.size == 6)
        let db = try DatabaseQueue(path: f.path)
        try db.write { db in
            for table in ["entries", "nodes", "heads", "head_signatures"] { try db.execute(sql: "DROP TRIGGER \(table)_no_delete") }
            try db.execute(sql: "DELETE FROM entries WHERE idx = 5")
            try db.execute(sql: "DELETE FROM nodes WHERE idx >= 5 AND level = 0")
            try db.execute(sql: "DELETE FROM head_signatures WHERE head_id IN (SELECT id FROM heads WHERE size = 6)")
            try db.execute(sql: "DELETE FROM heads WHERE size = 6")
        }
        let lines = try f.exportLines()
        #expect(failure(lines, f.parties) == nil)  // consistent on its own
        let message = try #require(failure(lines, f.parties, kept: [kept]))
        #expect(message.contains("kept head of size 6"), "\(message)")
        #expect(message.contains("does not extend the head you kept"), "\(message)")
        // A kept head the export does extend passes.
        let early = try #require(try f.ledger.store.heads().first?.head)
        #expect(failure(lines, f.parties, kept: [early]) == nil)
    }

    func failure(_ lines: [[UInt8]], _ trusted: [Party], kept: [SignedTreeHead] = []) -> String? {
        do {
            _ = try LedgerVerifier.verify(lines: lines, trusted: trusted, trustedHeads: kept)
            return nil
        } catch {
            return "\(error)"
        }
    }

    // MARK: 7. Balances beyond the canonical range

    /// Two entries of the largest canonical integer were accepted and their sum refused by
    /// every balance after them (found from outside: one party could hide everyone's balances).
    /// A quantity beyond 1e12 is refused at its field; 1e12 itself sums and prints exactly.
    @Test func aQuantityBeyondAnyBetweenStatesIsRefusedAtItsField() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        let most = "99999999999999999999"  // 20 integer digits: the largest canonical integer
        #expect {
            try f.ledger.append(try f.signed(LedgerFixture.obligation("o0", from: "KG", to: "UZ", water: most), by: ["KG"]))
        } throws: { error in
            "\(error)".contains("volume_mm3") && "\(error)".contains("beyond any quantity between states")
        }
        let largest = "1000000000000"
        try f.ledger.append(try f.signed(LedgerFixture.obligation("o1", from: "KG", to: "UZ", water: largest), by: ["KG"]))
        try f.ledger.append(try f.signed(LedgerFixture.obligation("o2", from: "KG", to: "UZ", water: largest), by: ["KG"]))
        var sheet = BalanceSheet()
        try f.ledger.forEachEntry { _, e in try sheet.add(e) }
        let json = try #require(sheet.balances(party: "KG").first).json()
        #expect(json["water_mm3"]?["owed"] == .number("2000000000000"))
    }

    // MARK: Format version

    @Test func anOlderExportIsRefusedClearly() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        var lines = try f.exportLines()
        let header = String(decoding: lines[0], as: UTF8.self)
        #expect(header.contains("\"version\":2"))
        lines[0] = Array(header.replacingOccurrences(of: "\"version\":2", with: "\"version\":1").utf8)
        let message = try #require(failure(lines, f.parties))
        #expect(message.contains("export format version 1 is not supported: this aral verifies format version 2 only"), "\(message)")
        let v1 = #"{"v":1,"id":"d1","kind":"delivery","body":{}}"#
        #expect { try LedgerEntry.parse(Array(v1.utf8), source: "old.json") } throws: { error in
            "\(error)".contains("old.json: field 'v': unsupported format version 1")
        }
    }
}
