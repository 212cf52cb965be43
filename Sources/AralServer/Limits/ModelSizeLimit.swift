import AralModel
import AralSchema
import HTTPTypes

/// Steps × nodes of a model bounds what a run of it computes and stores (a series per node and
/// attribute, every step). A model above `--max-model-cells` is refused with a 413 at upload,
/// validation and run, before anything is stored or queued: a daily timestepper from year 1 to
/// 9999 is 3.65 million steps per node. An Aral model is checked from its timestepper's dates
/// before it is compiled (`check(_:maxCells:)`), every model again once compiled.
enum ModelSizeLimit {
    static func check(_ compiled: UploadedModel.Compiled, config: ServerConfiguration) throws {
        try check(steps: compiled.stepCount, nodes: compiled.nodes.count, maxCells: config.maxModelCells)
    }

    /// The one rule both checks apply: steps × nodes (a model without nodes counts as one) at
    /// most `maxCells`; an overflowing product is over it too.
    static func check(steps: Int, nodes: Int, maxCells: Int) throws {
        let (cells, overflow) = steps.multipliedReportingOverflow(by: max(1, nodes))
        guard overflow || cells > maxCells else { return }
        throw refusal(steps: steps, nodes: nodes, cells: overflow ? nil : cells, maxCells: maxCells)
    }
}

extension ModelSizeLimit {
    /// The steps the timestepper of an Aral document will make, counted from its dates without
    /// making them (a daily timestepper from year 1 to 9999 took seconds to compile before the
    /// compiled check could refuse it). nil when the timestepper is invalid: the compiler then
    /// reports it with its key path.
    static func stepCount(_ timestepper: TimestepperDocument) -> Int? {
        guard let start = CivilDate(parsing: timestepper.start), let end = CivilDate(parsing: timestepper.end), start <= end else { return nil }
        switch timestepper.step {
        case "monthly", "month", "M":
            return (end.year - start.year) * 12 + (end.month - start.month) + 1
        case "daily", "day", "D", "1":
            return end.dayNumber - start.dayNumber + 1
        default:
            guard let k = Int(timestepper.step), k > 0 else { return nil }
            return (end.dayNumber - start.dayNumber) / k + 1
        }
    }

    /// Refuses a basin document above `maxCells` before it is compiled.
    static func check(_ document: BasinDocument, maxCells: Int) throws {
        guard let steps = stepCount(document.timestepper) else { return }
        try check(steps: steps, nodes: document.nodes.count, maxCells: maxCells)
    }

    static func refusal(steps: Int, nodes: Int, cells: Int?, maxCells: Int) -> APIError {
        APIError(.contentTooLarge,
                 "the model has \(steps) steps × \(nodes) nodes = \(cells.map(String.init) ?? "more than \(Int.max)") cells; "
                 + "this server runs at most \(maxCells) (--max-model-cells): shorten the timestepper or split the model",
                 path: "timestepper")
    }
}
