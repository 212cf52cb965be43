import AralLedger
import Foundation
import Testing

/// A head's (co-)signatures are checked by the store with the signer's key in force at the
/// head's size, as offline `verify` checks them: a party that rotated after a head was signed
/// co-signed that head with its new key, the store kept it, and every export failed `verify`.
@Suite("Ledger: head signatures after a key rotation")
struct HeadKeyRotationTests {
    /// KG's obligation (entry 1), a secretariat head of size 2, then KG's rotation as entry 2.
    static func rotatedAfterAHead(_ f: LedgerFixture, now: Int64 = 1_796_000_000_000) throws -> PartyKey {
        try f.ledger.append(try f.signed(LedgerFixture.obligation("o1", from: "KG", to: "UZ", water: "10"), by: ["KG"]))
        try f.ledger.signHead(key: f.key("SEC"), timestamp: now)
        let newKG = PartyKey.generate(party: "KG")
        var rotation = try f.partyChange("rot-kg", action: "rotate", party: Party(code: "KG", name: "KG", publicKey: newKG.publicKey), newKey: newKG)
        try rotation.sign(with: try #require(f.recoveryKeys["KG"]), ledger: f.id)
        try f.ledger.append(rotation)
        return newKG
    }

    static func refusal(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch { return "\(error)" }
    }

    @Test func coSigningAnOlderHeadWithTheNewKeyIsRefusedAndTheExportStillVerifies() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        let newKG = try Self.rotatedAfterAHead(f)
        let refused = Self.refusal { try f.ledger.cosignLatestHead(key: newKG) }
        for fragment in ["'KG' cannot co-sign the latest head (size 2)", "entry 2 ('rot-kg')"] {
            #expect(refused?.contains(fragment) == true, "\(String(describing: refused))")
        }
        #expect(try f.ledger.store.heads().last?.head.signatures.map(\.party) == ["SEC"])
        _ = try LedgerVerifier.verify(lines: try f.exportLines(), trusted: f.parties)
        // The key in force at size 2 co-signs it, and verify agrees.
        try f.ledger.cosignLatestHead(key: f.key("KG"))
        _ = try LedgerVerifier.verify(lines: try f.exportLines(), trusted: f.parties)
        // A head signed after the rotation takes the new key, not the old one.
        try f.ledger.signHead(key: f.key("SEC"), timestamp: 1_796_000_000_001)
        let old = Self.refusal { try f.ledger.cosignLatestHead(key: f.key("KG")) }
        #expect(old?.contains("'KG' rotated this key out at entry 2 ('rot-kg')") == true, "\(String(describing: old))")
        try f.ledger.cosignLatestHead(key: newKG)
        _ = try LedgerVerifier.verify(lines: try f.exportLines(), trusted: f.parties)
    }

    @Test func aPostedHeadIsCheckedWithTheKeysInForceAtItsSize() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        let now: Int64 = 1_796_000_000_000
        let newKG = try Self.rotatedAfterAHead(f, now: now)
        func head(size: UInt64, signers: [PartyKey]) throws -> SignedTreeHead {
            var head = SignedTreeHead(size: size, root: try f.ledger.root(size: size), timestamp: now)
            for key in signers { try head.sign(with: key, ledger: f.id) }
            return head
        }
        let refused = Self.refusal { try f.ledger.addSignedHead(try head(size: 2, signers: [f.key("SEC"), newKG]), now: now) }
        for fragment in ["tree head of size 2", "co-signature of 'KG'", "not its key in force at size 2", "entry 2 ('rot-kg')"] {
            #expect(refused?.contains(fragment) == true, "\(String(describing: refused))")
        }
        try f.ledger.addSignedHead(try head(size: 2, signers: [f.key("SEC"), f.key("KG")]), now: now)
        try f.ledger.addSignedHead(try head(size: 3, signers: [f.key("SEC"), newKG]), now: now)
        let old = Self.refusal { try f.ledger.addSignedHead(try head(size: 3, signers: [f.key("SEC"), f.key("KG")]), now: now) }
        #expect(old?.contains("rotated this key out at entry 2 ('rot-kg')") == true, "\(String(describing: old))")
        #expect(try f.ledger.store.heads().count == 3)
        _ = try LedgerVerifier.verify(lines: try f.exportLines(), trusted: f.parties)
    }

    @Test func aPartyAddedAfterAHeadCannotCoSignIt() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        try f.ledger.signHead(key: f.key("SEC"), timestamp: 1_796_000_000_000)
        let tj = PartyKey.generate(party: "TJ")
        let add = try f.partyChange("add-tj", action: "add", party: Party(code: "TJ", name: "Tajikistan", publicKey: tj.publicKey), newKey: tj)
        try f.ledger.append(try f.signed(add, by: ["SEC", "KG", "UZ"]))
        let refused = Self.refusal { try f.ledger.cosignLatestHead(key: tj) }
        #expect(refused?.contains("'TJ' became a party only at entry 1 ('add-tj')") == true, "\(String(describing: refused))")
        _ = try LedgerVerifier.verify(lines: try f.exportLines(), trusted: f.parties)
    }
}
