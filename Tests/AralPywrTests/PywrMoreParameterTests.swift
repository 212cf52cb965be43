import Foundation
import Testing
import AralSchema
import AralPywr
import AralClp

/// The Pywr parameter types users' models use beyond Pywr's own test models: each pinned on a
/// few steps against figures worked out by hand from Pywr's formulas (the arithmetic is in
/// the comments), on the fixtures `scripts/pywr-crossval.sh` also runs through Pywr.
/// Every demand's `max_flow` is the parameter under test and its supply is ample, so the
/// demand's flow is the parameter's value.
@Suite("Pywr parameters users write")
struct PywrMoreParameterTests {
    /// profiles_and_arrays.json starts on 2015-12-25: step 7 is 2016-01-01, step 62
    /// 2016-02-25, step 67 2016-03-01 (2016 is a leap year).
    static let profileSteps = [0, 7, 62, 67]

    @Test("weeklyprofile reads week dayofyear_index ÷ 7, the last week running to the year's end")
    func weeklyProfile() throws {
        let r = try PywrFixtures.run("profiles_and_arrays.json", scenario: [0])
        // values[w] = 1 + (w mod 9) × 0.5. 25 Dec 2015: day 359, index 359 (non-leap years skip
        // 29 Feb) → week 51 → 1 + 6 × 0.5 = 4. 1 Jan → week 0 → 1. 25 Feb 2016: index 55 →
        // week 7 → 4.5. 1 Mar 2016: index 60 → week 8 → 5.
        #expect(matches(r.flow("d_weekly", at: Self.profileSteps), [4.0, 1.0, 4.5, 5.0]))
        // 31 Dec 2015: index 365, in the long last week (51), not week 365 ÷ 7 = 52.
        #expect(matches(r.flow("d_weekly", at: [6]), [4.0]))
    }

    @Test("scenario daily and weekly profiles read the member's row")
    func scenarioProfiles() throws {
        let first = try PywrFixtures.run("profiles_and_arrays.json", scenario: [0])
        let third = try PywrFixtures.run("profiles_and_arrays.json", scenario: [2])
        // Daily: values[m][d] = m + 1 + (d mod 31) × 0.25. Member 0: d = 359 → 359 mod 31 = 18
        // → 5.5; d = 0 → 1; d = 55 → 24 → 7; d = 60 → 29 → 8.25. Member 2: 2 more.
        #expect(matches(first.flow("d_scen_daily", at: Self.profileSteps), [5.5, 1, 7, 8.25]))
        #expect(matches(third.flow("d_scen_daily", at: Self.profileSteps), [7.5, 3, 9, 10.25]))
        // Weekly: values[m][w] = (m + 1) × 2 + w × 0.1; weeks 51, 0, 7, 8.
        #expect(matches(first.flow("d_scen_weekly", at: Self.profileSteps), [7.1, 2, 2.7, 2.8]))
        #expect(matches(third.flow("d_scen_weekly", at: Self.profileSteps), [11.1, 6, 6.7, 6.8]))
    }

    @Test("arrayindexed, arrayindexedscenario and monthly factors read the step's row")
    func arraysByStep() throws {
        let first = try PywrFixtures.run("profiles_and_arrays.json", scenario: [0])
        let third = try PywrFixtures.run("profiles_and_arrays.json", scenario: [2])
        // arrayindexed: 5 + (t mod 7) × 1.5 → t = 0: 5, 7: 5, 62: 6 → 14, 67: 4 → 11.
        #expect(matches(first.flow("d_array", at: Self.profileSteps), [5, 5, 14, 11]))
        // arrayindexedscenario: values[t][m] = t × 0.1 + m.
        #expect(matches(third.flow("d_array_scen", at: Self.profileSteps), [2, 2.7, 8.2, 8.7]))
        // Monthly factors: (10 + t mod 5) × (1 + 0.1 × (month − 1) + 0.01 × m). t = 0 (Dec):
        // 10 × 2.1 = 21; t = 7 (Jan): 12 × 1 = 12; t = 62 (Feb): 12 × 1.1 = 13.2; t = 67 (Mar):
        // 12 × 1.2 = 14.4. Member 2 adds 0.02 to every factor.
        #expect(matches(first.flow("d_array_factors", at: Self.profileSteps), [21, 12, 13.2, 14.4]))
        #expect(matches(third.flow("d_array_factors", at: Self.profileSteps), [21.2, 12.24, 13.44, 14.64]))
        // constantscenarioindex [2, 0, 1] picks from [3, 6, 9]: member 0 → 9, member 2 → 6.
        #expect(matches(first.flow("d_by_index", at: [0, 67]), [9, 9]))
        #expect(matches(third.flow("d_by_index", at: [0, 67]), [6, 6]))
    }

