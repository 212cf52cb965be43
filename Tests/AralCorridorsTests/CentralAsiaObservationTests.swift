import Foundation
import Testing
import AralClp
@testable import AralCorridors

/// The Central Asia model checked against what was observed; these fail when the model drifts.
@Suite struct CentralAsiaObservationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let model = root.appendingPathComponent("models/corridors/central-asia.yaml").path
    static let titr2024 = root.appendingPathComponent("models/corridors/titr-2024.demand.csv").path
    /// Volumes in Mt are compared to 1 t.
    static let tonneTolerance = 1.0

    static func network(_ scenarios: [String] = []) throws -> CorridorNetwork {
        try CorridorLoader.load(path: model, scenarios: scenarios)
    }

    /// TITR overall 28-32 → 13-17 days (AT_2026_03, 2025-26 statement): from the Chinese side of
    /// the border at Khorgos to Poti under the sourced dwell times; and to Baku between the
    /// 8-10-day block trains of 2024 (NEWSAZ_2024_09) and the 17-day average of Dec 2025 (TREND_2026_01).
    @Test func chinaBorderToPotiTakes13To17Days() throws {
        let router = CorridorRouter(network: try Self.network(), metric: .time)
        let poti = try #require(try router.routes(from: "khorgos", to: "poti").first)
        #expect(poti.totalDays >= 13 && poti.totalDays <= 17, "Khorgos → Poti \(poti.totalDays) days")
        #expect(poti.places.contains("baku-alat"))
        #expect(poti.gaugeChanges == 1 && poti.borderCrossings == 2)
        let baku = try #require(try router.routes(from: "khorgos", to: "baku-alat").first)
        #expect(baku.totalDays >= 8 && baku.totalDays <= 17, "Khorgos → Baku \(baku.totalDays) days")
        let dostyk = try #require(try router.routes(from: "alashankou", to: "poti").first)
        #expect(dostyk.totalDays >= 13 && dostyk.totalDays <= 17, "Alashankou → Poti \(dostyk.totalDays) days")
    }

    /// 4.48 Mt on the whole TITR in 2024 (AT_2026_03) fits with the BTK at its post-May-2024
    /// 5 Mt/yr, and does not at the earlier 1 Mt/yr (the assumed 1.3 Mt to Türkiye cannot pass).
    @Test func titr2024VolumeFitsThePost2024BTKCapacity() throws {
        let after = try Self.network(["btk-5mt"])
        let demand = try DemandTable.read(path: Self.titr2024, network: after)
        #expect(abs(demand.reduce(0) { $0 + $1.tonnesPerYear } - 4.48e6) < Self.tonneTolerance)
        let result = try CorridorAssignment.assign(demand, on: after, metric: .cost, solver: ClpSolver())
        #expect(result.unservedTonnes < Self.tonneTolerance)
        let btk = try #require(result.segments.first { $0.segment == "btk-marabda-akhalkalaki" })
        #expect(btk.totalTonnes <= 5e6 + Self.tonneTolerance)
        #expect(abs(btk.totalTonnes - 1.3e6) < Self.tonneTolerance)

        let before = try CorridorAssignment.assign(demand, on: try Self.network(), metric: .cost, solver: ClpSolver())
        #expect(abs(before.unservedTonnes - 0.3e6) < Self.tonneTolerance)
        #expect(before.bottlenecks.contains { $0.id == "btk-marabda-akhalkalaki" && $0.shadowPricePerTonne > 0 })
    }

    /// Termez → Karachi moves from the road over Torkham to the new railway when the Trans-Afghan
    /// scenario is on; Khorgos → Poti, far from it, keeps its route.
    @Test func transAfghanRailwayChangesOnlyTheRoutesItShouldChange() throws {
        let base = CorridorRouter(network: try Self.network(), metric: .cost)
        let built = CorridorRouter(network: try Self.network(["trans-afghan-railway"]), metric: .cost)
        let before = try #require(try base.routes(from: "termez", to: "karachi").first)
        let after = try #require(try built.routes(from: "termez", to: "karachi").first)
        #expect(before.places.contains("torkham"))
        #expect(after.segments.contains("uap-mazar-kharlachi"))
        #expect(after.costUSDPerTEU < before.costUSDPerTEU)

        let unchangedBefore = try #require(try base.routes(from: "khorgos", to: "poti").first)
        let unchangedAfter = try #require(try built.routes(from: "khorgos", to: "poti").first)
        #expect(unchangedBefore.segments == unchangedAfter.segments)
    }

    @Test func everyScenarioLoadsAndCKUConnectsKashgarToAndijan() throws {
        for name in ["trans-afghan-railway", "btk-5mt", "dostyk-moyinty-second-track", "china-kyrgyzstan-uzbekistan-railway"] {
            _ = try Self.network([name])
        }
        #expect(throws: RouteError.self) { try CorridorRouter(network: try Self.network(), metric: .time).routes(from: "kashgar", to: "torugart") }
        let cku = CorridorRouter(network: try Self.network(["china-kyrgyzstan-uzbekistan-railway"]), metric: .time)
        let route = try #require(try cku.routes(from: "kashgar", to: "andijan").first)
        #expect(route.segments.contains("cku-torugart-makmal") && route.gaugeChanges == 1)
    }
}
