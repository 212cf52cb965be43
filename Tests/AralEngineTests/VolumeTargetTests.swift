import Testing
import AralModel
import AralSchema
import AralEngine
import AralClp

/// Volumes over periods (`policy.volumes`) in a run, on rivers small enough to work by hand.
///
/// Monthly steps in 2001: January 31 days, February 28, March 31, so 1 m³/s carries
/// k₁ = 2.6784, k₂ = 2.4192, k₃ = 2.6784 Mm³ (days × 0.0864); the quarter K = 7.776 Mm³.
@Suite("Volumes over periods in a run")
struct VolumeTargetTests {
    static let k1 = 31 * 0.0864, k2 = 28 * 0.0864, k3 = 31 * 0.0864

    /// A river split between a demand (priority 1, up to 100 m³/s) and a channel to the sea.
    static func river(inflow: String, volume: String, end: String = "2001-03-31", step: String = "monthly") -> String {
        """
        timestepper: {start: 2001-01-01, end: \(end), step: \(step)}
        nodes:
          - {name: river, kind: inflow, flow: \(inflow)}
          - {name: split, kind: confluence}
          - {name: d, kind: demand, priority: 1, maxFlow: 100}
          - {name: channel, kind: link}
          - {name: sea, kind: sink}
        edges: [[river, split], [split, d], [split, channel], [channel, sea]]
        policy:
          volumes:
            - \(volume)
        """
    }

    func flows(_ r: BasinResults, _ name: String) throws -> [Double] { try #require(r.values(name, "flow")) }

    @Test("A least volume is carried as state: a short first month is made up pro rata by the months left")
    func minimumCarriedAsState() throws {
        // 30 m³/s over the quarter: M = 30 × 7.776 = 233.28 Mm³, sanitary (outranks the demand).
        let m = 30 * (Self.k1 + Self.k2 + Self.k3)
        let r = try run(Self.river(inflow: "[10, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100]",
                                   volume: "{name: sanitary, nodes: [channel], period: {from: 01-01, to: 03-31}, min: \(m), sanitary: true}"))
        let channel = try flows(r, "channel"), d = try flows(r, "d")
        // January owes 233.28 / 7.776 = 30 but the river has 10: all of it goes down the channel.
        #expect(close(channel[0], 10))
        #expect(close(d[0], 0))
        // February and March owe the rest, (233.28 − 10 k₁) / (k₂ + k₃) = 206.496 / 5.0976 each;
        // a rule that forgot January (30 each month) would pass only 10 k₁ + 30 (k₂ + k₃).
        let catchUp = (m - 10 * Self.k1) / (Self.k2 + Self.k3)
        #expect(close(channel[1], catchUp))
        #expect(close(channel[2], catchUp))
        #expect(close(d[1], 100 - catchUp))
        let outcome = try #require(r.volumeOutcomes.first)
        #expect(r.volumeOutcomes.count == 1)
        #expect(close(outcome.volume, m))
        #expect(outcome.shortfall <= handTolerance * m)
        #expect(!outcome.period.isPartial)
        #expect(r.worstMassBalanceResidual <= Simulation.massBalanceTolerance)
    }

    @Test("A most volume is a licence: a step may take all that is left, then the demand is capped")
    func maximumCapsAsLicence() throws {
        // M = 100 k₁ + 50 k₂ = 388.8 Mm³ over the quarter on the demand itself.
        let m = 100 * Self.k1 + 50 * Self.k2
        let r = try run(Self.river(inflow: "100",
                                   volume: "{name: licence, nodes: [d], period: {from: 01-01, to: 03-31}, max: \(m), priority: 1}"))
        let d = try flows(r, "d")
        // January may take 388.8 / k₁ = 145.2 m³/s: the demand's 100. February what is left,
        // 120.96 / k₂ = 50; March nothing.
        #expect(close(d[0], 100))
        #expect(close(d[1], 50))
        #expect(close(d[2], 0, 1e-6))
        let outcome = try #require(r.volumeOutcomes.first)
        #expect(close(outcome.volume, m))
        #expect(outcome.excess <= handTolerance * m)
    }

    @Test("A period the run only partly covers owes its share by days, and a shortfall is reported")
    func partialPeriodScaledAndShortReported() throws {
        // 10 m³/s over 4 days = 3.456 Mm³; the run covers 2 of the 4 days: 1.728 owed. The river
        // has 5 m³/s: 0.864 Mm³ passes, 0.864 short.
        let r = try run(Self.river(inflow: "5", volume: "{name: s, nodes: [channel], period: {from: 01-01, to: 01-04}, min: 3.456, sanitary: true}",
                                   end: "2001-01-02", step: "daily"))
        let outcome = try #require(r.volumeOutcomes.first)
        #expect(outcome.period.isPartial)
        #expect(close(try #require(outcome.period.minVolume), 1.728))
        #expect(close(outcome.volume, 0.864))
        #expect(close(outcome.shortfall, 0.864))
    }

    @Test("Water years and seasons map onto monthly steps, one outcome per period")
    func namedPeriods() throws {
        let yaml = Self.river(inflow: "100", volume: "{name: wy, nodes: [channel], period: water-year, min: 100, priority: 1}",
                              end: "2002-12-31")
            + "\n    - {name: ng, nodes: [channel], period: non-growing, min: 50, priority: 1}"
        let model = try compile(yaml)
        let targets = model.network.volumeTargets
        // 2001-01 … 2002-12: water years 2000-01 (partial: Jan–Sep), 2001-02, 2002-03 (partial: Oct–Dec).
        #expect(targets[0].periods.map { [$0.first, $0.last] } == [[0, 8], [9, 20], [21, 23]])
        #expect(targets[0].periods.map(\.isPartial) == [true, false, true])
        // Non-growing: Oct–Mar, cut by the run at both ends.
        #expect(targets[1].periods.map { [$0.first, $0.last] } == [[0, 2], [9, 14], [21, 23]])
    }
}

/// `policy.volumes` errors name the key path and what is wrong.
@Suite("Volumes over periods in the model file")
struct VolumeCompileTests {
    static func model(_ volume: String, step: String = "monthly") -> String {
        VolumeTargetTests.river(inflow: "100", volume: volume, step: step)
    }

