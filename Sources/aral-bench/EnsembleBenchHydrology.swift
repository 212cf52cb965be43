import Foundation
import AralModel
import AralSchema
import AralEnsemble

/// Stochastic traces for any model, for benchmarks. When the model's inflows read columns of
/// one CSV record (as models/syr-darya.yaml does), the generator is fitted on that record;
/// otherwise a 30-year "history" is made from the model's own inflow values (their monthly
/// means, with seeded lognormal variation). Traces cover the model's months.
enum BenchHydrology {
    static func traces(for model: BasinModel, modelPath: String? = nil, count: Int, seed: UInt64) throws(EnsembleError) -> TraceSet {
        let net = model.network
        if let modelPath, let record = try recordedHistory(model, modelPath: modelPath),
           let first = net.steps.first, let last = net.steps.last {
            let start = CivilDate(year: first.date.year, month: first.date.month, day: 1)
            let months = (last.date.year - start.year) * 12 + (last.date.month - start.month) + 1
            return TraceSet.generate(ThomasFieringModel(fitting: record), count: count, seed: seed, start: start, months: months)
        }
        guard let first = net.steps.first, let last = net.steps.last else { throw EnsembleError("the model has no steps") }
        var sites: [String] = []
        var monthly: [[Double]] = []
        for e in model.elements where e.kind == .inflow {
            guard let node = e.node else { continue }
            let column = e.inflowSeries?.column ?? e.name
            guard !sites.contains(column) else { continue }
            var sum = [Double](repeating: 0, count: 12), n = [Double](repeating: 0, count: 12)
            for step in net.steps {
                sum[step.month - 1] += net.scheduledValue(net.nodes[node].maxFlow, at: step.index)
                n[step.month - 1] += 1
            }
            sites.append(column)
            monthly.append((0..<12).map { n[$0] > 0 ? sum[$0] / n[$0] : 0 })
        }
        guard !sites.isEmpty else { throw EnsembleError("the model has no inflows") }
        var rng = Xoshiro256(seed: seed, stream: 1_000_003)
        let historyYears = 30
        var values = Array(repeating: [Double](), count: sites.count)
        var z = [Double](repeating: 0, count: sites.count)
        for t in 0..<(historyYears * 12) {
            let common = rng.nextNormal()
            for s in sites.indices {
                z[s] = 0.6 * z[s] + 0.8 * (0.6 * common + 0.8 * rng.nextNormal())
                values[s].append(monthly[s][t % 12] * Foundation.exp(0.25 * z[s] - 0.03125))
            }
        }
        let history = MonthlyRecord(sites: sites, start: CivilDate(year: 1960, month: 1, day: 1), values: values)
        let fitted = ThomasFieringModel(fitting: history)
        let start = CivilDate(year: first.date.year, month: first.date.month, day: 1)
        let months = (last.date.year - start.year) * 12 + (last.date.month - start.month) + 1
        return TraceSet.generate(fitted, count: count, seed: seed, start: start, months: months)
    }

    /// The CSV record every inflow of the model reads, if they all read one file.
    static func recordedHistory(_ model: BasinModel, modelPath: String) throws(EnsembleError) -> MonthlyRecord? {
        var file: String?
        var columns: [String] = []
        for e in model.elements where e.kind == .inflow {
            guard let series = e.inflowSeries, file == nil || file == series.file else { return nil }
            let f = series.file, c = series.column
            file = f
            if !columns.contains(c) { columns.append(c) }
        }
        guard let file else { return nil }
        let base = (modelPath as NSString).deletingLastPathComponent
        return try MonthlyRecord.read(path: file.hasPrefix("/") ? file : (base as NSString).appendingPathComponent(file), sites: columns)
    }

    /// The model file recompiled over `years` monthly steps from its own start (the memory
    /// benchmark's horizon); CSV series are read as usual and must cover it.
    static func restepped(path: String, years: Int) throws(EnsembleError) -> BasinModel {
        do {
            let (doc, text) = try ModelLoader.readDocument(path: path)
            var document = doc
            let start = CivilDate(parsing: document.timestepper.start) ?? CivilDate(year: 2000, month: 1, day: 1)
            document.timestepper = TimestepperDocument(start: start.description, end: "\(start.year + years - 1)-12-31", step: "monthly")
            document.scenarios = nil
            return try ModelLoader.compile(document, text: text, file: path)
        } catch {
            throw EnsembleError("cannot run \(path) over \(years) monthly years (its series may not cover them): \(error)")
        }
    }
}
