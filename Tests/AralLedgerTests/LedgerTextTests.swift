import Foundation
import Testing
import AralLedger

/// An entry's text fields hold plain text: entries are immutable, so a NUL, a BEL or a
/// right-to-left override appended once stayed for good (found from outside).
@Suite("Ledger: text fields")
struct LedgerTextTests {
    static func obligation(_ id: String, gauge: String) -> LedgerEntry {
        LedgerEntry(id: id, kind: .obligation, body: .object([
            "from": .string("KG"), "to": .string("UZ"), "period": LedgerFixture.vegetation,
            "water": .object(["volume_mm3": .number("10"), "gauge": .string(gauge)]),
        ]))
    }

    @Test func controlCharactersAndOverridesAreRefusedAtTheirField() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        for (i, gauge) in ["Toktogul\u{0}outflow", "Toktogul \u{202E}wolftuo", "bell\u{7}", String(repeating: "x", count: 70_000)].enumerated() {
            #expect {
                try f.ledger.append(try f.signed(Self.obligation("bad-\(i)", gauge: gauge), by: ["KG"]))
            } throws: { error in
                "\(error)".contains("water.gauge")
            }
        }
        // Plain text, a line break and non-Latin letters are text.
        try f.ledger.append(try f.signed(Self.obligation("ok", gauge: "Токтогул, outflow\nmeasured at the dam"), by: ["KG"]))
        #expect(try f.ledger.size() == 2)
    }
}
