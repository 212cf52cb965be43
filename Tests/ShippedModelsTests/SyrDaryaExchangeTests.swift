import Foundation
import Testing
import AralModel
import AralSchema
import AralSolver
import AralEngine
import AralClp
import AralPlanning

/// The 1998 exchange on the shipped Syr Darya model (issues 14 and 15): over the water year of
/// median total inflow in the record (computed from the run, as `SyrDaryaValidationTests` and the
/// Amu tests do: 2014-10 to 2015-09) and over the README's plan line, 2018-10 to 2019-09. Each
/// plan starts from the storage the baseline run reaches on its first day (`runState`), not from
/// the model's 1990 `initialVolume`s: a plan for 2018-19 that starts Toktogul at 14.0 km³ (the run
/// holds 15.6 then, DATA implies ≈19.3) plans a basin that never was (docs/planning.md).
///
/// Since Kairakkum's operation was calibrated (issue 14: it follows its rule curve, full by
/// 31 May as in the 1999–2000 deals, drawn down to 2.0 km³ by 1 October), the run no longer
/// starts the plans with Kairakkum full; with room in Kairakkum for KG's winter water, KG's extra
/// summer release is small in 2018-19 and 0 in the median year (docs/models.md, "The exchange
/// after Kairakkum's calibration", and `medianYearCause` for what is, and is not, short).
@Suite("The 1998 exchange on the shipped Syr Darya model")
struct SyrDaryaExchangeTests {
    /// The compensation band of the issue, USD for the year (World Bank: 35–67 M a year for KG's
    /// winter fuel, DATA:exchanges.syr_darya_framework_1998.how_it_worked).
    static let compensationUSD: ClosedRange<Double> = 10e6...150e6
    /// LP noise allowed when comparing the two plans: Mm³ of water, and USD of energy value.
    static let waterToleranceMm3 = 1.0
    static let valueToleranceUSD = 1000.0
    /// LP noise allowed on a flow in one step (m³/s).
    static let flowToleranceM3s = 0.01
    /// "The extra water does not come from KG" (`medianYearCause`): KG's extra growing-season
    /// release is at most this fraction of the extra water the downstream states receive. It was
    /// 1.0 Mm³ against the 1.0 Mm³ LP tolerance until Kairakkum's NPL volume (issue 14), 1.1 Mm³ of
    /// 1,029 Mm³ since: a claim about where the water comes from, not about LP noise.
    static let kgPartOfExtraWater = 0.01

    typealias Plans = ExchangePlans

    /// The README's plan line.
    static let readmeYear = ("2018-10-01", "2019-09-30")

    /// The water year (October to September, named by its September) of median total inflow over
    /// the full water years of the baseline run.
    static func medianWaterYear() throws -> (String, String) {
        let full = try Models.waterYearsByInflow(try Models.run(Models.syrDarya))
        #expect(full.count % 2 == 1, "an odd number of full water years, so the median is one of them")
        let year = full[full.count / 2].year
        return ("\(year - 1)-10-01", "\(year)-09-30")
    }

    /// The consortium and each-upstream-state-alone plans over `year`, with `scenarios` applied to
    /// the run that sets the start and to the plans.
    static func plans(_ year: (String, String), scenarios: [String] = []) throws -> Plans {
        let path = Models.syrDarya
        let (read, text) = try ModelLoader.readDocument(path: path)
        let document = try ScenarioOverlay.apply(scenarios, to: read, modelPath: path)
        let from = try #require(CivilDate(parsing: year.0)), to = try #require(CivilDate(parsing: year.1))
        let start = try runState(document: document, text: text, path: path, at: from)
        let horizon = try PlanHorizon.apply(to: document, from: from, to: to, initialVolumes: start)
        return try Plans(try ModelLoader.compile(horizon, text: text, file: path))
    }

    /// The reservoirs' storage at the end of the baseline run's last step before `from` (Mm³):
    /// the state the basin is in when the plan starts.
    static func runState(document: BasinDocument, text: String, path: String, at from: CivilDate) throws -> [String: Double] {
        let model = try ModelLoader.compile(document, text: text, file: path)
        let results = try BasinRun.run(model, solver: ClpSolver())
        let t = try #require(results.steps.lastIndex { $0.date < from }, "the run starts after \(from)")
        var volumes: [String: Double] = [:]
        for element in model.elements where element.kind == .reservoir && element.enabled {
            // Clamped to [0, maxVolume] as `aral plan --start-from-run` does: a full reservoir
            // ends a step at its bound only to the LP's tolerance (Toktogul on 1 October 2007).
            if let volume = results.values(element.name, "volume") {
                let top = document.nodes.first { $0.name == element.name }?.maxVolume ?? .infinity
                volumes[element.name] = min(max(0, volume[t]), top)
            }
        }
        #expect(volumes["toktogul"] != nil, "the run records Toktogul's storage")
        return volumes
    }

