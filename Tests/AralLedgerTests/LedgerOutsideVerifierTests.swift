import AralLedger
import Foundation
import Testing

/// Found by an outside tester who wrote an independent verifier from docs/ledger.md: each test
/// failed before its fix.
@Suite("Ledger: found by an independent verifier")
struct LedgerOutsideVerifierTests {
    static let spring: JSONValue = ["start": "2026-04-01", "end": "2026-06-30"]
    static let summer: JSONValue = ["start": "2026-07-01", "end": "2026-09-30"]

    static func delivery(_ id: String, period: JSONValue, date: String, mm3: String = "10") -> LedgerEntry {
        LedgerEntry(id: id, kind: .delivery, body: [
            "from": "KG", "to": "UZ", "period": period, "date": .string(date),
            "water": ["volume_mm3": .number(mm3), "gauge": "Toktogul outflow"],
        ])
    }

    // MARK: 1. A settled row stays as it was settled

    /// A delivery written with the settled spring as its period but dated in the summer was
    /// accepted, and `balance` counted it in the settled spring row.
    @Test func aDeliveryWrittenWithASettledPeriodIsRefused() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        // Written with the spring, dated in the summer, before the spring is settled.
        try f.ledger.append(try f.signed(Self.delivery("d-early", period: Self.spring, date: "2026-07-05"), by: ["KG"]))
        try f.ledger.append(try f.signed(LedgerFixture.settlement("s-spring", period: Self.spring, [("KG", "0", "0"), ("UZ", "0", "0")]), by: ["KG", "UZ"]))
        func springRow() throws -> PartyBalance? {
            var sheet = BalanceSheet()
            try f.ledger.forEachEntry { _, entry in try sheet.add(entry) }
            return sheet.balances(period: "2026-04-01/2026-06-30", party: "KG").first
        }
        let settledRow = try springRow()
        #expect(settledRow?.settled == true)
        try f.expectRefused(try f.signed(Self.delivery("d-late", period: Self.spring, date: "2026-07-10"), by: ["KG"]),
                            "period 2026-04-01/2026-06-30 is already settled for 'KG' (the delivery's period 2026-04-01/2026-06-30 ends 2026-06-30)")
        // Nor may the earlier one be answered now: that too would move the settled row.
        try f.expectRefused(try f.signed(LedgerFixture.acknowledgement("a-early", of: "d-early"), by: ["UZ"]),
                            "period 2026-04-01/2026-06-30 is already settled for 'KG'")
        try f.expectRefused(try f.signed(LedgerEntry(id: "x-early", kind: .dispute, body: ["delivery": "d-early", "reason": "late"]), by: ["UZ"]),
                            "period 2026-04-01/2026-06-30 is already settled")
        #expect(try springRow() == settledRow)
        // Written with the summer and dated in it: open.
        try f.ledger.append(try f.signed(Self.delivery("d-summer", period: Self.summer, date: "2026-07-10"), by: ["KG"]))
    }

    // MARK: 2. A delivery is worth at most its obligation

    static func pricedObligation(_ id: String, mm3: String, usd: String) -> LedgerEntry {
        LedgerEntry(id: id, kind: .obligation, body: [
            "from": "KG", "to": "UZ", "period": LedgerFixture.vegetation,
            "water": ["volume_mm3": .number(mm3), "gauge": "Toktogul outflow"], "value_usd": .number(usd),
        ])
    }

    static func deliveryAgainst(_ id: String, obligation: String, mm3: String) -> LedgerEntry {
        LedgerFixture.delivery(id, mm3: mm3, obligation: obligation)
    }

    /// 1e12 Mm³ delivered against an obligation of 1e-12 Mm³ worth 1e12 USD was worth 1e36 USD,
    /// and `balance --json` failed for everyone; 0.5 Mm³ against 1e-12 Mm³ worth a cent was worth
    /// 5e9 USD.
    @Test func aDeliveryIsWorthAtMostItsObligation() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        try f.ledger.append(try f.signed(Self.pricedObligation("o-big", mm3: "0.000000000001", usd: "1000000000000"), by: ["KG"]))
        try f.ledger.append(try f.signed(Self.pricedObligation("o-cent", mm3: "0.000000000001", usd: "0.01"), by: ["KG"]))
        try f.ledger.append(try f.signed(Self.pricedObligation("o-third", mm3: "3", usd: "1"), by: ["KG"]))
        try f.ledger.append(try f.signed(Self.deliveryAgainst("d-big", obligation: "o-big", mm3: "1000000000000"), by: ["KG"]))
        try f.ledger.append(try f.signed(Self.deliveryAgainst("d-cent", obligation: "o-cent", mm3: "0.5"), by: ["KG"]))
        // Pro rata below the obligation's amount, half up per delivery: 1/3 of a dollar → 0.33 and
        // 0.5 of 3 Mm³ worth 1 USD = 0.1666… → 0.17.
        try f.ledger.append(try f.signed(Self.deliveryAgainst("d-third", obligation: "o-third", mm3: "1"), by: ["KG"]))
        try f.ledger.append(try f.signed(Self.deliveryAgainst("d-sixth", obligation: "o-third", mm3: "0.5"), by: ["KG"]))
        try f.ledger.append(try f.signed(LedgerFixture.acknowledgement("a-cent", of: "d-cent"), by: ["UZ"]))
        try f.ledger.append(try f.signed(LedgerFixture.acknowledgement("a-third", of: "d-third"), by: ["UZ"]))
        var sheet = BalanceSheet()
        try f.ledger.forEachEntry { _, entry in try sheet.add(entry) }
        let kg = try #require(sheet.balances(party: "KG").first)
        #expect(kg.usdPending == Decimal(string: "1000000000000.17"))
        #expect(kg.usdDelivered == Decimal(string: "0.34"))
        // Every party's balances print.
        for b in sheet.balances() { _ = try b.json() }
    }

    // MARK: 3. A rotation without a new recovery key keeps the old one

    /// A rotation naming no `recovery_key` deleted the registered one: the party could never
    /// rotate again.
    @Test func aRotationWithoutARecoveryKeyKeepsTheRegisteredOne() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        let recovery = try #require(f.recoveryKeys["KG"])
        let second = PartyKey.generate(party: "KG")
        var rotation = try f.partyChange("rot-1", action: "rotate", party: Party(code: "KG", name: "KG", publicKey: second.publicKey), newKey: second)
        try rotation.sign(with: recovery, ledger: f.id)
        try f.ledger.append(rotation)
        #expect(try f.ledger.store.partySet().parties["KG"]?.recoveryKey == recovery.publicKey)
        // And the same recovery key rotates again, in the store and in an offline replay.
        let third = PartyKey.generate(party: "KG")
        var again = try f.partyChange("rot-2", action: "rotate", party: Party(code: "KG", name: "KG", publicKey: third.publicKey), newKey: third)
        try again.sign(with: recovery, ledger: f.id)
        try f.ledger.append(again)
        #expect(try f.ledger.store.partySet().parties["KG"]?.publicKey == third.publicKey)
        let report = try LedgerVerifier.verify(lines: try f.exportLines(), trusted: f.parties)
        #expect(report.parties.parties["KG"]?.recoveryKey == recovery.publicKey)
        // Rotating onto the recovery key it keeps would leave one key doing both jobs.
        var onto = try f.partyChange("rot-3", action: "rotate", party: Party(code: "KG", name: "KG", publicKey: recovery.publicKey), newKey: recovery)
        try onto.sign(with: recovery, ledger: f.id)
        try f.expectRefused(onto, "the new public key of 'KG' is its recovery key")
    }

    // MARK: 4. Every export line is canonical

    func refusal(_ bytes: [UInt8], _ trusted: [Party]) -> String? {
        do {
            _ = try LedgerVerifier.verify(export: bytes, trusted: trusted)
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// `verify` accepted a trailing space, CRLF, a blank line and `600.250`, while the docs say
    /// every line is canonical; the export as written (with or without its final newline) passes.
    @Test func aNonCanonicalExportLineIsRefused() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        try f.ledger.append(try f.signed(LedgerFixture.delivery("d1", mm3: "600.25"), by: ["KG"]))
        _ = try f.ledger.signHead(key: f.key("SEC"))
        let lines = try f.exportLines()
        let file = Array(lines.joined(separator: [0x0A])) + [0x0A]
        #expect(refusal(file, f.parties) == nil)
        #expect(refusal(Array(file.dropLast()), f.parties) == nil)
        func edited(_ n: Int, _ change: (String) -> String) -> [UInt8] {
            var copy = lines
            copy[n - 1] = Array(change(String(decoding: copy[n - 1], as: UTF8.self)).utf8)
            return Array(copy.joined(separator: [0x0A])) + [0x0A]
        }
        let space = try #require(refusal(edited(2, { $0 + " " }), f.parties))
        #expect(space.contains("export line 2") && space.contains("ends with whitespace"), "\(space)")
        let crlf = try #require(refusal(Array(lines.joined(separator: [0x0D, 0x0A])) + [0x0D, 0x0A], f.parties))
        #expect(crlf.contains("export line 1") && crlf.contains("carriage return"), "\(crlf)")
        let number = try #require(refusal(edited(3, { $0.replacingOccurrences(of: "600.25", with: "600.250") }), f.parties))
        #expect(number.contains("export line 3") && number.contains("'600.250") && number.contains("'600.25"), "\(number)")
        let spaced = try #require(refusal(edited(1, { $0.replacingOccurrences(of: ",", with: ", ") }), f.parties))
        #expect(spaced.contains("export line 1") && spaced.contains("(whitespace)"), "\(spaced)")
        var withBlank = lines
        withBlank.insert([], at: 2)
        let blank = try #require(refusal(Array(withBlank.joined(separator: [0x0A])), f.parties))
        #expect(blank.contains("export line 3") && blank.contains("the line is empty"), "\(blank)")
        let twoNewlines = try #require(refusal(file + [0x0A], f.parties))
        #expect(twoNewlines.contains("the line is empty"), "\(twoNewlines)")
    }

    /// An export starting with a UTF-8 byte order mark is not the export (it has none, and no
    /// canonical line has one): refused at line 1 by name, the file named as given; the CLI
    /// dropped the mark and verified the rest.
    @Test func anExportWithAByteOrderMarkIsRefusedAtLineOne() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        let file = Array(try f.exportLines().joined(separator: [0x0A])) + [0x0A]
        do {
            _ = try LedgerVerifier.verify(export: [0xEF, 0xBB, 0xBF] + file, trusted: f.parties, name: "ledger.jsonl")
            Issue.record("an export with a byte order mark verified")
        } catch {
            #expect("\(error)".contains("ledger.jsonl line 1: the line starts with a UTF-8 byte order mark (EF BB BF); exports are written without one"), "\(error)")
        }
    }

    // MARK: 5. verify checks a trusted recovery key and names the ledger

    /// `verify --keys` ignored the `recovery_key` of the keys file.
    @Test func verifyChecksATrustedRecoveryKey() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        let tj = PartyKey.generate(party: "TJ"), tjRecovery = PartyKey.generate(party: "TJ")
        let tjParty = Party(code: "TJ", name: "TJ", publicKey: tj.publicKey, recoveryKey: tjRecovery.publicKey)
        try f.ledger.append(try f.signed(try f.partyChange("add-tj", action: "add", party: tjParty, newKey: tj), by: ["SEC", "KG", "UZ"]))
        let bytes = Array(try f.exportLines().joined(separator: [0x0A]))
        let report = try LedgerVerifier.verify(export: bytes, trusted: f.parties + [tjParty])
        #expect(report.ledgerID == f.id)
        // A founder's recovery key that is not the ledger's.
        var wrongFounder = f.parties
        wrongFounder[1].recoveryKey = PartyKey.generate(party: "KG").publicKey
        let founder = try #require(refusal(bytes, wrongFounder))
        #expect(founder.contains("founding party 'KG' has a different recovery key than the trusted one"), "\(founder)")
        // An added party's.
        var wrongAdded = tjParty
        wrongAdded.recoveryKey = PartyKey.generate(party: "TJ").publicKey
        let added = try #require(refusal(bytes, f.parties + [wrongAdded]))
        #expect(added.contains("trusted party 'TJ' never appears in the ledger with that recovery key"), "\(added)")
        // Without a recovery key in the keys file, only the signing key is checked.
        var signingOnly = tjParty
        signingOnly.recoveryKey = nil
        #expect(refusal(bytes, f.parties + [signingOnly]) == nil)
    }

    // MARK: 7. Messages that say what happened

    /// A second dispute of a delivery (the CLI's default id `<delivery>/dispute`) said only that
    /// the entry id is already in the log.
    @Test func aSecondDisputeSaysTheDeliveryIsDisputed() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        try f.ledger.append(try f.signed(LedgerFixture.delivery("d1"), by: ["KG"]))
        try f.ledger.append(try f.signed(SeasonEntries.dispute(of: "d1", reason: "not received"), by: ["UZ"]))
        try f.expectRefused(try f.signed(SeasonEntries.dispute(of: "d1", reason: "still not received"), by: ["UZ"]),
                            "delivery 'd1' is already disputed (entry id 'd1/dispute' is already in the log at index 2)")
        try f.ledger.append(try f.signed(SeasonEntries.acknowledgement(of: "d1"), by: ["UZ"]))
        try f.expectRefused(try f.signed(SeasonEntries.acknowledgement(of: "d1"), by: ["UZ"]), "delivery 'd1' is already acknowledged")
    }

    /// A rotation signed with the day key said only that the signature does not verify.
    @Test func aRotationWithTheDayKeySaysWhichKeyItTakes() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        let next = PartyKey.generate(party: "UZ")
        let rotation = try f.partyChange("rot-uz", action: "rotate", party: Party(code: "UZ", name: "UZ", publicKey: next.publicKey), newKey: next)
        try f.expectRefused(try f.signed(rotation, by: ["UZ"]), "a key rotation is signed with the recovery key of 'UZ', not with its current signing key")
        // Any other key still fails as an unverified signature.
        var stranger = rotation
        try stranger.sign(with: PartyKey.generate(party: "UZ"), ledger: f.id)
        try f.expectRefused(stranger, "the signature of party 'UZ' does not verify")
    }
}
