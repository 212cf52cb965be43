import Foundation
import Testing
import AralModel
import AralSchema
import AralSolver
import AralClp
import AralEngine
import AralPlanning

/// Tajikistan's Vakhsh cascade in the exchange on the shipped Amu Darya model (issue 14, "the
/// same for TJ on the Amu Darya"): TJ upstream, UZ and TM downstream; over the water year of
/// median total inflow in the record (computed here from the run's inflows, as
/// `SyrDaryaValidationTests.medianWaterYear` does for the Syr Darya) and over the README's plan
/// line, 2018-10 to 2019-09. No price band on the Amu Darya (the World Bank figure is KG's).
@Suite("The Vakhsh exchange on the shipped Amu Darya model")
struct AmuDaryaExchangeTests {
    /// LP noise allowed when comparing the two plans: Mm³ of water, and USD of energy value.
    static let waterToleranceMm3 = 1.0
    static let valueToleranceUSD = 1000.0
    /// What the basin's water balance over a plan may fail to close by, Mm³ over the year
    /// (the LPs' tolerances on ~60 km³ of inflow).
    static let massBalanceToleranceMm3 = 1.0
    /// A demand may exceed its limit by this relative amount (LP round-off), m³/s.
    static let limitTolerance = 1e-7
    /// A demand counts as served in full within this fraction of its limit.
    static let fullFraction = 1e-4

    static let readmeYear = ("2018-10-01", "2019-09-30")

    typealias Plans = ExchangePlans

    /// The water year (October to September, named by its September) of median total inflow
    /// over the full water years of the record, from the run's inflow nodes.
    static func medianWaterYear() throws -> Int {
        let full = try Models.waterYearsByInflow(try Models.run(Models.amuDarya))
        #expect(full.count % 2 == 1, "an odd number of full water years, so the median is one of them")
        return full[full.count / 2].year
    }

    static func medianYear() throws -> (String, String) {
        let year = try medianWaterYear()
        return ("\(year - 1)-10-01", "\(year)-09-30")
    }

    static func plans(_ year: (String, String), changing change: (inout BasinDocument) -> Void = { _ in }) throws -> Plans {
        let path = Models.amuDarya
        var (document, text) = try ModelLoader.readDocument(path: path)
        change(&document)
        let from = try #require(CivilDate(parsing: year.0)), to = try #require(CivilDate(parsing: year.1))
        let horizon = try PlanHorizon.apply(to: document, from: from, to: to)
        return try Plans(try ModelLoader.compile(horizon, text: text, file: path))
    }

    /// Inflow minus every way water leaves the basin (outputs: withdrawals and sinks; link
    /// losses; evaporation) minus the change in storage, Mm³ over the plan.
    static func massBalanceResidual(_ net: Network, _ solution: PlanSolution) -> Double {
        var residual = 0.0
        for step in solution.steps {
            for (n, node) in net.nodes.enumerated() {
                let volume = solution.nodeFlows[step.index][n] * step.mm3PerCumec
                switch node.kind {
                case .input: residual += volume
                case .output: residual -= volume
                case .link: residual -= (1 - node.efficiency) * volume
                case .storage: break
                }
            }
        }
        for (s, storage) in net.storages.enumerated() {
            let last = solution.volumes[solution.volumes.count - 1][s]
            residual -= last - storage.initialVolume
            residual -= solution.evaporation[s].reduce(0, +)
        }
        return residual
    }

    /// The checks of the issue on one water year: TJ's extra growing-season release, its
    /// summer electricity to UZ and TM, their winter compensation in MWh, fuel and USD.
    static func checkExchange(_ plans: Plans) throws {
        let exchange = plans.exchange
        let tj = try #require(exchange.upstream.first { $0.party == "TJ" })
        #expect(tj.extraVegetationReleaseMm3 > waterToleranceMm3, "TJ extra growing-season release \(tj.extraVegetationReleaseMm3) Mm³")
        let report = PlanReport(inputs: plans.inputs, plan: plans.consortium, alone: plans.alone, exchange: exchange)
        for to in ["UZ", "TM"] {
            let summer = exchange.summerElectricity.first { $0.from == "TJ" && $0.to == to }
            #expect((summer?.energyMWh ?? 0) > 0, "summer electricity TJ → \(to)")
            #expect((summer?.value ?? 0) > 0, "summer electricity TJ → \(to) in USD")
            let fuel = report.fuelForms?.first { $0.from == to && $0.to == "TJ" }
            #expect((fuel?.energyMWh ?? 0) > 0, "winter compensation \(to) → TJ")
            #expect((fuel?.fuel.gasM3 ?? 0) > 0 && (fuel?.fuel.coalTonnes ?? 0) > 0, "\(to) → TJ in fuel")
            #expect((fuel?.value ?? 0) > 0, "\(to) → TJ in USD")
        }
    }

