import Testing
import AralClp
@testable import AralCorridors

/// Assignment on a network small enough to solve by hand.
///
/// A and B are joined directly (10 km at 1 USD/TEU-km: 10 USD/t with 1 t per TEU, capacity
/// 100 t/yr) and through M (5 + 10 km: 15 USD/t, capacity 1,000 t/yr on the M–B leg).
/// 150 t/yr from A to B: 100 take the direct line, 50 go through M; the direct line binds and
/// one more tonne of its capacity saves 15 − 10 = 5 USD. 2,000 t/yr: 100 + 1,000 are carried
/// and 900 are reported unserved.
@Suite struct AssignmentTests {
    static let flowTolerance = 1e-6
    static let priceTolerance = 1e-6

    static func network() throws -> CorridorNetwork {
        let document = CorridorDocument(
            name: "hand", settings: .init(tonnesPerTEU: 1, valueOfTimeUSDPerTEUHour: 0),
            nodes: ["A", "M", "B"].map { CorridorNodeDocument(id: $0, country: "X", kind: .terminal(transfer: .init(hours: 0, costUSDPerTEU: 0))) },
            segments: [
                SegmentDocument(id: "direct", mode: .rail, from: "A", to: "B", gauge: 1520, lengthKm: 10, speedKmh: 10,
                                tariffUSDPerTEUKm: 1, capacityTonnesPerYear: 100),
                SegmentDocument(id: "a-m", mode: .rail, from: "A", to: "M", gauge: 1520, lengthKm: 5, speedKmh: 10, tariffUSDPerTEUKm: 1),
                SegmentDocument(id: "m-b", mode: .rail, from: "M", to: "B", gauge: 1520, lengthKm: 10, speedKmh: 10,
                                tariffUSDPerTEUKm: 1, capacityTonnesPerYear: 1_000),
            ])
        return try CorridorCompiler.compile(document)
    }

    static func load(_ r: CorridorAssignment.Result, _ id: String) -> Double {
        r.segments.first { $0.segment == id }?.totalTonnes ?? .nan
    }

    @Test func bindingCapacityHasTheNextRoutesCostDifferenceAsShadowPrice() throws {
        let result = try CorridorAssignment.assign([ODDemand(origin: "A", destination: "B", tonnesPerYear: 150)],
                                                   on: Self.network(), metric: .cost, solver: ClpSolver())
        #expect(abs(Self.load(result, "direct") - 100) < Self.flowTolerance)
        #expect(abs(Self.load(result, "m-b") - 50) < Self.flowTolerance)
        #expect(result.unserved.isEmpty)
        #expect(abs(result.carriedCost - (100 * 10 + 50 * 15)) < Self.flowTolerance)
        let direct = try #require(result.bottlenecks.first { $0.id == "direct" })
        #expect(abs(direct.shadowPricePerTonne - 5) < Self.priceTolerance)
        #expect(!result.bottlenecks.contains { $0.id == "m-b" })
    }

    /// Found from outside: with no demand the capacity rows had no columns and read back as
    /// loaded to capacity, so every capacity was listed as a bottleneck carrying nothing.
    @Test func noDemandHasNoBottlenecksAndCarriesNothing() throws {
        let result = try CorridorAssignment.assign([], on: Self.network(), metric: .cost, solver: ClpSolver())
        #expect(result.bottlenecks.isEmpty)
        #expect(result.segments.count == 3 && result.segments.allSatisfy { $0.totalTonnes == 0 })
        #expect(result.carriedCost == 0 && result.demandTonnes == 0 && result.unserved.isEmpty)
        // A shadow price is never printed as -0.
        let some = try CorridorAssignment.assign([ODDemand(origin: "A", destination: "B", tonnesPerYear: 50)],
                                                 on: Self.network(), metric: .cost, solver: ClpSolver())
        #expect(some.bottlenecks.allSatisfy { $0.shadowPricePerTonne.sign == .plus })
    }

    @Test func volumeBeyondAllCapacityIsReportedUnserved() throws {
        let result = try CorridorAssignment.assign([ODDemand(origin: "A", destination: "B", tonnesPerYear: 2_000)],
                                                   on: Self.network(), metric: .cost, solver: ClpSolver())
        #expect(abs(result.unservedTonnes - 900) < Self.flowTolerance)
        #expect(result.unserved.first?.origin == "A" && result.unserved.first?.destination == "B")
        #expect(abs(Self.load(result, "direct") - 100) < Self.flowTolerance)
        #expect(abs(Self.load(result, "m-b") - 1_000) < Self.flowTolerance)
        #expect(Set(result.bottlenecks.map(\.id)) == ["direct", "m-b"])
    }

    @Test func flowsInBothDirectionsShareACapacity() throws {
        let result = try CorridorAssignment.assign([ODDemand(origin: "A", destination: "B", tonnesPerYear: 60),
                                                    ODDemand(origin: "B", destination: "A", tonnesPerYear: 60)],
                                                   on: Self.network(), metric: .cost, solver: ClpSolver())
        #expect(abs(Self.load(result, "direct") - 100) < Self.flowTolerance)
        #expect(abs(Self.load(result, "m-b") - 20) < Self.flowTolerance)
    }
}
