import Foundation
public import AralEnsemble
public import AralSchema
import AralModel

/// Traces for an ensemble from the model's own hydrology, made exactly as
/// `aral hydrology generate --history H --traces N --years Y --seed S --start M` makes them:
/// H is the CSV record that most of the model's inflows read (`hydrology/syr-darya.csv` for the
/// Syr Darya), fitted with all its sites; M is the model's first month, so the traces start
/// where the run starts. The same arguments give the same traces, so a front end that generates
/// them and the CLI agree member by member.
public enum EnsembleTraces {
    /// The record the model's inflows read most often, as a path (relative ones resolved
    /// against the model file's folder); an error naming the model when no inflow reads a CSV.
    public static func history(of model: BasinModel, modelPath: String) throws(EnsembleError) -> String {
        var uses: [String: Int] = [:]
        var order: [String] = []
        for element in model.elements where element.kind == .inflow {
            guard let file = element.inflowSeries?.file else { continue }
            if uses[file] == nil { order.append(file) }
            uses[file, default: 0] += 1
        }
        // The first among the most used, in the order the model names them (deterministic).
        guard let most = uses.values.max(), let file = order.first(where: { uses[$0] == most }) else {
            throw EnsembleError(file: modelPath, path: "nodes",
                "no inflow of the model reads a CSV record, so there is no history to generate traces from; upload a traces file instead")
        }
        if file.hasPrefix("/") { return file }
        return ((modelPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent(file)
    }

    /// `count` traces of `years` years from the model's first month, seeded with `seed`.
    public static func generate(for model: BasinModel, modelPath: String, count: Int, years: Int, seed: UInt64) throws(EnsembleError) -> TraceSet {
        guard count >= 1, years >= 1 else { throw EnsembleError(path: "traces", "traces and years must be at least 1") }
        guard let first = model.network.steps.first?.date else { throw EnsembleError(file: modelPath, path: "timestepper", "the model has no steps") }
        let record = try MonthlyRecord.read(path: try history(of: model, modelPath: modelPath))
        let fitted = ThomasFieringModel(fitting: record)
        return TraceSet.generate(fitted, count: count, seed: seed, start: CivilDate(year: first.year, month: first.month, day: 1), months: years * 12)
    }
}
