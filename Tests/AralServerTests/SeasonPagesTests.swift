import Foundation
@testable import AralServer
import AralLedger
import Hummingbird
import HummingbirdTesting
import Testing

/// The season's steps in the dashboard: deliveries proposed from an energy report, signed by the
/// deliverer and uploaded, disputed or acknowledged by the receiver, the balances page against
/// the ledger's `BalanceSheet`, and a settlement gathered signature by signature. Every form
/// refused without the session's anti-forgery token, and every refused upload leaves the
/// ledger as it was. (The plan's obligations: `SeasonPlanTests`.)
@Suite("The season in the dashboard")
struct SeasonPagesTests {
    static let winter = Period(start: "2018-10-01", end: "2019-03-31")

    /// Energy owed back for summer water, signed by each debtor and appended through the API:
    /// KZ owes KG 1,000 MWh, UZ owes KG 2,500 MWh, priced as a plan prices them.
    static func obligations(_ c: SeasonConsortium, _ client: any TestClientProtocol, tokens: [String: String]) async throws {
        for (id, from, mwh, usd) in [("season-test/1", "KZ", "1000", "45000"), ("season-test/2", "UZ", "2500", "112500")] {
            let entry = try c.signed(LedgerEntry(id: id, kind: .obligation, body: [
                "from": .string(from), "to": "KG", "energy": ["mwh": .number(mwh), "form": "electricity"],
                "period": ["start": .string(winter.start), "end": .string(winter.end)], "value_usd": .number(usd), "plan": "season-test",
            ]), by: [from])
            let reply = try await client.call(.post, "/api/ledger/entries", token: tokens[from], body: CanonicalJSON.encodeString(entry.json))
            #expect(reply.status == .created, "\(reply.text)")
        }
    }

    static let reportKZ = "date,from,to,mwh,form\n2019-03-31,KZ,KG,800,electricity\n"

