/// The export format: JSON Lines, one canonical JSON object per line.
///
///     {"format":"aral-ledger-export","size":N,"type":"header","version":2}
///     {"entry":{…},"index":0,"leaf_hash":"<hex>","type":"entry"}
///     …
///     {"root":"<hex>","signatures":[…],"size":K,"timestamp":T,"type":"head"}   (right after entry K-1)
///
/// Heads follow the entry that completes their tree, in size order, so that a verifier can check
/// them while streaming. Every stored head is written: one whose size exceeds the entries present
/// (the newest entries were deleted from the store) comes last, and the verifier reports the
/// truncation instead of the export silently dropping the head that covered them.
public enum LedgerExport {
    public static let format = "aral-ledger-export"
    /// The format version: the entries' (`LedgerEntry.version`).
    public static let version: Int64 = LedgerEntry.version

    /// Writes the export line by line through `write` (each line without its newline).
    public static func write(_ ledger: Ledger, batchSize: UInt64 = 10_000, _ write: ([UInt8]) throws -> Void) throws {
        let n = try ledger.size()
        let heads = try ledger.store.heads().map(\.head)  // in size order (the store's contract)
        try write(CanonicalJSON.encode([
            "type": "header", "format": .string(format), "version": .number(String(version)), "size": .number(String(n)),
        ]))
        var headIndex = 0
        func flushHeads(upTo size: UInt64) throws {
            while headIndex < heads.count, heads[headIndex].size <= size {
                try write(headLine(heads[headIndex]))
                headIndex += 1
            }
        }
        try flushHeads(upTo: 0)
        var start: UInt64 = 0
        while start < n {
            for e in try ledger.store.entries(start..<min(n, start + batchSize)) {
                let entryValue = try JSONParser.parse(e.bytes, source: "stored entry \(e.index)")
                try write(CanonicalJSON.encode([
                    "type": "entry", "index": .number(String(e.index)), "leaf_hash": .string(LedgerEncoding.hex(e.leafHash)),
                    "entry": entryValue,
                ]))
                try flushHeads(upTo: e.index + 1)
            }
            start += batchSize
        }
        try flushHeads(upTo: UInt64.max)
    }

    static func headLine(_ head: SignedTreeHead) -> [UInt8] {
        guard case var .object(fields) = head.json else { return [] }
        fields["type"] = "head"
        return CanonicalJSON.encode(.object(fields))
    }
}
