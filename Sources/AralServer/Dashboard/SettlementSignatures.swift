import AralLedger
import HTTPTypes
import Synchronization

/// The settlements being signed: a settlement closes its period only with the signature of every
/// party in it, and the ledger refuses it until then, so the signatures the parties upload one
/// by one (each signed on its own machine) are gathered here, each checked against the party's
/// key first (`LedgerEntry.addingSignatures`). When the last one arrives the settlement is
/// appended through the ledger's own checks.
///
/// In memory: a restart forgets what was gathered, but nothing is lost that matters — the
/// settlement page offers the file with every signature gathered so far, and uploading that file
/// (or each party's own again: Ed25519 signatures are deterministic) gathers them again.
final class SettlementSignatures: Sendable {
    /// At most this many settlements are being signed at once (one per period in practice).
    static let capacity = 64
    private let pending = Mutex<[String: LedgerEntry]>([:])

    /// `upload`'s signatures added to those gathered for its id; returns the entry with all of them.
    func gather(_ upload: LedgerEntry, parties: PartySet, ledger: LedgerID) throws -> LedgerEntry {
        try pending.withLock { table in
            let merged = try (table[upload.id] ?? LedgerEntry(id: upload.id, kind: upload.kind, body: upload.body))
                .addingSignatures(of: upload, parties: parties, ledger: ledger)
            guard table[upload.id] != nil || table.count < Self.capacity else {
                throw APIError(.tooManyRequests, "\(Self.capacity) settlements are being signed already; finish one first")
            }
            table[upload.id] = merged
            return merged
        }
    }

    /// Once appended, a settlement is no longer being signed.
    func remove(_ id: String) { _ = pending.withLock { $0.removeValue(forKey: id) } }

    func all() -> [LedgerEntry] { pending.withLock { Array($0.values) }.sorted { $0.id < $1.id } }

    func entry(id: String) -> LedgerEntry? { pending.withLock { $0[id] } }
}
