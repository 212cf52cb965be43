import Foundation
import Testing
@testable import AralCorridors

/// `aral corridor route --json` writes a route's breakdown keyed by mode name, with the totals
/// the text table shows; read back, the figures are the hand-computed ones of the line network.
@Suite struct CorridorJSONTests {
    static let hourTolerance = 1e-9

    @Test func aRouteReadsBackWithItsByModeFiguresAndTotals() throws {
        let router = CorridorRouter(network: try RouteBreakdownTests.network(), metric: .time)
        let route = try #require(try router.routes(from: "a", to: "q").first)
        let data = try JSONEncoder().encode(route)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["places"] as? [String] == ["a", "border", "g", "p", "q"])
        let km = try #require(object["kmByMode"] as? [String: Double])
        #expect(km == ["rail": 310, "ferry": 300])
        let hours = try #require(object["movingHoursByMode"] as? [String: Double])
        #expect(abs((hours["rail"] ?? 0) - 310.0 / 50) < Self.hourTolerance)
        #expect(object["borderCrossings"] as? Int == 1 && object["gaugeChanges"] as? Int == 1)
        let total = try #require(object["totalHours"] as? Double)
        #expect(abs(total - (6.2 + 5 + 10 + 2 + 3 + 4)) < Self.hourTolerance)
        #expect(object["totalKm"] as? Double == 610)
    }
}
