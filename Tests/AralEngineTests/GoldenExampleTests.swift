import Testing
import Foundation

/// `examples/basin.expected.csv` is the golden file the CLI's output is compared with, and Aral
/// wrote it. This suite confirms it from outside Aral: from the numbers of `examples/basin.yaml`
/// (copied below) and the physics the model states, by hand for the first two steps and by
/// the water balance of every node, the hydropower formula and every limit at every step.
/// Nothing here calls Aral's code, so a wrong golden file cannot pass by agreeing with itself.
@Suite("Golden example, confirmed independently")
struct GoldenExampleTests {
    /// Values are printed with up to 17 significant digits; the hand arithmetic below differs
    /// from the engine's by rounding only.
    static let tolerance = 1e-9
    /// The LP is solved to about 1e-9 relative, so identities through its flows hold to this.
    static let balanceTolerance = 1e-6

    // From examples/basin.yaml (flows m³/s, volumes Mm³, evaporation mm/day, areas km²).
    static let mountainRiver: [Double] = [120, 115, 130, 210, 420, 690, 720, 560, 330, 200, 150, 130]
    static let sideRiver: [Double] = [40, 40, 55, 90, 140, 150, 120, 80, 55, 45, 42, 40]
    static let upperEvaporation = [0.5, 0.6, 1.2, 2.5, 3.8, 5.0, 5.8, 5.5, 4.0, 2.4, 1.1, 0.6]
    static let lowerEvaporation = [0.8, 1.0, 2.0, 3.5, 5.5, 7.0, 8.0, 7.5, 5.5, 3.5, 1.5, 0.9]
    static let upIrrigationMax: [Double] = [5, 5, 10, 40, 80, 110, 120, 100, 60, 20, 5, 5]
    static let dnIrrigationMax: [Double] = [10, 10, 40, 180, 300, 420, 480, 400, 220, 80, 20, 10]
    static let upperTable = (volume: [0.0, 5500, 10000, 14000, 19500], area: [0.0, 120, 190, 240, 284],
                             level: [720.0, 820, 855, 875, 900])
    static let lowerTable = (volume: [0.0, 1000, 3000, 5200], area: [0.0, 300, 600, 800])
    /// ρ·g in MW per (m³/s · m): 1000 kg/m³ × 9.81 m/s² / 1e6.
    static let megawattsPerCumecMetre = 9.81e-3
    /// One m³/s for one day, in Mm³.
    static let mm3PerCumecDay = 0.0864