    /// The README's line, `aral plan models/syr-darya.yaml --from 2018-10-01 --to 2019-09-30
    /// --exchange --start-from-run`, must show KG with UZ and KZ in MWh, fuel and USD.
    @Test("README plan line (2018-10 to 2019-09): KG's extra summer water, its electricity to UZ and KZ, their winter compensation in MWh, fuel and USD within the band")
    func readmeLine() throws {
        let plans = try Self.plans(Self.readmeYear)
        let exchange = plans.exchange
        let kg = try #require(exchange.upstream.first { $0.party == "KG" })
        #expect(kg.extraVegetationReleaseMm3 > 0, "KG extra growing-season release \(kg.extraVegetationReleaseMm3) Mm³")
        let report = PlanReport(inputs: plans.inputs, plan: plans.consortium, alone: plans.alone, exchange: exchange)
        for to in ["UZ", "KZ"] {
            let summer = exchange.summerElectricity.first { $0.from == "KG" && $0.to == to }
            #expect((summer?.energyMWh ?? 0) > 0, "summer electricity KG → \(to)")
            let fuel = report.fuelForms?.first { $0.from == to && $0.to == "KG" }
            #expect((fuel?.energyMWh ?? 0) > 0, "winter compensation \(to) → KG")
            #expect((fuel?.fuel.gasM3 ?? 0) > 0 && (fuel?.fuel.coalTonnes ?? 0) > 0, "\(to) → KG in fuel")
            #expect((fuel?.value ?? 0) > 0, "\(to) → KG in USD")
        }
        let usd = plans.compensationUSD(to: "KG")
        // USD 11.2 M since the Tashkent oasis's return water reaches the Chirchik 2 months late
        // (issue 15): USD 5.54 M before it, with Kairakkum at its NPL volume (issue 14), USD 1.08 M
        // with the as-built 4,030 Mm³, USD 24.8 M when the run held Kairakkum full on 1 October;
        // docs/models.md, "The exchange on the shipped models, issue 14's leads".
        #expect(Self.compensationUSD.contains(usd), "compensation to KG USD \(usd / 1e6) M, outside the USD 10–150 M band")
    }

    @Test("Median water year: KG's extra growing-season release, its summer electricity to UZ and KZ, the winter compensation and its price")
    func medianYear() throws {
        let plans = try Self.plans(try Self.medianWaterYear())
        let exchange = plans.exchange
        #expect(exchange.upstream.map(\.party).contains("KG"))
        let kg = try #require(exchange.upstream.first { $0.party == "KG" })
        // Known: in 2014-15 the consortium meets every entitlement in every month without more
        // summer water from Toktogul (`medianYearCause`), so KG's extra release is ~0 (+1.1 Mm³)
        // and it makes 18 GWh less in summer than alone: no summer electricity to hand over.
        withKnownIssue("KG's extra growing-season release is ~0 in the median water year") {
            #expect(kg.extraVegetationReleaseMm3 > 0, "KG extra growing-season release \(kg.extraVegetationReleaseMm3) Mm³")
            for to in ["UZ", "KZ"] {
                let summer = exchange.summerElectricity.first { $0.from == "KG" && $0.to == to }
                #expect((summer?.energyMWh ?? 0) > 0, "summer electricity KG → \(to)")
            }
        }
        for from in ["UZ", "KZ"] {
            let winter = exchange.obligations.first { $0.from == from && $0.to == "KG" && $0.commodity == .energy }
            #expect((winter?.amount ?? 0) > 0, "winter compensation \(from) → KG")
        }
        let usd = plans.compensationUSD(to: "KG")
        #expect(usd > 0)
        // Known: USD 0.67 M at the 2006 prices (15 USD/MWh winter), far below the band (0.39 M
        // before Kairakkum's NPL volume).
        withKnownIssue("the compensation is USD \(usd / 1e6) M, below the USD 10–150 M band") {
            #expect(Self.compensationUSD.contains(usd), "compensation to KG USD \(usd)")
        }
    }

    /// The driest water year of the record (computed from the run, as the median is): 2007-10 to
    /// 2008-09 on the shipped model, 21.5 km³ against the median's 29.3. The data's "energy-mode
    /// years short of summer water" (DATA:exchanges.syr_darya_framework_1998.how_it_worked) are
    /// the years in which the 1998 exchange is needed; in the model KG's part is within the band
    /// in all 14 water years drier than the median and 7 of the 14 wetter ones (docs/models.md,
    /// "KG's part over the record"). Not a guard of one fix: it held before Kairakkum's NPL
    /// volume too (USD 24.2 M then, 32.1 M since, 29.1 M with the Tashkent return delay).
    static func driestWaterYear() throws -> (String, String) {
        let full = try Models.waterYearsByInflow(try Models.run(Models.syrDarya))
        let year = try #require(full.first).year
        return ("\(year - 1)-10-01", "\(year)-09-30")
    }

