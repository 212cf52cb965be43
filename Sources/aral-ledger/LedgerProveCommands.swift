import AralLedger
import ArgumentParser
import Foundation

/// `aral ledger prove-inclusion N [--size S]`
struct LedgerProveInclusionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove-inclusion",
        abstract: "Print the RFC 9162 inclusion proof of entry N (0-based) in the tree of the given size, as JSON.")

    @OptionGroup var location: LedgerLocation
    @Argument(help: "Entry index (0-based).") var index: UInt64
    @Option(help: "Tree size (default: the current size).") var size: UInt64?

    func run() throws {
        let ledger = try location.openExisting()
        let n = try size ?? ledger.size()
        guard n <= (try ledger.size()) else { throw LedgerError.invalidProofRequest("tree size \(n) exceeds the log size \(try ledger.size())") }
        guard index < n else { throw LedgerError.invalidProofRequest("entry \(index) is not in a tree of size \(n)") }
        let proof = try ledger.inclusionProof(index: index, size: n)
        let root = try ledger.root(size: n)
        guard let stored = try ledger.store.entries(index..<(index + 1)).first else {
            throw LedgerError.storage("entry \(index) is missing")
        }
        let leaf = Merkle.leafHash(stored.bytes)
        let verified = Merkle.verifyInclusion(leafHash: leaf, index: index, size: n, proof: proof, root: root)
        LedgerFiles.printJSON([
            "index": .number(String(index)), "size": .number(String(n)), "leaf_hash": .string(LedgerEncoding.hex(leaf)),
            "root": .string(LedgerEncoding.hex(root)), "proof": .array(proof.map { .string(LedgerEncoding.hex($0)) }),
            "verified": .bool(verified),
        ])
        if !verified {
            throw LedgerError.verificationFailed(location: "entry \(index)", reason: "its content does not match the stored tree (altered behind the ledger's back?)")
        }
    }
}

/// `aral ledger prove-consistency OLD NEW [--old-root HEX | --head HEAD.json] [--recompute]`
struct LedgerProveConsistencyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove-consistency",
        abstract: "Print the RFC 9162 consistency proof between tree sizes OLD and NEW, as JSON, and check it against an earlier head if given.")

    @OptionGroup var location: LedgerLocation
    @Argument(help: "Old tree size.") var old: UInt64
    @Argument(help: "New tree size (default: the current size).") var new: UInt64?
    @Option(name: .customLong("old-root"), help: "Root (hex) of the earlier head to check against.") var oldRoot: String?
    @Option(help: "An earlier head saved with 'head --json'; its size must equal OLD.") var head: String?
    @Flag(help: "Recompute the tree from the stored entries instead of trusting the stored tree nodes.") var recompute = false

    func run() throws {
        let ledger = try location.openExisting()
        let n = try new ?? ledger.size()
        guard n <= (try ledger.size()) else { throw LedgerError.invalidProofRequest("new size \(n) exceeds the log size \(try ledger.size())") }
        guard old <= n else { throw LedgerError.invalidProofRequest("old size \(old) is larger than new size \(n)") }
        var expectedOldRoot: MerkleHash?
        if let head {
            let h = try SignedTreeHead.read(try LedgerFiles.readJSON(head), source: head)
            guard h.size == old else { throw ValidationError("\(head): head has size \(h.size), not \(old)") }
            expectedOldRoot = h.root
        } else if let oldRoot {
            guard let r = LedgerEncoding.bytes(hex: oldRoot), r.count == Merkle.hashSize else {
                throw ValidationError("--old-root must be 64 hex digits")
            }
            expectedOldRoot = r
        }
        let proof: [MerkleHash]
        let rootOld: MerkleHash
        let rootNew: MerkleHash
        if recompute {
            let tree = try ledger.recomputedTree()
            proof = try tree.consistencyProof(oldSize: old, newSize: n)
            rootOld = try tree.root(size: old)
            rootNew = try tree.root(size: n)
        } else {
            proof = try ledger.consistencyProof(oldSize: old, newSize: n)
            rootOld = try ledger.root(size: old)
            rootNew = try ledger.root(size: n)
        }
        let checkedRoot = expectedOldRoot ?? rootOld
        let verified = Merkle.verifyConsistency(oldSize: old, newSize: n, oldRoot: checkedRoot, newRoot: rootNew, proof: proof)
        LedgerFiles.printJSON([
            "old_size": .number(String(old)), "new_size": .number(String(n)),
            "old_root": .string(LedgerEncoding.hex(checkedRoot)), "new_root": .string(LedgerEncoding.hex(rootNew)),
            "proof": .array(proof.map { .string(LedgerEncoding.hex($0)) }), "verified": .bool(verified),
        ])
        if !verified {
            throw LedgerError.verificationFailed(location: "tree size \(old)", reason: "the log is not consistent with the earlier head: history before entry \(old) was changed")
        }
    }
}
