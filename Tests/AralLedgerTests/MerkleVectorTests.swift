import AralLedger
import Testing

/// Published RFC 6962 / RFC 9162 test vectors, as used by Certificate Transparency implementations:
/// the 8-leaf tree, its roots for sizes 0…8, inclusion proofs and consistency proofs are taken from
/// transparency-dev/merkle (`testonly/constants.go` and `proof/verify_test.go`, Apache-2.0), which
/// carries them over from google/certificate-transparency's `merkle_tree_test.cc`.
enum CTVectors {
    static func hex(_ s: String) -> [UInt8] { LedgerEncoding.bytes(hex: s) ?? [] }

    static let leaves: [[UInt8]] = [
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f",
    ].map(hex)

    /// Roots for tree sizes 0…8.
    static let roots: [[UInt8]] = [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ].map(hex)

    /// Leaf hashes (level 0 of NodeHashes()).
    static let leafHashes: [[UInt8]] = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
        "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
        "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
    ].map(hex)

    struct Inclusion: Sendable { var index: UInt64; var size: UInt64; var proof: [[UInt8]] }
    struct Consistency: Sendable { var old: UInt64; var new: UInt64; var proof: [[UInt8]] }

    /// Inclusion proofs (the source lists 1-based leaf numbers; converted to 0-based indices here).
    static let inclusion: [Inclusion] = [
        Inclusion(index: 0, size: 1, proof: []),
        Inclusion(index: 0, size: 8, proof: [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ].map(hex)),
        Inclusion(index: 5, size: 8, proof: [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ].map(hex)),
        Inclusion(index: 2, size: 3, proof: ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"].map(hex)),
        Inclusion(index: 1, size: 5, proof: [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ].map(hex)),
    ]

    static let consistency: [Consistency] = [
        Consistency(old: 1, new: 1, proof: []),
        Consistency(old: 1, new: 8, proof: [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ].map(hex)),
        Consistency(old: 6, new: 8, proof: [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ].map(hex)),
        Consistency(old: 2, new: 5, proof: [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ].map(hex)),
        Consistency(old: 6, new: 7, proof: [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ].map(hex)),
    ]

    static func tree(size: Int) -> MemoryMerkleTree {
        var t = MemoryMerkleTree()
        for leaf in leaves.prefix(size) { t.append(data: leaf) }
        return t
    }
}

@Suite("RFC 6962 / 9162 test vectors")
struct MerkleVectorTests {
    @Test func emptyTreeRoot() throws {
        #expect(Merkle.emptyRoot == CTVectors.roots[0])
        #expect(try MemoryMerkleTree().root() == CTVectors.roots[0])
    }

    @Test func leafHashes() {
        for (i, leaf) in CTVectors.leaves.enumerated() {
            #expect(Merkle.leafHash(leaf) == CTVectors.leafHashes[i], "leaf \(i)")
        }
    }

    @Test(arguments: 1...8)
    func rootsForEverySize(size: Int) throws {
        #expect(try CTVectors.tree(size: 8).root(size: UInt64(size)) == CTVectors.roots[size])
        #expect(try CTVectors.tree(size: size).root() == CTVectors.roots[size])
    }

    @Test(arguments: CTVectors.inclusion)
    func inclusionProofs(vector: CTVectors.Inclusion) throws {
        let tree = CTVectors.tree(size: 8)
        let proof = try tree.inclusionProof(index: vector.index, size: vector.size)
        #expect(proof == vector.proof)
        let leaf = CTVectors.leafHashes[Int(vector.index)]
        let root = CTVectors.roots[Int(vector.size)]
        #expect(Merkle.verifyInclusion(leafHash: leaf, index: vector.index, size: vector.size, proof: vector.proof, root: root))
        // Corruptions from the same suite: wrong index, size, leaf, root, trailing/preceding garbage.
        #expect(!Merkle.verifyInclusion(leafHash: leaf, index: vector.index + 1, size: vector.size, proof: vector.proof, root: root))
        #expect(!Merkle.verifyInclusion(leafHash: leaf, index: vector.index, size: vector.size * 2, proof: vector.proof, root: root))
        #expect(!Merkle.verifyInclusion(leafHash: Array("WrongLeaf".utf8), index: vector.index, size: vector.size, proof: vector.proof, root: root))
        #expect(!Merkle.verifyInclusion(leafHash: leaf, index: vector.index, size: vector.size, proof: vector.proof, root: Merkle.emptyRoot))
        #expect(!Merkle.verifyInclusion(leafHash: leaf, index: vector.index, size: vector.size, proof: vector.proof + [root], root: root))
        #expect(!Merkle.verifyInclusion(leafHash: leaf, index: vector.index, size: vector.size, proof: [root] + vector.proof, root: root))
        if !vector.proof.isEmpty {
            #expect(!Merkle.verifyInclusion(leafHash: leaf, index: vector.index, size: vector.size, proof: Array(vector.proof.dropLast()), root: root))
        }
    }

