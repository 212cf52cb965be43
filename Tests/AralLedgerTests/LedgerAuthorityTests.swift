import AralLedger
import Foundation
import Testing

@Suite("Ledger: appends, authority and bad input")
struct LedgerAuthorityTests {
    @Test func acceptsAValidExchange() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        try f.ledger.append(try f.signed(LedgerFixture.agreement("syr-2026"), by: ["KG", "UZ"]))
        try f.ledger.append(try f.signed(LedgerFixture.obligation("o-kg", from: "KG", to: "UZ", agreement: "syr-2026", water: "2350"), by: ["KG"]))
        try f.ledger.append(try f.signed(LedgerFixture.obligation("o-uz", from: "UZ", to: "KG", agreement: "syr-2026", mwh: "550000"), by: ["UZ"]))
        try f.ledger.append(try f.signed(LedgerFixture.delivery("d1", mm3: "1000"), by: ["KG"]))
        try f.ledger.append(try f.signed(LedgerFixture.delivery("d2", mm3: "500"), by: ["KG"]))
        try f.ledger.append(try f.signed(LedgerFixture.delivery("d3", mm3: "200"), by: ["KG"]))
        try f.ledger.append(try f.signed(LedgerEntry(id: "a1", kind: .acknowledgement, body: ["delivery": "d1"]), by: ["UZ"]))
        try f.ledger.append(try f.signed(LedgerEntry(id: "x2", kind: .dispute, body: ["delivery": "d2", "reason": "gauge reading 20% lower"]), by: ["UZ"]))
        #expect(try f.ledger.size() == 9)

