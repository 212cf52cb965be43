import Foundation

/// The unsigned entries of the consortium's season (docs/season.md), made once for every front
/// end: `aral ledger propose-obligations / acknowledge / dispute / propose-settlement` and the
/// dashboard's season pages call these, so a file downloaded from the dashboard is the file the
/// CLI writes, byte for byte. Nothing here signs: each party signs its own entries, on its own
/// machine (`aral ledger sign`, or the offline page `docs/sign.html`).
public enum SeasonEntries {
    /// An unsigned entry, the party asked to sign it and the file name the CLI writes it under.
    public struct Proposal: Sendable, Equatable {
        public var entry: LedgerEntry
        public var signer: String
        public var fileName: String
    }

    /// A plan's obligations file (`aral plan --exchange --obligations`) as one unsigned
    /// obligation per item, each to be signed by its debtor (`from`); in the file's order.
    public static func obligations(from value: JSONValue, source: String) throws(LedgerError) -> [Proposal] {
        try PlanImport.entries(from: value, source: source).map { entry in
            let debtor = entry.body["from"]?.stringValue ?? "party"
            return Proposal(entry: entry, signer: debtor, fileName: "\(debtor)-\(fileStem(entry.id)).json")
        }
    }

    /// The deliveries `deliverer` proposes from the measurements against its obligations in
    /// `entries` (the whole log, in order) that no delivery answers yet.
    public static func deliveries(deliverer: String, entries: [LedgerEntry], flows: MeasuredDeliveries.Flows?,
                                  plan: MeasuredDeliveries.PlanReference?, energy: MeasuredDeliveries.EnergyReport?)
        throws(LedgerError) -> (proposals: [Proposal], skipped: [MeasuredDeliveries.Skipped], owesNothing: Bool) {
        var obligations: [(id: String, obligation: Obligation)] = []
        var answered: Set<String> = []
        for entry in entries {
            switch try entry.typedBody(source: "entry '\(entry.id)'") {
            case let .obligation(o): obligations.append((entry.id, o))
            case let .delivery(d): if let o = d.obligation { answered.insert(o) }
            default: break
            }
        }
        let (proposed, skipped) = MeasuredDeliveries.propose(deliverer: deliverer, obligations: obligations, answered: answered,
                                                             flows: flows, plan: plan, energy: energy)
        let proposals = proposed.map { Proposal(entry: $0, signer: deliverer, fileName: "\(fileStem($0.id)).json") }
        return (proposals, skipped, obligations.allSatisfy { $0.obligation.transfer.from != deliverer })
    }

    /// The receiver's acknowledgement of `delivery`: from then on it counts as delivered.
    public static func acknowledgement(of delivery: String, note: String? = nil) -> LedgerEntry {
        var body: [String: JSONValue] = ["delivery": .string(delivery)]
        if let note { body["note"] = .string(note) }
        return LedgerEntry(id: "\(delivery)/ack", kind: .acknowledgement, body: .object(body))
    }

    /// The receiver's dispute of `delivery`, saying why: it stays out of the delivered figures.
    public static func dispute(of delivery: String, reason: String) -> LedgerEntry {
        LedgerEntry(id: "\(delivery)/dispute", kind: .dispute, body: ["delivery": .string(delivery), "reason": .string(reason)])
    }

    /// The period `START/END` (e.g. `2018-10-01/2019-09-30`), as `--period` and the dashboard take it.
    public static func period(_ text: String, source: String) throws(LedgerError) -> Period {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, LedgerDate.isValid(parts[0]), LedgerDate.isValid(parts[1]), parts[0] <= parts[1] else {
            throw LedgerError.invalidField(source: source, field: "period", reason: "'\(text)' is not a period: write START/END, e.g. 2018-10-01/2019-09-30")
        }
        return Period(start: parts[0], end: parts[1])
    }

    /// The period's settlement (`SettlementProposal`: the ledger's own balances), unsigned, for
    /// every party in it to sign; a clear error when nothing falls due or is delivered in it.
    public static func settlement(period: Period, entries: [LedgerEntry]) throws(LedgerError) -> Proposal {
        guard let entry = try SettlementProposal.entry(period: period, entries: entries) else {
            throw LedgerError.rejected(entry: "settlement/\(period.key)",
                                       reason: "nothing falls due and nothing was delivered in \(period.key): there is nothing to settle")
        }
        _ = try entry.typedBody(source: "settlement/\(period.key)")
        return Proposal(entry: entry, signer: "every party in it", fileName: "settlement-\(fileStem(period.key)).json")
    }

    /// The parties a settlement names that have not signed it yet, in the settlement's order.
    public static func missingSignatures(of settlement: LedgerEntry) -> [String] {
        let parties = settlement.body["parties"]?.arrayValue?.compactMap(\.stringValue) ?? []
        return parties.filter { !settlement.signers.contains($0) }
    }

    /// An entry id as a file name (`/` is not allowed in one), as the CLI names entry files.
    public static func fileStem(_ id: String) -> String { id.replacingOccurrences(of: "/", with: "_") }
}

extension LedgerEntry {
    /// An entry file as the ledger's commands write it and `docs/sign.html` reads it: canonical
    /// JSON and a newline.
    public var fileBytes: [UInt8] { CanonicalJSON.encode(json) + [0x0A] }

    /// `other`'s signatures added to this entry's (the same entry, signed by other parties on
    /// their own machines), each checked against `parties`' keys for the ledger `ledger` first.
    /// Refuses another entry, a signature of an unknown party or one that does not verify.
    public func addingSignatures(of other: LedgerEntry, parties: PartySet, ledger: LedgerID) throws(LedgerError) -> LedgerEntry {
        guard other.id == id, other.kind == kind, CanonicalJSON.encode(other.body) == CanonicalJSON.encode(body) else {
            throw LedgerError.rejected(entry: other.id, reason: "it is not the entry '\(id)' being signed (its id, kind or body differs); sign the proposed file unchanged")
        }
        let payload = signingPayload(ledger: ledger)
        var merged = signatures.filter { mine in !other.signatures.contains { $0.party == mine.party } }
        for sig in other.signatures {
            guard let party = parties.parties[sig.party], ed25519Verify(publicKey: party.publicKey, signature: sig.signature, message: payload) else {
                throw LedgerError.unauthorized(entry: other.id, reason: "the signature of '\(sig.party)' does not verify against its current key in this ledger")
            }
            merged.append(sig)
        }
        return LedgerEntry(id: id, kind: kind, body: body, signatures: merged)
    }
}