    @Test(arguments: CTVectors.consistency)
    func consistencyProofs(vector: CTVectors.Consistency) throws {
        let tree = CTVectors.tree(size: 8)
        #expect(try tree.consistencyProof(oldSize: vector.old, newSize: vector.new) == vector.proof)
        let r1 = CTVectors.roots[Int(vector.old)]
        let r2 = CTVectors.roots[Int(vector.new)]
        #expect(Merkle.verifyConsistency(oldSize: vector.old, newSize: vector.new, oldRoot: r1, newRoot: r2, proof: vector.proof))
        guard !vector.proof.isEmpty else { return }
        #expect(!Merkle.verifyConsistency(oldSize: vector.old - 1, newSize: vector.new, oldRoot: r1, newRoot: r2, proof: vector.proof))
        #expect(!Merkle.verifyConsistency(oldSize: vector.old + 1, newSize: vector.new, oldRoot: r1, newRoot: r2, proof: vector.proof))
        #expect(!Merkle.verifyConsistency(oldSize: vector.old, newSize: vector.new * 2, oldRoot: r1, newRoot: r2, proof: vector.proof))
        #expect(!Merkle.verifyConsistency(oldSize: vector.old, newSize: vector.new, oldRoot: r2, newRoot: r1, proof: vector.proof))
        #expect(!Merkle.verifyConsistency(oldSize: vector.old, newSize: vector.new, oldRoot: r1, newRoot: r2, proof: []))
        #expect(!Merkle.verifyConsistency(oldSize: vector.old, newSize: vector.new, oldRoot: r1, newRoot: r2, proof: vector.proof + [r1]))
        #expect(!Merkle.verifyConsistency(oldSize: vector.old, newSize: vector.new, oldRoot: r1, newRoot: r2, proof: [r2] + vector.proof))
        #expect(!Merkle.verifyConsistency(oldSize: vector.old, newSize: vector.new, oldRoot: r1, newRoot: r2, proof: Array(vector.proof.dropLast())))
    }

    /// Edge cases from transparency-dev's TestVerifyConsistency.
    @Test func consistencyEdgeCases() {
        let a = Array("don't care 1".utf8)
        let b = Array("don't care 2".utf8)
        #expect(!Merkle.verifyConsistency(oldSize: 0, newSize: 0, oldRoot: a, newRoot: b, proof: []))
        #expect(!Merkle.verifyConsistency(oldSize: 1, newSize: 1, oldRoot: a, newRoot: b, proof: []))
        #expect(Merkle.verifyConsistency(oldSize: 0, newSize: 0, oldRoot: a, newRoot: a, proof: []))
        #expect(Merkle.verifyConsistency(oldSize: 0, newSize: 1, oldRoot: a, newRoot: b, proof: []))
        #expect(!Merkle.verifyConsistency(oldSize: 1, newSize: 0, oldRoot: a, newRoot: b, proof: []))
        #expect(!Merkle.verifyConsistency(oldSize: 1, newSize: 2, oldRoot: a, newRoot: b, proof: []))
        let e = Merkle.emptyRoot
        #expect(!Merkle.verifyConsistency(oldSize: 0, newSize: 1, oldRoot: e, newRoot: e, proof: [e]))
        #expect(!Merkle.verifyConsistency(oldSize: 1, newSize: 1, oldRoot: e, newRoot: e, proof: [e]))
    }
}
