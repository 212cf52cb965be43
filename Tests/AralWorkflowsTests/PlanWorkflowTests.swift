import Foundation
import Testing
import AralSchema
import AralModel
import AralPlanning
import AralWorkflows

/// Plans made once, for both front doors: the CLI plans a file, the server the same text
/// uploaded; the reports and obligations must be the same (timing aside).
@Suite("Plan workflow")
struct PlanWorkflowTests {
    static let relative = "examples/plan-exchange.yaml"
    static let from = CivilDate(year: 2000, month: 1, day: 1)
    static let to = CivilDate(year: 2000, month: 12, day: 31)

    /// JSON of an encodable value with every `seconds` member removed (wall times differ).
    static func withoutTimings(_ value: some Encodable) throws -> String {
        let data = try PlanWorkflow.encoder().encode(value)
        func strip(_ v: Any) -> Any {
            if let object = v as? [String: Any] {
                return object.filter { $0.key != "seconds" }.mapValues(strip)
            }
            if let array = v as? [Any] { return array.map(strip) }
            return v
        }
        let object = strip(try JSONSerialization.jsonObject(with: data))
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    @Test("a file and the same text uploaded give the same plan and the same obligations")
    func fileAndUploadAgree() throws {
        let file = try PlanWorkflow.plan(try PlanWorkflow.inputs(.init(source: .file(path: Fixtures.path(Self.relative)), from: Self.from, to: Self.to)))
        let upload = try PlanWorkflow.plan(try PlanWorkflow.inputs(.init(source: .upload(text: try Fixtures.text(Self.relative), label: "upload"),
                                                                         from: Self.from, to: Self.to)))
        #expect(file.report.from == "2000-01-01")
        #expect(file.report.to == "2000-12-31")
        #expect(try Self.withoutTimings(file.report) == (try Self.withoutTimings(upload.report)))
        let fileObligations = try #require(file.obligations)
        let uploadObligations = try #require(upload.obligations)
        #expect(!fileObligations.obligations.isEmpty)
        #expect(try Self.withoutTimings(fileObligations) == (try Self.withoutTimings(uploadObligations)))
    }

    @Test("without dates the horizon is the model's timestepper, as the server always did")
    func defaultHorizon() throws {
        let source = ModelSource.file(path: Fixtures.path(Self.relative))
        let inputs = try PlanWorkflow.inputs(.init(source: source))
        let model = try ModelLoading.loadBasin(source)
        #expect(inputs.steps.count == model.network.steps.count)
        #expect(inputs.steps.first?.date == model.network.steps.first?.date)
    }

    @Test("a horizon that ends before it starts is a plan input issue at --to")
    func backwardsHorizon() throws {
        do {
            _ = try PlanWorkflow.inputs(.init(source: .file(path: Fixtures.path(Self.relative)), from: Self.to, to: Self.from))
            Issue.record("a backwards horizon was accepted")
        } catch let error as PlanError {
            guard case .invalidInput(let invalid) = error else { Issue.record("\(error)"); return }
            #expect(invalid.issues.first?.path == "--to", "\(invalid)")
        }
    }

    @Test("the obligations file is the obligations document, readable as JSON")
    func obligationsFile() throws {
        let outcome = try PlanWorkflow.plan(try PlanWorkflow.inputs(.init(source: .file(path: Fixtures.path(Self.relative)), from: Self.from, to: Self.to)))
        let obligations = try #require(outcome.obligations)
        let path = try Fixtures.temporaryFile("", name: "obligations.json")
        try PlanWorkflow.writeObligations(obligations, to: path)
        let written = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        #expect(written?["plan"] as? String == LedgerObligations.planID(model: outcome.report.model, from: "2000-01-01", to: "2000-12-31"))
        #expect((written?["obligations"] as? [Any])?.count == obligations.obligations.count)
    }

    /// The server stores `aral plan --json`'s report and reads it back for its pages as the very
    /// `PlanReport` (no decode-side copy of its shape): reading must give back every byte.
    @Test("the plan report reads back from its JSON unchanged")
    func reportRoundTrip() throws {
        let outcome = try PlanWorkflow.plan(try PlanWorkflow.inputs(.init(source: .file(path: Fixtures.path(Self.relative)), from: Self.from, to: Self.to)))
        let encoded = try PlanWorkflow.encoder().encode(outcome.report)
        let decoded = try JSONDecoder().decode(PlanReport.self, from: encoded)
        #expect(try PlanWorkflow.encoder().encode(decoded) == encoded)
        #expect(decoded.exchange?.obligations == outcome.report.exchange?.obligations)
    }
}
