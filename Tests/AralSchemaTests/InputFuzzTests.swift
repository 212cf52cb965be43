import Foundation
import Testing
import PropertyBased
import AralModel
import AralSchema
import AralPywr
import AralLedger
import AralCorridors

/// A seeded fuzz test over every reader of untrusted input (issue 17): the basin model
/// reader and compiler, scenario overlays, corridor files, the Pywr importer, the ledger's
/// entry parser and the API body reader. Inputs are mutations of the real files in
/// `examples/` and `models/` and of fixtures like the tests' (truncations, byte flips, deep
/// nesting, huge numbers, duplicated keys, wrong types), plus the inputs that once crashed
/// `aral validate` and the server. Every input must give a result or an error that says
/// where: a line, a key path or a byte offset. A crash fails the whole run. Each case is
/// drawn from a seed by `propertyCheck`; a failure prints the seed (`.fixedSeed(…)`) that
/// reproduces it.
@Suite("Input fuzzing")
struct InputFuzzTests {
    /// Cases per reader; a few thousand in all, well under a minute in a debug build.
    static let modelCases = 600
    static let corridorCases = 200
    static let pywrCases = 500
    static let ledgerCases = 800
    static let bodyCases = 500

    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func read(_ relative: String) -> String {
        (try? String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)) ?? ""
    }

    static let modelFiles = ["examples/basin.yaml", "examples/plan-exchange.yaml", "models/syr-darya.yaml", "models/amu-darya.yaml"]
    static let scenarioFiles = ["models/scenarios/syr-darya/dry-year.yaml", "models/scenarios/syr-darya/with-kambarata-1.yaml",
                                "models/scenarios/syr-darya/climate-2050.yaml"]

    /// The inputs that crashed `aral validate`, `aral run` and the server before the limits.
    static let crashers: [String] = {
        var deepBlock = "name: deep\nnodes:\n"
        for level in 0..<20_000 { deepBlock += String(repeating: " ", count: level % 4_000) + "- \n" }
        let deepFlow = "nodes: " + String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000)
        var laughs = ["metadata:", "  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for level in 1...9 {
            laughs.append("  a\(level): &a\(level) [\(Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", "))]")
        }
        let years = "timestepper: {start: 0001-01-01, end: 9999-12-31, step: daily}\nnodes: []\n"
        let hugeStep = "timestepper: {start: 2000-01-01, end: 2000-12-31, step: '9223372036854775807'}\nnodes: []\n"
        return [deepBlock, deepFlow, laughs.joined(separator: "\n") + "\n", years, hugeStep]
    }()

    static let pywrFixture = """
    {
      "metadata": {"title": "fuzz", "minimum_version": "0.1"},
      "timestepper": {"start": "2015-01-01", "end": "2015-01-10", "timestep": 1},
      "nodes": [
        {"name": "catchment", "type": "catchment", "flow": 5.0},
        {"name": "reservoir", "type": "storage", "max_volume": 100, "initial_volume": 50, "cost": -1},
        {"name": "supply", "type": "link", "max_flow": {"type": "monthlyprofile", "values": [1,2,3,4,5,6,7,8,9,10,11,12]}},
        {"name": "demand", "type": "output", "max_flow": 3, "cost": -10},
        {"name": "spill", "type": "output"}
      ],
      "edges": [["catchment", "reservoir"], ["reservoir", "supply"], ["supply", "demand"], ["reservoir", "spill"]],
      "parameters": {"factor": {"type": "constant", "value": 0.5}},
      "recorders": {}
    }
    """

    static let ledgerFixtures = [
        #"{"v":1,"id":"d1","kind":"delivery","body":{"from":"KG","to":"UZ","period":{"start":"2026-04-01","end":"2026-04-30"},"water":{"volume_mm3":"100","gauge":"uchkurgan"}}}"#,
        #"{"v":1,"id":"a1","kind":"agreement","body":{"title":"Naryn 2026","parties":["KG","UZ"],"period":{"start":"2026-04-01","end":"2026-09-30"}},"signatures":[]}"#,
        #"{"v":1,"id":"o1","kind":"obligation","body":{"from":"KG","to":"UZ","agreement":"a1","period":{"start":"2026-04-01","end":"2026-09-30"},"water":{"volume_mm3":12.5,"gauge":"g"},"energy":{"mwh":300}}}"#,
    ]

    static let bodyFixtures = [
        #"{"name": "Syr Darya", "party": "KG"}"#,
        #"{"model": "syr-darya", "scenarios": ["dry-year"], "name": "run 1"}"#,
    ]

    // MARK: - Mutations

    /// One mutation of `text`, chosen and placed by `seed`.
    static func mutate(_ text: String, seed: UInt64) -> String {
        var rng = SplitMix64(seed: seed)
        var bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return text }
        let at = Int(rng.next() % UInt64(bytes.count))
        switch rng.next() % 9 {
        case 0:  // truncation
            bytes.removeSubrange(at...)
        case 1:  // byte flips
            for _ in 0..<(1 + rng.next() % 4) {
                let i = Int(rng.next() % UInt64(bytes.count))
                bytes[i] ^= UInt8(truncatingIfNeeded: 1 << (rng.next() % 8))
            }
        case 2:  // deep nesting, flow or block
            let depth = 100 + Int(rng.next() % 5_000)
            let nest = rng.next() % 2 == 0
                ? String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
                : String(repeating: "- ", count: depth) + "x"
            bytes.insert(contentsOf: Array(nest.utf8), at: at)
        case 3:  // huge numbers
            let huge = ["1e999999", "-1e400", "99999999999999999999999999999", "0.0000000000000000000001", "NaN", ".inf", "1_000"]
            bytes = Array(replaceNumber(in: String(decoding: bytes, as: UTF8.self), with: huge[Int(rng.next() % UInt64(huge.count))], rng: &rng).utf8)
        case 4:  // a duplicated line (duplicate keys in YAML, duplicate members in one-line JSON)
            let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            var copy = lines
            let i = Int(rng.next() % UInt64(lines.count))
            copy.insert(lines[i], at: i)
            bytes = Array(copy.joined(separator: "\n").utf8)
        case 5:  // wrong types: a number becomes a list, a mapping or text
            let wrong = ["[]", "{}", "\"text\"", "true", "null", "[1, [2]]"]
            bytes = Array(replaceNumber(in: String(decoding: bytes, as: UTF8.self), with: wrong[Int(rng.next() % UInt64(wrong.count))], rng: &rng).utf8)
        case 6:  // a slice removed
            let length = Int(rng.next() % 40)
            bytes.removeSubrange(at..<min(bytes.count, at + length))
        case 7:  // structural characters inserted
            let junk: [String] = ["{", "}", "[", "]", ":", ",", "\"", "'", "&a", "*a", "!!binary", "\t", "\u{0}", "\u{FEFF}", "\\u", "#"]
            bytes.insert(contentsOf: Array(junk[Int(rng.next() % UInt64(junk.count))].utf8), at: at)
        default:  // a key renamed (misspelt)
            if let colon = bytes[at...].firstIndex(of: UInt8(ascii: ":")), colon > 0 {
                bytes.insert(UInt8(ascii: "x"), at: colon)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `text` with one of its numbers (chosen by `rng`) replaced by `replacement`.
    static func replaceNumber(in text: String, with replacement: String, rng: inout SplitMix64) -> String {
        var bytes = Array(text.utf8)
        var starts: [Int] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] >= UInt8(ascii: "0") && bytes[i] <= UInt8(ascii: "9"), i == 0 || !(bytes[i - 1] >= UInt8(ascii: "0") && bytes[i - 1] <= UInt8(ascii: "9")) && bytes[i - 1] != UInt8(ascii: ".") {
                starts.append(i)
            }
            i += 1
        }
        guard !starts.isEmpty else { return text }
        let start = starts[Int(rng.next() % UInt64(starts.count))]
        var end = start
        while end < bytes.count, (bytes[end] >= UInt8(ascii: "0") && bytes[end] <= UInt8(ascii: "9")) || bytes[end] == UInt8(ascii: ".") { end += 1 }
        bytes.replaceSubrange(start..<end, with: Array(replacement.utf8))
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: - Located

    /// An issue says where: a line, or a key path.
    static func isLocated(_ issue: FileIssue, file: String) -> Bool {
        issue.file == file && (issue.line != nil || !(issue.path ?? "").isEmpty)
    }

    /// A problem with the whole text (empty) needs no line.
    static func wholeFile(_ issue: FileIssue) -> Bool {
        issue.message.contains("empty") || issue.message.contains("not found")
    }

    static func checkModel(_ text: String, file: String) {
        do {
            let document = try ModelLoader.decode(text, file: file)
            _ = try ModelLoader.compile(document, text: text, file: file)
        } catch {
            for issue in error.issues where !wholeFile(issue) {
                #expect(isLocated(issue, file: file), "not located: \(issue)\n--- input (\(text.utf8.count) bytes) ---\n\(text.prefix(300))")
            }
        }
    }

    // MARK: - Tests

    @Test("the inputs that crashed the reader are refused, located")
    func crashingInputs() {
        for (i, text) in Self.crashers.enumerated() {
            let file = Self.root.appendingPathComponent("models/crasher-\(i).yaml").path
            do {
                let document = try ModelLoader.decode(text, file: file)
                _ = try ModelLoader.compile(document, text: text, file: file)
                // The last one (a step of Int.max days) is a valid one-step model; the others must be refused.
                #expect(i == Self.crashers.count - 1, "crasher \(i) was accepted")
            } catch {
                #expect(error.issues.allSatisfy { Self.isLocated($0, file: file) }, "\(error)")
            }
        }
    }

    @Test("basin models and their mutations")
    func models() async {
        let files = Self.modelFiles.map { (path: Self.root.appendingPathComponent($0).path, text: Self.read($0)) }
        #expect(files.allSatisfy { !$0.text.isEmpty })
        await propertyCheck(count: Self.modelCases, input: Gen.uint64()) { seed in
            let file = files[Int(seed % UInt64(files.count))]
            Self.checkModel(Self.mutate(file.text, seed: seed), file: file.path)
        }
    }

    @Test("scenario overlays and their mutations")
    func scenarios() async throws {
        let modelPath = Self.root.appendingPathComponent("models/syr-darya.yaml").path
        let (document, _) = try ModelLoader.readDocument(path: modelPath)
        let files = Self.scenarioFiles.map { (path: Self.root.appendingPathComponent($0).path, text: Self.read($0)) }
        await propertyCheck(count: Self.corridorCases, input: Gen.uint64()) { seed in
            let file = files[Int(seed % UInt64(files.count))]
            do throws(ModelFileError) {
                _ = try ScenarioOverlay.apply(text: Self.mutate(file.text, seed: seed), file: file.path, to: document)
            } catch {
                for issue in error.issues where !Self.wholeFile(issue) {
                    #expect(Self.isLocated(issue, file: file.path), "not located: \(issue)")
                }
            }
        }
    }

    @Test("corridor models and their mutations")
    func corridors() async {
        let path = Self.root.appendingPathComponent("models/corridors/central-asia.yaml").path
        let text = Self.read("models/corridors/central-asia.yaml")
        await propertyCheck(count: Self.corridorCases, input: Gen.uint64()) { seed in
            do throws(CorridorInputError) {
                _ = try CorridorLoader.load(text: Self.mutate(text, seed: seed), file: path)
            } catch {
                for issue in error.issues where !Self.wholeFile(issue) {
                    #expect(issue.line != nil || !(issue.path ?? "").isEmpty, "not located: \(issue)")
                }
            }
        }
    }

    @Test("Pywr JSON and its mutations")
    func pywr() async {
        let directory = NSTemporaryDirectory()
        await propertyCheck(count: Self.pywrCases, input: Gen.uint64()) { seed in
            let text = Self.mutate(Self.pywrFixture, seed: seed)
            do throws(ModelFileError) {
                _ = try PywrImporter.compile(text: text, file: "fuzz.json", baseDirectory: directory)
            } catch {
                for issue in error.issues where !Self.wholeFile(issue) {
                    #expect(Self.isLocated(issue, file: "fuzz.json"), "not located: \(issue)")
                }
            }
        }
    }

    @Test("ledger entries and their mutations")
    func ledgerEntries() async {
        await propertyCheck(count: Self.ledgerCases, input: Gen.uint64()) { seed in
            let text = Self.mutate(Self.ledgerFixtures[Int(seed % UInt64(Self.ledgerFixtures.count))], seed: seed)
            let bytes = Array(text.utf8)
            do throws(LedgerError) {
                _ = try LedgerEntry.parse(bytes, source: "fuzz.jsonl")
            } catch {
                switch error {
                case .malformedJSON(let source, let offset, _):
                    #expect(source == "fuzz.jsonl" && offset >= 0 && offset <= bytes.count, "\(error)")
                case .invalidField(let source, let field, _):
                    #expect(source == "fuzz.jsonl" && !field.isEmpty, "\(error)")
                default:
                    Issue.record("an entry parse failed without a place: \(error)")
                }
            }
        }
    }

    @Test("API bodies and their mutations")
    func bodies() async {
        let allowed: Set<String> = ["name", "party", "model", "scenarios"]
        await propertyCheck(count: Self.bodyCases, input: Gen.uint64()) { seed in
            let text = Self.mutate(Self.bodyFixtures[Int(seed % UInt64(Self.bodyFixtures.count))], seed: seed)
            do throws(FieldError) {
                let body = try JSONFields.read(Array(text.utf8), source: "body", allowed: allowed)
                _ = try body.optionalString("name")
                _ = try body.optionalString("party")
            } catch {
                #expect(error.line != nil || !error.path.isEmpty, "not located: \(error)")
            }
        }
    }
}
