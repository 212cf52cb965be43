import Foundation
import AralModel
@testable import AralEnsemble

/// A known multi-site monthly process to fit and check against: lognormal months with a
/// seasonal mean, lag-1 memory and correlated sites, made with its own seed.
enum KnownHistory {
    static let sites = ["naryn", "karadarya", "chirchik"]

    static func record(years: Int = 60, seed: UInt64 = 7) -> MonthlyRecord {
        var rng = Xoshiro256(seed: seed, stream: 99)
        let shape: [Double] = [0.45, 0.45, 0.55, 0.9, 1.6, 2.2, 2.3, 1.8, 1.1, 0.7, 0.55, 0.5]
        let scale: [Double] = [300, 120, 200]
        var z = [0.0, 0.0, 0.0]
        var values = Array(repeating: [Double](), count: 3)
        for _ in 0..<(years * 12) {
            let common = rng.nextNormal()
            for s in 0..<3 {
                let e = 0.7 * common + (1 - 0.49).squareRoot() * rng.nextNormal()
                z[s] = 0.6 * z[s] + 0.8 * e
            }
            let m = values[0].count % 12
            for s in 0..<3 { values[s].append(scale[s] * shape[m] * Foundation.exp(0.3 * z[s])) }
        }
        return MonthlyRecord(sites: sites, start: CivilDate(year: 1960, month: 1, day: 1), values: values)
    }

    static func csv(_ record: MonthlyRecord) -> String {
        var text = "date," + record.sites.joined(separator: ",") + "\n"
        var date = record.start
        for t in 0..<record.monthCount {
            text += date.description + "," + record.sites.indices.map { "\(record.values[$0][t])" }.joined(separator: ",") + "\n"
            date = date.startOfNextMonth
        }
        return text
    }
}

/// A fresh temporary folder per test.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("aral-ensemble-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A small basin (one reservoir, two demands of two states, a plant, a sink) whose inflows
/// come from traces; `years` of monthly steps from 2000.
enum SmallEnsembleModel {
    static func write(in dir: URL, traces: TraceSet, years: Int = 3) throws -> String {
        try traces.write(to: dir.appendingPathComponent("traces.csv").path)
        let yaml = """
        name: small-ensemble
        timestepper: {start: 2000-01-01, end: \(1999 + years)-12-31, step: monthly}
        parties:
          - {code: UP, name: Upstream}
          - {code: DN, name: Downstream}
        scenarios:
          - {name: hydrology, traces: {csv: traces.csv}}
        nodes:
          - {name: naryn, kind: inflow, flow: 300}
          - {name: karadarya, kind: inflow, flow: 120}
          - name: dam
            kind: reservoir
            owner: UP
            maxVolume: 3000
            minVolume: 300
            deadVolume: 300
            initialVolume: 1500
            maxRelease: 900
            table: {volume: [0, 1500, 3000], area: [0, 60, 100], level: [800, 850, 880]}
          - {name: plant, kind: hydropower, owner: UP, reservoir: dam, capacityMW: 400, tailwaterLevel: 760}
          - {name: valley, kind: confluence}
          - {name: up-fields, kind: demand, owner: UP, priority: 2, maxFlow: {monthly: [5, 5, 10, 60, 150, 250, 300, 250, 120, 30, 5, 5]}}
          - {name: dn-fields, kind: demand, owner: DN, priority: 2, maxFlow: {monthly: [10, 10, 40, 150, 300, 420, 480, 400, 220, 80, 20, 10]}}
          - {name: sea, kind: sink}
        edges:
          - [naryn, dam]
          - [dam, valley]
          - [karadarya, valley]
          - [valley, up-fields]
          - [valley, dn-fields]
          - [valley, sea]
        """
        let path = dir.appendingPathComponent("model.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Traces for the model's two inflows, from the known history's first two sites.
    static func traces(count: Int, years: Int = 3, seed: UInt64 = 11) -> TraceSet {
        var history = KnownHistory.record()
        history.sites = ["naryn", "karadarya", "chirchik"]
        let model = ThomasFieringModel(fitting: history)
        return TraceSet.generate(model, count: count, seed: seed, start: CivilDate(year: 2000, month: 1, day: 1), months: years * 12)
    }
}
