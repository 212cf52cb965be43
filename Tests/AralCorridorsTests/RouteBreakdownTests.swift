import Testing
@testable import AralCorridors

/// A route's breakdown on a line where every kind of passage occurs once, by hand:
/// a (CN) –rail 1435, 100 km at 50 km/h– border CN|KZ –rail 1435, 10 km– gauge change (KZ)
/// –rail 1520, 200 km at 50 km/h– port p (KZ) –ferry, 5 h, every 8 h– port q (AZ).
@Suite struct RouteBreakdownTests {
    static let hourTolerance = 1e-9

    static func network() throws -> CorridorNetwork {
        let free = Dwell(hours: 0, costUSDPerTEU: 0)
        return try CorridorCompiler.compile(CorridorDocument(name: "line", nodes: [
            .init(id: "a", country: "CN", kind: .terminal(transfer: free)),
            .init(id: "border", country: nil, kind: .border(countries: ["CN", "KZ"], dwell: [
                .init(mode: .rail, fromCountry: "CN", dwell: .init(hours: 10, costUSDPerTEU: 100)),
                .init(mode: .rail, fromCountry: "KZ", dwell: .init(hours: 20, costUSDPerTEU: 100)),
            ])),
            .init(id: "g", country: "KZ", kind: .gaugeChange(gauges: [1435, 1520], change: .init(hours: 2, costUSDPerTEU: 50))),
            .init(id: "p", country: "KZ", kind: .port(transfer: .init(hours: 3, costUSDPerTEU: 30))),
            .init(id: "q", country: "AZ", kind: .port(transfer: free)),
        ], segments: [
            .init(id: "a-border", mode: .rail, from: "a", to: "border", gauge: 1435, lengthKm: 100, speedKmh: 50, tariffUSDPerTEUKm: 1),
            .init(id: "border-g", mode: .rail, from: "border", to: "g", gauge: 1435, lengthKm: 10, speedKmh: 50, tariffUSDPerTEUKm: 1),
            .init(id: "g-p", mode: .rail, from: "g", to: "p", gauge: 1520, lengthKm: 200, speedKmh: 50, tariffUSDPerTEUKm: 1),
            .init(id: "p-q", mode: .ferry, from: "p", to: "q", lengthKm: 300, crossingHours: 5, sailingIntervalHours: 8, tariffUSDPerTEU: 400),
        ]))
    }

    @Test func everyPassageIsCountedOnceInItsDirection() throws {
        let router = CorridorRouter(network: try Self.network(), metric: .time)
        let out = try #require(try router.routes(from: "a", to: "q").first)
        #expect(out.places == ["a", "border", "g", "p", "q"])
        #expect(abs((out.movingHoursByMode[.rail] ?? 0) - 310.0 / 50) < Self.hourTolerance)
        #expect(abs((out.movingHoursByMode[.ferry] ?? 0) - 5) < Self.hourTolerance)
        #expect(out.borderHours == 10 && out.borderCrossings == 1)
        #expect(out.gaugeChangeHours == 2 && out.gaugeChanges == 1)
        #expect(out.transferHours == 3)
        #expect(out.ferryWaitHours == 4)
        #expect(abs(out.totalHours - (6.2 + 5 + 10 + 2 + 3 + 4)) < Self.hourTolerance)
        #expect(out.costUSDPerTEU == 310 + 400 + 100 + 50 + 30)
        #expect(out.kmByMode[.rail] == 310 && out.kmByMode[.ferry] == 300)

        let back = try #require(try router.routes(from: "q", to: "a").first)
        #expect(back.borderHours == 20)
        #expect(abs(back.totalHours - (6.2 + 5 + 20 + 2 + 3 + 4)) < Self.hourTolerance)
    }

    @Test func aBorderWithoutDwellForAModeIsAnError() throws {
        var document = CorridorDocument(name: "x", nodes: [
            .init(id: "a", country: "CN", kind: .terminal(transfer: .init(hours: 0, costUSDPerTEU: 0))),
            .init(id: "b", country: nil, kind: .border(countries: ["CN", "KZ"], dwell: [
                .init(mode: .rail, fromCountry: nil, dwell: .init(hours: 1, costUSDPerTEU: 0)),
            ])),
        ], segments: [.init(id: "road", mode: .road, from: "a", to: "b", lengthKm: 1, speedKmh: 1)])
        #expect(throws: (any Error).self) { try CorridorCompiler.compile(document) }
        document.segments[0] = .init(id: "rail", mode: .rail, from: "a", to: "b", gauge: 1435, lengthKm: 1, speedKmh: 1)
        #expect(throws: Never.self) { try CorridorCompiler.compile(document) }
    }
}