    /// The golden file as rows keyed by "step node attribute"; fails the test on any row that
    /// is malformed or any value that does not parse or is not finite.
    static func golden() throws -> (values: [String: Double], steps: [(index: Int, year: Int, month: Int)]) {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let text = try String(contentsOf: root.appendingPathComponent("examples/basin.expected.csv"), encoding: .utf8)
        var values: [String: Double] = [:]
        var steps: [(Int, Int, Int)] = []
        for (n, line) in text.split(separator: "\n").enumerated().dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard f.count == 5, let step = Int(f[0]), let value = Double(f[4]), value.isFinite else {
                Issue.record("examples/basin.expected.csv line \(n + 1): not 'step,date,node,attribute,finite number': \(line)")
                continue
            }
            let date = f[1].split(separator: "-").compactMap { Int($0) }
            guard date.count == 3 else {
                Issue.record("examples/basin.expected.csv line \(n + 1): bad date \(f[1])")
                continue
            }
            if steps.last?.0 != step { steps.append((step, date[0], date[1])) }
            values["\(step) \(f[2]) \(f[3])"] = value
        }
        return (values, steps)
    }

    /// Releases may not draw a reservoir below its minimum volume, but evaporation, which
    /// nobody controls, may: so the end volume is at least the minimum or, when evaporation
    /// alone takes it lower, what evaporation left (and symmetrically at the maximum). The
    /// lower dam of the example shows it in 2000–2001: it ends July 2000 at 925.6 Mm³, below its
    /// 1,000 minimum, because 74.4 Mm³ evaporated from exactly 1,000.
    static func withinLimits(_ end: Double, start: Double, evaporation: Double, min lower: Double, max upper: Double) -> Bool {
        let afterEvaporation = start - evaporation
        return end >= min(lower, afterEvaporation) - balanceTolerance * max(1, lower)
            && end <= max(upper, afterEvaporation) + balanceTolerance * max(1, upper)
    }

    static func interpolate(_ v: Double, _ xs: [Double], _ ys: [Double]) -> Double {
        if v <= xs[0] { return ys[0] }
        for i in 1..<xs.count where v <= xs[i] {
            return ys[i - 1] + (v - xs[i - 1]) / (xs[i] - xs[i - 1]) * (ys[i] - ys[i - 1])
        }
        return ys[ys.count - 1]
    }

    static func days(_ year: Int, _ month: Int) -> Int {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }

    static func near(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool {
        abs(a - b) <= tolerance * max(1, abs(a), abs(b))
    }

    @Test("The first two months, computed by hand")
    func firstStepsByHand() throws {
        let (g, _) = try Self.golden()
        func v(_ key: String) -> Double { g[key] ?? .nan }
        // January 2000, 31 days: k = 31 × 0.0864 = 2.6784 Mm³ per m³/s.
        // Downstream wants dn-city 25 (priority 1), dn-irrigation 10 and the lake's minimum 30
        // (priority 2), up-irrigation 5. The side river (40) covers up-irrigation; 70% of its 5 is
        // consumed, 1.5 returns to the valley: valley = 40 + 1.5 = 41.5, middle reach
        // 41.5 − 5 = 36.5, of which 95% (34.675) reaches the lower dam. The lower dam releases
        // exactly what is wanted: 25 + 10 + (30 − 1.5 returned by dn-irrigation) = 63.5; the
        // upper dam stores everything (a release would only reach the lake, worth less than
        // storage), so its release and energy are 0.
        #expect(v("0 valley flow") == 41.5)
        #expect(v("0 middle-reach flow") == 36.5)
        #expect(v("0 lower-dam release") == 63.5)
        #expect(v("0 lake flow") == 30)
        #expect(v("0 upper-dam release") == 0)
        #expect(v("0 upper-plant energy") == 0)
        // Evaporation uses the area at the start volume: upper 240 km² at 14,000 Mm³,
        // 0.5 mm/day × 31 days × 240 km² = 3.72 Mm³; lower 600 km² at 3,000 Mm³,
        // 0.8 × 31 × 600 / 1000 = 14.88 Mm³.
        #expect(Self.near(v("0 upper-dam evaporation"), 3.72, Self.tolerance))
        #expect(Self.near(v("0 lower-dam evaporation"), 14.88, Self.tolerance))
        // Upper: 14,000 + 120 × 2.6784 − 3.72 = 14,000 + 321.408 − 3.72 = 14,317.688.
        #expect(Self.near(v("0 upper-dam volume"), 14_317.688, Self.tolerance))
        // Lower: 3,000 + (34.675 − 63.5) × 2.6784 − 14.88 = 3,000 − 77.20488 − 14.88 = 2,907.91512.
        #expect(Self.near(v("0 lower-dam volume"), 2_907.91512, Self.tolerance))
        // February 2000 (a leap year), 29 days: k = 2.5056. Upper area at 14,317.688:
        // 240 + 44 × 317.688 / 5,500 = 242.54150… km²; evaporation 0.6 × 29 × 242.5415 / 1000
        // = 4.22022217 Mm³; volume 14,317.688 + 115 × 2.5056 − 4.22022217 = 14,601.61177783.
        #expect(Self.near(v("1 upper-dam evaporation"), 4.2202221696, Self.tolerance))
        #expect(Self.near(v("1 upper-dam volume"), 14_601.6117778304, Self.tolerance))
    }

    @Test("Every step: inflows, water balances, hydropower and limits")
    func everyStepBalances() throws {
        let (g, steps) = try Self.golden()
        #expect(steps.count == 120, "2000-01 to 2009-12 is 120 monthly steps")
        var upperStart = 14_000.0, lowerStart = 3_000.0
        for step in steps {
            let t = step.index, m = step.month - 1
            func v(_ node: String, _ attribute: String) -> Double {
                guard let value = g["\(t) \(node) \(attribute)"] else {
                    Issue.record("step \(t): no \(node) \(attribute) in the golden file")
                    return .nan
                }
                return value
            }
            func same(_ a: Double, _ b: Double, _ what: String) {
                #expect(Self.near(a, b, Self.balanceTolerance), "step \(t) (\(step.year)-\(step.month)): \(what): \(a) vs \(b)")
            }
            let d = Double(Self.days(step.year, step.month)), k = d * Self.mm3PerCumecDay
            same(v("mountain-river", "flow"), Self.mountainRiver[m], "mountain-river inflow")
            same(v("side-river", "flow"), Self.sideRiver[m], "side-river inflow")

            // Upper dam: evaporation on the start area, storage change = k × (in − out) − evaporation.
            let upperOut = v("upper-dam", "release") + v("upper-dam", "spill")
            same(v("upper-dam", "flow"), upperOut, "upper-dam flow = release + spill")
            let upperEvaporation = Self.upperEvaporation[m] * d * Self.interpolate(upperStart, Self.upperTable.volume, Self.upperTable.area) / 1000
            same(v("upper-dam", "evaporation"), upperEvaporation, "upper-dam evaporation")
            let upperEnd = v("upper-dam", "volume")
            same(upperEnd, upperStart + k * (Self.mountainRiver[m] - upperOut) - upperEvaporation, "upper-dam balance")
            #expect(Self.withinLimits(upperEnd, start: upperStart, evaporation: upperEvaporation, min: 5_500, max: 19_500), "step \(t): upper volume \(upperEnd)")
            #expect(v("upper-dam", "release") <= 900 + Self.balanceTolerance)

            // The plant: P = ρ g Q H η, capped at 1,200 MW; H = level at the mean volume − 690 m.
            let q = v("upper-plant", "flow")
            same(q, v("upper-dam", "release"), "turbine flow = release")
            let head = Self.interpolate(0.5 * (upperStart + upperEnd), Self.upperTable.volume, Self.upperTable.level) - 690
            let megawatts = min(1_200, Self.megawattsPerCumecMetre * q * head * 0.9)
            same(v("upper-plant", "energy"), megawatts * d * 24, "upper-plant energy (MWh)")

            // Valley, up-irrigation (30% returns to the valley), the middle reach (5% lost).
            let upIrrigation = v("up-irrigation", "flow")
            same(v("up-irrigation", "demand"), Self.upIrrigationMax[m], "up-irrigation demand")
            same(v("up-irrigation", "deficit"), Self.upIrrigationMax[m] - upIrrigation, "up-irrigation deficit")
            #expect(upIrrigation <= Self.upIrrigationMax[m] + Self.balanceTolerance)
            same(v("valley", "flow"), v("upper-dam", "flow") + Self.sideRiver[m] + 0.3 * upIrrigation, "valley inflow")
            let middle = v("middle-reach", "flow")
            same(middle, v("valley", "flow") - upIrrigation, "middle reach = valley − up-irrigation")
            #expect(middle <= 2_500 + Self.balanceTolerance)

            // Lower dam and what it feeds; dn-irrigation returns 15% to the lake.
            let lowerOut = v("lower-dam", "release") + v("lower-dam", "spill")
            same(v("lower-dam", "flow"), lowerOut, "lower-dam flow = release + spill")
            let lowerEvaporation = Self.lowerEvaporation[m] * d * Self.interpolate(lowerStart, Self.lowerTable.volume, Self.lowerTable.area) / 1000
            same(v("lower-dam", "evaporation"), lowerEvaporation, "lower-dam evaporation")
            let lowerEnd = v("lower-dam", "volume")
            same(lowerEnd, lowerStart + k * (0.95 * middle - lowerOut) - lowerEvaporation, "lower-dam balance")
            #expect(Self.withinLimits(lowerEnd, start: lowerStart, evaporation: lowerEvaporation, min: 1_000, max: 5_200), "step \(t): lower volume \(lowerEnd)")
            let city = v("dn-city", "flow"), dnIrrigation = v("dn-irrigation", "flow")
            same(v("dn-city", "demand"), 25, "dn-city demand")
            same(v("dn-irrigation", "demand"), Self.dnIrrigationMax[m], "dn-irrigation demand")
            same(v("dn-city", "deficit"), 25 - city, "dn-city deficit")
            same(v("dn-irrigation", "deficit"), Self.dnIrrigationMax[m] - dnIrrigation, "dn-irrigation deficit")
            #expect(city <= 25 + Self.balanceTolerance && dnIrrigation <= Self.dnIrrigationMax[m] + Self.balanceTolerance)
            let lake = v("lake", "flow")
            same(lake, lowerOut - city - dnIrrigation + 0.15 * dnIrrigation, "lake = lower-dam outflow − demands + dn-irrigation's return")
            same(v("lake", "shortfall"), max(0, 30 - lake), "lake shortfall below its 30 m³/s minimum")

            upperStart = upperEnd
            lowerStart = lowerEnd
        }
    }
}
