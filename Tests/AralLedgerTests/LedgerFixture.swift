import AralLedger
import Foundation

/// A fresh ledger in a temporary directory with four founding parties: the secretariat and three states.
struct LedgerFixture {
    let directory: String
    let path: String
    let ledger: Ledger
    let keys: [String: PartyKey]
    let parties: [Party]

    static let codes = ["SEC", "KG", "UZ", "KZ"]
    static let vegetation: JSONValue = ["start": "2026-04-01", "end": "2026-09-30"]

    init() throws {
        directory = (NSTemporaryDirectory() as NSString).appendingPathComponent("aral-ledger-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = (directory as NSString).appendingPathComponent("ledger.sqlite")
        var keys: [String: PartyKey] = [:]
        for code in Self.codes { keys[code] = PartyKey.generate(party: code) }
        self.keys = keys
        parties = Self.codes.compactMap { code in keys[code].map { Party(code: code, name: code, publicKey: $0.publicKey) } }
        ledger = try Ledger.open(path: path, synchronousFull: false)
        try ledger.initialize(name: "test", parties: parties, secretariat: "SEC", keys: Array(keys.values))
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }

    func key(_ code: String) -> PartyKey {
        keys[code] ?? PartyKey.generate(party: code)
    }

    func signed(_ entry: LedgerEntry, by codes: [String]) throws -> LedgerEntry {
        var e = entry
        for c in codes { try e.sign(with: key(c)) }
        return e
    }

    static func delivery(_ id: String, from: String = "KG", to: String = "UZ", mm3: String = "100") -> LedgerEntry {
        LedgerEntry(id: id, kind: .delivery, body: [
            "from": .string(from), "to": .string(to), "period": vegetation, "date": "2026-05-01",
            "water": ["volume_mm3": .number(mm3), "gauge": "Toktogul outflow"],
        ])
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

    static func obligation(_ id: String, from: String, to: String, agreement: String? = nil, water: String? = nil, mwh: String? = nil) -> LedgerEntry {
        var body: [String: JSONValue] = ["from": .string(from), "to": .string(to), "period": vegetation]
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
