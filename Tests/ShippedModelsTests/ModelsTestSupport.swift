import Foundation
import AralModel
import AralSchema
import AralEngine
import AralClp

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
