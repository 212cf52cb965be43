import Foundation
import Testing

/// An output option never replaces an input of the same command, another output, or a file
/// of another kind (found from outside: `plan --report` and `--obligations` replaced the model
/// being planned and its inflow record; `run --csv` the model).
@Suite("Outputs do not overwrite inputs")
struct OutputCollisionTests {
    static func copy(_ relative: String, to dir: URL) throws -> URL {
        let target = dir.appendingPathComponent((relative as NSString).lastPathComponent)
        try FileManager.default.copyItem(at: AralProcess.packageRoot.appendingPathComponent(relative), to: target)
        return target
    }

    @Test("plan --report or --obligations onto the model, or both onto one file, is refused before planning")
    func planOutputs() throws {
        let dir = try AralProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = try Self.copy("examples/plan-exchange.yaml", to: dir)
        let original = try Data(contentsOf: model)
        let cases: [([String], String)] = [
            (["--report", "plan-exchange.yaml"], "is the model being read"),
            (["--exchange", "--obligations", "plan-exchange.yaml"], "is the model being read"),
            (["--exchange", "--obligations", "out", "--report", "out"], "give each its own file"),
        ]
        for (options, expected) in cases {
            let r = try AralProcess.run(["plan", "plan-exchange.yaml"] + options, in: dir)
            #expect(r.status == 1, "\(options)")
            #expect(r.stderr.contains(expected), "\(options): \(r.stderr)")
            #expect(try Data(contentsOf: model) == original)
        }
        // A file of another kind is kept; a report written before is replaced.
        let notes = dir.appendingPathComponent("notes.txt")
        try "my notes\n".write(to: notes, atomically: true, encoding: .utf8)
        let kept = try AralProcess.run(["plan", "plan-exchange.yaml", "--report", "notes.txt"], in: dir)
        #expect(kept.status == 1)
        #expect(kept.stderr.contains("it holds something other than an HTML report (it begins 'my notes"), "\(kept.stderr)")
        #expect(try String(contentsOf: notes, encoding: .utf8) == "my notes\n")
        for _ in 0..<2 {
            let again = try AralProcess.run(["plan", "plan-exchange.yaml", "--report", "report.html"], in: dir)
            #expect(again.status == 0, "\(again.stderr)")
        }
    }

    @Test("run --csv onto the model, onto --sqlite or onto another kind of file is refused; a results CSV is replaced")
    func runOutputs() throws {
        let dir = try AralProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = try Self.copy("examples/basin.yaml", to: dir)
        let original = try Data(contentsOf: model)
        let onto = try AralProcess.run(["run", "basin.yaml", "--csv", "./basin.yaml"], in: dir)
        #expect(onto.status != 0)
        #expect(onto.stderr.contains("is the model being read"), "\(onto.stderr)")
        #expect(try Data(contentsOf: model) == original)
        let both = try AralProcess.run(["run", "basin.yaml", "--csv", "r", "--sqlite", "r"], in: dir)
        #expect(both.status != 0)
        #expect(both.stderr.contains("give each its own file"))
        try "a,b\n1,2\n".write(to: dir.appendingPathComponent("other.csv"), atomically: true, encoding: .utf8)
        let other = try AralProcess.run(["run", "basin.yaml", "--csv", "other.csv"], in: dir)
        #expect(other.status != 0)
        #expect(other.stderr.contains("something other than a results CSV"), "\(other.stderr)")
        for _ in 0..<2 {
            let r = try AralProcess.run(["run", "basin.yaml", "--csv", "results.csv", "--quiet"], in: dir)
            #expect(r.status == 0, "\(r.stderr)")
        }
    }

    @Test("a command whose standard output cannot be written (a full disk) exits 1 and says so")
    func fullStandardOutput() throws {
        let binary = try #require(AralProcess.binary)
        guard let full = FileHandle(forWritingAtPath: "/dev/full") else { return }  // not Linux
        for arguments in [["validate", "examples/basin.yaml"], ["run", "examples/basin.yaml"]] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
            process.currentDirectoryURL = AralProcess.packageRoot
            process.standardOutput = full
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 1, "\(arguments)")
            #expect(message.contains("cannot write to standard output"), "\(arguments): \(message)")
        }
    }
}
