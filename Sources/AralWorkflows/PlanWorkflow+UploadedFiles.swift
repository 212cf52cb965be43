public import AralModel
import AralSchema
public import AralPlanning

extension PlanWorkflow {
    /// The plan's inputs for an uploaded Aral model whose CSV series came with it (`files`, by
    /// name; see `UploadedFilesSeriesSource`): the horizon as `inputs` sets it (default: the
    /// model's timestepper), then compilation and the policy reading the series from `files`
    /// instead of the no-file source of a plain upload. No forecast and no scenarios: an upload
    /// has no folder to hold them.
    public static func inputs(uploadText text: String, label: String, files: [String: String],
                              from: CivilDate?, to: CivilDate?) throws -> PlanInputs {
        let (document, _) = try ModelLoading.basinDocument(.upload(text: text, label: label))
        let start = try from ?? timestepperDate(document.timestepper.start, option: "--from")
        let end = try to ?? timestepperDate(document.timestepper.end, option: "--to")
        let horizon = try PlanHorizon.apply(to: document, from: start, to: end, forecast: nil)
        let model = try ModelLoading.compileUpload(horizon, label: label, files: files)
        let policy = try PlanPolicy.resolve(model, compiler: BasinCompiler(seriesSource: UploadedFilesSeriesSource(files: files, label: label)))
        return try PlanInputs(model: model, policy: policy)
    }
}
