import AralLedger
import Foundation
import Testing

/// Issue 17 item 3: weak public keys are refused.
///
/// The vectors are the "eight plus six alternative encodings" of the low-order Ed25519 points
/// listed by C2SP's CCTV Ed25519 vectors (ed25519/README.md) and by Chalkias, Garillot and
/// Nikolaenko, "Taming the many EdDSAs" (SSR 2020); libsodium's `ge25519_has_small_order`
/// blocks the same set. They are written out here by hand from their definitions (y little-endian,
/// the top bit the sign of x) and were checked independently of Aral with a short Python
/// computation over GF(2²⁵⁵ − 19): both order-8 y values give points of order 8, and they sum to p.
@Suite("Ledger: public key validation")
struct KeyValidationTests {
    static let smallOrder: [(String, String)] = [
        ("0100000000000000000000000000000000000000000000000000000000000000", "identity (order 1)"),
        ("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "y = p − 1 (order 2)"),
        ("0000000000000000000000000000000000000000000000000000000000000000", "y = 0, x = +√−1 (order 4)"),
        ("0000000000000000000000000000000000000000000000000000000000000080", "y = 0, x = −√−1 (order 4)"),
        ("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", "order 8"),
        ("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85", "order 8, other sign"),
        ("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", "order 8"),
        ("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa", "order 8, other sign"),
    ]
    static let nonCanonicalSmallOrder: [(String, String)] = [
        ("0100000000000000000000000000000000000000000000000000000000000080", "identity with x = −0"),
        ("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "y = p − 1 with x = −0"),
        ("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "y = p ≡ 0"),
        ("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "y = p ≡ 0, other sign"),
        ("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "y = p + 1 ≡ 1"),
        ("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "y = p + 1 ≡ 1, other sign"),
    ]

    @Test(arguments: smallOrder)
    func smallOrderPointsAreRefused(hex: String, what: String) throws {
        let key = try #require(LedgerEncoding.bytes(hex: hex))
        let problem = try #require(KeyValidation.problem(with: key), "\(what) accepted")
        #expect(problem.contains("small order"), "\(what): \(problem)")
    }

    @Test(arguments: nonCanonicalSmallOrder)
    func nonCanonicalEncodingsAreRefused(hex: String, what: String) throws {
        let key = try #require(LedgerEncoding.bytes(hex: hex))
        let problem = try #require(KeyValidation.problem(with: key), "\(what) accepted")
        #expect(problem.contains("non-canonical"), "\(what): \(problem)")
    }

    /// y = p + 3 … 2²⁵⁵ − 1 are non-canonical whatever point they would decode to.
    @Test func everyYAtOrAboveTheFieldPrimeIsRefused() throws {
        for low in UInt8(0xed)...UInt8(0xff) {
            for top in [UInt8(0x7f), 0xff] {
                let key = [low] + [UInt8](repeating: 0xff, count: 30) + [top]
                #expect(KeyValidation.problem(with: key)?.contains("non-canonical") == true, "\(LedgerEncoding.hex(key))")
            }
        }
    }

    /// The two order-8 y values are negatives of each other: y + y' = p (a check on the vectors).
    @Test func theOrder8VectorsSumToTheFieldPrime() throws {
        let a = try #require(LedgerEncoding.bytes(hex: Self.smallOrder[4].0))
        let b = try #require(LedgerEncoding.bytes(hex: Self.smallOrder[6].0))
        let p = try #require(LedgerEncoding.bytes(hex: Self.nonCanonicalSmallOrder[2].0))
        var carry = 0
        var sum: [UInt8] = []
        for i in 0..<32 {
            let s = Int(a[i]) + Int(b[i]) + carry
            sum.append(UInt8(s & 0xff))
            carry = s >> 8
        }
        #expect(carry == 0)
        #expect(sum == p)
    }

    @Test func generatedKeysAreAccepted() {
        for _ in 0..<200 {
            let key = PartyKey.generate(party: "KG").publicKey
            #expect(KeyValidation.problem(with: key) == nil, "\(LedgerEncoding.hex(key))")
        }
    }

    /// Every path that registers a key reads it through the same check: a public party file.
    @Test func aPartyFileWithAWeakKeyNamesTheField() throws {
        let text = #"[{"code":"KG","name":"Kyrgyzstan","public_key":"AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}]"#
        #expect { try Party.readList(try JSONParser.parse(Array(text.utf8), source: "kg.pub.json"), source: "kg.pub.json") } throws: { error in
            "\(error)".contains("kg.pub.json: field '[0].public_key': refused as an Ed25519 public key: a point of small order")
        }
    }
}
