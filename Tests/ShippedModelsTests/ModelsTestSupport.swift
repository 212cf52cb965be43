import Foundation
import AralModel
import AralSchema
import AralEngine
import AralClp
import Testing

/// Loads and runs the basin models shipped in `models/`, found from this file's path, so the
/// tests check exactly what users run.
enum Models {
    /// The package root: three levels above this file (Tests/ShippedModelsTests/THIS).
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static func path(_ relative: String) -> String { (root as NSString).appendingPathComponent(relative) }

    static var syrDarya: String { path("models/syr-darya.yaml") }
    static var amuDarya: String { path("models/amu-darya.yaml") }

    /// Loads a model with optional scenarios and runs it with CLP.
    static func run(_ model: String, scenarios: [String] = []) throws -> BasinResults {
        let (document, text) = try ModelLoader.readDocument(path: model)
        let changed = try ScenarioOverlay.apply(scenarios, to: document, modelPath: model)
        let basin = try ModelLoader.compile(changed, text: text, file: model)
        return try BasinRun.run(basin, solver: ClpSolver())
    }

    /// The water years (October to September, named by their September) the run covers in full,
    /// with the total inflow of its enabled inflow nodes (Mm³), driest first.
    static func waterYearsByInflow(_ results: BasinResults) throws -> [(year: Int, inflowMm3: Double)] {
        let inflows = results.model.elements.filter { $0.kind == .inflow && $0.enabled }.map(\.name)
        var byYear: [Int: Double] = [:]
        for name in inflows {
            let flow = try #require(results.values(name, "flow"))
            for (t, step) in results.steps.enumerated() {
                let waterYear = step.date.month >= 10 ? step.date.year + 1 : step.date.year
                byYear[waterYear, default: 0] += flow[t] * step.mm3PerCumec
            }
        }
        guard let firstStep = results.steps.first, let lastStep = results.steps.last else { return [] }
        let full = (firstStep.date.year + 1)...lastStep.date.year
        return byYear.filter { full.contains($0.key) }.sorted { $0.value < $1.value }.map { ($0.key, $0.value) }
    }

    /// Runs a document changed in code (for observation experiments), compiled as if it were `model`.
    static func run(_ model: String, changing change: (inout BasinDocument) -> Void) throws -> BasinResults {
        let (document, text) = try ModelLoader.readDocument(path: model)
        var changed = document
        change(&changed)
        let basin = try ModelLoader.compile(changed, text: text, file: model)
        return try BasinRun.run(basin, solver: ClpSolver())
    }

    /// Mean annual energy of a plant over the run, TWh.
    static func meanAnnualTWh(_ results: BasinResults, _ plant: String) -> Double {
        let years = SeasonalReport.annualEnergyGWh(results, plant: plant)
        guard !years.isEmpty else { return 0 }
        return years.map(\.gwh).reduce(0, +) / Double(years.count) / 1000
    }

    /// A fresh temporary folder.
    static func temporaryFolder() throws -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("aral-models-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