    @Test("Driest water year: KG's extra summer water, its electricity to UZ and KZ, their winter compensation in MWh, fuel and USD within the band; nobody loses")
    func driestYear() throws {
        let plans = try Self.plans(try Self.driestWaterYear())
        let exchange = plans.exchange
        let kg = try #require(exchange.upstream.first { $0.party == "KG" })
        #expect(kg.extraVegetationReleaseMm3 > Self.waterToleranceMm3, "KG extra growing-season release \(kg.extraVegetationReleaseMm3) Mm³")
        let report = PlanReport(inputs: plans.inputs, plan: plans.consortium, alone: plans.alone, exchange: exchange)
        for to in ["UZ", "KZ"] {
            let summer = exchange.summerElectricity.first { $0.from == "KG" && $0.to == to }
            #expect((summer?.energyMWh ?? 0) > 0, "summer electricity KG → \(to)")
            let fuel = report.fuelForms?.first { $0.from == to && $0.to == "KG" }
            #expect((fuel?.energyMWh ?? 0) > 0, "winter compensation \(to) → KG")
            #expect((fuel?.fuel.gasM3 ?? 0) > 0 && (fuel?.fuel.coalTonnes ?? 0) > 0, "\(to) → KG in fuel")
        }
        let usd = plans.compensationUSD(to: "KG")
        #expect(Self.compensationUSD.contains(usd), "compensation to KG USD \(usd)")
        plans.expectNobodyLoses(waterToleranceMm3: Self.waterToleranceMm3, valueToleranceUSD: Self.valueToleranceUSD)
    }

    /// Why KG's extra summer release is 0 in the median year, measured: nothing downstream is
    /// short in any month of the consortium plan while Toktogul runs KG's own winter-first
    /// schedule, and the consortium's extra deliveries come from Kairakkum (TJ) re-timing the
    /// winter water it stores. Summer water from Toktogul would relieve no shortage, so the plan
    /// (deliveries first, then energy at winter prices above summer prices) keeps KG's schedule.
    @Test("Median water year, the cause: every entitlement met in every month of the consortium plan; the extra water comes from Kairakkum")
    func medianYearCause() throws {
        let plans = try Self.plans(try Self.medianWaterYear())
        let report = PlanReport(inputs: plans.inputs, plan: plans.consortium, alone: plans.alone, exchange: plans.exchange)
        #expect(!report.parties.isEmpty)
        for party in report.parties {
            #expect(party.deliveredM3s.count == party.entitlementM3s.count)
            for (t, (delivered, entitled)) in zip(party.deliveredM3s, party.entitlementM3s).enumerated() {
                #expect(delivered >= entitled - Self.flowToleranceM3s,
                        "\(party.party) step \(t): delivered \(delivered) m³/s against its entitlement \(entitled)")
            }
        }
        let kg = try #require(plans.exchange.upstream.first { $0.party == "KG" })
        let tj = try #require(plans.exchange.upstream.first { $0.party == "TJ" })
        #expect(tj.extraVegetationReleaseMm3 > Self.waterToleranceMm3, "TJ \(tj.extraVegetationReleaseMm3) Mm³")
        let extraWater = plans.exchange.downstream.map(\.extraWaterMm3).reduce(0, +)
        #expect(extraWater > Self.waterToleranceMm3, "downstream extra water \(extraWater) Mm³")
        #expect(abs(kg.extraVegetationReleaseMm3) <= Self.kgPartOfExtraWater * extraWater,
                "KG \(kg.extraVegetationReleaseMm3) Mm³ of the downstream's \(extraWater) Mm³ extra water")
    }

    /// Kairakkum's volume at its normal pool level, 347.50 m: 3,418 Mm³ in the 1999 UZ–TJ deal
    /// (DATA:exchanges.syr_darya_framework_1998.uz_tj_kairakkum_deals.1999). The model held the
    /// BWO's as-built 4,030 Mm³ until issue 14, and the plans filled Kairakkum to it: 612 Mm³ of
    /// room to carry KG's winter water into the summer that the silted reservoir does not have.
    static let kairakkumAtNPLMm3 = 3418.0

    @Test("Neither plan fills Kairakkum above its normal pool level (3,418 Mm³ at NPL 347.50 m, the 1999 deal)", arguments: ["median", "readme"])
    func kairakkumWithinNPL(_ which: String) throws {
        let plans = try Self.plans(which == "median" ? try Self.medianWaterYear() : Self.readmeYear)
        let net = plans.inputs.network
        let s = try #require(net.storages.firstIndex { net.nodes[$0.node].name == "kairakkum" })
        for (name, solution) in [("consortium", plans.consortium), ("alone", plans.alone)] {
            let highest = try #require(solution.volumes.map { $0[s] }.max())
            #expect(highest <= Self.kairakkumAtNPLMm3 + Self.waterToleranceMm3, "\(name): Kairakkum holds \(highest) Mm³")
        }
    }

    @Test("After compensation no downstream state receives less water and no upstream state less energy value than alone", arguments: ["median", "readme"])
    func nobodyLoses(_ which: String) throws {
        let plans = try Self.plans(which == "median" ? try Self.medianWaterYear() : Self.readmeYear)
        plans.expectNobodyLoses(waterToleranceMm3: Self.waterToleranceMm3, valueToleranceUSD: Self.valueToleranceUSD)
    }
}