    /// arithmetic_and_thresholds.json: `res` starts full (1000) and releases a tenth of its
    /// start-of-step volume every step, so its volume at the start of step t is 1000 × 0.9^t.
    static func startVolume(_ t: Int) -> Double { 1000 * pow(0.9, Double(t)) }

    @Test("division, negativemax and negativemin follow the reservoir's volume")
    func arithmetic() throws {
        let r = try PywrFixtures.run("arithmetic_and_thresholds.json")
        let steps = [0, 5, 8, 9]
        // release = volume / 10.
        #expect(matches(r.flow("d_release", at: steps), steps.map { Self.startVolume($0) / 10 }))
        // minus_twentieth = −0.05 × volume; negativemax = max(0.05 v, 20): 50, 29.5245,
        // 21.523…, then 0.05 × 387.42 = 19.37 < 20 → 20.
        #expect(matches(r.flow("d_neg_max", at: steps), [50, 0.05 * Self.startVolume(5), 0.05 * Self.startVolume(8), 20]))
        // negativemin = min(0.05 v, 30): 30 while 0.05 v ≥ 30 (v ≥ 600, steps 0–4).
        #expect(matches(r.flow("d_neg_min", at: steps), [30, 0.05 * Self.startVolume(5), 0.05 * Self.startVolume(8), 0.05 * Self.startVolume(9)]))
    }

    @Test("binarystep, rectifier and logistic are their functions of 'value'")
    func activationFunctions() throws {
        let r = try PywrFixtures.run("arithmetic_and_thresholds.json")
        #expect(matches(r.flow("d_step", at: [0, 21]), [7, 7]))          // value 0.5 > 0 → output 7
        #expect(matches(r.flow("d_ramp", at: [0, 21]), [2, 2]))          // 1 + (5 − 1) × 0.5 / 2
        let logistic = 6 / (1 + exp(-2.0))                                 // max_output / (1 + e^(−rate × value))
        #expect(matches(r.flow("d_logistic", at: [0, 21]), [logistic, logistic]))
    }

    @Test("multiple thresholds, calendar thresholds and aggregated indices")
    func thresholdsAndIndices() throws {
        let r = try PywrFixtures.run("arithmetic_and_thresholds.json")
        let steps = [0, 1, 3, 4, 7, 8]
        // multiplethresholdindex on d_release's previous flow (0 before the first step), thresholds
        // [80, 50]: previous flows 0, 100, 81, 72.9, 53.1, 47.8 → indices 2, 0, 0, 1, 1, 2,
        // picking from [6, 4, 2].
        #expect(matches(r.flow("d_flow_pick", at: steps), [2, 6, 6, 4, 4, 2]))
        // multiplethresholdparameterindex on the volume, thresholds [800, 500]: 1000, 900, 729,
        // 656, 478, 430 → 0, 0, 1, 1, 2, 2, picking from [3, 2, 1].
        #expect(matches(r.flow("d_vol_pick", at: steps), [3, 3, 2, 2, 1, 1]))
        // currentyearthreshold year ≥ 2016 → [1, 9]; steps 0–6 are in 2015.
        #expect(matches(r.flow("d_year", at: [0, 6, 7]), [1, 1, 9]))
        // currentordinaldaythreshold ordinal > ordinal(2015-12-31) → [2, 5].
        #expect(matches(r.flow("d_day", at: [0, 6, 7]), [2, 2, 5]))
        // agg_total = sum(flow, vol, year indices) + max(flow, vol) + any(vol, day) + 0.5:
        // step 0: 2 + 2 + 0 + 0.5; step 3: 1 + 1 + 1 + 0.5; step 7: (1 + 2 + 1) + 2 + 1 + 0.5.
        #expect(matches(r.flow("d_agg", at: [0, 3, 7]), [4.5, 3.5, 7.5]))
    }

