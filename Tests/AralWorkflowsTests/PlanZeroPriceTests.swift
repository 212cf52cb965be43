import Foundation
import Testing
import AralModel
import AralSchema
import AralPlanning
import AralWorkflows

/// A state may value its energy at nothing (`exchange.energyPrices` of 0, which the model
/// format allows): alone it then keeps what its earlier levels leave it. The successive LP on an
/// objective of zero terms returned an arbitrary vertex, whose fixed releases made the next
/// upstream state's plan infeasible (found from outside).
@Suite("Plan with an energy price of zero")
struct PlanZeroPriceTests {
    @Test("the Syr Darya plans with KG's energy priced at 0, its water balanced and an exchange reported")
    func zeroPrice() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aral-zero-price-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: Fixtures.path("models"), toPath: dir.path)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("syr-darya.yaml").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let edited = text.replacingOccurrences(of: "    KG: [15, 15, 15, 10, 10, 10, 10, 10, 10, 15, 15, 15]", with: "    KG: 0")
        #expect(edited != text)
        try edited.write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = try PlanWorkflow.plan(try PlanWorkflow.inputs(.init(source: .file(path: path), from: CivilDate(year: 2018, month: 10, day: 1),
                                                                          to: CivilDate(year: 2019, month: 9, day: 30))))
        #expect(outcome.report.solver.massBalanceResidual <= 1e-6)
        #expect(outcome.report.exchange != nil)
    }
}
