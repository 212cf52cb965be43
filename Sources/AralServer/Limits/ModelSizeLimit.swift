import HTTPTypes

/// Steps × nodes of a model bounds what a run of it computes and stores (a series per node and
/// attribute, every step). A model above `--max-model-cells` is refused with a 413 at upload,
/// validation and run, before anything is stored or queued: a daily timestepper from year 1 to
/// 9999 is 3.65 million steps per node.
enum ModelSizeLimit {
    static func check(_ compiled: UploadedModel.Compiled, config: ServerConfiguration) throws {
        let steps = compiled.stepCount
        let nodes = compiled.nodes.count
        let (cells, overflow) = steps.multipliedReportingOverflow(by: max(1, nodes))
        guard overflow || cells > config.maxModelCells else { return }
        throw APIError(.contentTooLarge,
                       "the model has \(steps) steps × \(nodes) nodes = \(overflow ? "more than \(Int.max)" : String(cells)) cells; "
                       + "this server runs at most \(config.maxModelCells) (--max-model-cells): shorten the timestepper or split the model",
                       path: "timestepper")
    }
}
