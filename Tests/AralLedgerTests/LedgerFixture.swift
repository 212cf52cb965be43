import AralLedger
import Foundation
import Testing

/// A fresh ledger in a temporary directory with four founding parties: the secretariat and three
/// states, each with a signing key and a recovery key.
struct LedgerFixture {
    let directory: String
    let path: String
    let ledger: Ledger
    let keys: [String: PartyKey]
    let recoveryKeys: [String: PartyKey]
    let parties: [Party]
    /// The ledger's identity (its genesis hash), which every signature names.
    let id: LedgerID

    static let codes = ["SEC", "KG", "UZ", "KZ"]
    static let vegetation: JSONValue = ["start": "2026-04-01", "end": "2026-09-30"]

    init() throws {
        directory = (NSTemporaryDirectory() as NSString).appendingPathComponent("aral-ledger-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = (directory as NSString).appendingPathComponent("ledger.sqlite")
        var keys: [String: PartyKey] = [:]
        var recoveryKeys: [String: PartyKey] = [:]
        for code in Self.codes {
            keys[code] = PartyKey.generate(party: code)
            recoveryKeys[code] = PartyKey.generate(party: code)
        }
        self.keys = keys
        self.recoveryKeys = recoveryKeys
        parties = Self.codes.compactMap { code in
            keys[code].map { Party(code: code, name: code, publicKey: $0.publicKey, recoveryKey: recoveryKeys[code]?.publicKey) }
        }
        ledger = try Ledger.open(path: path, synchronousFull: false)
        try ledger.initialize(name: "test", parties: parties, secretariat: "SEC", keys: Array(keys.values))
        id = try ledger.identity()
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }

    func key(_ code: String) -> PartyKey {
        keys[code] ?? PartyKey.generate(party: code)
    }

    func signed(_ entry: LedgerEntry, by codes: [String]) throws -> LedgerEntry {
        var e = entry
        for c in codes { try e.sign(with: key(c), ledger: id) }
        return e
    }

    /// A `party` entry adding or rotating `party`, with `newKey`'s proof of possession for this ledger.
    func partyChange(_ entryID: String, action: String, party: Party, newKey: PartyKey) throws -> LedgerEntry {
        let proof = try KeyValidation.proofOfPossession(key: newKey, ledger: id)
        return LedgerEntry(id: entryID, kind: .party, body: [
            "action": .string(action), "party": party.json, "proof": .string(LedgerEncoding.base64(proof)),
        ])
    }

    /// Appends `entry` expecting a refusal whose message contains `fragment`; the log must be unchanged.
    func expectRefused(_ entry: LedgerEntry, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try Self.expectRefused(ledger, entry, fragment, sourceLocation: sourceLocation)
    }

    static func expectRefused(_ ledger: Ledger, _ entry: LedgerEntry, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try ledger.size()
        let rootBefore = try ledger.root()
        do {
            try ledger.append(entry, label: "test.json")
            Issue.record("expected a refusal containing '\(fragment)'", sourceLocation: sourceLocation)
        } catch let error as LedgerError {
            #expect(error.description.contains(fragment), "\(error)", sourceLocation: sourceLocation)
            #expect(error.description.contains("test.json"), "\(error)", sourceLocation: sourceLocation)
        }
        #expect(try ledger.size() == before, sourceLocation: sourceLocation)
        #expect(try ledger.root() == rootBefore, sourceLocation: sourceLocation)
    }

    static func acknowledgement(_ id: String, of delivery: String) -> LedgerEntry {
        LedgerEntry(id: id, kind: .acknowledgement, body: ["delivery": .string(delivery)])
    }

    static func settlement(_ id: String, period: JSONValue = vegetation, _ balances: [(String, String, String)]) -> LedgerEntry {
        LedgerEntry(id: id, kind: .settlement, body: [
            "period": period, "parties": .array(balances.map { .string($0.0) }),
            "balances": .array(balances.map { ["party": .string($0.0), "water_mm3": .number($0.1), "energy_mwh": .number($0.2)] }),
        ])
    }

    static func delivery(_ id: String, from: String = "KG", to: String = "UZ", mm3: String = "100", date: String = "2026-05-01", obligation: String? = nil) -> LedgerEntry {
        var body: [String: JSONValue] = [
            "from": .string(from), "to": .string(to), "period": vegetation, "date": .string(date),
            "water": ["volume_mm3": .number(mm3), "gauge": "Toktogul outflow"],
        ]
        if let obligation { body["obligation"] = .string(obligation) }
        return LedgerEntry(id: id, kind: .delivery, body: .object(body))
    }

    static func agreement(_ id: String, parties: [String] = ["KG", "UZ"]) -> LedgerEntry {
        LedgerEntry(id: id, kind: .agreement, body: [
            "title": "Toktogul summer release for winter energy", "period": vegetation,
            "parties": .array(parties.map { .string($0) }),
            "terms": [
                ["from": "KG", "to": "UZ", "water": ["volume_mm3": 2350, "gauge": "Toktogul outflow"], "by": "2026-09-30"],
                ["from": "UZ", "to": "KG", "energy": ["mwh": 550000, "form": "electricity"], "by": "2026-09-30"],
            ],
        ])
    }

    static func obligation(_ id: String, from: String, to: String, agreement: String? = nil, water: String? = nil, mwh: String? = nil, period: JSONValue = vegetation) -> LedgerEntry {
        var body: [String: JSONValue] = ["from": .string(from), "to": .string(to), "period": period]
        if let agreement { body["agreement"] = .string(agreement) }
        if let water { body["water"] = ["volume_mm3": .number(water), "gauge": "Toktogul outflow"] }
        if let mwh { body["energy"] = ["mwh": .number(mwh)] }
        return LedgerEntry(id: id, kind: .obligation, body: .object(body))
    }

    /// The export as lines.
    func exportLines() throws -> [[UInt8]] {
        var lines: [[UInt8]] = []
        try LedgerExport.write(ledger) { lines.append($0) }
        return lines
    }
}
