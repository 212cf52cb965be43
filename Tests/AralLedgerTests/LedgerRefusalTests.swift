import AralLedger
import Foundation
import Testing

/// Issue 20: one test per authority rule that had none. Each checks the message, the unchanged
/// size and the unchanged root (`LedgerFixture.expectRefused`).
@Suite("Ledger: every refusal rule")
struct LedgerRefusalTests {
    @Test func aSecondGenesis() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        var genesis = Ledger.genesisEntry(name: "again", parties: f.parties, secretariat: "SEC")
        genesis.id = "genesis-2"
        for code in LedgerFixture.codes { try genesis.sign(with: f.key(code), ledger: f.id) }
        try f.expectRefused(genesis, "a genesis entry may only be the first entry (the log has 1)")
    }

    @Test func aFirstEntryThatIsNotAGenesis() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        let empty = try Ledger.open(path: (f.directory as NSString).appendingPathComponent("empty.sqlite"), synchronousFull: false)
        try LedgerFixture.expectRefused(empty, try f.signed(LedgerFixture.delivery("d1"), by: ["KG"]), "the first entry must be a genesis entry, not 'delivery'")
        #expect(try empty.size() == 0)
    }

    @Test func aGenesisMissingAFounder() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        let empty = try Ledger.open(path: (f.directory as NSString).appendingPathComponent("empty.sqlite"), synchronousFull: false)
        var genesis = Ledger.genesisEntry(name: "short", parties: f.parties, secretariat: "SEC")
        for code in ["SEC", "KG", "UZ"] { try genesis.sign(with: f.key(code), ledger: []) }
        try LedgerFixture.expectRefused(empty, genesis, "genesis must be signed by every founding party; missing: KZ")
    }

    @Test func aSecondDisputeOfOneDelivery() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        try f.ledger.append(try f.signed(LedgerFixture.delivery("d1"), by: ["KG"]))
        let dispute = LedgerEntry(id: "x1", kind: .dispute, body: ["delivery": "d1", "reason": "gauge reads 20% lower"])
        try f.ledger.append(try f.signed(dispute, by: ["UZ"]))
        let again = LedgerEntry(id: "x2", kind: .dispute, body: ["delivery": "d1", "reason": "still lower"])
        try f.expectRefused(try f.signed(again, by: ["UZ"]), "delivery 'd1' is already disputed")
    }

    @Test func anObligationOutsideItsAgreementsPeriod() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        try f.ledger.append(try f.signed(LedgerFixture.agreement("a"), by: ["KG", "UZ"]))
        let late = LedgerFixture.obligation("o", from: "KG", to: "UZ", agreement: "a", water: "10",
                                            period: ["start": "2026-09-01", "end": "2026-10-31"])
        try f.expectRefused(try f.signed(late, by: ["KG"]), "period 2026-09-01/2026-10-31 lies outside agreement 'a' (2026-04-01/2026-09-30)")
    }

    @Test func aDeliveryThatDoesNotMatchItsObligation() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        try f.ledger.append(try f.signed(LedgerFixture.obligation("o", from: "KG", to: "UZ", water: "10"), by: ["KG"]))
        // Delivered by KG, but to KZ instead of UZ.
        let wrong = LedgerFixture.delivery("d1", from: "KG", to: "KZ", obligation: "o")
        try f.expectRefused(try f.signed(wrong, by: ["KG"]), "delivery does not match obligation 'o' (KG → UZ)")
    }

    @Test func aReusedPublicKey() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        // TJ registers KG's key (and can even prove possession, holding KG's private key).
        let kgRaw = try #require(f.key("KG").fileJSON["private_key"]?.stringValue.flatMap { LedgerEncoding.bytes(base64: $0) })
        let stolen = try PartyKey(party: "TJ", rawPrivateKey: kgRaw)
        let add = try f.partyChange("add-tj", action: "add", party: Party(code: "TJ", name: "Tajikistan", publicKey: stolen.publicKey), newKey: stolen)
        try f.expectRefused(try f.signed(add, by: ["SEC", "KG", "UZ"]), "that public key already belongs to party 'KG'")
    }

    @Test func addingAnExistingParty() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        let fresh = PartyKey.generate(party: "UZ")
        let add = try f.partyChange("add-uz", action: "add", party: Party(code: "UZ", name: "Uzbekistan", publicKey: fresh.publicKey), newKey: fresh)
        try f.expectRefused(try f.signed(add, by: ["SEC", "KG", "KZ"]), "party 'UZ' already exists")
    }

    @Test func rotatingAnUnknownParty() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        let tj = PartyKey.generate(party: "TJ")
        let rotate = try f.partyChange("rot-tj", action: "rotate", party: Party(code: "TJ", name: "Tajikistan", publicKey: tj.publicKey), newKey: tj)
        try f.expectRefused(try f.signed(rotate, by: ["SEC", "KG", "UZ"]), "party 'TJ' does not exist, so its key cannot be rotated")
    }

    @Test func anUnsignedEntry() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        try f.expectRefused(LedgerFixture.delivery("d1"), "the entry carries no signature")
    }

    @Test func aReferenceToAnUnknownAgreementOrObligation() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        try f.expectRefused(try f.signed(LedgerFixture.obligation("o", from: "KG", to: "UZ", agreement: "nope", water: "1"), by: ["KG"]),
                            "body.agreement: no agreement with id 'nope' in the log")
        try f.expectRefused(try f.signed(LedgerFixture.delivery("d1", obligation: "nope"), by: ["KG"]),
                            "body.obligation: no obligation with id 'nope' in the log")
    }

    /// Found by the input fuzzer: a key "" was reported at an empty field name.
    @Test func anEmptyKeyIsNamed() throws {
        let bytes = Array(#"{"v":2,"id":"d1","kind":"acknowledgement","":1,"body":{"delivery":"x"}}"#.utf8)
        #expect {
            _ = try LedgerEntry.parse(bytes, source: "entry.json")
        } throws: { error in
            guard case LedgerError.invalidField(_, let field, _) = error else { return false }
            return field == #""""#
        }
    }
}
