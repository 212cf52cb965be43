import Foundation
import Testing

/// The product's front door end to end, through the real executables: what `aral --help` lists,
/// the hand-over of `aral ledger` / `aral serve` to their own executables, and one vocabulary
/// for options.
@Suite("aral: commands, hand-over and options", .enabled(if: AralProcess.binary != nil, "skipped: the aral executable was not found"))
struct FrontDoorTests {
    @Test("aral --help lists serve and ledger and no benchmark")
    func help() throws {
        let r = try AralProcess.run(["--help"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("serve"))
        #expect(r.stdout.contains("ledger"))
        #expect(!r.stdout.contains("bench"), "\(r.stdout)")
    }

    @Test("aral ledger and aral serve hand over to aral-ledger and aral-server, --help included")
    func handOver() throws {
        let ledger = try AralProcess.run(["ledger", "--help"])
        #expect(ledger.status == 0, "\(ledger.stderr)")
        #expect(ledger.stdout.contains("USAGE: aral ledger <subcommand>"), "\(ledger.stdout)")
        #expect(ledger.stdout.contains("import-obligations"))
        let serve = try AralProcess.run(["serve", "--help"])
        #expect(serve.status == 0, "\(serve.stderr)")
        #expect(serve.stdout.contains("--database"), "\(serve.stdout)")
    }

    /// `--parties` said "or several .pub.json files" but took one value per option.
    @Test("ledger init takes several .pub.json files after one --parties")
    func initWithSeveralPartyFiles() throws {
        let dir = try AralProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for party in ["UP", "DN"] {
            let r = try AralProcess.run(["ledger", "keygen", "--party", party], in: dir)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let r = try AralProcess.run(["ledger", "init", "--parties", "UP.pub.json", "DN.pub.json", "--secretariat", "UP",
                                     "--key", "UP.key", "--key", "DN.key"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("genesis with 2 parties (UP, DN)"), "\(r.stdout)")
    }

    /// `generate --from` and `check --history` named the same record.
    @Test("hydrology generate takes the record as --history, as hydrology check does")
    func historyOption() throws {
        let dir = try AralProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let traces = dir.appendingPathComponent("traces.csv").path
        let history = "models/hydrology/syr-darya.csv"
        let generate = try AralProcess.run(["hydrology", "generate", "--history", history, "--traces", "2", "--years", "2", "--output", traces])
        #expect(generate.status == 0, "\(generate.stderr)")
        let check = try AralProcess.run(["hydrology", "check", "--history", history, "--traces", traces])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("2 traces"), "\(check.stdout)")
        let json = try AralProcess.run(["hydrology", "check", "--history", history, "--traces", traces, "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(report?["traces"] as? Int == 2)
        #expect((report?["sites"] as? [Any])?.isEmpty == false)
    }

    /// Issue 18 gives the command without `--output` (`… --seed 1` into T.csv); it stopped at
    /// "Missing expected argument". The file is written beside the target and renamed over it.
    @Test("hydrology generate writes to standard output without --output, the same bytes as to a file; a refused history leaves the file kept there")
    func generateToStandardOutput() throws {
        let dir = try AralProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("traces.csv").path
        let common = ["hydrology", "generate", "--history", "models/hydrology/syr-darya.csv", "--traces", "3", "--years", "2", "--seed", "7"]
        let toFile = try AralProcess.run(common + ["--output", file])
        #expect(toFile.status == 0, "\(toFile.stderr)")
        let toStdout = try AralProcess.run(common)
        #expect(toStdout.status == 0, "\(toStdout.stderr)")
        #expect(toStdout.stdout.hasPrefix("trace,date,naryn,"))
        #expect(toStdout.stdout == (try String(contentsOfFile: file, encoding: .utf8)))
        #expect(toStdout.stderr.contains("to standard output"), "\(toStdout.stderr)")
        #expect(!FileManager.default.fileExists(atPath: file + ".partial"))

        // A bad history is refused before anything is written: the traces kept there stay.
        let before = try Data(contentsOf: URL(fileURLWithPath: file))
        let bad = try AralProcess.run(["hydrology", "generate", "--history", "models/syr-darya.yaml", "--output", file])
        #expect(bad.status != 0 && bad.status < 128, "exit \(bad.status)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == before)
    }

    /// 10^8 traces asked for 77 GB at once and aborted ("failed to allocate"); refused now.
    @Test("hydrology generate refuses more values than fit in memory, before generating")
    func generateTooMany() throws {
        let r = try AralProcess.run(["hydrology", "generate", "--history", "models/hydrology/syr-darya.csv",
                                     "--traces", "100000000", "--years", "1", "--output", "/dev/null"])
        #expect(r.status != 0 && r.status < 128, "exit \(r.status)")
        #expect(r.stderr.contains("GB in memory"), "\(r.stderr)")
    }

    @Test("hydrology generate names an empty or repeated site list", arguments: [("", "no site named"), (",,", "no site named"), ("naryn,naryn", "'naryn' is named twice")])
    func generateSites(sites: String, message: String) throws {
        let r = try AralProcess.run(["hydrology", "generate", "--history", "models/hydrology/syr-darya.csv", "--sites", sites,
                                     "--traces", "1", "--years", "1", "--output", "/dev/null"])
        #expect(r.status != 0 && r.status < 128, "exit \(r.status)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
    }

    @Test("validate takes the same model options as run (a scenario overlay) and prints JSON")
    func validateOptions() throws {
        let r = try AralProcess.run(["validate", "models/syr-darya.yaml", "--scenario", "dry-year", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(summary?["format"] as? String == "aral")
        #expect((summary?["steps"] as? Int ?? 0) > 0)
    }

    /// `--traces` is a model option: `validate` checks the file against the model, `plan` takes one trace.
    @Test("validate and plan take --traces as run does: validate checks they cover the run, plan wants --member")
    func tracesEverywhere() throws {
        let dir = try AralProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let short = dir.appendingPathComponent("short.csv").path
        let generate = try AralProcess.run(["hydrology", "generate", "--history", "models/hydrology/syr-darya.csv", "--traces", "2",
                                            "--years", "2", "--start", "2018-01", "--output", short])
        #expect(generate.status == 0, "\(generate.stderr)")
        let validate = try AralProcess.run(["validate", "models/syr-darya.yaml", "--traces", short])
        #expect(validate.status != 0)
        #expect(validate.stderr.contains("the traces cover 2018-01-01"), "\(validate.stderr)")
        let noMember = try AralProcess.run(["plan", "models/syr-darya.yaml", "--from", "2018-10-01", "--to", "2019-09-30", "--traces", short])
        #expect(noMember.status != 0)
        #expect(noMember.stderr.contains("--member"), "\(noMember.stderr)")
        let plan = try AralProcess.run(["plan", "models/syr-darya.yaml", "--from", "2018-10-01", "--to", "2019-09-30", "--traces", short, "--member", "1", "--json"])
        #expect(plan.status == 0, "\(plan.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any]
        #expect(report?["from"] as? String == "2018-10-01")
    }
}
