import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Multi-process tests of the ledger through the real `aral` executable: concurrent appenders in
/// separate processes, a process killed with SIGKILL while appending, and CLI error reporting.
/// The binary is looked up next to the test bundle (`swift build` puts `aral` there); set
/// `ARAL_BINARY` to override.
@Suite(
    "Ledger: several processes", .serialized,
    .enabled(if: LedgerAralBinary.path != nil,
             "skipped: the 'aral' executable was not found next to the test bundle; run 'swift build' first or set ARAL_BINARY"))
struct LedgerProcessTests {
    static var aral: String? { LedgerAralBinary.path }

    /// Whether the `aral` executable is there; records why the test cannot run when it is not.
    static func aralFound() -> Bool {
        guard aral == nil else { return true }
        Issue.record("the 'aral' executable was not found next to the test bundle; run 'swift build' first or set ARAL_BINARY")
        return false
    }
}

/// Where the built `aral` executable is: `ARAL_BINARY`, else next to the test bundle or up to
/// three directories above it.
enum LedgerAralBinary {
    /// Shared with the other end-to-end tests (see `AralProcess.binary`).
    static var path: String? { AralProcess.binary }
}

extension LedgerProcessTests {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `aral args…` to completion.
    @discardableResult
    static func run(_ args: [String], in dir: String) throws -> Result {
        let p = try start(args, in: dir)
        p.process.waitUntilExit()
        return Result(status: p.process.terminationStatus,
                      stdout: String(decoding: p.stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self),
                      stderr: String(decoding: p.stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }

    static func start(_ args: [String], in dir: String) throws -> (process: Process, stdout: Pipe, stderr: Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: aral ?? "aral")
        process.arguments = args
        process.currentDirectoryURL = URL(fileURLWithPath: dir)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    /// A directory with keys for SEC, KG, UZ, KZ, TJ and an initialized ledger.
    static func setUp() throws -> String {
        let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("aral-ledger-proc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let codes = ["SEC", "KG", "UZ", "KZ", "TJ"]
        for code in codes {
            let r = try run(["ledger", "keygen", "--party", code, "--name", code], in: dir)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let r = try run(["ledger", "init", "--secretariat", "SEC"] + codes.flatMap { ["--parties", "\($0).pub.json"] }
                        + codes.flatMap { ["--key", "\($0).key"] }, in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        // The trusted key list for `verify`.
        var trusted: [String] = []
        for code in codes {
            trusted.append(String(decoding: try Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(code).pub.json")), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines))
        }
        try Data("[\(trusted.joined(separator: ","))]".utf8).write(to: URL(fileURLWithPath: "\(dir)/parties.json"))
        return dir
    }

    static func writeDeliveries(from party: String, to receiver: String, count: Int, in dir: String) throws -> [String] {
        var files: [String] = []
        for i in 0..<count {
            let name = "e-\(party)-\(i).json"
            let json = """
                {"v": 2, "id": "p-\(party)-\(i)", "kind": "delivery", "body": {"from": "\(party)", "to": "\(receiver)",
                 "period": {"start": "2026-04-01", "end": "2026-09-30"}, "date": "2026-05-01",
                 "energy": {"mwh": \(i + 1)}}}
                """
            try Data(json.utf8).write(to: URL(fileURLWithPath: "\(dir)/\(name)"))
            files.append(name)
        }
        return files
    }

    static func exportAndVerify(in dir: String) throws -> (verify: Result, export: String) {
        let e = try run(["ledger", "export", "--out", "export.jsonl"], in: dir)
        #expect(e.status == 0, "\(e.stderr)")
        let v = try run(["ledger", "verify", "export.jsonl", "--keys", "parties.json"], in: dir)
        let text = (try? String(contentsOfFile: "\(dir)/export.jsonl", encoding: .utf8)) ?? ""
        return (v, text)
    }

    /// Found from outside: an export that failed on a damaged entry left an empty file, and
    /// truncated the export already kept there. The old export now stays whole.
    @Test func aFailedExportKeepsThePreviousExport() throws {
        guard Self.aralFound() else { return }
        let dir = try Self.setUp()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let files = try Self.writeDeliveries(from: "KG", to: "UZ", count: 1, in: dir)
        let appended = try Self.run(["ledger", "append", "--quiet", "--key", "KG.key"] + files, in: dir)
        #expect(appended.status == 0, "\(appended.stderr)")
        let (verified, before) = try Self.exportAndVerify(in: dir)
        #expect(verified.status == 0 && !before.isEmpty, "\(verified.stderr)")
        // Damage the stored delivery's JSON in place (SQLite keeps the text verbatim).
        let path = "\(dir)/aral-ledger.sqlite"
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let needle = Array(#""kind":"delivery""#.utf8)
        let at = try #require((0...(bytes.count - needle.count)).first { bytes[$0..<($0 + needle.count)].elementsEqual(needle) })
        bytes[at + 6] = UInt8(ascii: "!")   // "kind"! — not JSON
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let failed = try Self.run(["ledger", "export", "--out", "export.jsonl"], in: dir)
        #expect(failed.status != 0, "the damaged ledger exported")
        let after = (try? String(contentsOfFile: "\(dir)/export.jsonl", encoding: .utf8)) ?? ""
        #expect(after == before, "the previous export was changed")
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/export.jsonl.partial"))
    }

    @Test func fourProcessesAppendingAtOnce() throws {
        guard Self.aralFound() else { return }
        let dir = try Self.setUp()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let perProcess = 500
        let senders = [("KG", "UZ"), ("UZ", "KG"), ("KZ", "KG"), ("TJ", "UZ")]
        var processes: [(Process, Pipe, Pipe)] = []
        for (party, receiver) in senders {
            let files = try Self.writeDeliveries(from: party, to: receiver, count: perProcess, in: dir)
            processes.append(try Self.start(["ledger", "append", "--quiet", "--key", "\(party).key"] + files, in: dir))
        }
        for (p, _, err) in processes {
            p.waitUntilExit()
            let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(p.terminationStatus == 0, "appender failed: \(message)")
        }
        let (verify, export) = try Self.exportAndVerify(in: dir)
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("OK: \(1 + perProcess * senders.count) entries"), "\(verify.stdout)")
        // Every entry exactly once.
        for (party, _) in senders {
            for i in stride(from: 0, to: perProcess, by: 37) {
                #expect(export.components(separatedBy: "\"id\":\"p-\(party)-\(i)\"").count == 2, "p-\(party)-\(i)")
            }
        }
    }

    /// Found from outside: appenders that each open the file for one entry failed at once
    /// with "database is locked" (13 of 80 here before the fix) while another committed.
    @Test func manyShortAppendersAtOnce() throws {
        guard Self.aralFound() else { return }
        let dir = try Self.setUp()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let workers = 8, each = 10
        var files: [[String]] = []
        for w in 0..<workers {
            files.append(try Self.writeDeliveries(from: "UZ", to: "KG", count: each, in: dir).map { name in
                let renamed = "w\(w)-\(name)"
                let text = try String(contentsOfFile: "\(dir)/\(name)", encoding: .utf8).replacingOccurrences(of: "\"id\": \"p-", with: "\"id\": \"w\(w)-")
                try text.write(toFile: "\(dir)/\(renamed)", atomically: true, encoding: .utf8)
                return renamed
            })
        }
        let failures = Mutex<[String]>([])
        let batches = files
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            for file in batches[w] {
                guard let r = try? Self.run(["ledger", "append", "--quiet", "--key", "UZ.key", file], in: dir) else { continue }
                if r.status != 0 { failures.withLock { $0.append("\(file): \(r.stderr)") } }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 }.prefix(3))")
        let (verify, _) = try Self.exportAndVerify(in: dir)
        #expect(verify.stdout.contains("OK: \(1 + workers * each) entries"), "\(verify.stdout) \(verify.stderr)")
    }

    @Test func killedWhileAppending() throws {
        guard Self.aralFound() else { return }
        let dir = try Self.setUp()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let files = try Self.writeDeliveries(from: "KG", to: "UZ", count: 3000, in: dir)
        // Halfway through the files, a FIFO that nobody writes to: opening it blocks, so the
        // appender cannot finish before it is killed however fast or slow the machine is. The
        // kill still lands wherever the appender happens to be among the first 1,500 entries.
        let blocker = "never-written.fifo"
        #expect(mkfifo("\(dir)/\(blocker)", 0o600) == 0, "mkfifo failed: errno \(errno)")
        let halfway = files.count / 2
        let (process, _, stderr) = try Self.start(["ledger", "append", "--quiet", "--key", "KG.key"]
                                                  + files[..<halfway] + [blocker] + files[halfway...], in: dir)
        // Wait until appends are under way (a condition, not a time), then kill without warning.
        let underWay = 30
        var size = 0
        while process.isRunning, size < underWay {
            let head = try Self.run(["ledger", "head", "--json"], in: dir)
            if let range = head.stdout.range(of: #""size":(\d+)"#, options: .regularExpression) {
                size = Int(head.stdout[range].dropFirst(7)) ?? 0
            }
            if size < underWay { Thread.sleep(forTimeInterval: 0.05) }
        }
        #expect(process.isRunning, "the appender stopped early: \(String(decoding: stderr.fileHandleForReading.availableData, as: UTF8.self))")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)

        let (verify, _) = try Self.exportAndVerify(in: dir)
        #expect(verify.status == 0, "\(verify.stderr)")
        let match = verify.stdout.range(of: #"OK: \d+ entries"#, options: .regularExpression).map { String(verify.stdout[$0]) }
        let count = Int(match?.split(separator: " ")[1] ?? "0") ?? 0
        #expect(count >= size && count <= 1 + halfway, "\(verify.stdout)")
        // The ledger keeps working: the next entry (one not yet appended) goes in.
        let next = "e-KG-\(count - 1).json"
        let again = try Self.run(["ledger", "append", "--key", "KG.key", next], in: dir)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try Self.exportAndVerify(in: dir).verify.status == 0)
    }

    @Test func badInputExitsNonZeroNamingFileAndField() throws {
        guard Self.aralFound() else { return }
        let dir = try Self.setUp()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let bad = """
            {"id": "neg", "kind": "delivery", "body": {"from": "KG", "to": "UZ", "period": {"start": "2026-04-01", "end": "2026-09-30"},
             "date": "2026-05-01", "water": {"volume_mm3": -3, "gauge": "Kerki"}}}
            """
        try Data(bad.utf8).write(to: URL(fileURLWithPath: "\(dir)/bad.json"))
        let r = try Self.run(["ledger", "append", "bad.json", "--key", "KG.key"], in: dir)
        #expect(r.status != 0)
        #expect(r.stderr.contains("bad.json") && r.stderr.contains("body.water.volume_mm3"), "\(r.stderr)")
        let missing = try Self.run(["ledger", "append", "nope.json", "--key", "KG.key"], in: dir)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("nope.json: file not found") && !missing.stderr.contains("ledger storage"), "\(missing.stderr)")
        // An editor's byte-order mark is not part of the entry (it was "unexpected character 'ï'").
        let withMark = try Self.writeDeliveries(from: "KG", to: "UZ", count: 1, in: dir)[0]
        let marked = [UInt8]([0xEF, 0xBB, 0xBF]) + [UInt8](try Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(withMark)")))
        try Data(marked).write(to: URL(fileURLWithPath: "\(dir)/\(withMark)"))
        let appendedWithMark = try Self.run(["ledger", "append", withMark, "--key", "KG.key"], in: dir)
        #expect(appendedWithMark.status == 0, "\(appendedWithMark.stderr)")
        // A key that is not a party's.
        _ = try Self.run(["ledger", "keygen", "--party", "AF", "--out", "AF.key", "--pub", "AF.pub.json"], in: dir)
        let files = try Self.writeDeliveries(from: "AF", to: "UZ", count: 1, in: dir)
        let outsider = try Self.run(["ledger", "append", "--key", "AF.key"] + files, in: dir)
        #expect(outsider.status != 0)
        #expect(outsider.stderr.contains("not the current key of any party"), "\(outsider.stderr)")
        // The genesis and the entry with the mark; nothing refused went in.
        let head = try Self.run(["ledger", "head", "--json"], in: dir)
        #expect(head.stdout.contains("\"size\":2"), "\(head.stdout)")
    }

    /// Found from outside: `ledger head` on an empty SQLite file wrote the ledger's tables into it.
    @Test func readCommandsRefuseAFileThatIsNoLedgerAndLeaveItAlone() throws {
        guard Self.aralFound() else { return }
        let dir = try Self.setUp()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = FileManager.default.createFile(atPath: "\(dir)/empty.sqlite", contents: Data())
        for command in [["ledger", "head"], ["ledger", "export"], ["ledger", "balance"]] {
            let r = try Self.run(command + ["--ledger", "empty.sqlite"], in: dir)
            #expect(r.status != 0 && r.status < 128, "\(command): exit \(r.status)")
            #expect(r.stderr.contains("empty.sqlite: not an Aral ledger"), "\(command): \(r.stderr)")
        }
        let size = try FileManager.default.attributesOfItem(atPath: "\(dir)/empty.sqlite")[.size] as? Int
        #expect(size == 0)
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/empty.sqlite-wal"))
        // The ledger made by setUp still opens.
        #expect(try Self.run(["ledger", "head", "--json"], in: dir).status == 0)
    }

    /// Issue 17 item 6: `verify --trusted-head` fails on an export that does not extend a head a
    /// party kept (here: the ledger replaced by a fresh one with the same parties).
    @Test func verifyFailsOnAnExportThatDoesNotExtendAKeptHead() throws {
        guard Self.aralFound() else { return }
        let dir = try Self.setUp()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let files = try Self.writeDeliveries(from: "KG", to: "UZ", count: 3, in: dir)
        #expect(try Self.run(["ledger", "append", "--key", "KG.key"] + files, in: dir).status == 0)
        #expect(try Self.run(["ledger", "head", "--sign", "--key", "SEC.key"], in: dir).status == 0)
        let kept = try Self.run(["ledger", "head", "--cosign", "--key", "KG.key", "--json"], in: dir)
        #expect(kept.status == 0, "\(kept.stderr)")
        try Data(kept.stdout.utf8).write(to: URL(fileURLWithPath: "\(dir)/kg-head.json"))
        let (good, _) = try Self.exportAndVerify(in: dir)
        #expect(good.status == 0, "\(good.stderr)")
        let extended = try Self.run(["ledger", "verify", "export.jsonl", "--keys", "parties.json", "--trusted-head", "kg-head.json"], in: dir)
        #expect(extended.status == 0, "\(extended.stderr)")
        #expect(extended.stdout.contains("extends the kept head of size 4"), "\(extended.stdout)")
        // The same parties found a new ledger in its place: consistent on its own, but not the one KG kept a head of.
        try FileManager.default.moveItem(atPath: "\(dir)/aral-ledger.sqlite", toPath: "\(dir)/old.sqlite")
        for suffix in ["-wal", "-shm"] { try? FileManager.default.moveItem(atPath: "\(dir)/aral-ledger.sqlite\(suffix)", toPath: "\(dir)/old.sqlite\(suffix)") }
        let codes = ["SEC", "KG", "UZ", "KZ", "TJ"]
        let reinit = try Self.run(["ledger", "init", "--secretariat", "SEC"] + codes.flatMap { ["--parties", "\($0).pub.json"] }
                                  + codes.flatMap { ["--key", "\($0).key"] }, in: dir)
        #expect(reinit.status == 0, "\(reinit.stderr)")
        let (alone, _) = try Self.exportAndVerify(in: dir)
        #expect(alone.status == 0, "\(alone.stderr)")
        let refused = try Self.run(["ledger", "verify", "export.jsonl", "--keys", "parties.json", "--trusted-head", "kg-head.json"], in: dir)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("kept head of size 4") && refused.stderr.contains("does not extend the head you kept"), "\(refused.stderr)")
    }

    /// `ledger sign` with a key its party had rotated out wrote the signature and exited 0 (the
    /// append then refused it as a signature that does not verify). It now refuses, naming the
    /// key file, the party and the rotation entry; the key in force still signs.
    @Test func signWithARotatedOutKeyFailsNamingTheRotation() throws {
        guard Self.aralFound() else { return }
        let dir = try Self.setUp()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let keygen = try Self.run(["ledger", "keygen", "--party", "KG", "--out", "KG2.key", "--recovery", "KG2.recovery.key", "--pub", "KG2.pub.json"], in: dir)
        #expect(keygen.status == 0, "\(keygen.stderr)")
        let rotated = try Self.run(["ledger", "add-party", "--rotate", "--party", "KG2.pub.json", "--new-key", "KG2.key",
                                    "--key", "KG.recovery.key", "--id", "rot-kg"], in: dir)
        #expect(rotated.status == 0, "\(rotated.stderr)")
        let file = try Self.writeDeliveries(from: "KG", to: "UZ", count: 1, in: dir)[0]
        let before = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(file)"))
        for command in [["sign", file], ["append", file]] {
            let r = try Self.run(["ledger"] + command + ["--key", "KG.key"], in: dir)
            #expect(r.status != 0, "\(command): exit 0")
            #expect(r.stderr.contains("KG.key") && r.stderr.contains("'KG' rotated this key out at entry 1 ('rot-kg')"), "\(command): \(r.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(file)")) == before, "the refused sign wrote the file")
        let signed = try Self.run(["ledger", "sign", file, "--key", "KG2.key"], in: dir)
        #expect(signed.status == 0, "\(signed.stderr)")
        #expect(try Self.run(["ledger", "append", file], in: dir).status == 0)
    }

    /// `verify` dropped a UTF-8 byte order mark before verifying, so a file that is not the
    /// export (which has none) verified; it is refused at line 1, naming the file.
    @Test func verifyRefusesAnExportWithAByteOrderMark() throws {
        guard Self.aralFound() else { return }
        let dir = try Self.setUp()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (good, text) = try Self.exportAndVerify(in: dir)
        #expect(good.status == 0, "\(good.stderr)")
        try Data([0xEF, 0xBB, 0xBF] + Array(text.utf8)).write(to: URL(fileURLWithPath: "\(dir)/marked.jsonl"))
        let r = try Self.run(["ledger", "verify", "marked.jsonl", "--keys", "parties.json"], in: dir)
        #expect(r.status != 0)
        #expect(r.stderr.contains("marked.jsonl line 1: the line starts with a UTF-8 byte order mark"), "\(r.stderr)")
    }

    /// `aral ledger export > /dev/full` crashed in Foundation's non-throwing write, and `head`
    /// (`print`) exited 0 with nothing written; both now exit 1 saying standard output failed.
    @Test func anUnwritableStandardOutputExitsNonZero() throws {
        guard Self.aralFound(), FileManager.default.isWritableFile(atPath: "/dev/full") else { return }
        let dir = try Self.setUp()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for command in [["ledger", "export"], ["ledger", "head"], ["ledger", "head", "--json"]] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.aral ?? "aral")
            process.arguments = command
            process.currentDirectoryURL = URL(fileURLWithPath: dir)
            let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
            let err = Pipe()
            process.standardOutput = full
            process.standardError = err
            try process.run()
            process.waitUntilExit()
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(process.terminationStatus == 1, "\(command): exit \(process.terminationStatus) \(process.terminationReason == .uncaughtSignal ? "(signal)" : "")")
            #expect(stderr.contains("cannot write to standard output"), "\(command): \(stderr.prefix(300))")
        }
    }

    /// Issue 17 item 7: `balance --json` refused a sum beyond the canonical range instead of
    /// printing 0; the entries that made such a sum are now refused when appended.
    @Test func balanceJSONRefusesASumBeyondTheCanonicalRange() throws {
        guard Self.aralFound() else { return }
        let dir = try Self.setUp()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var files: [String] = []
        for i in 1...2 {
            let json = """
                {"id": "big-\(i)", "kind": "obligation", "body": {"from": "KG", "to": "UZ",
                 "period": {"start": "2026-04-01", "end": "2026-09-30"}, "water": {"volume_mm3": 99999999999999999999, "gauge": "Kerki"}}}
                """
            try Data(json.utf8).write(to: URL(fileURLWithPath: "\(dir)/big-\(i).json"))
            files.append("big-\(i).json")
        }
        // Each is refused at its field now (a quantity beyond 1e12), so no sum leaves the range.
        let appended = try Self.run(["ledger", "append", "--key", "KG.key"] + files, in: dir)
        #expect(appended.status != 0)
        #expect(appended.stderr.contains("volume_mm3") && appended.stderr.contains("beyond any quantity between states"), "\(appended.stderr)")
        let r = try Self.run(["ledger", "balance", "--party", "KG", "--json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
    }
}
