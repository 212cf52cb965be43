import AralLedger
import ArgumentParser
import AralWorkflows
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// CPU seconds used by this process so far: on a shared machine the honest per-core figure.
private func processCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Wall and CPU time of one measured step.
private struct Timing {
    var wall: Double
    var cpu: Double
}

/// `aral-bench ledger`: the performance figures of docs/ledger.md.
struct LedgerBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Measure signed appends/s (single and batched), proof times at 1M leaves and export verification time.")

    @Option(help: "Entries appended one transaction each.") var single: Int = 2_000
    @Option(help: "Entries appended in batches (also the size of the verified export).") var batched: Int = 100_000
    @Option(help: "Entries per batch transaction.") var batchSize: Int = 1_000
    @Option(help: "Leaves for the proof benchmark.") var proofLeaves: Int = 1_000_000
    @Option(help: "Proofs to time (averaged).") var proofs: Int = 2_000
    @Option(help: "Directory for the temporary ledgers (default: a new temporary directory).") var dir: String?

    private func loadAverage() -> String {
        var loads = [Double](repeating: 0, count: 3)
        return getloadavg(&loads, 3) == 3 ? loads.map { String(format: "%.1f", $0) }.joined(separator: " ") : "unknown"
    }

    func run() throws {
        let fm = FileManager.default
        let base = dir ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("aral-ledger-bench-\(UUID().uuidString)")
        try fm.createDirectory(atPath: base, withIntermediateDirectories: true)
        defer { if dir == nil { try? fm.removeItem(atPath: base) } }

        let codes = ["SEC", "KG", "UZ", "KZ"]
        let keys = codes.map { PartyKey.generate(party: $0) }
        let parties = zip(codes, keys).map { Party(code: $0, name: $0, publicKey: $1.publicKey) }
        // Every benchmark ledger has the same genesis (one nonce), hence one identity, so that the
        // deliveries signed once below append to each of them.
        let nonce = LedgerIdentity.randomNonce()
        let ledgerID = LedgerIdentity.of(genesisBody: Ledger.genesisEntry(name: "bench", parties: parties, secretariat: "SEC", nonce: nonce).body)
        print("Aral ledger benchmark (one process, one thread; \(ProcessInfo.processInfo.activeProcessorCount) cores present, load average \(loadAverage()))")

        func deliveries(_ count: Int, prefix: String) throws -> [LedgerEntry] {
            var out: [LedgerEntry] = []
            out.reserveCapacity(count)
            for i in 0..<count {
                var e = LedgerEntry(id: "\(prefix)-\(i)", kind: .delivery, body: [
                    "from": "KG", "to": "UZ", "period": ["start": "2026-04-01", "end": "2026-09-30"], "date": "2026-05-01",
                    "water": ["volume_mm3": .number("12.5"), "gauge": "Toktogul outflow"],
                ])
                try e.sign(with: keys[1], ledger: ledgerID)
                out.append(e)
            }
            return out
        }
        func newLedger(_ name: String, synchronousFull: Bool = true) throws -> Ledger {
            let ledger = try Ledger.open(path: (base as NSString).appendingPathComponent(name), synchronousFull: synchronousFull)
            try ledger.initialize(name: "bench", parties: parties, secretariat: "SEC", keys: keys, nonce: nonce)
            return ledger
        }
        func timed(_ body: () throws -> Void) rethrows -> Timing {
            let start = DispatchTime.now().uptimeNanoseconds
            let cpu = processCPUSeconds()
            try body()
            return Timing(wall: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, cpu: processCPUSeconds() - cpu)
        }
        func seconds(_ body: () throws -> Void) rethrows -> Double { try timed(body).cpu }
        func rate(_ count: Int, _ t: Timing) -> String {
            "\(fmt(Double(count) / t.wall))/s wall (\(fmt(t.wall, 2)) s), \(fmt(Double(count) / t.cpu))/s per CPU-second (\(fmt(t.cpu, 2)) s CPU)"
        }
        func fmt(_ x: Double, _ digits: Int = 0) -> String { String(format: "%.\(digits)f", x) }

        // 1. Single appends, one transaction each, signature and authority checks included.
        for full in [true, false] {
            let entries = try deliveries(single, prefix: "s")
            let ledger = try newLedger("single-\(full).sqlite", synchronousFull: full)
            let t = try timed { for e in entries { try ledger.append(e) } }
            print("single appends (synchronous=\(full ? "FULL" : "NORMAL")), \(single): \(rate(single, t))")
        }

        // 2. Batched appends.
        let batchEntries = try deliveries(batched, prefix: "b")
        let ledger = try newLedger("batched.sqlite")
        let tb = try timed {
            var i = 0
            while i < batchEntries.count {
                let chunk = Array(batchEntries[i..<min(batchEntries.count, i + batchSize)])
                try ledger.appendBatch(chunk)
                i += batchSize
                if (i / batchSize) % 10 == 0 { try ledger.signHead(key: keys[0]) }
            }
        }
        try ledger.signHead(key: keys[0])
        print("batched appends (\(batchSize)/transaction), \(batched): \(rate(batched, tb))")

        // 3. Export and offline verification of the batched ledger.
        let exportPath = (base as NSString).appendingPathComponent("export.jsonl")
        var exportBytes: [UInt8] = []
        let te = try timed {
            try LedgerExport.write(ledger) { line in exportBytes += line; exportBytes.append(0x0A) }
            try Data(exportBytes).write(to: URL(fileURLWithPath: exportPath))
        }
        print("export of \(batched + 1) entries: \(fmt(te.wall, 2)) s wall, \(fmt(te.cpu, 2)) s CPU (\(exportBytes.count / 1_000_000) MB)")
        var report: LedgerVerifier.Report?
        let tv = try timed {
            let data = try Data(contentsOf: URL(fileURLWithPath: exportPath))
            let lines = [UInt8](data).split(separator: 0x0A).map { Array($0) }
            report = try LedgerVerifier.verify(lines: lines, trusted: parties)
        }
        let payloads = batchEntries.map { $0.signingPayload(ledger: ledgerID) }
        let sigs = batchEntries.map { $0.signatures[0].signature }
        let ts = timed {
            for i in payloads.indices where !ed25519Verify(publicKey: keys[1].publicKey, signature: sigs[i], message: payloads[i]) {
                print("unexpected: signature \(i) does not verify")
            }
        }
        print("verify export of \(report?.entries ?? 0) entries, \(report?.heads ?? 0) heads (read file, parse, hash, signatures, authority, heads): \(fmt(tv.wall, 2)) s wall, \(fmt(tv.cpu, 2)) s CPU; the \(payloads.count) Ed25519 checks alone: \(fmt(ts.cpu, 2)) s CPU (\(fmt(100 * ts.cpu / tv.cpu))% of it)")

        // 4. Proofs at `proofLeaves` leaves, in memory and from the SQLite node table.
        var leaves: [MerkleHash] = []
        leaves.reserveCapacity(proofLeaves)
        for i in 0..<proofLeaves {
            var v = UInt64(i).bigEndian
            leaves.append(Merkle.leafHash(withUnsafeBytes(of: &v) { Array($0) }))
        }
        let tree = MemoryMerkleTree(leafHashes: leaves)
        let nodeStore = try SQLiteLedgerStore(path: (base as NSString).appendingPathComponent("nodes.sqlite"), synchronousFull: false)
        let tl = try timed { try nodeStore.benchmarkLoadTreeNodes(leafHashes: leaves) }
        print("loaded \(proofLeaves) leaves into the SQLite node table in \(fmt(tl.wall, 1)) s")
        var rng = SystemRandomNumberGenerator()
        let n = UInt64(proofLeaves)
        let indices = (0..<proofs).map { _ in UInt64.random(in: 0..<n, using: &rng) }
        let oldSizes = (0..<proofs).map { _ in UInt64.random(in: 1..<n, using: &rng) }
        let root = try tree.root()
        for (label, source) in [("memory", 0), ("SQLite", 1)] {
            var incl: [[MerkleHash]] = []
            var cons: [[MerkleHash]] = []
            let tInc = try seconds {
                if source == 0 {
                    incl = try indices.map { try tree.inclusionProof(index: $0) }
                } else {
                    incl = try nodeStore.withNodes { nodes, _ in try indices.map { try Merkle.inclusionProof(nodes, index: $0, size: n) } }
                }
            }
            let tCons = try seconds {
                if source == 0 {
                    cons = try oldSizes.map { try tree.consistencyProof(oldSize: $0) }
                } else {
                    cons = try nodeStore.withNodes { nodes, _ in try oldSizes.map { try Merkle.consistencyProof(nodes, oldSize: $0, newSize: n) } }
                }
            }
            let oldRoots = try oldSizes.map { try tree.root(size: $0) }
            var ok = true
            let tVInc = seconds {
                for (k, i) in indices.enumerated() where !Merkle.verifyInclusion(leafHash: leaves[Int(i)], index: i, size: n, proof: incl[k], root: root) { ok = false }
            }
            let tVCons = seconds {
                for (k, m) in oldSizes.enumerated() where !Merkle.verifyConsistency(oldSize: m, newSize: n, oldRoot: oldRoots[k], newRoot: root, proof: cons[k]) { ok = false }
            }
            let per = { (t: Double) in fmt(t / Double(proofs) * 1e6, 1) + " µs" }  // CPU time per proof
            print("\(label) tree of \(proofLeaves) (CPU time per proof): inclusion proof \(per(tInc)) to produce, \(per(tVInc)) to verify; consistency proof \(per(tCons)) to produce, \(per(tVCons)) to verify (\(proofs) random proofs\(ok ? ", all verified" : ", SOME FAILED"))")
        }
    }
}
