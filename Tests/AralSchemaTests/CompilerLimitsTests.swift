import Testing
import Foundation
import AralSchema

/// Values the compiler accepted though they are nonsense or stopped the run (found from
/// outside, /work/triage/h1): each is refused at its key path and line, by the compiler that
/// `aral validate` and `aral run` both use.
@Suite("Compiler refuses out-of-range values")
struct CompilerLimitsTests {
    /// A small valid basin; `reservoir` and `extra` (more nodes) and `settings` are spliced in.
    static func model(reservoir: String = "maxVolume: 1000, minVolume: 100, initialVolume: 500",
                      inflow: String = "10", farm: String = "{name: farm, kind: demand, maxFlow: 5, priority: 1}",
                      settings: String = "", extra: String = "") -> String {
        """
        timestepper: {start: 2001-01-01, end: 2001-03-31, step: monthly}
        \(settings.isEmpty ? "" : "settings: {\(settings)}")
        nodes:
          - {name: river, kind: inflow, flow: \(inflow)}
          - {name: res, kind: reservoir, \(reservoir)}
          - \(farm)
          - {name: sea, kind: sink}
        \(extra)
        edges: [[river, res], [res, farm], [res, sea]]
        """
    }

    static func issues(_ text: String) -> [FileIssue] {
        do {
            _ = try ModelLoader.compile(try ModelLoader.decode(text, file: "m.yaml"), text: text, file: "m.yaml")
            return []
        } catch {
            return error.issues
        }
    }

    /// The one issue of `text`, which must be at `path` and say `saying`.
    static func refusal(_ text: String, at path: String, saying: String,
                        sourceLocation: SourceLocation = #_sourceLocation) throws -> FileIssue {
        let issues = issues(text)
        #expect(issues.count == 1, "\(issues)", sourceLocation: sourceLocation)
        let issue = try #require(issues.first { $0.path == path }, "\(issues)", sourceLocation: sourceLocation)
        #expect(issue.file == "m.yaml", sourceLocation: sourceLocation)
        #expect(issue.line != nil, "\(issue)", sourceLocation: sourceLocation)
        #expect(issue.message.contains(saying), "\(issue)", sourceLocation: sourceLocation)
        return issue
    }

    @Test("the base model compiles")
    func baseIsValid() {
        #expect(Self.issues(Self.model()).isEmpty)
    }

    // 1
    @Test("an initialVolume below minVolume (or above maxVolume) is refused at initialVolume")
    func initialVolumeOutsideBounds() throws {
        let issue = try Self.refusal(Self.model(reservoir: "maxVolume: 1000, minVolume: 100, initialVolume: 50"),
                                     at: "nodes[1].initialVolume", saying: "50 is outside [minVolume 100, maxVolume 1000]")
        #expect(issue.line == 5)
        _ = try Self.refusal(Self.model(reservoir: "maxVolume: 1000, minVolume: 100, initialVolume: 1001"),
                             at: "nodes[1].initialVolume", saying: "1001 is outside [minVolume 100, maxVolume 1000]")
        #expect(Self.issues(Self.model(reservoir: "maxVolume: 1000, minVolume: 100, initialVolume: 100")).isEmpty)
    }

    // 2
    @Test("a .nan or .inf number is refused at its key path, wherever it is",
          arguments: [
            ("maxVolume: .nan", "", "nodes[1].maxVolume"),
            ("maxVolume: 1000, spillCost: .nan", "", "nodes[1].spillCost"),
            ("maxVolume: 1000, minVolume: -.inf", "", "nodes[1].minVolume"),
            ("maxVolume: 1000", "lowestPriorityBenefit: .nan", "settings.lowestPriorityBenefit"),
            ("maxVolume: 1000", "spillCost: .nan", "settings.spillCost"),
            ("maxVolume: 1000", "priorityRatio: .inf", "settings.priorityRatio"),
            ("maxVolume: 1000, table: {volume: [0, .nan], level: [1, 2]}", "", "nodes[1].table.volume[1]"),
          ])
    func notFinite(reservoir: String, settings: String, path: String) throws {
        _ = try Self.refusal(Self.model(reservoir: reservoir, settings: settings), at: path, saying: "must be a finite number")
    }

    @Test("a .nan in a CSV schedule's scale or a plant's efficiency is refused too")
    func notFiniteElsewhere() throws {
        let plant = "  - {name: plant, kind: hydropower, reservoir: res, capacityMW: 10, head: 50, efficiency: .nan}"
        _ = try Self.refusal(Self.model(extra: plant), at: "nodes[4].efficiency", saying: "must be a finite number")
        _ = try Self.refusal(Self.model(inflow: "{csv: flows.csv, column: river, scale: .nan}"),
                             at: "nodes[0].flow.scale", saying: "must be a finite number")
    }

    // 3
    @Test("minRelease above maxRelease is refused at minRelease, constant or by month")
    func minReleaseAboveMax() throws {
        _ = try Self.refusal(Self.model(reservoir: "maxVolume: 1000, initialVolume: 500, minRelease: 200, maxRelease: 100"),
                             at: "nodes[1].minRelease", saying: "200 is above maxRelease 100")
        _ = try Self.refusal(Self.model(reservoir: "maxVolume: 1000, initialVolume: 500, minRelease: {monthly: [0, 0, 120, 0, 0, 0, 0, 0, 0, 0, 0, 0]}, maxRelease: 100"),
                             at: "nodes[1].minRelease", saying: "120 is above maxRelease 100 at 2001-03-01")
        #expect(Self.issues(Self.model(reservoir: "maxVolume: 1000, initialVolume: 500, minRelease: 100, maxRelease: 100")).isEmpty)
    }

