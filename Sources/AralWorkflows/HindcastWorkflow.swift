import Foundation
import AralModel
public import AralSchema
public import AralEngine

/// Hindcasts (issue 15): a shipped basin model run on what was observed upstream in a year —
/// inflows, starting storages, limits, from `models/hindcasts/BASIN-YEAR.yaml`, a scenario
/// overlay applied by `ScenarioOverlay` over the year's period — and its catalogue's published
/// figures set against what the runs compute. Returns values; prints nothing.
public enum HindcastWorkflow {
    /// One comparison and what the model made of it.
    public struct Row: Sendable, Encodable {
        public var comparison: HindcastComparison
        /// The observed figure: the comparison's, or computed from its gauge record.
        public var observed: Double
        public var modelled: Double
        /// (modelled − observed) / observed; `nil` when the observed figure is 0.
        public var relativeError: Double?
        /// Whether the modelled figure is within the tolerance; `nil` for reported-only rows.
        public var withinTolerance: Bool?
    }

    /// A basin's rows, with its lists of inputs and moved parameters.
    public struct Report: Sendable, Encodable {
        public var basin: String
        public var model: String
        public var periodText: String
        public var inputs: [String]
        public var parameterMoves: [ParameterMove]
        public var rows: [Row]
    }

    /// The catalogue of the model file at `path` (by the model's `name:`).
    public static func catalogue(model path: String) throws(ModelFileError) -> HindcastCatalogue {
        let (document, _) = try ModelLoading.basinDocument(.file(path: path))
        return try catalogue(for: document, path: path)
    }

    /// The model at `path` with `year`'s observed inputs: its period set to the year's, then the
    /// overlay `hindcasts/BASIN-YEAR.yaml` beside the model applied, then compiled.
    public static func load(model path: String, year: Int) throws(ModelFileError) -> BasinModel {
        let source = ModelSource.file(path: path)
        let (document, text) = try ModelLoading.basinDocument(source)
        let catalogue = try catalogue(for: document, path: path)
        try check(year, in: catalogue, path: path)
        var changed = document
        let period = catalogue.period(year)
        changed.timestepper = TimestepperDocument(start: period.start, end: period.end, step: "monthly")
        let overlay = ((source.baseDirectory ?? ".") as NSString)
            .appendingPathComponent("hindcasts/\(catalogue.basin)-\(year).yaml")
        changed = try ScenarioOverlay.apply([overlay], to: changed, modelPath: path)
        return try ModelLoading.compile(changed, text: text, source: source)
    }

    /// Refuses a year the catalogue has no observed inputs for, naming the years it has.
    static func check(_ year: Int, in catalogue: HindcastCatalogue, path: String) throws(ModelFileError) {
        guard !catalogue.years.contains(year) else { return }
        let known = catalogue.years.map(String.init).joined(separator: ", ")
        throw ModelFileError(FileIssue(file: path, message:
            "no hindcast of \(year) for '\(catalogue.basin)'; observed years: \(known.isEmpty ? "none yet" : known)"))
    }

    /// Runs what the catalogue's comparisons need (each run once) and measures every row;
    /// `years` keeps only the hindcast rows of those years (model-run rows are kept with `nil`).
    public static func evaluate(model path: String, years: [Int]? = nil) throws -> Report {
        let catalogue = try catalogue(model: path)
        for year in years ?? [] { try check(year, in: catalogue, path: path) }
        var runs: [HindcastComparison.Run: BasinResults] = [:]
        var rows: [Row] = []
        for comparison in catalogue.comparisons {
            if let years {
                guard case .hindcast(let year) = comparison.run, years.contains(year) else { continue }
            }
            let results: BasinResults
            if let done = runs[comparison.run] { results = done } else {
                results = try run(comparison.run, model: path)
                runs[comparison.run] = results
            }
            let modelled: Double, observed: Double
            if case .gauge(let gauge) = comparison.measure {
                let pair = try HindcastGauge.compare(gauge, in: results, model: path)
                modelled = pair.modelled
                observed = gauge.statistic == .meanAnnualKm3 ? pair.observed : comparison.observed
            } else {
                modelled = try measure(comparison.measure, in: results)
                observed = comparison.observed
            }
            let thresholdOnly: Bool
            switch comparison.tolerance {
            case .below, .atLeast: thresholdOnly = true
            default: thresholdOnly = false
            }
            rows.append(Row(comparison: comparison, observed: observed, modelled: modelled,
                            relativeError: observed == 0 || thresholdOnly ? nil : modelled / observed - 1,
                            withinTolerance: comparison.matches(modelled, observed: observed)))
        }
        return Report(basin: catalogue.basin, model: path, periodText: catalogue.periodText,
                      inputs: catalogue.inputs, parameterMoves: catalogue.parameterMoves, rows: rows)
    }

