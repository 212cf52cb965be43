import Foundation
import Testing
import AralSchema
import AralModel
import AralEngine
import AralWorkflows

/// The Syr Darya hindcasts (issue 15): 2021, 2023 and 2024 on the yearbooks' headwater inflows
/// and basin runoff. Validation figures only — what the data publishes downstream of the inputs
/// (the North Aral's June flow, Toktogul's September 2024 storage); 2021 has none. Observed
/// figures are copied from ../shared/data/aral-basin-data.yaml, never computed by the code.
@Suite("Syr Darya hindcasts against the observed years")
struct HindcastSyrDaryaTests {
    /// Press figures with one significant digit: ±50% of "~50 m³/s", ±10 m³/s of "6 m³/s".
    static let juneRelativeTolerance = 0.5
    static let juneAbsoluteTolerance = 10.0
    /// A storage after nine months from an assumed start: ±10%, as the issue's releases.
    static let storageTolerance = 0.10
    /// An input volume is fed exactly, up to the CSV's two decimals of m³/s.
    static let inputToleranceKm3 = 0.01

    static var model: String { Fixtures.path("models/syr-darya.yaml") }

    static func hindcast(_ year: Int) throws -> BasinResults {
        try RunWorkflow.run(try HindcastWorkflow.load(model: model, year: year)).results
    }

    /// Mean flow of `element` in June, m³/s (one monthly step).
    static func juneFlow(_ results: BasinResults, _ element: String) throws -> Double {
        let flows = try #require(results.values(element, "flow"))
        let june = try #require(results.steps.firstIndex { $0.date.month == 6 })
        return flows[june]
    }

    static func volumeKm3(_ results: BasinResults, _ elements: [String]) throws -> Double {
        var mm3 = 0.0
        for element in elements {
            let flows = try #require(results.values(element, "flow"))
            for (i, step) in results.steps.enumerated() { mm3 += flows[i] * step.mm3PerCumec }
        }
        return mm3 / 1000
    }

    @Test("North Aral in June 2024: ~50 m³/s (astanatimes.com 2024-06)")
    func northAralJune2024() throws {
        let june = try Self.juneFlow(try Self.hindcast(2024), "north-aral")
        // Known since Kairakkum follows its summer drawdown (issue 14): in the wet 2024 (headwater
        // inflow 24.22 km³) its June release reaches the North Aral, 121 m³/s (181 while the
        // Tashkent oasis returned its water in the month it took it: what passes Chinaz in June
        // passes a full Chardara); with Kairakkum held full (abovePenalty 0) the run gave the
        // minimum's 63 m³/s (measured, docs/validation.md).
        withKnownIssue("the North Aral's June 2024 flow is 121 m³/s against ~50 since Kairakkum's calibration; see docs/validation.md") {
            #expect(abs(june / 50 - 1) <= Self.juneRelativeTolerance, "North Aral June 2024: \(june) m³/s against ~50")
        }
        #expect(june >= 0)
    }

    @Test("North Aral in June 2023: 6 m³/s (a year before the ~50 of June 2024)")
    func northAralJune2023() throws {
        let june = try Self.juneFlow(try Self.hindcast(2023), "north-aral")
        withKnownIssue("the model's North Aral minimum (63 m³/s Apr–Sep, priority 3) is met in 2023; see docs/validation.md") {
            #expect(abs(june - 6) <= Self.juneAbsoluteTolerance, "North Aral June 2023: \(june) m³/s against 6")
        }
        #expect(june >= 0)
    }

    @Test("Toktogul at the end of September 2024: 12.4 km³ (conven.org)")
    func toktogulSeptember2024() throws {
        let results = try Self.hindcast(2024)
        let volumes = try #require(results.values("toktogul", "volume"))
        let september = try #require(results.steps.firstIndex { $0.date.month == 9 })
        let km3 = volumes[september] / 1000
        // Known: the run starts from an assumed 14.0 km³ on 1 January 2024 (no figure is
        // published for that day), and ends September off by more than 10%; measured, a start
        // near 9 km³ would give 12.4 (docs/validation.md, head).
        withKnownIssue("Toktogul's September 2024 storage misses 12.4 km³ by more than 10%; see docs/validation.md") {
            #expect(abs(km3 / 12.4 - 1) <= Self.storageTolerance, "Toktogul end of September 2024: \(km3) km³ against 12.4")
        }
        #expect(km3 >= 6.5 && km3 <= 19.5, "Toktogul end of September 2024: \(km3) km³, outside its dead and full storage")
    }

    /// The inputs are what the overlays say (plumbing, never a validation figure): the period,
    /// the headwater inflow of the yearbook, Toktogul's 30 March 2021 storage, 1,200 MW.
    @Test("A hindcast runs its period on that year's headwater inflow")
    func inputsApplied() throws {
        let y2024 = try Self.hindcast(2024)
        #expect(y2024.steps.count == 12)
        #expect(y2024.steps.first?.date == CivilDate(year: 2024, month: 1, day: 1))
        let headwater = try Self.volumeKm3(y2024, ["naryn", "karadarya", "chirchik"])
        #expect(abs(headwater - 24.22) <= Self.inputToleranceKm3, "Toktogul + Andijan + Charvak inflow 2024: \(headwater) km³")

        let y2023 = try Self.hindcast(2023)
        let naryn = try Self.volumeKm3(y2023, ["naryn"])
        #expect(abs(naryn - 12.24) <= Self.inputToleranceKm3, "Toktogul inflow 2023: \(naryn) km³")

        let y2021 = try Self.hindcast(2021)
        #expect(y2021.steps.count == 9)
        #expect(y2021.steps.first?.date == CivilDate(year: 2021, month: 4, day: 1))
        let network = try HindcastWorkflow.load(model: Self.model, year: 2021).network
        let toktogul = try #require(network.nodes.firstIndex { $0.name == "toktogul" })
        let storage = try #require(network.storages.first { $0.node == toktogul })
        #expect(storage.initialVolume == 8742)
    }
}
