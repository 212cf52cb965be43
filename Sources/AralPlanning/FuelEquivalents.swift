/// The winter compensation of the 1998 Syr Darya agreement in the fuel forms it names: the
/// downstream states "supply coal, gas, fuel oil or electricity to KG in winter"
/// (DATA:exchanges.syr_darya_framework_1998.mechanism). A compensation owed in MWh of winter
/// electricity is shown also as the natural gas, or the coal, a thermal plant burns to make it.
///
/// The data gives no conversion from electricity to fuel, so both factors are assumed and
/// stated here once: a thermal plant of 35% net efficiency (assumed: the region's Soviet-era
/// condensing and CHP plants), gas of 33.5 MJ/m³ (8,000 kcal/m³, assumed: the usual Soviet
/// standard cubic metre) and coal counted in tonnes of standard coal equivalent (29.3 GJ/t,
/// 7,000 kcal/kg, the definition of tce). One MWh of electricity = 3,600 MJ / 0.35 of fuel heat.
public struct FuelEquivalents: Sendable, Codable, Equatable {
    /// Net efficiency of the thermal plant the fuel replaces (assumed).
    public static let thermalEfficiency = 0.35
    /// Heat of one standard m³ of natural gas, MJ (assumed).
    public static let gasMJPerM3 = 33.5
    /// Heat of one tonne of standard coal equivalent, MJ (the definition of tce).
    public static let coalMJPerTonne = 29_308.0
    static let mjPerMWh = 3_600.0

    /// Natural gas that makes the electricity, m³.
    public var gasM3: Double
    /// Coal that makes it, tonnes of standard coal equivalent.
    public var coalTonnes: Double

    public init(electricityMWh: Double) {
        let heat = electricityMWh * Self.mjPerMWh / Self.thermalEfficiency
        gasM3 = heat / Self.gasMJPerM3
        coalTonnes = heat / Self.coalMJPerTonne
    }

    /// What the report says about the factors (printed under the table).
    public static let note = "assumed conversions (the data has none): thermal plant 35% net efficiency, gas 33.5 MJ/m³, coal in tonnes of standard coal equivalent (29.3 GJ)"
}
