import Testing
import AralPlanning

/// The fuel forms of the winter compensation, worked by hand from the stated factors.
@Suite("Winter compensation in fuel")
struct FuelEquivalentsTests {
    static let tolerance = 1e-6

    @Test("1,000 MWh of winter electricity is 307,036 m³ of gas or 350.95 t of standard coal")
    func handWorked() {
        // 1,000 MWh × 3,600 MJ/MWh / 0.35 = 10,285,714.29 MJ of heat;
        // / 33.5 MJ/m³ = 307,036.25 m³; / 29,308 MJ/t = 350.95245 t.
        let fuel = FuelEquivalents(electricityMWh: 1000)
        #expect(abs(fuel.gasM3 - 307_036.247_334_7) <= Self.tolerance * 1e3)
        #expect(abs(fuel.coalTonnes - 350.952_445_9) <= Self.tolerance * 1e2)
    }

    @Test("No electricity, no fuel; the fuel grows in proportion")
    func proportional() {
        #expect(FuelEquivalents(electricityMWh: 0) == FuelEquivalents(electricityMWh: 0))
        #expect(FuelEquivalents(electricityMWh: 0).gasM3 == 0)
        let one = FuelEquivalents(electricityMWh: 1), many = FuelEquivalents(electricityMWh: 250)
        #expect(abs(many.gasM3 - 250 * one.gasM3) <= Self.tolerance * many.gasM3)
        #expect(abs(many.coalTonnes - 250 * one.coalTonnes) <= Self.tolerance * many.coalTonnes)
    }
}