    @Test("the deliverer proposes deliveries from the energy report; its signed upload is appended, an unsigned or tampered one refused with the ledger's message and the ledger unchanged")
    func deliveries() async throws {
        let c = SeasonConsortium()
        try await TestServer().test { client in
            let tokens = try await c.open(client)
            try await Self.obligations(c, client, tokens: tokens)
            var kz = try await SeasonConsortium.browser(client, as: "KZ", tokens: tokens)
            let season = try await kz.get("/season")
            #expect(season.status == .ok)
            let csrf = try #require(BrowserSession.csrf(in: season.text))

            // Forged (no token) and other parties' proposals are refused.
            let forged = try await kz.postSeason("/season/deliveries", csrf: nil, fields: [("party", "KZ")], files: [("energy", "energy.csv", Self.reportKZ)])
            #expect(forged.status == .forbidden)
            let other = try await kz.postSeason("/season/deliveries", csrf: csrf, fields: [("party", "UZ")], files: [("energy", "energy.csv", Self.reportKZ)])
            #expect(other.status == .forbidden, "\(other.text)")

            let proposed = try await kz.postSeason("/season/deliveries", csrf: csrf, fields: [("party", "KZ")], files: [("energy", "energy.csv", Self.reportKZ)])
            #expect(proposed.status == .ok, "\(proposed.text)")
            let entries = try SeasonHTML.dataEntries(in: proposed.text)
            #expect(entries.count == 1, "one delivery for KZ's one obligation")
            let delivery = try #require(entries.first)
            #expect(delivery.id == "season-test/1/d" && delivery.kind == .delivery && delivery.signatures.isEmpty)
            #expect(delivery.body["energy"]?["mwh"] == .number("800"), "the measured amount, not the 1,000 owed")
            #expect(delivery.body["obligation"]?.stringValue == "season-test/1")

            // A malformed report names the file and line.
            let broken = try await kz.postSeason("/season/deliveries", csrf: csrf, fields: [("party", "KZ")],
                                                 files: [("energy", "energy.csv", "date,from,to,mwh\n2019-13-40,KZ,KG,5\n")])
            #expect(broken.status == .unprocessableContent && broken.text.contains("energy.csv:2"), "\(broken.text)")

            let before = try await SeasonConsortium.size(client)
            let unsigned = try await kz.upload(delivery)
            #expect(unsigned.status == .forbidden, "\(unsigned.text)")
            #expect(unsigned.text.contains("not signed by"), "the refusal says why: \(unsigned.text)")
            var tampered = try c.signed(delivery, by: ["KZ"])
            tampered.body = tampered.body.replacing(mwh: "1000")
            let refused = try await kz.upload(tampered)
            #expect(refused.status == .forbidden, "\(refused.text)")
            #expect(refused.text.contains("signature"), "the ledger's message: \(refused.text)")
            #expect(try await SeasonConsortium.size(client) == before, "refused uploads leave the ledger as it was")

            let appended = try await kz.upload(try c.signed(delivery, by: ["KZ"]))
            #expect(appended.status == .seeOther, "\(appended.text)")
            let after = try await kz.get(try #require(appended.headers[.location]))
            #expect(after.text.contains("is in the ledger as entry"), "\(after.text)")
            #expect(after.text.contains("season-test/1/d") && after.text.contains("pending"))

            // Proposing again gives nothing new: the obligation is answered.
            let again = try await kz.postSeason("/season/deliveries", csrf: csrf, fields: [("party", "KZ")], files: [("energy", "energy.csv", Self.reportKZ)])
            #expect(try SeasonHTML.dataEntries(in: again.text).isEmpty)
        }
    }

    @Test("the receiver disputes one delivery and acknowledges another; the balances page shows the ledger's BalanceSheet, figure by figure")
    func answersAndBalances() async throws {
        let c = SeasonConsortium()
        try await TestServer().test { client in
            let tokens = try await c.open(client)
            try await Self.obligations(c, client, tokens: tokens)
            for (party, report) in [("KZ", Self.reportKZ), ("UZ", "date,from,to,mwh\n2019-02-15,UZ,KG,2500\n")] {
                var browser = try await SeasonConsortium.browser(client, as: party, tokens: tokens)
                let csrf = try #require(BrowserSession.csrf(in: try await browser.get("/season").text))
                let page = try await browser.postSeason("/season/deliveries", csrf: csrf, fields: [("party", party)], files: [("energy", "e.csv", report)])
                let delivery = try #require(try SeasonHTML.dataEntries(in: page.text).first, "\(page.text)")
                #expect(try await browser.upload(try c.signed(delivery, by: [party])).status == .seeOther)
            }
            var kg = try await SeasonConsortium.browser(client, as: "KG", tokens: tokens)
            // The answers are downloads of unsigned entries, as `aral ledger dispute/acknowledge` would sign them.
            let dispute = try await kg.get("/season/answer?delivery=season-test%2F1%2Fd&kind=dispute&reason=KG%27s%20meter%20reads%20700")
            #expect(dispute.status == .ok, "\(dispute.text)")
            let disputeEntry = try LedgerEntry.parse(Array(dispute.text.utf8), source: "dispute")
            #expect(disputeEntry == SeasonEntries.dispute(of: "season-test/1/d", reason: "KG's meter reads 700"))
            let ack = try await kg.get("/season/answer?delivery=season-test%2F2%2Fd&kind=acknowledgement")
            let ackEntry = try LedgerEntry.parse(Array(ack.text.utf8), source: "ack")
            #expect(ackEntry.id == "season-test/2/d/ack" && ackEntry.kind == .acknowledgement)
            let missing = try await kg.get("/season/answer?delivery=season-test%2F9%2Fd&kind=acknowledgement")
            #expect(missing.status == .notFound)
            let noReason = try await kg.get("/season/answer?delivery=season-test%2F1%2Fd&kind=dispute")
            #expect(noReason.status == .badRequest)
            #expect(try await kg.upload(try c.signed(disputeEntry, by: ["KG"])).status == .seeOther)
            #expect(try await kg.upload(try c.signed(ackEntry, by: ["KG"])).status == .seeOther)

            var sheet = BalanceSheet()
            for entry in try await SeasonConsortium.entries(client) { try sheet.add(entry) }
            let rows = sheet.balances()
            #expect(rows.count >= 3, "KZ, UZ and KG in the winter: \(rows.count)")
            let page = try await client.call(.get, "/season/balances")
            #expect(page.status == .ok)
            for b in rows {
                let figures: [(String, Decimal)] = [
                    ("water-owed", b.waterOwed), ("water-delivered", b.waterDelivered), ("water-pending", b.waterPending),
                    ("water-disputed", b.waterDisputed), ("water-net", b.waterNet),
                    ("energy-owed", b.energyOwed), ("energy-delivered", b.energyDelivered), ("energy-pending", b.energyPending),
                    ("energy-disputed", b.energyDisputed), ("energy-net", b.energyNet),
                    ("usd-owed", b.usdOwed), ("usd-delivered", b.usdDelivered), ("usd-pending", b.usdPending),
                    ("usd-disputed", b.usdDisputed), ("usd-net", b.usdNet),
                ]
                for (name, value) in figures {
                    let shown = SeasonHTML.balanceCell(page.text, period: b.period.key, party: b.party, name)
                    #expect(shown.flatMap { Decimal(string: $0) } == value, "\(b.period.key) \(b.party) \(name): page \(shown ?? "nil"), ledger \(value)")
                }
            }
            // The figures follow what was fed in: KZ's 800 MWh disputed, UZ's 2,500 delivered.
            let kz = try #require(rows.first { $0.party == "KZ" }), uz = try #require(rows.first { $0.party == "UZ" })
            #expect(kz.energyDisputed == 800 && kz.energyDelivered == 0 && kz.usdDisputed == 36000)
            #expect(uz.energyDelivered == 2500 && uz.usdDelivered == 112500)
        }
    }

    @Test("a settlement is gathered signature by signature, says who has not signed, and closes the period with the last")
    func settlement() async throws {
        let c = SeasonConsortium()
        try await TestServer().test { client in
            let tokens = try await c.open(client)
            try await Self.obligations(c, client, tokens: tokens)
            var kg = try await SeasonConsortium.browser(client, as: "KG", tokens: tokens)
            let file = try await kg.get("/season/settlement?period=2018-10-01%2F2019-09-30")
            #expect(file.status == .ok, "\(file.text)")
            var proposal = try LedgerEntry.parse(Array(file.text.utf8), source: "settlement")
            #expect(proposal.kind == .settlement && proposal.signatures.isEmpty)
            let parties = proposal.body["parties"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(Set(parties) == ["KG", "KZ", "UZ"], "every party with entries in the period")
            let empty = try await kg.get("/season/settlement?period=2030-10-01%2F2031-09-30")
            #expect(empty.status == .conflict && empty.text.contains("nothing to settle"))
            let bad = try await kg.get("/season/settlement?period=2019")
            #expect(bad.status == .badRequest)

            let before = try await SeasonConsortium.size(client)
            let first = try await kg.upload(try c.signed(proposal, by: ["KG"]))
            #expect(first.status == .seeOther, "\(first.text)")
            var season = try await kg.get(try #require(first.headers[.location]))
            #expect(season.text.contains("waiting for KZ, UZ") || season.text.contains("waiting for UZ, KZ"), "\(season.text)")
            #expect(try await SeasonConsortium.size(client) == before, "not appended before every party has signed")

            // A delivery acknowledged in the period since: the ledger's account changed, so the
            // parties sign the new proposal; the signatures gathered for the old one are dropped.
            let delivery = try c.signed(LedgerEntry(id: "season-test/2/d", kind: .delivery, body: [
                "from": "UZ", "to": "KG", "energy": ["mwh": .number("2500"), "form": "electricity"], "obligation": "season-test/2",
                "period": ["start": .string(Self.winter.start), "end": .string(Self.winter.end)], "date": .string(Self.winter.end),
            ]), by: ["UZ"])
            #expect(try await client.call(.post, "/api/ledger/entries", token: tokens["UZ"], body: CanonicalJSON.encodeString(delivery.json)).status == .created)
            let ack = try c.signed(SeasonEntries.acknowledgement(of: "season-test/2/d"), by: ["KG"])
            #expect(try await client.call(.post, "/api/ledger/entries", token: tokens["KG"], body: CanonicalJSON.encodeString(ack.json)).status == .created)
            let renewed = try LedgerEntry.parse(Array(try await kg.get("/season/settlement?period=2018-10-01%2F2019-09-30").text.utf8), source: "settlement")
            #expect(renewed.body != proposal.body, "UZ's acknowledged delivery changes the period's account")
            #expect(try await kg.upload(try c.signed(renewed, by: ["KG"])).status == .seeOther)
            var uz = try await SeasonConsortium.browser(client, as: "UZ", tokens: tokens)
            let stale = try await uz.upload(try c.signed(proposal, by: ["UZ"]))
            #expect(stale.status == .conflict, "a signature of the old figures is not gathered: \(stale.text)")
            proposal = renewed

            // A signature over another body is refused and gathers nothing.
            var edited = proposal
            edited.body = proposal.body.replacing(party: "KZ", waterMm3: "0", energyMWh: "0")  // KZ is 1,000 MWh behind
            #expect(edited.body != proposal.body)
            let forged = try await uz.upload(try c.signed(edited, by: ["UZ"]))
            #expect(forged.status == .conflict, "\(forged.text)")
            // KZ's signature presented as UZ's does not verify against UZ's key.
            let kzSigned = try c.signed(proposal, by: ["KZ"])
            let impostor = LedgerEntry(id: proposal.id, kind: proposal.kind, body: proposal.body,
                                       signatures: [EntrySignature(party: "UZ", signature: try #require(kzSigned.signatures.first).signature)])
            let refused = try await uz.upload(impostor)
            #expect(refused.status == .forbidden && refused.text.contains("does not verify"), "\(refused.text)")
            // Without the form's token: refused before anything is read.
            let noToken = try await uz.postSeason("/season/entries", csrf: nil, files: [("entry", "s.json", String(decoding: try c.signed(proposal, by: ["UZ"]).fileBytes, as: UTF8.self))])
            #expect(noToken.status == .forbidden)
            #expect(try await uz.upload(try c.signed(proposal, by: ["UZ"])).status == .seeOther)
            season = try await uz.get("/season")
            #expect(season.text.contains("<td class=\"missing\">KZ</td>"), "the page says who has not signed yet")

            var kz = try await SeasonConsortium.browser(client, as: "KZ", tokens: tokens)
            let last = try await kz.upload(try c.signed(proposal, by: ["KZ"]))
            #expect(last.status == .seeOther, "\(last.text)")
            season = try await kz.get("/season")
            #expect(season.text.contains("closed, signed by KG, KZ, UZ"), "\(season.text)")
            #expect(!season.text.contains("class=\"missing\""))
            let balances = try await client.call(.get, "/api/ledger/balances?period=2018-10-01%2F2019-03-31")
            let settled = balances.json?["balances"]?.arrayValue?.map { $0["settled"] } ?? []
            #expect(!settled.isEmpty && settled.allSatisfy { $0 == .bool(true) }, "\(balances.text)")
        }
    }
}

extension JSONValue {
    /// An energy delivery's body with another amount (a tampered entry).
    func replacing(mwh: String) -> JSONValue {
        guard case .object(var body) = self, case .object(var energy)? = body["energy"] else { return self }
        energy["mwh"] = .number(mwh)
        body["energy"] = .object(energy)
        return .object(body)
    }

    /// A settlement's body with one party's balance changed (a party editing a figure).
    func replacing(party: String, waterMm3: String, energyMWh: String) -> JSONValue {
        guard case .object(var body) = self, let lines = body["balances"]?.arrayValue else { return self }
        body["balances"] = .array(lines.map { line in
            guard line["party"]?.stringValue == party else { return line }
            return ["party": .string(party), "water_mm3": .number(waterMm3), "energy_mwh": .number(energyMWh)]
        })
        return .object(body)
    }
}
