import AralLedger
import PropertyBased
import Testing

/// Property tests: for random sizes and indices every proof verifies, and flipping any single bit
/// of any proof element, the leaf hash or a root makes it fail. Also: proofs from the node-table
/// layout equal a naive recursive RFC 9162 implementation.
@Suite("Merkle properties")
struct MerklePropertyTests {
    static let maxLeaves = 300

    static func tree(_ n: Int) -> (MemoryMerkleTree, [MerkleHash]) {
        let leaves = (0..<n).map { Merkle.leafHash(Array("leaf-\($0)".utf8)) }
        return (MemoryMerkleTree(leafHashes: leaves), leaves)
    }

    /// Straight from RFC 9162 §2.1.1 (recursive MTH).
    static func naiveRoot(_ leaves: ArraySlice<MerkleHash>) -> MerkleHash {
        if leaves.isEmpty { return Merkle.emptyRoot }
        if leaves.count == 1, let only = leaves.first { return only }
        var k = 1
        while k * 2 < leaves.count { k *= 2 }
        let mid = leaves.startIndex + k
        return Merkle.nodeHash(naiveRoot(leaves[leaves.startIndex..<mid]), naiveRoot(leaves[mid...]))
    }

    static func flip(_ bytes: MerkleHash, bit: Int) -> MerkleHash {
        var b = bytes
        b[(bit / 8) % b.count] ^= UInt8(1 << (bit % 8))
        return b
    }

    @Test func rootsMatchNaiveDefinition() async {
        await propertyCheck(count: 60, input: Gen.int(in: 1...Self.maxLeaves)) { n in
            let (tree, leaves) = Self.tree(n)
            #expect((try? tree.root()) == Self.naiveRoot(leaves[...]))
        }
    }

    @Test func inclusionProofsVerifyAndBitFlipsFail() async {
        await propertyCheck(count: 150, input: Gen.int(in: 1...Self.maxLeaves), Gen.int(in: 0...10_000), Gen.int(in: 0...255)) { n, rawIndex, bit in
            let (tree, leaves) = Self.tree(n)
            let index = UInt64(rawIndex % n)
            let size = UInt64(n)
            guard let proof = try? tree.inclusionProof(index: index), let root = try? tree.root() else {
                Issue.record("proof generation failed for \(index) of \(n)")
                return
            }
            let leaf = leaves[Int(index)]
            #expect(Merkle.verifyInclusion(leafHash: leaf, index: index, size: size, proof: proof, root: root))
            #expect(!Merkle.verifyInclusion(leafHash: Self.flip(leaf, bit: bit), index: index, size: size, proof: proof, root: root))
            #expect(!Merkle.verifyInclusion(leafHash: leaf, index: index, size: size, proof: proof, root: Self.flip(root, bit: bit)))
            for i in proof.indices {
                var bad = proof
                bad[i] = Self.flip(bad[i], bit: bit)
                #expect(!Merkle.verifyInclusion(leafHash: leaf, index: index, size: size, proof: bad, root: root), "flipped proof[\(i)]")
            }
        }
    }

    @Test func consistencyProofsVerifyAndBitFlipsFail() async {
        await propertyCheck(count: 150, input: Gen.int(in: 1...Self.maxLeaves), Gen.int(in: 0...10_000), Gen.int(in: 0...255)) { n, rawOld, bit in
            let (tree, _) = Self.tree(n)
            let new = UInt64(n)
            let old = UInt64(rawOld % n) + 1
            guard let proof = try? tree.consistencyProof(oldSize: old, newSize: new),
                  let r1 = try? tree.root(size: old), let r2 = try? tree.root(size: new)
            else {
                Issue.record("proof generation failed for \(old) → \(n)")
                return
            }
            #expect(Merkle.verifyConsistency(oldSize: old, newSize: new, oldRoot: r1, newRoot: r2, proof: proof))
            guard old < new else { return }
            #expect(!Merkle.verifyConsistency(oldSize: old, newSize: new, oldRoot: Self.flip(r1, bit: bit), newRoot: r2, proof: proof))
            #expect(!Merkle.verifyConsistency(oldSize: old, newSize: new, oldRoot: r1, newRoot: Self.flip(r2, bit: bit), proof: proof))
            for i in proof.indices {
                var bad = proof
                bad[i] = Self.flip(bad[i], bit: bit)
                #expect(!Merkle.verifyConsistency(oldSize: old, newSize: new, oldRoot: r1, newRoot: r2, proof: bad), "flipped proof[\(i)]")
            }
        }
    }
}
