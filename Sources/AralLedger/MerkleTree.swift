import Crypto

/// A SHA-256 digest (32 bytes).
public typealias MerkleHash = [UInt8]

/// RFC 9162 §2.1 hashing: MTH({}) = SHA-256(""), leaf = SHA-256(0x00 ‖ d), node = SHA-256(0x01 ‖ l ‖ r).
public enum Merkle {
    public static let hashSize = 32
    public static let emptyRoot: MerkleHash = Array(SHA256.hash(data: [UInt8]()))

    public static func leafHash(_ data: [UInt8]) -> MerkleHash {
        var h = SHA256()
        h.update(data: [0x00])
        h.update(data: data)
        return Array(h.finalize())
    }

    public static func nodeHash(_ left: MerkleHash, _ right: MerkleHash) -> MerkleHash {
        var h = SHA256()
        h.update(data: [0x01])
        h.update(data: left)
        h.update(data: right)
        return Array(h.finalize())
    }

    /// The largest power of two strictly less than `n` (n ≥ 2).
    static func splitPoint(_ n: UInt64) -> UInt64 {
        precondition(n >= 2)
        return UInt64(1) << (63 - (n - 1).leadingZeroBitCount)
    }

    // MARK: Proof generation over any node source

    /// MTH(D[lo:hi]) from the stored hashes of complete subtrees.
    public static func subtreeHash(_ nodes: some MerkleNodeSource, _ lo: UInt64, _ hi: UInt64) throws -> MerkleHash {
        let n = hi - lo
        if n == 0 { return emptyRoot }
        if n & (n - 1) == 0, lo % n == 0 {
            return try nodes.node(level: n.trailingZeroBitCount, index: lo >> UInt64(n.trailingZeroBitCount))
        }
        let k = splitPoint(n)
        return nodeHash(try subtreeHash(nodes, lo, lo + k), try subtreeHash(nodes, lo + k, hi))
    }

    public static func root(_ nodes: some MerkleNodeSource, size: UInt64) throws -> MerkleHash {
        try subtreeHash(nodes, 0, size)
    }

    /// PATH(m, D[0:n]) (RFC 6962 §2.1.1 / RFC 9162 §2.1.3.1), deepest sibling first.
    public static func inclusionProof(_ nodes: some MerkleNodeSource, index: UInt64, size: UInt64) throws -> [MerkleHash] {
        guard index < size else { throw LedgerError.invalidProofRequest("leaf \(index) is not in a tree of size \(size)") }
        var path: [MerkleHash] = []
        var lo: UInt64 = 0
        var hi = size
        var m = index
        // Walk down from the root collecting siblings, then reverse (deepest first).
        while hi - lo > 1 {
            let k = splitPoint(hi - lo)
            if m < k {
                path.append(try subtreeHash(nodes, lo + k, hi))
                hi = lo + k
            } else {
                path.append(try subtreeHash(nodes, lo, lo + k))
                lo += k
                m -= k
            }
        }
        return path.reversed()
    }

    /// PROOF(m, D[0:n]) (RFC 6962 §2.1.2 / RFC 9162 §2.1.4.1).
    public static func consistencyProof(_ nodes: some MerkleNodeSource, oldSize m: UInt64, newSize n: UInt64) throws -> [MerkleHash] {
        guard m <= n else { throw LedgerError.invalidProofRequest("old size \(m) is larger than new size \(n)") }
        if m == 0 || m == n { return [] }
        var proof: [MerkleHash] = []
        var lo: UInt64 = 0
        var hi = n
        var mm = m
        var complete = true
        while true {
            let size = hi - lo
            if mm == size {
                if !complete { proof.append(try subtreeHash(nodes, lo, hi)) }
                break
            }
            let k = splitPoint(size)
            if mm <= k {
                proof.append(try subtreeHash(nodes, lo + k, hi))
                hi = lo + k
            } else {
                proof.append(try subtreeHash(nodes, lo, lo + k))
                lo += k
                mm -= k
                complete = false
            }
        }
        return proof.reversed()
    }

    // MARK: Verification (RFC 9162 §2.1.3.2 and §2.1.4.2)

