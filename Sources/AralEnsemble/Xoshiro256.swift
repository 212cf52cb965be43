import RealModule

/// xoshiro256** (Blackman & Vigna 2018), seeded through SplitMix64: a small, fast generator
/// whose output is the same on every platform and Swift version, so a seed reproduces a trace
/// set exactly (`SystemRandomNumberGenerator` cannot be seeded).
public struct Xoshiro256: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
    /// A second normal deviate left over from the last Box–Muller pair.
    private var spareNormal: Double?

    /// A generator for stream `stream` of `seed`: streams are independent, so trace k of a
    /// seed is the same whatever the number of traces or the order they are made in.
    public init(seed: UInt64, stream: UInt64 = 0) {
        var sm = seed ^ (stream &* 0xD1B5_4A32_D192_ED03)
        func next() -> UInt64 {
            sm &+= 0x9E37_79B9_7F4A_7C15
            var z = sm
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = next(); s1 = next(); s2 = next(); s3 = next()
    }

    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    @inline(__always)
    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Uniform on the open interval (0, 1): 53 random bits, never exactly 0.
    public mutating func nextOpenUnit() -> Double {
        (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992.0
    }

    /// A standard normal deviate (Box–Muller; both values of each pair are used).
    public mutating func nextNormal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        let u1 = nextOpenUnit(), u2 = nextOpenUnit()
        let radius = Double.sqrt(-2 * Double.log(u1))
        let angle = 2 * Double.pi * u2
        spareNormal = radius * Double.sin(angle)
        return radius * Double.cos(angle)
    }
}
