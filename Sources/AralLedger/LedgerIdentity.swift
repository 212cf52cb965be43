import Crypto

/// A ledger's identity: 32 bytes, SHA-256 of `"aral-ledger-id-v2\n"` followed by the canonical
/// JSON of its genesis body. The genesis carries a random `nonce`, so two ledgers founded with the
/// same parties and name still differ; every entry's and every head's signing payload names it,
/// so nothing signed for one ledger (a staging copy, say) verifies in another.
public typealias LedgerID = [UInt8]

public enum LedgerIdentity {
    static let domain = Array("aral-ledger-id-v2\n".utf8)

    /// The identity of the ledger whose genesis body is `body`.
    public static func of(genesisBody body: JSONValue) -> LedgerID {
        [UInt8](SHA256.hash(data: domain + CanonicalJSON.encode(body)))
    }

    /// 32 random bytes in hex, for a new genesis.
    public static func randomNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return LedgerEncoding.hex((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}
