/// The current party set: code → party (with its current key), plus the secretariat's code.
public struct PartySet: Sendable, Equatable {
    public var parties: [String: Party]
    public var secretariat: String?

    public init(parties: [String: Party] = [:], secretariat: String? = nil) {
        self.parties = parties
        self.secretariat = secretariat
    }

    public var isEmpty: Bool { parties.isEmpty }

    /// The party whose current key is `publicKey`.
    public func party(withKey publicKey: [UInt8]) -> Party? {
        parties.values.first { $0.publicKey == publicKey }
    }

    /// The party holding `key` as its signing or its recovery key.
    public func holder(of key: [UInt8]) -> Party? {
        parties.values.first { $0.allKeys.contains(key) }
    }
}

/// An earlier entry as the authority rules need to see it.
public struct ReferencedEntry: Sendable {
    public var index: UInt64
    public var kind: EntryKind
    public var body: EntryBody
}

/// What the authority rules need to know about the log before an entry is appended.
/// Implemented in memory (verifier, benchmarks) and by each store inside its append transaction.
public protocol LedgerStateView {
    var size: UInt64 { get throws }
    func partySet() throws -> PartySet
    /// The identity of the ledger (from its genesis entry); nil while the log is empty.
    func ledgerID() throws -> LedgerID?
    func entry(id: String) throws -> ReferencedEntry?
    /// Whether an acknowledgement / a dispute of delivery `id` is already in the log.
    func responses(toDelivery id: String) throws -> (acknowledged: Bool, disputed: Bool)
    /// The periods `party` has settled.
    func settledPeriods(party: String) throws -> [Period]
    /// Every obligation, delivery and acknowledgement, in log order (read only to check a settlement).
    func balanceEvents() throws -> [BalanceEvent]
}

/// The state changes an accepted entry causes.
public struct EntryEffects: Sendable {
    public var partyUpdates: [Party] = []
    public var secretariat: String?
    public var settled: [(period: String, party: String)] = []
    /// Set by a genesis entry: the identity of the ledger it founds.
    public var ledgerID: LedgerID?
    public var reference: String?
}

