import Crypto

/// Which 32-byte strings the ledger accepts as Ed25519 public keys.
///
/// swift-crypto (BoringSSL) accepts any encoding it can decode, including the points of small
/// order: with such a key a fixed signature (R = a small-order point, S = 0) verifies for every
/// message, so a party registering one could later disown anything "it" signed. The ledger
/// therefore refuses, before anything else:
/// * non-canonical encodings: y ≥ p = 2²⁵⁵ − 19, or x = 0 written with the sign bit set;
/// * the eight points of small order (orders 1, 2, 4 and 8), in every encoding.
///
/// The small-order y-coordinates are 0, 1, p − 1 and the pair y₈, p − y₈ below. Together with
/// the non-canonical rule this refuses exactly the "eight plus six alternative encodings" of
/// low-order points of C2SP's CCTV Ed25519 vectors and of Chalkias, Garillot and Nikolaenko,
/// "Taming the many EdDSAs" (SSR 2020), the same set as libsodium's blocklist
/// (`ge25519_has_small_order`). Points with a small-order component but prime-order part are
/// not refused (no blocklist can): Ed25519 verification by BoringSSL is cofactorless, and such a
/// key cannot sign for every message.
public enum KeyValidation {
    /// y₈ of the order-8 points, little-endian (libsodium's blocklist, entry 3); the other order-8
    /// y is p − y₈. Both checked independently in the tests: y₈ + (p − y₈) = p and the point has order 8.
    static let order8Y: [UInt8] = [
        0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98, 0xf0,
        0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05,
    ]
    static let order8YNegated: [UInt8] = [
        0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67, 0x0f,
        0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac, 0x03, 0x7a,
    ]
    /// p = 2²⁵⁵ − 19, little-endian.
    static let p: [UInt8] = [0xed] + [UInt8](repeating: 0xff, count: 30) + [0x7f]
    static let one: [UInt8] = [0x01] + [UInt8](repeating: 0, count: 31)
    static let zero = [UInt8](repeating: 0, count: 32)
    static let pMinusOne: [UInt8] = [0xec] + [UInt8](repeating: 0xff, count: 30) + [0x7f]

    /// Why `key` is not acceptable as a party's public key, or nil if it is.
    public static func problem(with key: [UInt8]) -> String? {
        guard key.count == 32 else { return "must be 32 bytes (found \(key.count))" }
        var y = key
        let signBit = y[31] & 0x80 != 0
        y[31] &= 0x7f
        if !lessThan(y, p) { return "non-canonical encoding (y ≥ 2^255 − 19)" }
        if signBit, y == one || y == pMinusOne { return "non-canonical encoding (x = 0 with the sign bit set)" }
        if y == zero || y == one || y == pMinusOne || y == order8Y || y == order8YNegated {
            return "a point of small order (a fixed signature would verify for every message)"
        }
        guard (try? Curve25519.Signing.PublicKey(rawRepresentation: key)) != nil else { return "not a point on Ed25519" }
        return nil
    }

    /// Little-endian comparison of two 32-byte numbers.
    static func lessThan(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        for i in stride(from: 31, through: 0, by: -1) where a[i] != b[i] { return a[i] < b[i] }
        return false
    }

    /// The bytes a new or rotated key signs to prove its holder has it (proof of possession):
    /// `"aral-ledger-key-v2\n"` followed by the canonical JSON `{"code","ledger","public_key"}`
    /// (ledger: its identity in hex; key in base64). Binding the ledger and the code means a proof
    /// cannot be replayed into another ledger or for another party.
    public static func possessionPayload(ledger: LedgerID, code: String, publicKey: [UInt8]) -> [UInt8] {
        Array("aral-ledger-key-v2\n".utf8) + CanonicalJSON.encode([
            "code": .string(code), "ledger": .string(LedgerEncoding.hex(ledger)), "public_key": .string(LedgerEncoding.base64(publicKey)),
        ])
    }

    /// The proof of possession `key` gives for its own registration as `key.party`.
    public static func proofOfPossession(key: PartyKey, ledger: LedgerID) throws(LedgerError) -> [UInt8] {
        try key.sign(possessionPayload(ledger: ledger, code: key.party, publicKey: key.publicKey))
    }
}