    @Test("aggregatedindex reads a threshold's index, not the value it picks")
    func aggregatedIndexOfThresholdWithValues() throws {
        let json = pywrModel(days: 1, start: "2016-01-01", nodes: """
            [{"name": "supply", "type": "input", "max_flow": 100},
             {"name": "demand", "type": "output", "max_flow": "total", "cost": -1}]
            """, edges: #"[["supply", "demand"]]"#, parameters: """
            {"year": {"type": "currentyearthreshold", "threshold": 2016, "predicate": "GE", "values": [10, 20]},
             "total": {"type": "aggregatedindex", "agg_func": "sum", "parameters": ["year", "year"]}}
            """)
        // The threshold is met (index 1, value 20): the sum of indices is 2, not 40.
        #expect(matches(try runPywr(json).flow("demand"), [2]))
    }
}

/// Functions of the date, a volume or a parameter (functions.json: `res` drains a tenth of
/// its start-of-step volume each step from 1000, the run starts on 2015-12-25), and the
/// discharge and multi-split link nodes (discharge_and_multisplit.json).
@Suite("Pywr function parameters and nodes users write")
struct PywrFunctionParameterTests {
    /// SciPy's `quad` is reproduced, not merely approximated: its values are pinned to this
    /// relative tolerance, far below its difference from the exact integral (≥ 2e-10 here).
    static let quadratureTolerance = 1e-12

    static func startVolume(_ t: Int) -> Double { 1000 * pow(0.9, Double(t)) }

    /// mean + Σ aᵢ cos(doy (i + 1) 2π / 365 + φᵢ) with the fixture's mean 5, amplitudes
    /// [2.5, 1.25], phases [0.3, 1.2]; doy = day of the year − 1.
    static func harmonic(doy: Int) -> Double {
        5 + 2.5 * cos(Double(doy) * 2 * Double.pi / 365 + 0.3) + 1.25 * cos(Double(doy * 2) * 2 * Double.pi / 365 + 1.2)
    }

    @Test("annualharmonicseries, polynomials and the piecewise integral")
    func seriesAndPolynomials() throws {
        let r = try PywrFixtures.run("functions.json")
        // 25 Dec 2015 is day 359 (doy 358); 1 Jan 2016 is doy 0.
        #expect(matches(r.flow("d_harmonic", at: [0, 7]), [Self.harmonic(doy: 358), Self.harmonic(doy: 0)]))
        // polynomial1d on the volume: 1 + 0.01 v + 1e-5 v² → 1000: 21; 900: 18.1.
        #expect(matches(r.flow("d_poly_param", at: [0, 1]), [21, 18.1]))
        // On the proportional volume, x = 2 pc − 0.5, 2 + 3x − x²: pc 1 → 4.25; 0.9 → 4.21.
        #expect(matches(r.flow("d_poly_pc", at: [0, 1]), [4.25, 4.21]))
        // On a node: Pywr has reset the node's flow to 0 when it reads it, x = 0 × 1 + 1 → 3 + 2.
        #expect(matches(r.flow("d_poly_node", at: [0, 10]), [5, 5]))
        // polynomial2dstorage: x = 0.5 v + 100, y = 2 h − 1, 1 + 0.5 y + 0.001 x + 0.0002 x y.
        let y0 = 2 * Self.harmonic(doy: 358) - 1, x0 = 0.5 * 1000 + 100.0
        #expect(matches(r.flow("d_poly_2d", at: [0]), [1 + 0.5 * y0 + 0.001 * x0 + 0.0002 * x0 * y0]))
        // piecewiseintegral of release (v / 10) over steps [20, 50, 80] of heights [1, 0.5, 0.25]:
        // 100 → 20 + 15 + 7.5 = 42.5; 72.9 → 20 + 15 + 22.9 × 0.25 = 40.725.
        #expect(matches(r.flow("d_integral", at: [0, 3]), [42.5, 40.725]))
    }

    @Test("scaledprofile, weightedaverageprofile and controlcurvepiecewiseinterpolated")
    func profilesAndCurves() throws {
        let r = try PywrFixtures.run("functions.json")
        // 1.5 × the monthly profile: December 5 → 7.5, January 4 → 6.
        #expect(matches(r.flow("d_scaled", at: [0, 7]), [7.5, 6]))
        // (monthly × 1000 + 2 × 3000) / 4000: December (5000 + 6000) / 4000, January 10000 / 4000.
        #expect(matches(r.flow("d_weighted", at: [0, 7]), [2.75, 2.5]))
        // Curves 0.7, 0.4; pairs [10, 8], [6, 4], [3, 1]: pc 1 → 10; 0.9 → 8 + 2 × 0.2/0.3;
        // 0.59049 (step 5) → 4 + 2 × 0.19049/0.3; 0.387420489 (step 9) → 1 + 2 × 0.387420489/0.4.
        let pc5 = Self.startVolume(5) / 1000, pc9 = Self.startVolume(9) / 1000
        #expect(matches(r.flow("d_piecewise_cc", at: [0, 1, 5, 9]), [10, 8 + 2 * 0.2 / 0.3, 4 + 2 * (pc5 - 0.4) / 0.3, 1 + 2 * pc9 / 0.4]))
    }

    @Test("interpolatedquadrature gives SciPy's quad, not the exact integral")
    func quadrature() throws {
        // The demand's flow is its max_flow, the parameter: a bound CLP returns exactly.
        let series = try PywrFixtures.run("functions.json").flow("d_quadrature")
        // scipy.integrate.quad(interp1d([0, 30, 60, 120], [1, 2, 0.5, 3]), 5, b) (SciPy 1.17.1,
        // as Pywr computed it on this model) for b = 100 (step 0) and 65.61 (step 4). The exact
        // integrals are 130.41666… and 80.5440021 (3.3e-8 and 1.6e-7 away).
        #expect(close(series[0], 130.41666669923902, tolerance: Self.quadratureTolerance))
        #expect(close(series[4], 80.54400192029948, tolerance: Self.quadratureTolerance))
        #expect(!close(series[4], 80.5440020979, tolerance: Self.quadratureTolerance))
    }

    @Test("a discharge adds its flow inline; a multi-split link's extra sublink also reaches the main slot")
    func dischargeAndMultiSplit() throws {
        let r = try PywrFixtures.run("discharge_and_multisplit.json")
        // In: headwater (20 in January, 12 in February) + works 4. Sublink 0 (≤ 5, cost −2) to
        // town (−1); farms (−9, ≤ 3) by the canal with sublink 1 carrying twice as much (factors
        // [2, 1]) to town; the rest by the spill sublink (−1.5) to town (−2.5 a unit) rather than
        // to the lake (−2). January: town 5 + 6 + 10 = 21; February: 5 + 6 + 2 = 13.
        #expect(matches(r.flow("works", at: [0, 20]), [4, 4]))
        #expect(matches(r.flow("split", at: [0, 20]), [24, 16]))
        #expect(matches(r.flow("town", at: [0, 20]), [21, 13]))
        #expect(matches(r.flow("farms", at: [0, 20]), [3, 3]))
        #expect(matches(r.flow("lake", at: [0, 20]), [0, 0]))
    }
}

/// rbf_profiles.json (daily from 2015-12-20): SciPy's Rbf with smooth 0 passes through its
/// points, and Pywr clips the profile to [min_value, max_value].
@Suite("Pywr rbfprofile")
struct PywrRbfProfileTests {
    @Test("the profile passes through its days of the year and is clipped")
    func knotsAndClipping() throws {
        let r = try PywrFixtures.run("rbf_profiles.json")
        // Step 12 is 1 Jan 2016 (day 1: 4.0); step 72 is 1 Mar 2016, dayofyear_index 60,
        // which Pywr fills with day 60's value (6.5).
        #expect(matches(r.flow("d_rbf", at: [12, 72]), [4.0, 6.5]))
        // The gaussian profile is 1.0 on day 1, below min_value 1.5; 3.0 on day 45 (14 Feb, step 56).
        #expect(matches(r.flow("d_rbf_clipped", at: [12, 56]), [1.5, 3.0]))
    }
}