    /// Verifies that `leafHash` is leaf `index` of the tree of `size` leaves with root `root`.
    public static func verifyInclusion(leafHash: MerkleHash, index: UInt64, size: UInt64, proof: [MerkleHash], root: MerkleHash) -> Bool {
        guard index < size, leafHash.count == hashSize, root.count == hashSize else { return false }
        var fn = index
        var sn = size - 1
        var r = leafHash
        for p in proof {
            guard p.count == hashSize, sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                r = nodeHash(p, r)
                if fn & 1 == 0 {
                    repeat {
                        fn >>= 1
                        sn >>= 1
                    } while fn & 1 == 0 && fn != 0
                }
            } else {
                r = nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && r == root
    }

    /// Verifies that the tree of `newSize` with `newRoot` extends the tree of `oldSize` with `oldRoot`.
    public static func verifyConsistency(oldSize: UInt64, newSize: UInt64, oldRoot: MerkleHash, newRoot: MerkleHash, proof: [MerkleHash]) -> Bool {
        guard oldSize <= newSize else { return false }
        if oldSize == newSize { return proof.isEmpty && oldRoot == newRoot }
        if oldSize == 0 { return proof.isEmpty }
        guard !proof.isEmpty, proof.allSatisfy({ $0.count == hashSize }),
              oldRoot.count == hashSize, newRoot.count == hashSize
        else { return false }
        var path = proof
        if oldSize & (oldSize - 1) == 0 { path.insert(oldRoot, at: 0) }
        var fn = oldSize - 1
        var sn = newSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = path[0]
        var sr = path[0]
        for c in path.dropFirst() {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                fr = nodeHash(c, fr)
                sr = nodeHash(c, sr)
                if fn & 1 == 0 {
                    repeat {
                        fn >>= 1
                        sn >>= 1
                    } while fn & 1 == 0 && fn != 0
                }
            } else {
                sr = nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return fr == oldRoot && sr == newRoot && sn == 0
    }
}

/// Where proofs get the hashes of complete subtrees: `node(level: k, index: i)` is MTH of leaves
/// `[i·2^k, (i+1)·2^k)`, which must lie entirely within the tree.
public protocol MerkleNodeSource {
    func node(level: Int, index: UInt64) throws -> MerkleHash
}

/// An in-memory Merkle tree that keeps every complete subtree hash (about 2 hashes per leaf).
public struct MemoryMerkleTree: MerkleNodeSource, Sendable {
    /// levels[k][i] = hash of the complete subtree of 2^k leaves starting at i·2^k.
    public private(set) var levels: [[MerkleHash]] = [[]]

    public init() {}

    public init(leafHashes: [MerkleHash]) {
        levels = [[]]
        levels[0].reserveCapacity(leafHashes.count)
        for h in leafHashes { append(leafHash: h) }
    }

    public var size: UInt64 { UInt64(levels[0].count) }

    public mutating func append(leafHash: MerkleHash) {
        levels[0].append(leafHash)
        var level = 0
        var index = levels[0].count - 1
        while index & 1 == 1 {
            let parent = Merkle.nodeHash(levels[level][index - 1], levels[level][index])
            level += 1
            if levels.count == level { levels.append([]) }
            levels[level].append(parent)
            index >>= 1
        }
    }

    public mutating func append(data: [UInt8]) { append(leafHash: Merkle.leafHash(data)) }

    public func node(level: Int, index: UInt64) throws -> MerkleHash {
        guard level < levels.count, index < UInt64(levels[level].count) else {
            throw LedgerError.invalidProofRequest("no complete subtree at level \(level), index \(index)")
        }
        return levels[level][Int(index)]
    }

    public func root(size: UInt64? = nil) throws -> MerkleHash { try Merkle.root(self, size: size ?? self.size) }

    public func inclusionProof(index: UInt64, size: UInt64? = nil) throws -> [MerkleHash] {
        try Merkle.inclusionProof(self, index: index, size: size ?? self.size)
    }

    public func consistencyProof(oldSize: UInt64, newSize: UInt64? = nil) throws -> [MerkleHash] {
        let n = newSize ?? size
        guard n <= size else { throw LedgerError.invalidProofRequest("new size \(n) exceeds the tree size \(size)") }
        return try Merkle.consistencyProof(self, oldSize: oldSize, newSize: n)
    }
}
