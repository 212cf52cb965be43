/// One registration of a party's keys: the entry (genesis, `party` add or rotate) that made them
/// the party's keys in force from the next entry on.
public struct PartyRegistration: Sendable, Equatable {
    /// The index of the registering entry.
    public var index: UInt64
    /// The registering entry's id, for messages.
    public var entryID: String
    public var party: Party
    public var isSecretariat: Bool

    public init(index: UInt64, entryID: String, party: Party, isSecretariat: Bool) {
        self.index = index
        self.entryID = entryID
        self.party = party
        self.isSecretariat = isSecretariat
    }
}

/// Every key every party has held, and from which entry. A head's (co-)signatures are checked
/// with the keys in force at the head's size, as the offline verifier checks them
/// (docs/ledger.md, "Which key verifies a head's signatures"): the store checked co-signatures
/// with the current key instead, so a party that had rotated could co-sign an older head with its
/// new key, the store kept the signature, and every export failed `verify` afterwards, for good.
/// The history also names the rotation when a key is refused (a rotated-out key only said "not
/// the current key of any party").
public struct PartyHistory: Sendable {
    /// In the order the entries registered them.
    public let registrations: [PartyRegistration]

    public init(registrations: [PartyRegistration]) {
        self.registrations = registrations
    }

    /// The parties as registered by the entries `0..<size`.
    public func parties(atSize size: UInt64) -> PartySet {
        var set = PartySet()
        for r in registrations where r.index < size {
            set.parties[r.party.code] = r.party
            if r.isSecretariat { set.secretariat = r.party.code }
        }
        return set
    }

    /// Why `publicKey` is not `code`'s signing key in force at `size` (registered by the entries
    /// `0..<size`), naming the rotation that retired it or brought it in; nil when it is (or,
    /// with `allowingRecoveryKey`, when it is the party's recovery key in force).
    public func problem(code: String, publicKey: [UInt8], atSize size: UInt64, allowingRecoveryKey: Bool = false) -> String? {
        let own = registrations.filter { $0.party.code == code }
        let before = own.filter { $0.index < size }
        let after = own.filter { $0.index >= size }
        guard let inForce = before.last?.party else {
            if let first = after.first {
                return "'\(code)' became a party only at entry \(first.index) ('\(first.entryID)'), after the first \(size) entries"
            }
            if publicKey.isEmpty { return "'\(code)' is not a party" }
            if let holder = parties(atSize: size).holder(of: publicKey) { return "'\(code)' is not a party; the key belongs to '\(holder.code)'" }
            return "'\(code)' is not a party, and this key is not the current key of any party"
        }
        if inForce.publicKey == publicKey || (allowingRecoveryKey && inForce.recoveryKey == publicKey) { return nil }
        if let later = after.first(where: { $0.party.publicKey == publicKey }) {
            return "this key became the key of '\(code)' only at entry \(later.index) ('\(later.entryID)'), its key rotation, after the first \(size) entries; at size \(size) the key in force is the one before that rotation"
        }
        // The last registration holding the key, then the first one after it without it.
        if let held = before.lastIndex(where: { $0.party.allKeys.contains(publicKey) }),
           let retired = before[(held + 1)...].first(where: { !$0.party.allKeys.contains(publicKey) }) {
            return "'\(code)' rotated this key out at entry \(retired.index) ('\(retired.entryID)'); it is no longer the key of '\(code)' in force"
        }
        if inForce.recoveryKey == publicKey {
            return "this is the recovery key of '\(code)', which signs only key rotations, not its signing key"
        }
        if let holder = parties(atSize: size).holder(of: publicKey) {
            return "the key belongs to '\(holder.code)', not to '\(code)'"
        }
        return "it is not a key of '\(code)', nor the current key of any party"
    }
}
