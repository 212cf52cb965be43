extension Ledger {
    /// The history of every party's keys (`PartyHistory`), read from the store.
    public func partyHistory() throws -> PartyHistory {
        PartyHistory(registrations: try store.partyRegistrations())
    }

    /// Checks one (co-)signature of `head` as the offline verifier does: with the signer's key in
    /// force at the head's size (docs/ledger.md, "Which key verifies a head's signatures"). A
    /// store that checked with the current key kept co-signatures that `verify` then refused in
    /// every export. A refusal names the party, the head's size and, when the signature was made
    /// with one of the party's other keys, the rotation entry that separates the two.
    func checkHeadSignature(_ signature: EntrySignature, of head: SignedTreeHead, payload: [UInt8], history: PartyHistory) throws(LedgerError) {
        let role = history.parties(atSize: head.size).secretariat == signature.party ? "signature of the secretariat" : "co-signature"
        if let key = history.parties(atSize: head.size).parties[signature.party]?.publicKey,
           ed25519Verify(publicKey: key, signature: signature.signature, message: payload) {
            return
        }
        let location = "tree head of size \(head.size)"
        // The party's other keys: which one made the signature tells which rotation was crossed.
        let own = history.registrations.filter { $0.party.code == signature.party }
        if let signer = own.first(where: { ed25519Verify(publicKey: $0.party.publicKey, signature: signature.signature, message: payload) }),
           let problem = history.problem(code: signature.party, publicKey: signer.party.publicKey, atSize: head.size) {
            throw LedgerError.unauthorized(entry: location, reason: "\(role) of '\(signature.party)' is made with a key that is not its key in force at size \(head.size): \(problem). \(Self.headKeyRule)")
        }
        if !own.contains(where: { $0.index < head.size }), let problem = history.problem(code: signature.party, publicKey: [], atSize: head.size) {
            throw LedgerError.unauthorized(entry: location, reason: "\(role) of '\(signature.party)': \(problem)")
        }
        throw LedgerError.unauthorized(entry: location, reason: "\(role) of '\(signature.party)' does not verify under its key in force at size \(head.size)")
    }

    /// The rule a refused head signature is explained with.
    static let headKeyRule = "A head's signatures verify under the keys registered by the entries before its size, as offline verify checks them (docs/ledger.md); after a rotation, sign or co-sign a head of a size past the rotation entry"
}
