extension Ledger {
    /// Refuses, before anything is signed, a key that is not its party's key in force now, naming
    /// the key's file (`sources`, in the order of `keys`) and why: a key the party rotated out
    /// names the rotation entry (`aral ledger sign` with a rotated-out key wrote a signature
    /// that no append or verify would accept, and said nothing). `allowingRecoveryKeys`: a
    /// party's recovery key in force passes too (`sign` on a rotation entry, signed offline
    /// with it).
    public func checkSigningKeys(_ keys: [PartyKey], sources: [String], allowingRecoveryKeys: Bool = false) throws {
        let history = try partyHistory()
        let size = try size()
        for (key, source) in zip(keys, sources) {
            if let problem = history.problem(code: key.party, publicKey: key.publicKey, atSize: size, allowingRecoveryKey: allowingRecoveryKeys) {
                throw LedgerError.unauthorized(entry: source, reason: "not the key of '\(key.party)' in force: \(problem)")
            }
        }
    }
}
