import Foundation
import Testing
import AralSchema
import AralModel
import AralFormats
import AralWorkflows

/// One detector and one loader for both front doors: a file and the same text uploaded give
/// the same format and the same model; an upload reads no file.
@Suite("Model loading")
struct ModelLoadingTests {
    @Test("Aral YAML and Aral JSON are Aral; Pywr JSON is Pywr")
    func detectsFormats() throws {
        #expect(ModelFormat.detect(try Fixtures.text("examples/basin.yaml")) == .aral)
        #expect(ModelFormat.detect(#"{"timestepper": {"start": "2000-01-01", "end": "2000-12-31", "step": "monthly"}, "nodes": [{"name": "a", "kind": "inflow", "flow": 1}], "edges": []}"#) == .aral)
        #expect(ModelFormat.detect(Fixtures.pywrModel) == .pywr)
    }

    /// Aral writes edges as pairs and allows `metadata`, both of which Pywr has too: an Aral
    /// JSON model with edges was read as Pywr and told its nodes had no `type`.
    @Test("Aral JSON with edges as pairs and a metadata block is Aral, and loads")
    func aralJSONWithPairedEdges() throws {
        let text = #"{"metadata": {"title": "t"}, "timestepper": {"start": "2000-01-01", "end": "2000-12-31", "step": "monthly"}, "nodes": [{"name": "river", "kind": "inflow", "flow": 10}, {"name": "sea", "kind": "sink"}], "edges": [["river", "sea"]]}"#
        #expect(ModelFormat.detect(text) == .aral)
        let loaded = try ModelLoading.load(.upload(text: text, label: "upload.json"))
        #expect(loaded.format == .aral)
        #expect(loaded.network.edges.count == 1)
        // The same edges with Pywr's typed nodes stay Pywr.
        #expect(ModelFormat.detect(text.replacingOccurrences(of: "\"kind\": \"inflow\"", with: "\"type\": \"catchment\"")) == .pywr)
    }

    /// The drift this layer fixes: the CLI's detector wanted a `timestepper`, the server's also
    /// took JSON whose first node has Pywr's `type` and no `kind`; such a file was Aral on one
    /// door and Pywr on the other.
    @Test("JSON with Pywr-typed nodes and no timestepper is Pywr, from a file as from an upload")
    func typedNodesWithoutTimestepperArePywr() throws {
        let text = #"{"nodes": [{"name": "a", "type": "input"}], "edges": []}"#
        #expect(ModelFormat.detect(text) == .pywr)
        let path = try Fixtures.temporaryFile(text, name: "typed.json")
        for source in [ModelSource.file(path: path), .upload(text: text, label: "upload")] {
            do {
                _ = try ModelLoading.load(source)
                Issue.record("a model without a timestepper loaded")
            } catch {
                let message = error.issues.map(\.message).joined(separator: "; ")
                #expect(message.contains("a Pywr model needs 'timestepper'"), "Pywr's error, not Aral's: \(message)")
            }
        }
    }

    /// Found on pywr-editor's invalid-model fixtures: a Pywr model with no nodes was read as
    /// Aral's and told "unknown key 'timestep' in timestepper; known keys: end, start, step".
    @Test("A Pywr model without nodes is Pywr and is told it is empty", arguments: [
        #"{"metadata": {"title": "t"}, "timestepper": {"start": "2015-01-01", "end": "2015-01-10", "timestep": 1}, "nodes": [], "edges": []}"#,
        #"{"timestepper": {"start": "2015-01-01", "end": "2015-01-10", "timestep": 1}, "nodes": []}"#,
        #"{"timestepper": {"start": "2015-01-01", "end": "2015-01-10"}, "nodes": [], "edges": [["A", "B"]]}"#,
    ])
    func emptyPywrModel(text: String) throws {
        #expect(ModelFormat.detect(text) == .pywr)
        do {
            _ = try ModelLoading.load(.upload(text: text, label: "upload"))
            Issue.record("an empty Pywr model loaded")
        } catch {
            let message = error.issues.map(\.message).joined(separator: "; ")
            #expect(!message.contains("known keys: end, start, step"), "Aral's schema in a Pywr model's error: \(message)")
            #expect(message.contains("empty") || message.contains("no node named 'A'"), "\(message)")
        }
    }

