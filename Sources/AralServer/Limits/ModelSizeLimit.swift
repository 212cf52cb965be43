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
    /// Refuses a basin document above `maxCells` before it is compiled.
    static func check(_ document: BasinDocument, maxCells: Int) throws {
        // Counted from the timestepper's dates (a daily timestepper from year 1 to 9999 took
        // seconds to compile before the compiled check could refuse it); an invalid one is left
        // to the compiler, which reports it with its key path.
        guard let steps = document.timestepper.stepCount else { return }
        try check(steps: steps, nodes: document.nodes.count, maxCells: maxCells)
    }

    static func refusal(steps: Int, nodes: Int, cells: Int?, maxCells: Int) -> APIError {
        APIError(.contentTooLarge,
                 "the model has \(steps) steps × \(nodes) nodes = \(cells.map(String.init) ?? "more than \(Int.max)") cells; "
                 + "this server runs at most \(maxCells) (--max-model-cells): shorten the timestepper or split the model",
                 path: "timestepper")
    }
}