    /// Why the exchange is empty on this model (measured, docs/models.md): in both plans the
    /// middle-reach canals above the Kerki–Tuyamuyun loss (Karakum, Lebap, Karshi–Bukhara) get
    /// their full limit in every month but one, and Tuyamuyun is drawn down, not filled
    /// (`tuyamuyunNotFilled`): Nurek's winter water is taken by the non-growing limits. With one
    /// entitlement over the water year the lower reach is short by the year's volume, not by its
    /// timing, so Nurek's summer water is worth no more to UZ and TM than its winter water, and
    /// the consortium plan, valuing winter energy above summer energy, runs Nurek as TJ alone does.
    static let emptyExchange = "the consortium runs Nurek as TJ alone does: Nurek's winter water is taken by the downstream's non-growing limits, the middle reach is served in full; docs/models.md"

    @Test("Upstream and downstream from the model: TJ upstream, UZ and TM downstream", arguments: ["median", "readme"])
    func parties(_ which: String) throws {
        let plans = try Self.plans(which == "median" ? try Self.medianYear() : Self.readmeYear)
        #expect(plans.inputs.policy.upstream == ["TJ"], "upstream \(plans.inputs.policy.upstream)")
        #expect(plans.exchange.upstream.map(\.party) == ["TJ"])
        #expect(Set(plans.exchange.downstream.map(\.party)) == ["UZ", "TM"])
    }

    @Test("Median water year: TJ's extra growing-season release, its summer electricity to UZ and TM, their winter compensation in MWh, fuel and USD")
    func medianYearExchange() throws {
        let plans = try Self.plans(try Self.medianYear())
        // Known: 1995-10..1996-09, TJ's extra release +0.8 Mm³, summer energy −67,870 MWh (so no
        // summer electricity to UZ or TM), winter energy forgone 3,544 MWh; UZ alone (+482.6 Mm³)
        // owes TJ 48,790 MWh, USD 0.73 M, the value TJ loses; TM receives nothing extra, owes
        // nothing. Per season (PlanOptions.seasonalEntitlements) neither order makes it either:
        // docs/models.md, "The three leads measured".
        withKnownIssue(Comment(rawValue: Self.emptyExchange)) {
            try Self.checkExchange(plans)
        }
    }

    /// The README's line, `aral plan models/amu-darya.yaml --from 2018-10-01 --to 2019-09-30
    /// --exchange`, must show TJ with UZ and TM in MWh, fuel and USD.
    @Test("README plan line (2018-10 to 2019-09): TJ's extra summer water, its electricity to UZ and TM, their winter compensation in MWh, fuel and USD")
    func readmeLine() throws {
        let plans = try Self.plans(Self.readmeYear)
        // Known: TJ's extra release 0.0 Mm³, summer energy 0, "Obligations: none". Growing-season
        // entitlements first would make it (+4,052 Mm³) at 0 % of every non-growing limit, which
        // the data contradicts (docs/planning.md, "Why per season is not the policy yet").
        withKnownIssue(Comment(rawValue: Self.emptyExchange)) {
            try Self.checkExchange(plans)
        }
    }

