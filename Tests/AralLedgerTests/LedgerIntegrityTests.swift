import AralLedger
import Foundation
import GRDB
import Testing

@Suite("Ledger: heads, export, verification and tampering")
struct LedgerIntegrityTests {
    /// A ledger with some history and a signed head after entry 5 and at the end.
    func populated() throws -> (LedgerFixture, SignedTreeHead) {
        let f = try LedgerFixture()
        try f.ledger.append(try f.signed(LedgerFixture.agreement("syr-2026"), by: ["KG", "UZ"]))
        for i in 0..<4 { try f.ledger.append(try f.signed(LedgerFixture.delivery("d\(i)"), by: ["KG"])) }
        let early = try f.ledger.signHead(key: f.key("SEC"))
        try f.ledger.cosignLatestHead(key: f.key("UZ"))
        for i in 0..<4 { try f.ledger.append(try f.signed(LedgerEntry(id: "a\(i)", kind: .acknowledgement, body: ["delivery": .string("d\(i)")]), by: ["UZ"])) }
        try f.ledger.signHead(key: f.key("SEC"))
        return (f, early)
    }

    @Test func storedProofsVerifyAgainstHeads() throws {
        let (f, early) = try populated()
        defer { f.remove() }
        let n = try f.ledger.size()
        let root = try f.ledger.root()
        for i in 0..<n {
            let proof = try f.ledger.inclusionProof(index: i)
            let leaf = try #require(try f.ledger.store.entries(i..<(i + 1)).first).leafHash
            #expect(Merkle.verifyInclusion(leafHash: leaf, index: i, size: n, proof: proof, root: root))
        }
        let proof = try f.ledger.consistencyProof(oldSize: early.size)
        #expect(Merkle.verifyConsistency(oldSize: early.size, newSize: n, oldRoot: early.root, newRoot: root, proof: proof))
        #expect(try f.ledger.recomputedTree().root() == root)
    }

    @Test func headsNeedTheSecretariat() throws {
        let f = try LedgerFixture()
        defer { f.remove() }
        #expect(throws: LedgerError.self) { try f.ledger.signHead(key: f.key("KG")) }
    }

    @Test func exportVerifiesOffline() throws {
        let (f, _) = try populated()
        defer { f.remove() }
        let report = try LedgerVerifier.verify(lines: try f.exportLines(), trusted: f.parties)
        #expect(report.entries == 10)
        #expect(report.heads == 2)
        #expect(report.root == (try f.ledger.root()))
    }

    @Test func verifyRefusesUntrustedFounders() throws {
        let (f, _) = try populated()
        defer { f.remove() }
        var trusted = f.parties
        trusted[1] = Party(code: "KG", name: "KG", publicKey: PartyKey.generate(party: "KG").publicKey)
        #expect { try LedgerVerifier.verify(lines: try f.exportLines(), trusted: trusted) } throws: { error in
            "\(error)".contains("founding party 'KG' has a different key")
        }
    }

    func failure(_ lines: [[UInt8]], _ trusted: [Party]) -> String? {
        do {
            _ = try LedgerVerifier.verify(lines: lines, trusted: trusted)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func editedExportLinesAreNamed() throws {
        let (f, _) = try populated()
        defer { f.remove() }
        var lines = try f.exportLines()
        // Line 0 header, 1..5 entries 0..4, then the head, …: change the volume of entry 3.
        let text = String(decoding: lines[4], as: UTF8.self)
        #expect(text.contains("\"index\":3"))
        lines[4] = Array(text.replacingOccurrences(of: "\"volume_mm3\":100", with: "\"volume_mm3\":900").utf8)
        let message = try #require(failure(lines, f.parties))
        #expect(message.contains("entry 3"), "\(message)")
        // Dropping an entry names it as missing.
        var dropped = try f.exportLines()
        dropped.remove(at: 3)
        let missing = try #require(failure(dropped, f.parties))
        #expect(missing.contains("entry 2 is missing"), "\(missing)")
        // Truncation is noticed.
        let truncated = Array(try f.exportLines().dropLast(3))
        #expect(failure(truncated, f.parties) != nil)
    }

    @Test func rowsAreImmutable() throws {
        let (f, _) = try populated()
        defer { f.remove() }
        let db = try DatabaseQueue(path: f.path)
        #expect(throws: (any Error).self) { try db.write { try $0.execute(sql: "UPDATE entries SET kind = 'x' WHERE idx = 1") } }
        #expect(throws: (any Error).self) { try db.write { try $0.execute(sql: "DELETE FROM entries WHERE idx = 1") } }
        #expect(throws: (any Error).self) { try db.write { try $0.execute(sql: "DELETE FROM nodes") } }
        #expect(try f.ledger.size() == 10)
    }

    /// Someone opens the SQLite file directly, drops the triggers and rewrites history.
    @Test func tamperingBehindTheLedgersBackIsDetected() throws {
        let (f, early) = try populated()
        defer { f.remove() }
        let db = try DatabaseQueue(path: f.path)
        try db.write { db in
            try db.execute(sql: "DROP TRIGGER entries_no_update; DROP TRIGGER entries_no_delete")
            let data = try #require(try Data.fetchOne(db, sql: "SELECT entry FROM entries WHERE idx = 2"))
            let edited = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\"volume_mm3\":100", with: "\"volume_mm3\":10")
            try db.execute(sql: "UPDATE entries SET entry = ? WHERE idx = 2", arguments: [Data(edited.utf8)])
        }
        let message = try #require(failure(try f.exportLines(), f.parties))
        #expect(message.contains("entry 2"), "\(message)")
        // The tree recomputed from the entries is no longer consistent with the earlier head.
        let tree = try f.ledger.recomputedTree()
        let proof = try tree.consistencyProof(oldSize: early.size)
        #expect(!Merkle.verifyConsistency(oldSize: early.size, newSize: tree.size, oldRoot: early.root, newRoot: try tree.root(), proof: proof))

        // Deleting a row is named as a missing entry.
        try db.write { try $0.execute(sql: "DELETE FROM entries WHERE idx = 4") }
        let deleted = try #require(failure(try f.exportLines(), f.parties))
        #expect(deleted.contains("entry 2") || deleted.contains("entry 4"), "\(deleted)")
        #expect(throws: LedgerError.self) { try f.ledger.recomputedTree() }
    }

    @Test func deletionAndRenumberingBreaksTheHeads() throws {
        let (f, early) = try populated()
        defer { f.remove() }
        // Rewrite history consistently: remove entry 3 and renumber the rest, recomputing leaf hashes.
        var lines = try f.exportLines()
        lines.remove(at: 4)
        var rewritten: [[UInt8]] = []
        var next = 0
        for line in lines {
            var value = try JSONParser.parse(line, source: "x")
            if value["type"]?.stringValue == "entry", case var .object(fields) = value {
                fields["index"] = .number(String(next))
                next += 1
                value = .object(fields)
            }
            if value["type"]?.stringValue == "header", case var .object(fields) = value {
                fields["size"] = .number("9")
                value = .object(fields)
            }
            rewritten.append(CanonicalJSON.encode(value))
        }
        let message = try #require(failure(rewritten, f.parties))
        #expect(message.contains("head"), "\(message)")
        _ = early
    }
}