/// The authority rules of docs/ledger.md ("Who may sign what"). `check` verifies every signature
/// against the current party set and the kind-specific signer rules; it throws with the entry's
/// label on the first violation and otherwise returns the entry's effects.
public enum Authority {
    public static func check(_ entry: LedgerEntry, body: EntryBody, label: String, state: some LedgerStateView) throws -> EntryEffects {
        let size = try state.size
        var effects = EntryEffects()
        effects.reference = body.reference

        if case let .genesis(genesis) = body {
            guard size == 0 else { throw LedgerError.rejected(entry: label, reason: "a genesis entry may only be the first entry (the log has \(size))") }
            let founders = PartySet(parties: Dictionary(uniqueKeysWithValues: genesis.parties.map { ($0.code, $0) }), secretariat: genesis.secretariat)
            let id = LedgerIdentity.of(genesisBody: entry.body)
            // Each founder's signature over the genesis (which names its code and key and, through
            // the identity, this ledger) is that key's proof of possession.
            let signers = try verifySignatures(entry, parties: founders, ledger: id, label: label)
            let missing = genesis.parties.map(\.code).filter { !signers.contains($0) }
            guard missing.isEmpty else {
                throw LedgerError.unauthorized(entry: label, reason: "genesis must be signed by every founding party; missing: \(missing.joined(separator: ", "))")
            }
            effects.partyUpdates = genesis.parties
            effects.secretariat = genesis.secretariat
            effects.ledgerID = id
            return effects
        }
        guard size > 0, let ledger = try state.ledgerID() else {
            throw LedgerError.rejected(entry: label, reason: "the first entry must be a genesis entry, not '\(entry.kind.rawValue)'")
        }
        if let existing = try state.entry(id: entry.id) {
            var reason = "entry id '\(entry.id)' is already in the log at index \(existing.index)"
            // The CLI names a dispute `<delivery>/dispute` (an acknowledgement likewise), so a
            // second one collides by id before its rule is reached: say what the receiver meant.
            switch body {
            case let .dispute(deliveryID, _):
                if try state.responses(toDelivery: deliveryID).disputed { reason = "delivery '\(deliveryID)' is already disputed (\(reason))" }
            case let .acknowledgement(deliveryID):
                if try state.responses(toDelivery: deliveryID).acknowledged { reason = "delivery '\(deliveryID)' is already acknowledged (\(reason))" }
            default:
                break
            }
            throw LedgerError.rejected(entry: label, reason: reason)
        }
        let parties = try state.partySet()
        var verifying = parties
        if case let .party(change) = body, change.action == .rotate, let current = parties.parties[change.party.code] {
            // A rotation is signed by the party's recovery key, not by the key it replaces.
            guard let recovery = current.recoveryKey else {
                throw LedgerError.rejected(entry: label, reason: "party '\(current.code)' registered no recovery key, so its key cannot be rotated")
            }
            verifying.parties[current.code]?.publicKey = recovery
            // Signed with the day-to-day key instead: say which key a rotation takes, rather than
            // only that the signature does not verify.
            let payload = entry.signingPayload(ledger: ledger)
            for sig in entry.signatures where sig.party == current.code
                && !ed25519Verify(publicKey: recovery, signature: sig.signature, message: payload)
                && ed25519Verify(publicKey: current.publicKey, signature: sig.signature, message: payload) {
                throw LedgerError.unauthorized(entry: label, reason: "a key rotation is signed with the recovery key of '\(current.code)', not with its current signing key (e.g. --key \(current.code).recovery.key)")
            }
        }
        let signers = try verifySignatures(entry, parties: verifying, ledger: ledger, label: label)

        func requireParty(_ code: String, _ role: String) throws {
            guard parties.parties[code] != nil else {
                throw LedgerError.rejected(entry: label, reason: "\(role) '\(code)' is not a party to the ledger")
            }
        }
        func requireSignersExactly(_ required: [String], what: String) throws {
            let missing = required.filter { !signers.contains($0) }
            for s in signers.sorted() where !required.contains(s) {
                throw LedgerError.unauthorized(entry: label, reason: "signer '\(s)' is not party to \(what)")
            }
            guard missing.isEmpty else {
                throw LedgerError.unauthorized(entry: label, reason: "\(what) must be signed by \(required.joined(separator: ", ")); missing: \(missing.joined(separator: ", "))")
            }
        }
        /// Refuses an entry dated `date` (an obligation: the end of its period) for parties who settled a period containing it.
        /// `what` says which date of the entry it is, for the message.
        func requireOpen(_ date: String, _ codes: [String], what: String = "this entry is dated") throws {
            for code in codes {
                if let closed = try state.settledPeriods(party: code).first(where: { $0.containsDate(date) }) {
                    throw LedgerError.rejected(entry: label, reason: "period \(closed.key) is already settled for '\(code)' (\(what) \(date))")
                }
            }
        }
        /// A delivery is settled by its `date` (the settlement counts it there) but shown by
        /// `aral ledger balance` in the row of its `period`: both must be open, or a delivery dated
        /// after a settlement but written with the settled period would change that period's
        /// settled row. Its period is judged by its end, as an obligation's is.
        func requireOpen(_ delivery: Delivery, _ codes: [String]) throws {
            try requireOpen(delivery.date, codes)
            try requireOpen(delivery.period.end, codes, what: "the delivery's period \(delivery.period.key) ends")
        }

        switch body {
        case .genesis:
            break  // handled above
        case let .party(change):
            let code = change.party.code
            switch change.action {
            case .add:
                guard parties.parties[code] == nil else { throw LedgerError.rejected(entry: label, reason: "party '\(code)' already exists (use action \"rotate\" to change its key)") }
                let needed = parties.parties.count / 2 + 1
                guard signers.count >= needed else {
                    throw LedgerError.unauthorized(entry: label, reason: "adding a party needs signatures of a majority of the \(parties.parties.count) current parties (\(needed)); it has \(signers.count) (\(signers.sorted().joined(separator: ", ")))")
                }
            case .rotate:
                guard parties.parties[code] != nil else { throw LedgerError.rejected(entry: label, reason: "party '\(code)' does not exist, so its key cannot be rotated") }
                guard signers == [code] else {
                    throw LedgerError.unauthorized(entry: label, reason: "a key rotation is signed by the party '\(code)' alone, with its recovery key; signed by \(signers.sorted().joined(separator: ", "))")
                }
            }
            for key in change.party.allKeys {
                if let holder = parties.holder(of: key), holder.code != code || key == holder.publicKey {
                    throw LedgerError.rejected(entry: label, reason: holder.code == code
                        ? "the new public key of '\(code)' is its current key"
                        : "that public key already belongs to party '\(holder.code)'")
                }
            }
            let payload = KeyValidation.possessionPayload(ledger: ledger, code: code, publicKey: change.party.publicKey)
            guard ed25519Verify(publicKey: change.party.publicKey, signature: change.proof, message: payload) else {
                throw LedgerError.unauthorized(entry: label, reason: "body.proof: not a signature by the new key of '\(code)' over its registration in this ledger (proof of possession)")
            }
            var updated = change.party
            if change.action == .rotate, updated.recoveryKey == nil {
                // A rotation that names no new recovery key keeps the registered one: replacing
                // the party with what the entry names deleted it, and a party without a recovery
                // key can never rotate again. Merged here so that every store records it.
                updated.recoveryKey = parties.parties[code]?.recoveryKey
                if updated.recoveryKey == updated.publicKey {
                    throw LedgerError.rejected(entry: label, reason: "the new public key of '\(code)' is its recovery key, which it keeps (no new recovery_key is given); the two must differ")
                }
            }
            effects.partyUpdates = [updated]
        case let .agreement(agreement):
            for code in agreement.parties { try requireParty(code, "agreement party") }
            try requireSignersExactly(agreement.parties, what: "agreement '\(entry.id)'")
        case let .obligation(obligation):
            let t = obligation.transfer
            try requireParty(t.from, "debtor")
            try requireParty(t.to, "creditor")
            if let agreementID = obligation.agreement {
                guard let ref = try state.entry(id: agreementID), case let .agreement(agreement) = ref.body else {
                    throw LedgerError.rejected(entry: label, reason: "body.agreement: no agreement with id '\(agreementID)' in the log")
                }
                for code in [t.from, t.to] where !agreement.parties.contains(code) {
                    throw LedgerError.rejected(entry: label, reason: "'\(code)' is not party to agreement '\(agreementID)'")
                }
                for s in signers.sorted() where !agreement.parties.contains(s) {
                    throw LedgerError.unauthorized(entry: label, reason: "signer '\(s)' is not party to agreement '\(agreementID)'")
                }
                guard agreement.period.contains(obligation.period) else {
                    throw LedgerError.rejected(entry: label, reason: "period \(obligation.period.key) lies outside agreement '\(agreementID)' (\(agreement.period.key))")
                }
            }
            // Only the debtor binds itself; the secretariat (or anyone) may co-sign a proposal it
            // relays, but its signature never stands in for the debtor's.
            guard signers.contains(t.from) else {
                throw LedgerError.unauthorized(entry: label, reason: "an obligation binds its debtor '\(t.from)' only with the debtor's signature; signed by \(signers.sorted().joined(separator: ", "))")
            }
            try requireOpen(obligation.period.end, [t.from, t.to])
        case let .delivery(delivery):
            let t = delivery.transfer
            try requireParty(t.from, "deliverer")
            try requireParty(t.to, "receiver")
            guard signers == [t.from] else {
                throw LedgerError.unauthorized(entry: label, reason: "a delivery is claimed by its deliverer '\(t.from)' alone; signed by \(signers.sorted().joined(separator: ", "))")
            }
            if let obligationID = delivery.obligation {
                guard let ref = try state.entry(id: obligationID), case let .obligation(o) = ref.body else {
                    throw LedgerError.rejected(entry: label, reason: "body.obligation: no obligation with id '\(obligationID)' in the log")
                }
                guard o.transfer.from == t.from, o.transfer.to == t.to, o.transfer.commodity.isWater == t.commodity.isWater else {
                    throw LedgerError.rejected(entry: label, reason: "delivery does not match obligation '\(obligationID)' (\(o.transfer.from) → \(o.transfer.to))")
                }
            }
            try requireOpen(delivery, [t.from, t.to])
        case let .acknowledgement(deliveryID), let .dispute(deliveryID, _):
            guard let ref = try state.entry(id: deliveryID), case let .delivery(delivery) = ref.body else {
                throw LedgerError.rejected(entry: label, reason: "body.delivery: no delivery with id '\(deliveryID)' in the log")
            }
            let receiver = delivery.transfer.to
            guard signers == [receiver] else {
                throw LedgerError.unauthorized(entry: label, reason: "only the receiver '\(receiver)' may acknowledge or dispute delivery '\(deliveryID)'; signed by \(signers.sorted().joined(separator: ", "))")
            }
            let responses = try state.responses(toDelivery: deliveryID)
            guard !responses.acknowledged else {
                throw LedgerError.rejected(entry: label, reason: "delivery '\(deliveryID)' is already acknowledged")
            }
            if entry.kind == .dispute, responses.disputed {
                throw LedgerError.rejected(entry: label, reason: "delivery '\(deliveryID)' is already disputed")
            }
            try requireOpen(delivery, [delivery.transfer.from, receiver])
        case let .settlement(settlement):
            for code in settlement.parties { try requireParty(code, "settlement party") }
            try requireSignersExactly(settlement.parties, what: "settlement '\(entry.id)'")
            for code in settlement.parties {
                if let earlier = try state.settledPeriods(party: code).first(where: { $0.overlaps(settlement.period) }) {
                    throw LedgerError.rejected(entry: label, reason: "period \(settlement.period.key) overlaps \(earlier.key), already settled for '\(code)'")
                }
            }
            let account = PeriodAccount(period: settlement.period, events: try state.balanceEvents())
            if let problem = account.problem(with: settlement) {
                throw LedgerError.rejected(entry: label, reason: "settlement of \(settlement.period.key): \(problem)")
            }
            effects.settled = settlement.parties.map { (settlement.period.key, $0) }
        }
        return effects
    }

    /// Every signature must come from a current party and verify under its current key, over the
    /// payload that names `ledger`.
    static func verifySignatures(_ entry: LedgerEntry, parties: PartySet, ledger: LedgerID, label: String) throws -> Set<String> {
        guard !entry.signatures.isEmpty else { throw LedgerError.unauthorized(entry: label, reason: "the entry carries no signature") }
        let payload = entry.signingPayload(ledger: ledger)
        var signers = Set<String>()
        for sig in entry.signatures {
            guard let party = parties.parties[sig.party] else {
                throw LedgerError.unauthorized(entry: label, reason: "signed as '\(sig.party)', which is not a current party")
            }
            guard ed25519Verify(publicKey: party.publicKey, signature: sig.signature, message: payload) else {
                throw LedgerError.unauthorized(entry: label, reason: "the signature of party '\(sig.party)' does not verify under its registered key for this ledger")
            }
            signers.insert(sig.party)
        }
        return signers
    }
}
