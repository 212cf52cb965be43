import Foundation

/// A 64-bit FNV-1a digest of what an ensemble's results depend on beyond its grid: the model
/// file's text, every overlay file's text and the traces' values. Stored in the results'
/// fingerprint so that `ensemble merge` refuses shards run on an edited model, another
/// overlay or other traces (found from outside: three such merges said `complete`).
///
/// It guards against mistakes, not forgery (the ledger signs what must be trusted), so a small
/// non-cryptographic hash suffices; swift-crypto would bring BoringSSL into the `aral` build,
/// which the CLI keeps free of it (README).
struct InputDigest {
    private(set) var state: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add<S: Sequence>(bytes: S) where S.Element == UInt8 {
        for byte in bytes {
            state ^= UInt64(byte)
            state &*= 0x0000_0100_0000_01b3
        }
        // A separator, so that ("ab", "c") and ("a", "bc") differ.
        state ^= 0xff
        state &*= 0x0000_0100_0000_01b3
    }

    mutating func add(_ text: String) { add(bytes: text.utf8) }

    mutating func add(_ values: [Double]) {
        for value in values {
            var bits = value.bitPattern.littleEndian
            withUnsafeBytes(of: &bits) { add(bytes: $0) }
        }
    }

    var hex: String {
        let digits = String(state, radix: 16)
        return String(repeating: "0", count: max(0, 16 - digits.count)) + digits
    }
}
