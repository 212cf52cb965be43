import Testing
import AralPywr
import AralModel
import AralSchema

/// `aral convert`: what maps is written in Aral's units; what does not is listed by key path.
@Suite("Pywr to Aral conversion")
struct PywrConverterTests {
    /// 1 Ml/d = 1000 m³ / 86 400 s.
    static let cumecsPerMegalitrePerDay = 1000.0 / 86_400

    @Test("a catchment, a link, a storage and a demand convert in m³/s and Mm³")
    func simpleModel() throws {
        let json = pywrModel(nodes: """
            [{"name": "catchment", "type": "catchment", "flow": 86.4},
             {"name": "reservoir", "type": "storage", "max_volume": 2000, "initial_volume_pc": 0.5},
             {"name": "canal", "type": "link", "max_flow": 43.2},
             {"name": "city", "type": "output", "max_flow": 8.64, "cost": -10}]
            """, edges: #"[["catchment", "reservoir"], ["reservoir", "canal"], ["canal", "city"]]"#)
        let result = try PywrConverter.convert(text: json, file: "model.json", units: .megalitresPerDay)
        #expect(result.omissions.isEmpty)
        #expect(result.yaml.contains("kind: inflow\n    flow: 1\n"))
        #expect(result.yaml.contains("maxVolume: 2\n"))
        #expect(result.yaml.contains("initialVolume: 1\n"))
        #expect(result.yaml.contains("capacity: 0.5\n"))
        #expect(result.yaml.contains("maxFlow: 0.1\n"))
        #expect(result.yaml.contains("  - [canal, city]"))
    }

    @Test("licences and varying parameters are listed with their key paths")
    func omissions() throws {
        let json = pywrModel(nodes: """
            [{"name": "river", "type": "input", "max_flow": 10},
             {"name": "demand", "type": "output", "max_flow": "d"},
             {"name": "licence", "type": "annualvirtualstorage", "nodes": ["demand"], "max_volume": 5, "initial_volume": 5}]
            """, edges: #"[["river", "demand"]]"#, parameters: #"{"d": {"type": "dailyprofile", "values": []}}"#)
        let result = try PywrConverter.convert(text: json, file: "model.json", units: .megalitresPerDay)
        let paths = result.omissions.compactMap(\.path)
        #expect(paths.contains("nodes[0]"))
        #expect(paths.contains("nodes[1].max_flow"))
        #expect(paths.contains("nodes[2].type"))
    }
}
