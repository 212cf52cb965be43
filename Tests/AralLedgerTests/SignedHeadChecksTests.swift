import Foundation
import Testing
import AralLedger

/// A head signed elsewhere is stored only when a verifier would accept it: a head of size 0
/// was stored and every export failed verification after it, for good; timestamps of -5, of
/// 1970 after a 2026 head and of the year 3 million were stored too (found from outside).
@Suite("Ledger: signed heads from elsewhere")
struct SignedHeadChecksTests {
    static func head(_ f: LedgerFixture, size: UInt64, timestamp: Int64) throws -> SignedTreeHead {
        var head = SignedTreeHead(size: size, root: try f.ledger.root(size: size), timestamp: timestamp)
        try head.sign(with: f.key("SEC"), ledger: f.id)
        return head
    }

    static func refusal(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch { return "\(error)" }
    }

    @Test func aHeadOfSizeZeroOrOutOfTimeIsRefused() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        try f.ledger.append(try f.signed(LedgerFixture.obligation("o1", from: "KG", to: "UZ", water: "10"), by: ["KG"]))
        try f.ledger.append(try f.signed(LedgerFixture.obligation("o2", from: "KG", to: "UZ", water: "20"), by: ["KG"]))
        let now: Int64 = 1_796_000_000_000
        let zero = Self.refusal { try f.ledger.addSignedHead(try Self.head(f, size: 0, timestamp: now), now: now) }
        #expect(zero?.contains("size ≥ 1") == true, "\(String(describing: zero))")
        for bad in [Int64(-5), now + 2 * 86_400_000] {
            let r = Self.refusal { try f.ledger.addSignedHead(try Self.head(f, size: 2, timestamp: bad), now: now) }
            #expect(r?.contains("timestamp \(bad) is not a time") == true, "\(String(describing: r))")
        }
        try f.ledger.addSignedHead(try Self.head(f, size: 2, timestamp: now), now: now)
        let earlier = Self.refusal { try f.ledger.addSignedHead(try Self.head(f, size: 3, timestamp: 1), now: now) }
        #expect(earlier?.contains("before that of the stored head of the smaller size 2") == true, "\(String(describing: earlier))")
        let later = Self.refusal { try f.ledger.addSignedHead(try Self.head(f, size: 1, timestamp: now + 5), now: now) }
        #expect(later?.contains("after that of the stored head of the larger size 2") == true, "\(String(describing: later))")
        // What was stored still verifies.
        #expect(try f.ledger.store.heads().count == 1)
        let lines = try f.exportLines()
        _ = try LedgerVerifier.verify(lines: lines, trusted: f.parties)
    }

    @Test func aVerifierRefusesHeadsWhoseTimeRunsBackwards() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        try f.ledger.append(try f.signed(LedgerFixture.obligation("o1", from: "KG", to: "UZ", water: "10"), by: ["KG"]))
        // Stored behind the checks, as a file edited by hand would hold them.
        try f.ledger.store.addHead(try Self.head(f, size: 1, timestamp: 2_000))
        try f.ledger.store.addHead(try Self.head(f, size: 2, timestamp: 1_000))
        let r = Self.refusal { _ = try LedgerVerifier.verify(lines: try f.exportLines(), trusted: f.parties) }
        #expect(r?.contains("before the head of the smaller size 1") == true, "\(String(describing: r))")
    }

    /// `verify` read a negative head timestamp (the store and the server refused it), so a head
    /// written behind their back passed; `head --sign` with a clock before 1970 stored one.
    @Test func aNegativeHeadTimestampIsRefusedByVerifyAndNotSigned() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        try f.ledger.store.addHead(try Self.head(f, size: 1, timestamp: -5))
        let r = Self.refusal { _ = try LedgerVerifier.verify(lines: try f.exportLines(), trusted: f.parties) }
        #expect(r?.contains("head at size 1 (export line 3): timestamp -5 is before 1970") == true, "\(String(describing: r))")
        let g = try LedgerFixture()
        defer { g.remove() }
        let signed = Self.refusal { try g.ledger.signHead(key: g.key("SEC"), timestamp: -1) }
        #expect(signed?.contains("timestamp -1 is before 1970") == true, "\(String(describing: signed))")
        #expect(try g.ledger.store.heads().isEmpty)
    }
}
