import Testing
import Foundation
import AralModel
import AralPlanning

/// The summer electricity and the values of the exchange, on `twoSeasons` (ExchangeTests):
/// the consortium turbines 150 m³/s in summer that alone stayed in the dam, so UP's plant
/// makes 150 × 706.32 = 105,948 MWh more in summer and the same amount less in winter.
@Suite("Exchange: summer electricity and values")
struct ExchangeValueTests {
    static let mwhPerCumecStep = 0.981 * 720
    /// The plan's prices of UP's energy: 50 in winter (March), 10 in summer (April).
    static let winterPrice = 50.0, summerPrice = 10.0

    func exchange() throws -> ExchangeResult {
        let planner = try PlanFixture.planner(twoSeasons)
        return ExchangeResult(inputs: planner.inputs, consortium: try planner.plan(),
                              alone: try planner.planAlone(upstream: ["UP"]))
    }

    @Test("UP's extra summer electricity goes to DN, valued at UP's summer price")
    func summerElectricity() throws {
        let result = try exchange()
        let summer = 150 * Self.mwhPerCumecStep   // 105,948 MWh
        #expect(closeRelative(try #require(result.upstream.first).summerEnergyMWh, summer, energyRelativeTolerance))
        let transfer = try #require(result.summerElectricity.first)
        #expect(result.summerElectricity.count == 1)
        #expect(transfer.from == "UP" && transfer.to == "DN")
        #expect(closeRelative(transfer.energyMWh, summer, energyRelativeTolerance))
        #expect(closeRelative(try #require(transfer.value), summer * Self.summerPrice, energyRelativeTolerance))
    }

    @Test("the winter compensation is valued at UP's winter price, above the summer electricity's value")
    func compensationValue() throws {
        let result = try exchange()
        let energy = try #require(result.obligations.first { $0.commodity == .energy })
        let forgone = 150 * Self.mwhPerCumecStep
        #expect(closeRelative(try #require(energy.value), forgone * Self.winterPrice, energyRelativeTolerance))
        #expect(try #require(energy.value) > (try #require(result.summerElectricity.first?.value)))
        #expect(result.obligations.first { $0.commodity == .water }?.value == nil)
    }

    @Test("the result decodes back from its JSON unchanged")
    func roundTrip() throws {
        let result = try exchange()
        let data = try JSONEncoder().encode(result)
        let back = try JSONDecoder().decode(ExchangeResult.self, from: data)
        #expect(back.obligations == result.obligations)
        #expect(back.summerElectricity == result.summerElectricity)
        #expect(back.upstream.map(\.party) == result.upstream.map(\.party))
        #expect(back.method == result.method)
    }
}
