import AralLedger
import Foundation
import Testing

/// Found from outside: two obligations of 99,999,999,999,999,999,999 Mm³ each were accepted,
/// `aral ledger balance` refused their sum, but `propose-settlement` wrote it raw
/// (`-199999999999999999998`), a file that `sign` and `append` then could not read: a
/// period that could never be settled. The proposal refuses the sum as the balance does, and
/// each such entry is now refused at its field before any sum.
@Suite("Ledger: settlement figures in range")
struct SettlementRangeTests {
    @Test func aSettlementWhoseSumLeavesTheNumberRangeIsRefused() throws {
        let huge = "99999999999999999999"
        let entries = [LedgerFixture.obligation("o1", from: "KG", to: "UZ", water: huge),
                       LedgerFixture.obligation("o2", from: "KG", to: "UZ", water: huge)]
        let period = Period(start: "2026-04-01", end: "2026-09-30")
        do {
            _ = try SettlementProposal.entry(period: period, entries: entries)
            Issue.record("the settlement was proposed")
        } catch {
            // Each entry is now refused at its field (quantities above 1e12), before any sum.
            #expect("\(error)".contains("beyond any quantity between states"), "\(error)")
            #expect("\(error)".contains("volume_mm3"), "\(error)")
        }
    }

    @Test func aSettlementInRangeIsProposed() throws {
        let entries = [LedgerFixture.obligation("o1", from: "KG", to: "UZ", water: "1200.5")]
        let entry = try #require(try SettlementProposal.entry(period: Period(start: "2026-04-01", end: "2026-09-30"), entries: entries))
        #expect(entry.body["parties"]?.arrayValue?.count == 2)
    }
}