    /// Not the cause: Nurek's rule curve (priority 1, fitted to the 2023 operation) and the
    /// winter energy-mode minimum sit in the plan's last level (penalties, docs/planning.md), so
    /// neither binds the alone plan nor the consortium's: without them both plans release the
    /// same from Nurek as with them.
    @Test("Nurek's rule curve and the energy-mode minimum do not pin the plans (2018-10 to 2019-09)")
    func ruleCurveDoesNotPin() throws {
        let shipped = try Self.plans(Self.readmeYear)
        let free = try Self.plans(Self.readmeYear) { document in
            for i in document.nodes.indices {
                if document.nodes[i].name == "nurek" { document.nodes[i].ruleCurve = nil }
                if document.nodes[i].name == "vakhsh-energy-mode" { document.nodes[i].minFlow = nil }
            }
        }
        let release = try #require(shipped.inputs.network.nodes.firstIndex { $0.name == "nurek.release" })
        let freeRelease = try #require(free.inputs.network.nodes.firstIndex { $0.name == "nurek.release" })
        for (a, b) in [(shipped.consortium, free.consortium), (shipped.alone, free.alone)] {
            let va = a.volumeMm3(node: release), vb = b.volumeMm3(node: freeRelease)
            #expect(abs(va - vb) <= Self.waterToleranceMm3, "Nurek release \(va) against \(vb) Mm³ without rule curve and energy mode")
        }
        let winter: (TimeStep) -> Bool = { !shipped.inputs.policy.isVegetation($0) }
        #expect(abs(shipped.alone.volumeMm3(node: release, where: winter) - free.alone.volumeMm3(node: freeRelease, where: winter))
                <= Self.waterToleranceMm3)
    }

    /// The measured cause of the empty exchange: the canals between Kerki and Tuyamuyun get their
    /// full limit in (nearly) every month of both plans, so extra summer water from Nurek could
    /// only go to the lower reach, past the 38% loss and into Tuyamuyun, as its winter water does.
    @Test("The middle-reach canals get their full limit in at least 11 months of 12 in both plans", arguments: ["median", "readme"])
    func middleReachServed(_ which: String) throws {
        let plans = try Self.plans(which == "median" ? try Self.medianYear() : Self.readmeYear)
        let net = plans.inputs.network
        for name in ["karakum-canal", "tm-lebap", "uz-karshi-bukhara"] {
            let n = try #require(net.nodes.firstIndex { $0.name == name })
            for (plan, solution) in [("consortium", plans.consortium), ("alone", plans.alone)] {
                let full = solution.steps.filter { step in
                    solution.nodeFlows[step.index][n] >= net.scheduledValue(net.nodes[n].maxFlow, at: step.index) * (1 - Self.fullFraction)
                }.count
                #expect(full >= solution.steps.count - 1, "\(plan): \(name) full in \(full) of \(solution.steps.count) months")
            }
        }
    }

    /// Tuyamuyun's channel reservoir lost 790 Mm³ (35 %) to silt by 2021 (TMGU "O'zan" reservoir,
    /// engineer.tstu.uz/index.php/engineer-tstu/article/view/148); the model lumps the four
    /// reservoirs at their as-built 7,800 Mm³.
    static let tuyamuyunSiltMm3 = 790.0

    /// Tuyamuyun's capacity is not what keeps Nurek's schedule (issue 14's leads, docs/models.md):
    /// in both plans of both years it stays below even its silted capacity — it is drawn down from
    /// its start, not filled for the summer (highest 4,029 Mm³ of 7,800, the median year's alone
    /// plan) — so Nurek's winter water is taken by the non-growing limits, not carried; measured,
    /// the silted volume moves TJ's extra growing-season release by at most 2.2 Mm³.
    @Test("Tuyamuyun stays below its silted capacity in both plans: it does not carry Nurek's winter water to the summer", arguments: ["median", "readme"])
    func tuyamuyunNotFilled(_ which: String) throws {
        let plans = try Self.plans(which == "median" ? try Self.medianYear() : Self.readmeYear)
        let net = plans.inputs.network
        let s = try #require(net.storages.firstIndex { net.nodes[$0.node].name == "tuyamuyun" })
        let silted = net.scheduledValue(net.storages[s].maxVolume, at: 0) - Self.tuyamuyunSiltMm3
        for (name, solution) in [("consortium", plans.consortium), ("alone", plans.alone)] {
            let highest = try #require(solution.volumes.map { $0[s] }.max())
            #expect(highest < silted, "\(name): Tuyamuyun rises to \(highest) Mm³ (silted capacity \(silted))")
        }
    }

    @Test("After compensation no downstream state receives less water and no upstream state less energy value than alone", arguments: ["median", "readme"])
    func nobodyLoses(_ which: String) throws {
        let plans = try Self.plans(which == "median" ? try Self.medianYear() : Self.readmeYear)
        // The median year guards the compensation rule (ExchangeResult: the energy value lost,
        // at least the winter energy forgone): TJ's consortium energy is worth USD 0.73 M less
        // than alone, 67,870 MWh of it in April–September, and the old rule (the winter energy
        // forgone, USD 0.05 M) left TJ USD 0.68 M short.
        plans.expectNobodyLoses(waterToleranceMm3: Self.waterToleranceMm3, valueToleranceUSD: Self.valueToleranceUSD)
    }

    @Test("Both plans close the water balance and keep every demand within its limit", arguments: ["median", "readme"])
    func massBalanceAndLimits(_ which: String) throws {
        let plans = try Self.plans(which == "median" ? try Self.medianYear() : Self.readmeYear)
        let net = plans.inputs.network
        for (name, solution) in [("consortium", plans.consortium), ("alone", plans.alone)] {
            let residual = Self.massBalanceResidual(net, solution)
            #expect(abs(residual) <= Self.massBalanceToleranceMm3, "\(name): water balance off by \(residual) Mm³")
            for (n, node) in net.nodes.enumerated() {
                guard case .demand = node.role else { continue }
                for step in solution.steps {
                    let flow = solution.nodeFlows[step.index][n], limit = net.scheduledValue(node.maxFlow, at: step.index)
                    #expect(flow <= limit * (1 + Self.limitTolerance) + Self.limitTolerance,
                            "\(name): \(node.name) \(flow) m³/s above its limit \(limit) at \(step.date)")
                }
            }
        }
    }

    @Test("The median water year is 1995-10 to 1996-09")
    func medianWaterYearIs1996() throws {
        #expect(try Self.medianWaterYear() == 1996)
    }
}
