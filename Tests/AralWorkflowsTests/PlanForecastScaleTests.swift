import Foundation
import Testing
import AralModel
import AralSchema
import AralPlanning
import AralWorkflows

/// `aral plan --inflows F`: a forecast column is in the units of the model's own series, so a
/// node that reads its column times a `scale` reads the forecast times that scale too (as
/// `--traces` does). The model's own rows given as a forecast planned a different Syr Darya.
@Suite("Plan with a forecast: the node's scale")
struct PlanForecastScaleTests {
    static let model = Fixtures.path("models/syr-darya.yaml")
    static let from = CivilDate(year: 2018, month: 10, day: 1)
    static let to = CivilDate(year: 2019, month: 9, day: 30)

    /// The model's own hydrology rows for the horizon, one column per inflow node that reads them.
    static func forecastOfTheModelsOwnRows() throws -> (path: String, scaledNodes: Int) {
        let (document, _) = try ModelLoader.readDocument(path: model)
        let text = try String(contentsOfFile: Fixtures.path("models/hydrology/syr-darya.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
        let header = lines[0].split(separator: ",").map(String.init)
        let rows = lines.dropFirst().filter { $0.hasPrefix("2018-1") || $0.hasPrefix("2019-0") }
        #expect(rows.count == 12)
        var names: [String] = [], columns: [Int] = [], scaled = 0
        for node in document.nodes where node.kind == .inflow {
            guard case .csv(let file, let column, let scale)? = node.flow, file.hasSuffix("syr-darya.csv"),
                  let index = header.firstIndex(of: column) else { continue }
            names.append(node.name)
            columns.append(index)
            if scale != 1 { scaled += 1 }
        }
        var csv = "date," + names.joined(separator: ",") + "\n"
        for row in rows {
            let cells = row.split(separator: ",").map(String.init)
            csv += cells[0] + "," + columns.map { cells[$0] }.joined(separator: ",") + "\n"
        }
        return (try Fixtures.temporaryFile(csv, name: "forecast.csv"), scaled)
    }

    @Test("the model's own rows as a forecast plan what the model's own series plan")
    func ownRowsAsForecast() throws {
        let (forecast, scaled) = try Self.forecastOfTheModelsOwnRows()
        #expect(scaled >= 1)  // the case this test is about: a node with a scale
        let own = try PlanWorkflow.plan(try PlanWorkflow.inputs(.init(source: .file(path: Self.model), from: Self.from, to: Self.to))).report
        let given = try PlanWorkflow.plan(try PlanWorkflow.inputs(.init(source: .file(path: Self.model), from: Self.from, to: Self.to,
                                                                        forecast: forecast))).report
        #expect(abs(given.aralInflowMm3 - own.aralInflowMm3) <= 1e-6 * max(1, own.aralInflowMm3), "\(given.aralInflowMm3) vs \(own.aralInflowMm3)")
        for (a, b) in zip(given.parties, own.parties) {
            #expect(a.party == b.party)
            #expect(abs(a.deliveredMm3 - b.deliveredMm3) <= 1e-6 * max(1, b.deliveredMm3), "\(a.party)")
        }
    }
}
