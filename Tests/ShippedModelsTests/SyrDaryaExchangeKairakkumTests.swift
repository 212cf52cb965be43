import Testing
import AralModel
import AralEngine
import AralPlanning
import AralSchema

/// Kairakkum's operation in the baseline run, which sets where the exchange's plans start
/// (issue 14). The run held Kairakkum near full all year (3.8–4.03 km³ monthly means); the deals
/// it ran under fill it to 3,418 Mm³ by 31 May and draw it down in June–September. Calibrated:
/// `kairakkum.ruleCurve.abovePenalty` none → 2 (docs/models.md).
@Suite("Kairakkum's operation (where the Syr Darya exchange starts)")
struct SyrDaryaExchangeKairakkumTests {
    /// The 1999 and 2000 UZ–TJ deals: Kairakkum holds 3,418 Mm³ by 31 May (NPL 347.50 m)
    /// (DATA:exchanges.syr_darya_framework_1998.uz_tj_kairakkum_deals).
    static let storageBy31MayMm3 = 3418.0
    /// How far the run's mean end-of-May storage may sit from the deals' (Mm³): a month's
    /// inflow noise around a target the run keeps.
    static let storageToleranceMm3 = 50.0
    /// The 2000 deal's releases at Kzylkishlak (the dam), m³/s in June, July, August, September
    /// (DATA:nodes.reservoirs_and_plants.kairakkum.summer_operation_examples; IEA_DB 4842).
    static let deal2000ReleaseM3s: [Int: Double] = [6: 500, 7: 650, 8: 600, 9: 300]
    /// One year's protocol against the 30-year mean of a synthetic record: ±20% on the
    /// June–September volume (validation; the run was not tuned to it).
    static let releaseTolerance = 0.20
    /// Kairakkum's useful storage (DATA:nodes.reservoirs_and_plants.kairakkum.useful_storage_km3, BWO).
    static let usefulStorageMm3 = 2550.0

    @Test("The run fills Kairakkum to the deals' 3,418 Mm³ by 31 May instead of holding it full all year")
    func fullBy31May() throws {
        let results = try Models.run(Models.syrDarya)
        let volume = try #require(results.values("kairakkum", "volume"))
        let may = results.steps.indices.filter { results.steps[$0].month == 5 }
        let september = results.steps.indices.filter { results.steps[$0].month == 9 }
        #expect(!may.isEmpty && !september.isEmpty)
        let meanMay = may.map { volume[$0] }.reduce(0, +) / Double(may.count)
        let meanSeptember = september.map { volume[$0] }.reduce(0, +) / Double(september.count)
        #expect(abs(meanMay - Self.storageBy31MayMm3) <= Self.storageToleranceMm3, "mean end-of-May storage \(meanMay) Mm³")
        // Drawn down for the downstream over the summer (the 2000 deal released 5.4 km³ at the dam
        // in June–September, twice the useful storage): assumed threshold, at least half of the
        // useful storage (DATA: 2.55 km³) between 31 May and 30 September. The uncalibrated run
        // drew down 75 Mm³.
        #expect(meanMay - meanSeptember >= Self.usefulStorageMm3 / 2, "mean drawdown June–September \(meanMay - meanSeptember) Mm³")
    }

    @Test("Kairakkum's June–September release in the run against the 2000 deal's (validation)")
    func summerReleaseAgainstDeal() throws {
        let results = try Models.run(Models.syrDarya)
        let flow = try #require(results.values("kairakkum", "flow"))
        var modelMm3 = 0.0, dealMm3 = 0.0
        var years = Set<Int>()
        for (t, step) in results.steps.enumerated() {
            guard let deal = Self.deal2000ReleaseM3s[step.month] else { continue }
            modelMm3 += flow[t] * step.mm3PerCumec
            dealMm3 += deal * step.mm3PerCumec
            years.insert(step.date.year)
        }
        #expect(!years.isEmpty)
        let error = modelMm3 / dealMm3 - 1
        #expect(abs(error) <= Self.releaseTolerance,
                "mean June–September release \(modelMm3 / Double(years.count)) Mm³/yr against the deal's \(dealMm3 / Double(years.count)) (\(error * 100)%)")
    }

    /// The 1999 protocol's electricity (DATA:…uz_tj_kairakkum_deals.1999): UZ → TJ 322 GWh in
    /// March–April while Kairakkum fills, TJ → UZ 550 GWh in May–September; the issue's check
    /// is each within 150–1,100 GWh.
    static let protocol1999BandGWh: ClosedRange<Double> = 150...1100
    static let storingMonths: Set<Int> = [3, 4], returnMonths: Set<Int> = [5, 6, 7, 8, 9]

    /// Kairakkum under the 1999 terms in the median year, from the plan's exchange: the energy TJ
    /// forgoes in March–April by storing (consortium against TJ alone), which UZ supplied under
    /// the protocol, and the extra energy TJ makes in May–September, which it returned. TJ's only
    /// plant in the model is Kairakkum (126 MW): at most 184 GWh in March–April, 463 GWh in
    /// May–September. The protocol's flows are Tajikistan's system balance — northern Tajikistan
    /// supplied while Kairakkum stores, returns from its other plants — and neither TJ's load nor
    /// its Amu Darya plants are in this model (docs/models.md), so the band is a known issue.
    @Test("Kairakkum under the 1999 terms in the median year: the electricity each way against 150–1,100 GWh")
    func protocol1999() throws {
        let plans = try SyrDaryaExchangeTests.plans(try SyrDaryaExchangeTests.medianWaterYear())
        let network = plans.inputs.model.network
        let tjPlants = network.hydropower.indices.filter { network.hydropower[$0].share(of: "TJ") > 0 }
        #expect(tjPlants.map { network.hydropower[$0].name } == ["kairakkum-hpp"])
        func energyGWh(_ s: PlanSolution, _ months: Set<Int>) -> Double {
            tjPlants.reduce(0) { sum, p in
                sum + s.steps.filter { months.contains($0.month) }.reduce(0) { $0 + s.energyMWh[p][$1.index] } / 1000
            }
        }
        let uzToTj = energyGWh(plans.alone, Self.storingMonths) - energyGWh(plans.consortium, Self.storingMonths)
        let tjToUz = energyGWh(plans.consortium, Self.returnMonths) - energyGWh(plans.alone, Self.returnMonths)
        var capacityGWh = 0.0
        for p in tjPlants {
            for s in plans.consortium.steps where Self.storingMonths.contains(s.month) {
                capacityGWh += network.hydropower[p].capacityMW * s.hours / 1000
            }
        }
        #expect(energyGWh(plans.alone, Self.storingMonths) <= capacityGWh + 1e-6, "alone \(energyGWh(plans.alone, Self.storingMonths)) GWh within the plant's \(capacityGWh)")
        withKnownIssue("Kairakkum's own output cannot carry the 1999 protocol's flows: UZ → TJ \(uzToTj) GWh in March–April, TJ → UZ \(tjToUz) GWh in May–September") {
            #expect(Self.protocol1999BandGWh.contains(uzToTj), "UZ → TJ \(uzToTj) GWh in March–April")
            #expect(Self.protocol1999BandGWh.contains(tjToUz), "TJ → UZ \(tjToUz) GWh in May–September")
        }
    }
}