        var sheet = BalanceSheet()
        try f.ledger.forEachEntry { _, e in try sheet.add(e) }
        let kg = try #require(sheet.balances(party: "KG").first)
        #expect(kg.waterOwed == 2350)
        #expect(kg.waterDelivered == 1000)  // only the acknowledged delivery counts
        #expect(kg.waterDisputed == 500)
        #expect(kg.waterPending == 200)
        #expect(kg.waterNet == -1350)
        #expect(kg.energyReceivable == 550000)
        let uz = try #require(sheet.balances(period: "2026-04-01/2026-09-30", party: "UZ").first)
        #expect(uz.energyOwed == 550000)
        #expect(uz.waterReceived == 1000)
    }

    /// Appends `entry` expecting a refusal whose message contains `fragment`; the log must be unchanged.
    func expectRefused(_ f: LedgerFixture, _ entry: LedgerEntry, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try f.ledger.size()
        let rootBefore = try f.ledger.root()
        do {
            try f.ledger.append(entry, label: "test.json")
            Issue.record("expected a refusal containing '\(fragment)'", sourceLocation: sourceLocation)
        } catch let error as LedgerError {
            #expect(error.description.contains(fragment), "\(error)", sourceLocation: sourceLocation)
            #expect(error.description.contains("test.json"), "\(error)", sourceLocation: sourceLocation)
        }
        #expect(try f.ledger.size() == before, sourceLocation: sourceLocation)
        #expect(try f.ledger.root() == rootBefore, sourceLocation: sourceLocation)
    }

    @Test func refusesABadSignature() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        let good = try f.signed(LedgerFixture.delivery("d1"), by: ["KG"])
        var sig = good.signatures[0].signature
        sig[10] ^= 0x01
        let bad = LedgerEntry(id: good.id, kind: good.kind, body: good.body, signatures: [EntrySignature(party: "KG", signature: sig)])
        try expectRefused(f, bad, "signature of party 'KG' does not verify")
        // Content changed after signing.
        let altered = LedgerEntry(id: good.id, kind: good.kind, body: LedgerFixture.delivery("d1", mm3: "999").body, signatures: good.signatures)
        try expectRefused(f, altered, "does not verify")
    }

    @Test func refusesAKeyOutsideThePartySet() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        let outsider = PartyKey.generate(party: "TJ")
        var entry = LedgerFixture.delivery("d1", from: "TJ")
        try entry.sign(with: outsider, ledger: f.id)
        try expectRefused(f, entry, "not a current party")
    }

    @Test func refusesSigningAsAnotherParty() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        // KG's private key, but the key file claims to be UZ.
        let kgText = try #require(f.key("KG").fileJSON["private_key"]?.stringValue)
        let kgRaw = try #require(LedgerEncoding.bytes(base64: kgText))
        let impostor = try PartyKey(party: "UZ", rawPrivateKey: kgRaw)
        var entry = LedgerFixture.delivery("d1", from: "UZ", to: "KG")
        try entry.sign(with: impostor, ledger: f.id)
        try expectRefused(f, entry, "signature of party 'UZ' does not verify")
        // Signed correctly by KG, but claims a delivery by UZ.
        try expectRefused(f, try f.signed(LedgerFixture.delivery("d2", from: "UZ", to: "KG"), by: ["KG"]), "claimed by its deliverer 'UZ'")
    }

    @Test func refusesSignersWhoAreNotPartyToTheAgreement() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        try expectRefused(f, try f.signed(LedgerFixture.agreement("a"), by: ["KG", "UZ", "KZ"]), "signer 'KZ' is not party to agreement")
        try expectRefused(f, try f.signed(LedgerFixture.agreement("a"), by: ["KG"]), "missing: UZ")
        try f.ledger.append(try f.signed(LedgerFixture.agreement("a"), by: ["KG", "UZ"]))
        try expectRefused(f, try f.signed(LedgerFixture.obligation("o", from: "KG", to: "UZ", agreement: "a", water: "1"), by: ["KG", "KZ"]),
                          "signer 'KZ' is not party to agreement 'a'")
        try expectRefused(f, try f.signed(LedgerFixture.obligation("o", from: "KZ", to: "UZ", agreement: "a", water: "1"), by: ["KZ"]),
                          "'KZ' is not party to agreement 'a'")
    }

    @Test func acknowledgementOnlyByTheReceiverAndOnce() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        try f.ledger.append(try f.signed(LedgerFixture.delivery("d1"), by: ["KG"]))
        let ack = LedgerEntry(id: "a1", kind: .acknowledgement, body: ["delivery": "d1"])
        try expectRefused(f, try f.signed(ack, by: ["KG"]), "only the receiver 'UZ'")
        try f.ledger.append(try f.signed(ack, by: ["UZ"]))
        try expectRefused(f, try f.signed(LedgerEntry(id: "a2", kind: .acknowledgement, body: ["delivery": "d1"]), by: ["UZ"]), "already acknowledged")
        try expectRefused(f, try f.signed(LedgerEntry(id: "a3", kind: .acknowledgement, body: ["delivery": "nope"]), by: ["UZ"]), "no delivery with id 'nope'")
        try expectRefused(f, try f.signed(LedgerFixture.delivery("d1"), by: ["KG"]), "already in the log at index 1")
    }

    @Test func partyChangesNeedAMajority() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        let tj = PartyKey.generate(party: "TJ")
        let add = try f.partyChange("add-tj", action: "add", party: Party(code: "TJ", name: "Tajikistan", publicKey: tj.publicKey), newKey: tj)
        try expectRefused(f, try f.signed(add, by: ["SEC", "KG"]), "majority of the 4 current parties (3)")
        try f.ledger.append(try f.signed(add, by: ["SEC", "KG", "UZ"]))
        #expect(try f.ledger.store.partySet().parties["TJ"]?.publicKey == tj.publicKey)
        var d = LedgerFixture.delivery("d-tj", from: "TJ", to: "UZ")
        try d.sign(with: tj, ledger: f.id)
        try f.ledger.append(d)
        // Rotation with the recovery key: the old key stops working.
        let newKG = PartyKey.generate(party: "KG")
        let rotated = Party(code: "KG", name: "Kyrgyzstan", publicKey: newKG.publicKey, recoveryKey: f.recoveryKeys["KG"]?.publicKey)
        var rotate = try f.partyChange("rot-kg", action: "rotate", party: rotated, newKey: newKG)
        try rotate.sign(with: try #require(f.recoveryKeys["KG"]), ledger: f.id)
        try f.ledger.append(rotate)
        try expectRefused(f, try f.signed(LedgerFixture.delivery("d-old"), by: ["KG"]), "does not verify")
        var withNew = LedgerFixture.delivery("d-new")
        try withNew.sign(with: newKG, ledger: f.id)
        try f.ledger.append(withNew)
    }

    @Test func settlementClosesThePeriod() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        try f.ledger.append(try f.signed(LedgerFixture.delivery("d1"), by: ["KG"]))
        // d1 is not acknowledged: nothing delivered, nothing owed, so both balances are zero.
        let settlement = LedgerFixture.settlement("s1", [("KG", "0", "0"), ("UZ", "0", "0")])
        try expectRefused(f, try f.signed(settlement, by: ["KG"]), "missing: UZ")
        try f.ledger.append(try f.signed(settlement, by: ["KG", "UZ"]))
        try expectRefused(f, try f.signed(LedgerFixture.delivery("d2"), by: ["KG"]), "already settled")
    }

    @Test(arguments: [
        (#"{"v":2,"id":"d1","kind":"delivery","body":{"to":"UZ","period":{"start":"2026-04-01","end":"2026-09-30"},"date":"2026-05-01","water":{"volume_mm3":1,"gauge":"g"}}}"#,
         "field 'body.from': missing required field"),
        (#"{"v":2,"id":"d1","kind":"delivery","body":{"from":"KG","to":"UZ","period":{"start":"2026-04-01","end":"2026-09-30"},"date":"2026-05-01","water":{"volume_mm3":"1","gauge":"g"}}}"#,
         "field 'body.water.volume_mm3': expected a number, found string"),
        (#"{"v":2,"id":"d1","kind":"gift","body":{}}"#, "field 'kind': unknown kind 'gift'"),
        (#"{"v":2,"id":"d1","kind":"delivery","body":{"from":"KG","to":"UZ","period":{"start":"2026-04-01","end":"2026-09-30"},"date":"2026-05-01","water":{"volume_mm3":-5,"gauge":"g"}}}"#,
         "field 'body.water.volume_mm3': must not be negative"),
        (#"{"v":2,"id":"d1","kind":"delivery","body":{"from":"KG","to":"UZ","period":{"start":"2026-09-30","end":"2026-04-01"},"date":"2026-05-01","water":{"volume_mm3":5,"gauge":"g"}}}"#,
         "field 'body.period.end': period ends (2026-04-01) before it starts (2026-09-30)"),
        (#"{"v":2,"id":"d1","kind":"delivery","body":{"from":"KG","to":"UZ","period":{"start":"2026-04-01","end":"2026-02-30"},"date":"2026-05-01","water":{"volume_mm3":5,"gauge":"g"}}}"#,
         "field 'body.period.end': '2026-02-30' is not a date"),
        (#"{"v":2,"id":"d1","kind":"delivery","body":{"from":"KG","to":"UZ","period":{"start":"2026-04-01","end":"2026-09-30"},"date":"2026-05-01","water":{"volume_mm3":5,"gauge":"g"},"extra":1}}"#,
         "field 'body.extra': unknown field"),
        (#"[1,2]"#, "field '(root)': expected an object"),
        (#"{"v":2,"id":"d1","kind":"delivery","body":{"from":"KG","#, "malformed JSON"),
    ])
    func malformedEntriesNameTheField(text: String, message: String) {
        do {
            _ = try LedgerEntry.parse(Array(text.utf8), source: "bad.json")
            Issue.record("expected an error containing \(message)")
        } catch {
            #expect(error.description.hasPrefix("bad.json"), "\(error)")
            #expect(error.description.contains(message), "\(error)")
        }
    }

    @Test func planImportShape() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        let plan = try JSONParser.parse(#"""
            {"plan": "syr-2026", "obligations": [
              {"from": "KG", "to": "UZ", "period": {"start": "2026-04-01", "end": "2026-09-30"},
               "water": {"volume_mm3": 2350.5, "gauge": "Toktogul outflow"}, "by": "2026-09-30"},
              {"from": "UZ", "to": "KG", "period": {"start": "2026-04-01", "end": "2026-09-30"},
               "energy": {"mwh": 550000, "form": "gas"}}]}
            """#, source: "plan.json")
        var entries = try PlanImport.entries(from: plan, source: "plan.json")
        #expect(entries.map(\.id) == ["syr-2026/1", "syr-2026/2"])
        // Each obligation binds its debtor only with the debtor's signature.
        for i in entries.indices { entries[i] = try f.signed(entries[i], by: [try #require(entries[i].body["from"]?.stringValue)]) }
        try f.ledger.appendBatch(entries)
        #expect(try f.ledger.size() == 3)
        // Exactly what AralPlanning.LedgerObligations encodes (JSONEncoder may write exponents).
        let fromPlanner = try JSONParser.parse(#"""
            {"generated_by": "aral plan --exchange", "note": "consortium minus alone", "plan": "basin-2026-04-2026-09",
             "obligations": [{"from": "KG", "to": "UZ", "period": {"start": "2026-04-01", "end": "2026-09-30"},
               "water": {"volume_mm3": 388.8, "gauge": "upper-dam outflow"}, "by": "2026-09-30", "note": "extra release"},
              {"from": "UZ", "to": "KG", "period": {"start": "2026-10-01", "end": "2027-03-31"},
               "energy": {"mwh": 1.05948123e+05, "form": "electricity"}, "by": "2027-03-31", "note": "compensation"}]}
            """#, source: "plan.json")
        var planned = try PlanImport.entries(from: fromPlanner, source: "plan.json")
        for i in planned.indices { planned[i] = try f.signed(planned[i], by: [try #require(planned[i].body["from"]?.stringValue)]) }
        try f.ledger.appendBatch(planned)
        #expect(planned[1].body["energy"]?["mwh"] == .number("105948.123"))
        let bad = try JSONParser.parse(#"{"plan": "p", "obligations": [{"from": "KG", "to": "UZ", "period": {"start": "2026-04-01", "end": "2026-09-30"}, "water": {"volume_mm3": -1, "gauge": "g"}}]}"#, source: "plan.json")
        #expect(throws: LedgerError.self) { try PlanImport.entries(from: bad, source: "plan.json") }
    }

    @Test func batchIsAllOrNothing() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        let good = try f.signed(LedgerFixture.delivery("d1"), by: ["KG"])
        let bad = try f.signed(LedgerFixture.delivery("d2"), by: ["UZ"])
        #expect(throws: LedgerError.self) { try f.ledger.appendBatch([good, bad]) }
        #expect(try f.ledger.size() == 1)
    }
}
