import Foundation
import AralModel
import AralSchema
import Testing
@testable import AralCorridors

/// Bad input gives clear errors naming the file, key path and line — never a crash.
@Suite struct BadInputTests {
    static let header = """
    name: bad
    nodes:
      - {id: a, kind: terminal, country: KZ}
      - {id: b, kind: terminal, country: KZ}
      - {id: c, kind: terminal, country: KZ}
    segments:
      - {id: ab, kind: rail, from: a, to: b, gauge: 1520, lengthKm: 10, speedKmh: 20}

    """

    static func issues(_ text: String, scenarios: [CorridorLoader.ScenarioSource] = []) -> [CorridorIssue] {
        do throws(CorridorInputError) {
            _ = try CorridorLoader.load(text: text, file: "bad.yaml", scenarios: scenarios)
            return []
        } catch {
            return error.issues
        }
    }

    @Test func gaugeMismatchWithoutGaugeChangeIsAnError() throws {
        let found = Self.issues(Self.header + "  - {id: bc, kind: rail, from: b, to: c, gauge: 1435, lengthKm: 10, speedKmh: 20}\n")
        let issue = try #require(found.first)
        #expect(found.count == 1)
        #expect(issue.path == "segments[1].gauge")
        #expect(issue.line == 8)
        #expect(issue.message.contains("1435 mm meets 1520 mm") && issue.message.contains("gaugeChange"))
        #expect(issue.description.hasPrefix("bad.yaml:8:"))
    }

    @Test func negativeSpeedAndCapacityAreErrors() {
        let found = Self.issues(Self.header + "  - {id: bc, kind: rail, from: b, to: c, gauge: 1520, lengthKm: 10, speedKmh: -5, capacityMtPerYear: -1}\n")
        #expect(Set(found.map(\.path)) == ["segments[1].speedKmh", "segments[1].capacityMtPerYear"])
        #expect(found.allSatisfy { $0.line == 8 && $0.file == "bad.yaml" })
        #expect(found.contains { $0.message == "must be > 0; got -5" })
    }

    /// Found from outside: a 1e300 length or tariff reached the assignment LP as a cost CLP
    /// cannot take (a 500 from the server), a speed of 1e-300 km/h overflowed the hours.
    @Test(arguments: [("lengthKm: 10", "lengthKm: 1e300", "segments[1].lengthKm", "at most 50000"),
                      ("speedKmh: 20", "speedKmh: 1e-300", "segments[1].speedKmh", "at least 0.1"),
                      ("speedKmh: 20}", "speedKmh: 20, tariffUSDPerTonneKm: 1e300}", "segments[1].tariffUSDPerTonneKm", "at most 1000000")])
    func figuresBeyondAnyCorridorAreErrors(old: String, new: String, path: String, message: String) {
        let line = "  - {id: bc, kind: rail, from: b, to: c, gauge: 1520, lengthKm: 10, speedKmh: 20}\n"
        let found = Self.issues(Self.header + line.replacingOccurrences(of: old, with: new))
        #expect(found.contains { $0.path == path && $0.message.contains(message) && $0.line == 8 }, "\(found)")
    }

    @Test func demandBeyondAnyCorridorAndTwoQuantityColumnsAreErrors() throws {
        let network = try CorridorLoader.load(text: Self.header, file: "bad.yaml")
        for (text, message) in [("origin,destination,mtPerYear\na,b,1e300\n", "more than any corridor carries"),
                                ("origin,destination,mtPerYear,teuPerYear\na,b,1,2\n", "keep one quantity column")] {
            do throws(CorridorInputError) {
                _ = try DemandTable.parse(text, file: "d.csv", network: network)
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.issues.contains { $0.message.contains(message) }, "\(error.issues)")
            }
        }
    }

    @Test func unknownKeysNodesAndKindsAreNamed() {
        let found = Self.issues(Self.header + "  - {id: bx, kind: rail, from: b, to: x, gauge: 1520, lenghtKm: 10, speedKmh: 20}\n")
        #expect(found.contains { $0.path == "segments[1].lenghtKm" && $0.message.contains("did you mean 'lengthKm'") })
        #expect(found.contains { $0.path == "segments[1].lengthKm" && $0.message.contains("missing") })
        let unknownNode = Self.issues(Self.header + "  - {id: bx, kind: rail, from: b, to: x, gauge: 1520, lengthKm: 10, speedKmh: 20}\n")
        #expect(unknownNode.map(\.path) == ["segments[1].to"])
        #expect(unknownNode.first?.message.hasPrefix("unknown node 'x'") == true)
    }

    @Test func aProblemAScenarioIntroducesIsReportedInTheScenario() {
        let scenario = CorridorLoader.ScenarioSource(file: "s.yaml", text: "segments:\n  ab: {speedKmh: 0}\n")
        let found = Self.issues(Self.header, scenarios: [scenario])
        #expect(found.count == 1)
        #expect(found.first?.file == "s.yaml")
        #expect(found.first?.path == "segments.ab.speedKmh")
        #expect(found.first?.line == 2)
        let missing = Self.issues(Self.header, scenarios: [.init(file: "s.yaml", text: "segments:\n  zz: {enabled: true}\n")])
        #expect(missing.first?.message == "no segment 'zz' in the model")
    }

    @Test func unknownNodeInDemandFileNamesLineAndColumn() throws {
        let network = try CorridorLoader.load(text: Self.header, file: "ok.yaml")
        #expect {
            _ = try DemandTable.parse("origin,destination,tonnesPerYear\na,b,10\na,bb,5\n", file: "d.csv", network: network)
        } throws: { error in
            guard let error = error as? CorridorInputError, let issue = error.issues.first else { return false }
            return error.issues.count == 1 && issue.line == 3 && issue.column == 3 && issue.path == "destination"
                && issue.message == "unknown node 'bb' (did you mean 'b'?)"
        }
    }

    @Test func disconnectedPlacesGiveNoRouteWithTheReason() throws {
        let network = try CorridorLoader.load(text: Self.header, file: "ok.yaml")
        let router = CorridorRouter(network: network, metric: .time)
        #expect(throws: RouteError.noRoute(from: "a", to: "c", reason: "'c' has no segment at all")) {
            try router.routes(from: "a", to: "c")
        }
        let planned = try CorridorLoader.load(text: Self.header + "  - {id: bc, kind: rail, from: b, to: c, gauge: 1520, lengthKm: 10, speedKmh: 20, enabled: false}\n", file: "ok.yaml")
        #expect {
            try CorridorRouter(network: planned, metric: .time).routes(from: "a", to: "c")
        } throws: { error in
            "\(error)".contains("switched off (planned: bc)")
        }
        #expect(throws: RouteError.unknownPlace("aa", hint: "a")) { try router.routes(from: "aa", to: "b") }
    }
}
