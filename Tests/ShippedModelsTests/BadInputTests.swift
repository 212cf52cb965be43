import Testing
import Foundation
import AralModel
import AralSchema

/// Bad scenarios and bad inflow records give errors naming the file, the line and the key or
/// column, never a crash.
@Suite("Bad scenarios and inflow records")
struct BadInputTests {
    /// Writes `text` as a scenario next to a copy-free reference to the shipped model.
    func scenario(_ text: String) throws -> String {
        let folder = try Models.temporaryFolder()
        let path = (folder as NSString).appendingPathComponent("bad.yaml")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func applyError(_ text: String) throws -> (ModelFileError, String) {
        let file = try scenario(text)
        let (document, _) = try ModelLoader.readDocument(path: Models.syrDarya)
        do {
            _ = try ScenarioOverlay.apply([file], to: document, modelPath: Models.syrDarya)
        } catch {
            return (error, file)
        }
        Issue.record("the scenario was accepted")
        return (ModelFileError(issues: []), file)
    }

    @Test("A scenario naming a missing node")
    func missingNode() throws {
        let (error, file) = try applyError("description: typo\nnodes:\n  toktogull: {enabled: true}\n")
        let issue = try #require(error.issues.first)
        #expect(issue.file == file)
        #expect(issue.line == 3)
        #expect(issue.path == "nodes.toktogull")
        #expect(issue.message.contains("no node 'toktogull'"))
        #expect(issue.message.contains("did you mean 'toktogul'"))
    }

    @Test("A scenario setting an unknown field")
    func unknownField() throws {
        let (error, file) = try applyError("nodes:\n  toktogul: {maxVolme: 20000}\n")
        let issue = try #require(error.issues.first)
        #expect(issue.file == file)
        #expect(issue.line == 2)
        #expect(issue.path?.hasPrefix("nodes.toktogul") == true)
        #expect(issue.message.contains("maxVolme"))
    }

    @Test("A scenario that leaves the model invalid")
    func invalidAfterOverlay() throws {
        let (error, file) = try applyError("nodes:\n  toktogul:\n    minVolume: 30000\n")
        let issue = try #require(error.issues.first)
        #expect(issue.file == file)
        #expect(issue.line == 3)
        #expect(issue.path == "nodes.toktogul.minVolume")
        #expect(issue.message.contains("invalid after this scenario"))
    }

    /// Reported at "bad.yaml:1:1: edges[54]" (the merged model's index) until the added edges
    /// were traced back to the scenario's own list.
    @Test("A scenario adding an edge to a missing node names its addEdges entry and line")
    func addedEdgeToMissingNode() throws {
        let (error, file) = try applyError("description: x\naddEdges:\n  - [toktogul, nowhere]\n")
        let issue = try #require(error.issues.first)
        #expect(issue.file == file)
        #expect(issue.line == 3, "\(issue)")
        #expect(issue.path == "addEdges[0]", "\(issue)")
        #expect(issue.message.contains("'nowhere'"))
    }

    @Test("A scenario name that does not exist")
    func unknownScenario() throws {
        let (document, _) = try ModelLoader.readDocument(path: Models.syrDarya)
        #expect(throws: ModelFileError.self) {
            _ = try ScenarioOverlay.apply(["no-such-scenario"], to: document, modelPath: Models.syrDarya)
        }
    }

    // MARK: - Inflow records

    func csvError(_ text: String) throws -> FileIssue? {
        let folder = try Models.temporaryFolder()
        try text.write(toFile: (folder as NSString).appendingPathComponent("in.csv"), atomically: true, encoding: .utf8)
        do {
            _ = try CSVSeriesSource(baseDirectory: folder).series(file: "in.csv", column: "naryn")
        } catch let error as ModelFileError {
            return error.issues.first
        }
        Issue.record("the record was accepted")
        return nil
    }

    @Test("An inflow record with a gap")
    func gap() throws {
        let issue = try #require(try csvError("date,naryn\n1990-01-01,100\n1990-02-01,110\n1990-04-01,120\n"))
        #expect(issue.file == "in.csv")
        #expect(issue.line == 4)
        #expect(issue.path == "date")
        #expect(issue.message.contains("gap"))
    }

    @Test("An inflow record with a non-numeric cell")
    func nonNumeric() throws {
        let issue = try #require(try csvError("date,naryn\n1990-01-01,100\n1990-02-01,n/a\n"))
        #expect(issue.file == "in.csv")
        #expect(issue.line == 3)
        #expect(issue.path == "naryn")
        #expect(issue.message.contains("'n/a' is not a number"))
    }

    @Test("An inflow record with too few months for the run")
    func wrongNumberOfMonths() throws {
        let folder = try Models.temporaryFolder()
        let hydrology = (folder as NSString).appendingPathComponent("hydrology")
        try FileManager.default.createDirectory(atPath: hydrology, withIntermediateDirectories: true)
        let csv = try String(contentsOfFile: Models.path("models/hydrology/syr-darya.csv"), encoding: .utf8)
        let lines = csv.split(separator: "\n", omittingEmptySubsequences: false)
        let short = lines.dropLast(13).joined(separator: "\n") + "\n"   // the last year missing
        try short.write(toFile: (hydrology as NSString).appendingPathComponent("syr-darya.csv"), atomically: true, encoding: .utf8)
        let model = (folder as NSString).appendingPathComponent("syr-darya.yaml")
        try String(contentsOfFile: Models.syrDarya, encoding: .utf8).write(toFile: model, atomically: true, encoding: .utf8)
        do {
            _ = try ModelLoader.load(path: model)
            Issue.record("the short record was accepted")
        } catch {
            let issue = try #require(error.issues.first)
            #expect(issue.file == model)
            #expect(issue.line != nil)
            #expect(issue.path == "nodes[0].flow")
            #expect(issue.message.contains("hydrology/syr-darya.csv column naryn"))
            #expect(issue.message.contains("2019-01-01"))
        }
    }
}