    /// A Pywr file with a trailing comma went to the YAML reader (which accepts it) and was
    /// then told Aral's timestepper keys; now JSON's syntax error is reported where it is.
    @Test("Broken Pywr JSON gets a JSON syntax error at its line", arguments: [
        ("{\"timestepper\": {\"start\": \"2015-01-01\", \"end\": \"2015-01-10\", \"timestep\": 1},\n \"nodes\": [{\"name\": \"a\", \"type\": \"input\",}],\n \"edges\": []}", 2),
        ("{\"metadata\": {\"title\": \"x\"},\n \"nodes\": [{\"name\": \"a\", \"type\": \"input\"}\n \"edges\": []}", 3),
    ])
    func brokenPywrJSON(text: String, line: Int) throws {
        #expect(ModelFormat.detect(text) == .pywr)
        do {
            _ = try ModelLoading.load(.upload(text: text, label: "upload"))
            Issue.record("broken JSON loaded")
        } catch {
            let issue = try #require(error.issues.first)
            #expect(issue.message.contains("JSON syntax error"), "\(issue)")
            #expect(issue.line == line, "\(issue)")
        }
    }

    /// A directory gave "(NSCocoaErrorDomain error 256.)"; a binary file the same.
    @Test("a directory or a binary file given as the model says what it is")
    func notAModelFile() throws {
        let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("model-\(UUID().uuidString).yaml")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let binary = directory.appendingPathComponent("binary.yaml")
        try Data([0xFF, 0xFE, 0x00, 0x81, 0xC3, 0x28]).write(to: binary)
        for (path, message) in [(directory.path, "is a directory"), (binary.path, "is not UTF-8 text")] {
            do {
                _ = try ModelLoading.load(.file(path: path))
                Issue.record("\(path) loaded")
            } catch {
                #expect(error.issues.first?.message.contains(message) == true, "\(error.issues)")
            }
        }
    }

    @Test("a file and the same text uploaded compile to the same network")
    func fileAndUploadAgree() throws {
        let relative = "examples/plan-exchange.yaml"
        let fromFile = try ModelLoading.load(.file(path: Fixtures.path(relative)))
        let uploaded = try ModelLoading.load(.upload(text: try Fixtures.text(relative), label: "upload"))
        #expect(fromFile.format == .aral)
        #expect(uploaded.format == .aral)
        #expect(fromFile.network.name == uploaded.network.name)
        #expect(fromFile.network.steps.count == uploaded.network.steps.count)
        #expect(fromFile.network.nodes.count == uploaded.network.nodes.count)
        #expect(fromFile.network.edges.count == uploaded.network.edges.count)
    }

    @Test("an upload cannot read CSV series, Pywr data files or scenario overlays")
    func uploadsReadNoFiles() throws {
        let csv = """
        timestepper: {start: 2000-01-01, end: 2000-12-31, step: monthly}
        nodes:
          - {name: river, kind: inflow, flow: {csv: ../../etc/passwd, column: x}}
          - {name: sea, kind: sink}
        edges: [[river, sea]]
        """
        do {
            _ = try ModelLoading.load(.upload(text: csv, label: "upload"))
            Issue.record("an upload read a CSV file")
        } catch {
            #expect(error.issues.contains { $0.file == "upload" && $0.message.contains("cannot read CSV files") }, "\(error)")
        }
        let dataFile = Fixtures.pywrModel.replacingOccurrences(of: #""flow": 5}"#, with: #""flow": "inflow"}"#)
            .replacingOccurrences(of: #""edges":"#, with: #""parameters": {"inflow": {"type": "dataframe", "url": "/etc/passwd.csv", "column": "x"}},"# + "\n  \"edges\":")
        do {
            _ = try ModelLoading.load(.upload(text: dataFile, label: "upload"))
            Issue.record("an upload read a Pywr data file")
        } catch {
            #expect(error.issues.first?.path == "parameters.inflow.url", "\(error)")
        }
        let basin = try Fixtures.text("examples/basin.yaml")
        do {
            _ = try ModelLoading.load(.upload(text: basin, label: "upload"), scenarios: ["dry"])
            Issue.record("an upload applied an overlay")
        } catch {
            #expect(error.issues.first?.message.contains("scenario overlays") == true, "\(error)")
        }
    }
}