    // 4
    @Test("a flow or volume past InputLimits.maxMagnitude is refused where it is written",
          arguments: [
            ("1e308", "maxVolume: 1000", "nodes[0].flow"),
            ("1e13", "maxVolume: 1000", "nodes[0].flow"),
            ("10", "maxVolume: 1e308", "nodes[1].maxVolume"),
            ("10", "maxVolume: 1000, initialVolume: 500, minRelease: 1e300", "nodes[1].minRelease"),
          ])
    func beyondAnyBasin(inflow: String, reservoir: String, path: String) throws {
        _ = try Self.refusal(Self.model(reservoir: reservoir, inflow: inflow), at: path, saying: "at most 1e+12")
    }

    @Test("a demand asking 1e308 is refused; a limit's constant is still no limit")
    func demandAndLimit() throws {
        _ = try Self.refusal(Self.model(farm: "{name: farm, kind: demand, maxFlow: 1e308, priority: 1}"),
                             at: "nodes[2].maxFlow", saying: "at most 1e+12")
        #expect(Self.issues(Self.model(reservoir: "maxVolume: 1000, maxRelease: 1e308")).isEmpty)
        #expect(Self.issues(Self.model(reservoir: "maxVolume: 1000, maxRelease: .inf")).isEmpty)
    }

    // 5
    @Test("a negative spillCost on a reservoir is refused")
    func negativeSpillCost() throws {
        _ = try Self.refusal(Self.model(reservoir: "maxVolume: 1000, spillCost: -1"), at: "nodes[1].spillCost", saying: "must be ≥ 0")
        #expect(Self.issues(Self.model(reservoir: "maxVolume: 1000, spillCost: 0")).isEmpty)
    }

    // 6
    @Test("lowestPriorityBenefit of 0 or less is refused", arguments: ["0", "-10"])
    func lowestPriorityBenefit(value: String) throws {
        _ = try Self.refusal(Self.model(settings: "lowestPriorityBenefit: \(value)"), at: "settings.lowestPriorityBenefit", saying: "must be > 0")
    }

    @Test("a priority ladder past the solver's cost range is refused at priorityRatio")
    func ladderBeyondSolver() throws {
        _ = try Self.refusal(Self.model(settings: "priorityRatio: 1e10",
                                        extra: "  - {name: town, kind: demand, maxFlow: 1, priority: 3}\n  - {name: city, kind: demand, maxFlow: 1, priority: 2}")
                                .replacingOccurrences(of: "[res, sea]]", with: "[res, sea], [res, town], [res, city]]"),
                             at: "settings.priorityRatio", saying: "below 1e20")
    }

    // 7
    @Test("a priority of 0 or below is refused, on a demand, a sink or a rule curve", arguments: ["0", "-1"])
    func priorityBelowOne(value: String) throws {
        _ = try Self.refusal(Self.model(farm: "{name: farm, kind: demand, maxFlow: 5, priority: \(value)}"),
                             at: "nodes[2].priority", saying: "must be 1 or more")
        _ = try Self.refusal(Self.model(reservoir: "maxVolume: 1000, ruleCurve: {target: 800, priority: \(value)}"),
                             at: "nodes[1].ruleCurve.priority", saying: "must be 1 or more")
    }

    // 8
    @Test("a plant with a fixed head and a tailwaterLevel or headTable is refused, naming both")
    func contradictoryHead() throws {
        func plant(_ fields: String) -> String {
            Self.model(reservoir: "maxVolume: 1000, table: {volume: [0, 1000], level: [100, 150]}",
                       extra: "  - {name: plant, kind: hydropower, reservoir: res, capacityMW: 10, \(fields)}")
        }
        #expect(Self.issues(plant("head: 50")).isEmpty)
        #expect(Self.issues(plant("tailwaterLevel: 20")).isEmpty)
        let issue = try Self.refusal(plant("head: 50, tailwaterLevel: 20"), at: "nodes[4].tailwaterLevel", saying: "both 'head' and 'tailwaterLevel'")
        #expect(issue.line == 8)
        _ = try Self.refusal(plant("head: 50, headTable: {volume: [0, 1000], head: [40, 60]}"),
                             at: "nodes[4].headTable", saying: "both 'head' and 'headTable'")
        _ = try Self.refusal(Self.model(extra: "  - {name: reach, kind: link}\n  - {name: plant, kind: hydropower, link: reach, capacityMW: 10, tailwaterLevel: 20}")
                                .replacingOccurrences(of: "[res, sea]]", with: "[res, reach], [reach, sea]]"),
                             at: "nodes[5].tailwaterLevel", saying: "run-of-river plant")
    }

    // 9
    @Test("a headTable that stops below maxVolume (or starts above minVolume) is refused at its end")
    func headTableSpan() throws {
        func plant(_ volumes: String) -> String {
            Self.model(reservoir: "maxVolume: 1000, minVolume: 100",
                       extra: "  - {name: plant, kind: hydropower, reservoir: res, capacityMW: 10, headTable: {volume: \(volumes), head: [40, 60]}}")
        }
        #expect(Self.issues(plant("[100, 1000]")).isEmpty)
        #expect(Self.issues(plant("[0, 1200]")).isEmpty)
        _ = try Self.refusal(plant("[100, 800]"), at: "nodes[4].headTable.volume[1]", saying: "ends at 800 Mm³, below maxVolume 1000")
        _ = try Self.refusal(plant("[200, 1000]"), at: "nodes[4].headTable.volume[0]", saying: "starts at 200 Mm³, above minVolume 100")
    }
}
