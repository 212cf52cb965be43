import Foundation
@testable import AralServer
import AralLedger
import Hummingbird
import HummingbirdTesting
import Testing

/// The model library (`aral serve --models DIR`, by default the shipped `models/`): both basins
/// listed with their scenarios, runnable with a scenario (its CSV hydrology read on the
/// server), plannable, and the home page opening on them.
@Suite("Model library")
struct ModelLibraryTests {
    @Test("both shipped basins are listed with their scenarios, and the home page opens on them")
    func listed() async throws {
        try await TestServer.withShippedLibrary().test { client in
            let list = try await client.call(.get, "/api/models")
            let ids = (list.json?["models"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
            #expect(ids.contains("syr-darya") && ids.contains("amu-darya"), "\(list.text)")
            let syr = try await client.call(.get, "/api/models/syr-darya")
            #expect(syr.status == .ok)
            let scenarios = (syr.json?["scenarios"]?.arrayValue ?? []).compactMap { $0.stringValue }
            #expect(scenarios.contains("energy-mode") && scenarios.contains("soviet-1984"), "\(scenarios)")
            #expect(syr.json?["owner"]?.stringValue == ModelLibrary.owner)
            let amu = try await client.call(.get, "/api/models/amu-darya")
            let amuScenarios = (amu.json?["scenarios"]?.arrayValue ?? []).compactMap { $0.stringValue }
            #expect(amuScenarios.contains("with-rogun"), "\(amuScenarios)")
            let home = try await client.call(.get, "/")
            #expect(home.text.contains(#"href="/models/syr-darya""#) && home.text.contains(#"href="/models/amu-darya""#))
            let source = try await client.call(.get, "/api/models/syr-darya/source")
            #expect(source.text == (try String(contentsOfFile: ShippedModels.directory + "/syr-darya.yaml", encoding: .utf8)))
        }
    }

    @Test("each shipped basin runs on the server, with its CSV hydrology, and a scenario changes the run")
    func runnable() async throws {
        try await TestServer.withShippedLibrary().test { client in
            let token = try await client.issueToken(code: "UZ", name: "Uzbekistan")
            var toktogulMean: [String: String] = [:]
            for (model, scenarios) in [("syr-darya", [String]()), ("amu-darya", []), ("syr-darya", ["soviet-1984"])] {
                let body = #"{"model":"\#(model)","scenarios":[\#(scenarios.map { "\"\($0)\"" }.joined(separator: ","))]}"#
                let started = try await client.call(.post, "/api/runs", token: token, body: body)
                #expect(started.status == .accepted, "\(started.text)")
                let id = try #require(started.json?["id"]?.stringValue)
                let done = try await client.waitForRun(id)
                #expect(done.json?["status"]?.stringValue == "done", "\(done.text)")
                #expect(done.json?["name"]?.stringValue == ([model] + scenarios).joined(separator: " + "))
                let summary = try await client.call(.get, "/api/runs/\(id)/summary")
                #expect((summary.json?["demands"]?.arrayValue ?? []).count > 0, "\(summary.text.prefix(300))")
                let toktogul = summary.json?["reservoirs"]?.arrayValue?.first { $0["name"]?.stringValue == "toktogul" }
                toktogulMean[([model] + scenarios).joined(separator: "+")] = toktogul?["meanMm3"]?.numberText
            }
            // The overlay reached the run: Toktogul under the Soviet irrigation regime (summer
            // releases, winter storage) holds a different mean storage than under the model as it is.
            let base = try #require(toktogulMean["syr-darya"]), soviet = try #require(toktogulMean["syr-darya+soviet-1984"])
            #expect(base != soviet, "mean Toktogul storage \(base) with and without soviet-1984")
        }
    }

    @Test("a plan of a water year of a library model with a scenario is made on the server")
    func plan() async throws {
        try await TestServer.withShippedLibrary().test { client in
            let token = try await client.issueToken(code: "KG", name: "Kyrgyzstan")
            let started = try await client.call(.post, "/api/plans", token: token,
                                                body: #"{"model":"syr-darya","scenarios":["with-kambarata-1"],"from":"2018-10-01","to":"2019-09-30"}"#)
            #expect(started.status == .accepted, "\(started.text)")
            let id = try #require(started.json?["id"]?.stringValue)
            let done = try await client.waitForRun(id)
            #expect(done.json?["status"]?.stringValue == "done", "\(done.text)")
            #expect(done.json?["stepsTotal"] == .number("12"), "a water year of a monthly model: \(done.text)")
        }
    }

    @Test("an unknown scenario, and a scenario for an upload, are 422s naming the key path")
    func unknownScenario() async throws {
        try await TestServer.withShippedLibrary().test { client in
            let token = try await client.issueToken(code: "UZ", name: "Uzbekistan")
            let unknown = try await client.call(.post, "/api/runs", token: token, body: #"{"model":"syr-darya","scenarios":["../../etc/passwd"]}"#)
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.errorPath == "scenarios.0")
            #expect(unknown.errorMessage.contains("energy-mode"), "\(unknown.text)")
            let upload = try await client.uploadExample(token: token)
            let refused = try await client.call(.post, "/api/runs", token: token, body: #"{"model":"\#(upload)","scenarios":["energy-mode"]}"#)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.errorPath == "scenarios.0")
            let runs = try await client.call(.get, "/api/runs")
            #expect(runs.json?["runs"]?.arrayValue?.isEmpty == true, "nothing is queued: \(runs.text)")
        }
    }

    @Test("aral serve finds models/ in the working directory, else in the project the executable was built in")
    func locator() throws {
        let project = URL(fileURLWithPath: ShippedModels.directory).deletingLastPathComponent().path
        let here = try #require(ModelLibraryLocator.locate(workingDirectory: project, executablePath: nil))
        #expect(here.directory == project + "/models")
        #expect(here.reason.contains("working directory"))
        let elsewhere = FileManager.default.temporaryDirectory.path
        let built = try #require(ModelLibraryLocator.locate(workingDirectory: elsewhere, executablePath: project + "/.build/debug/aral-server"))
        #expect(built.directory == project + "/models")
        #expect(built.reason.contains("built in"))
        #expect(ModelLibraryLocator.locate(workingDirectory: elsewhere, executablePath: elsewhere + "/aral-server") == nil)
    }

    @Test("a broken library model stops the start with the loader's message naming the file")
    func brokenModel() async throws {
        var server = try TestServer()
        let folder = server.directory.appendingPathComponent("models")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "name: broken\ntimestepper: {start: 2000-01-01, end: 2000-12-31, step: monthly}\nnodes:\n  - {name: a, kind: inflow, flow: {csv: missing.csv}}\n"
            .write(to: folder.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
        server.config.modelsDirectory = folder.path
        defer { server.cleanUp() }
        do {
            _ = try await buildApplication(server.config)
            Issue.record("a broken library model must stop the start")
        } catch {
            #expect("\(error)".contains("broken.yaml"), "\(error)")
        }
    }
}