    /// The results of one run a comparison reads.
    public static func run(_ run: HindcastComparison.Run, model path: String) throws -> BasinResults {
        let model: BasinModel
        switch run {
        case .hindcast(let year): model = try load(model: path, year: year)
        case .model(let scenarios): model = try ModelLoading.loadBasin(.file(path: path), scenarios: scenarios)
        }
        return try RunWorkflow.run(model).results
    }

    /// The figure `measure` describes, from `results`.
    public static func measure(_ measure: HindcastComparison.Measure, in results: BasinResults) throws(HindcastError) -> Double {
        switch measure {
        case .volumeKm3(let element, let months):
            return try volumeKm3(element, in: results) { months.contains($0.month) }
        case .share(let element, let months):
            let part = try volumeKm3(element, in: results) { months.contains($0.month) }
            let whole = try volumeKm3(element, in: results) { _ in true }
            guard whole > 0 else { throw .noFlow(element) }
            return part / whole
        case .meanAnnualKm3(let element, let from, let to):
            guard let last = results.steps.last?.date.year, let first = results.steps.first?.date.year,
                  first <= from, last >= to, from <= to else {
                throw .periodNotCovered("\(from)–\(to)")
            }
            return try volumeKm3(element, in: results) { (from...to).contains($0.year) } / Double(to - from + 1)
        case .lowestGrowingDeliveryRatio:
            let ratios = SeasonalReport(results).deliveries
                .filter { $0.limitKm3.vegetation > 0 }
                .map { $0.deliveredKm3.vegetation / $0.limitKm3.vegetation }
            guard let lowest = ratios.min() else { throw .noFlow("any state's limit") }
            return lowest
        case .aprilStorageKm3(let reservoir, let year):
            guard let storage = SeasonalReport(results).aprilStorage.first(where: { $0.reservoir == reservoir }) else {
                throw .noSeries(reservoir)
            }
            guard let volume = storage.byYear.first(where: { $0.year == year })?.volumeMm3 else {
                throw .periodNotCovered("1 April \(year)")
            }
            return volume / 1000
        case .meanFlow(let element, let months):
            guard let flows = results.values(element, "flow") else { throw .noSeries(element) }
            var volume = 0.0, seconds = 0.0
            for (i, step) in results.steps.enumerated() where months.contains(step.date.month) {
                volume += flows[i] * step.mm3PerCumec
                seconds += step.mm3PerCumec
            }
            guard seconds > 0 else { throw .periodNotCovered("months \(months.map(String.init).joined(separator: ", "))") }
            return volume / seconds
        case .endOfMonthStorageKm3(let reservoir, let month):
            guard let volumes = results.values(reservoir, "volume") else { throw .noSeries(reservoir) }
            let steps = results.steps.indices.filter { results.steps[$0].date.month == month }
            guard steps.count == 1, let i = steps.first else {
                throw .periodNotCovered("one step in month \(month) (the run has \(steps.count))")
            }
            return volumes[i] / 1000
        case .gauge:
            throw .needsModelFile
        }
    }

    /// Volume through `element` (its `flow`) over the steps whose date passes `include`, km³.
    static func volumeKm3(_ element: String, in results: BasinResults, include: (CivilDate) -> Bool) throws(HindcastError) -> Double {
        guard let flows = results.values(element, "flow") else { throw .noSeries(element) }
        var mm3 = 0.0
        for (i, step) in results.steps.enumerated() where include(step.date) {
            mm3 += flows[i] * results.model.network.units.volumePerFlow(step)
        }
        return mm3 / 1000
    }

    static func catalogue(for document: BasinDocument, path: String) throws(ModelFileError) -> HindcastCatalogue {
        let name = document.name ?? ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        guard let catalogue = HindcastCatalogue.named(name) else {
            let known = HindcastCatalogue.all.map(\.basin).joined(separator: ", ")
            throw ModelFileError(FileIssue(file: path, path: "name",
                message: "no hindcasts for a model named '\(name)'; hindcasts exist for \(known)"))
        }
        return catalogue
    }
}

/// A comparison that cannot be measured in its run (a catalogue and a model out of step).
public enum HindcastError: Error, CustomStringConvertible {
    case noSeries(String)
    case noFlow(String)
    case periodNotCovered(String)
    case needsModelFile
    case gaugeRecord(String)

    public var description: String {
        switch self {
        case .noSeries(let element): "the run has no flow or storage series for '\(element)'"
        case .noFlow(let element): "nothing flowed through '\(element)' in the run, so no share can be taken"
        case .periodNotCovered(let period): "the run does not cover \(period)"
        case .needsModelFile: "a gauge comparison reads its record relative to the model file (HindcastGauge.compare)"
        case .gaugeRecord(let message): message
        }
    }
}