    func issues(_ volume: String, step: String = "monthly") -> [FileIssue] { problems(Self.model(volume, step: step)) }

    @Test("An unknown node, with the nearest name")
    func unknownNode() {
        let found = issues("{name: v, nodes: [chanel], period: water-year, min: 10, priority: 1}")
        #expect(found.contains { $0.path == "policy.volumes[0].nodes[0]" && $0.message.contains("'chanel' is not a node (did you mean 'channel'?)") })
    }

    @Test("A minimum above the maximum")
    func minimumAboveMaximum() {
        let found = issues("{name: v, nodes: [channel], period: growing, min: 500, max: 400, priority: 1}")
        #expect(found.contains { $0.path == "policy.volumes[0].min" && $0.message.contains("500.0 Mm³ is above the maximum 400.0 Mm³") })
    }

    @Test("A period that does not fit the timestepper's steps")
    func periodOffTheSteps() {
        let found = issues("{name: v, nodes: [channel], period: {from: 01-15, to: 02-14}, min: 10, priority: 1}")
        #expect(found.contains { $0.path == "policy.volumes[0].period" && $0.message.contains("begins inside the step of 2001-01-01 (31 days)") })
        // The same dates fit daily steps.
        #expect(issues("{name: v, nodes: [channel], period: {from: 01-15, to: 02-14}, min: 10, priority: 1}", step: "daily").isEmpty)
    }

    @Test("An unknown period name, a bad date, a rank given twice, not at all or unknown, no volume, a misspelt key")
    func otherMistakes() {
        #expect(issues("{name: v, nodes: [channel], period: growin, min: 10, priority: 1}").contains {
            $0.path == "policy.volumes[0].period" && $0.message.contains("did you mean 'growing'")
        })
        #expect(issues("{name: v, nodes: [channel], period: {from: 02-29, to: 03-31}, min: 10, priority: 1}").contains {
            $0.path == "policy.volumes[0].period.from"
        })
        #expect(issues("{name: v, nodes: [channel], period: growing, min: 10, priority: 1, sanitary: true}").contains {
            $0.path == "policy.volumes[0].priority" && $0.message.contains("not both")
        })
        #expect(issues("{name: v, nodes: [channel], period: growing, min: 10}").contains { $0.path == "policy.volumes[0]" })
        #expect(issues("{name: v, nodes: [channel], period: growing, min: 10, priority: 7}").contains {
            $0.path == "policy.volumes[0].priority" && $0.message.contains("the model's priorities are 1")
        })
        #expect(issues("{name: v, nodes: [channel], period: growing, priority: 1}").contains { $0.path == "policy.volumes[0]" })
        #expect(issues("{name: v, nodes: [channel], period: growing, min: 10, priorty: 1}").contains { $0.message.contains("did you mean 'priority'") })
    }
}
