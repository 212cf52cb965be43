import ArgumentParser
import AralWorkflows
import Foundation
import AralClp
import AralCorridors

/// `aral corridor compare MODEL SCENARIO`: what a scenario changes for a list of OD pairs
/// (time, cost, route) and for the assignment of a demand file.
struct CorridorCompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare a scenario with the base model: best routes for OD pairs and the assignment.",
        discussion: "By default the pairs come from MODEL-NAME.pairs.csv and the demand from MODEL-NAME.demand.csv beside the model."
    )

    @Argument(help: "The corridor model (YAML).") var model: String
    @Argument(help: "Scenario overlay (name in scenarios/ beside the model, or a path).") var scenario: String
    @Option(help: "CSV of origin,destination pairs.") var pairs: String?
    @Option(help: "Demand CSV for the assignment comparison.") var demand: String?
    @OptionGroup var criterion: RouteCriterionOptions
    @Flag(name: .long, help: "Print the comparison as JSON: each pair's best route before and after, and both assignments.") var json = false

    func sibling(_ suffix: String) -> String {
        let base = (model as NSString).deletingPathExtension
        return "\(base).\(suffix)"
    }

    func run() async throws {
        let base = try CorridorInput.network(model)
        let changed = try CorridorInput.network(model, scenarios: [scenario])
        let metric = criterion.by.metric(valueOfTime: criterion.valueOfTime, network: base)
        let pairsFile = pairs ?? sibling("pairs.csv")
        let odPairs: [(origin: String, destination: String)]
        do throws(CorridorInputError) { odPairs = try DemandTable.readPairs(path: pairsFile, network: changed) } catch {
            CorridorInput.report(error, what: "the pairs file")
            throw ExitCode.failure
        }
        let before = CorridorRouter(network: base, metric: metric), after = CorridorRouter(network: changed, metric: metric)
        if json {
            try printJSON(odPairs, before, after, metric: metric, base: base, changed: changed)
            return
        }
        print("scenario \(scenario) against \(model), best routes by \(metric):\n")
        var rows: [[String]] = []
        var routeChanges: [String] = []
        for (o, d) in odPairs {
            let a = try? before.routes(from: o, to: d).first, b = try? after.routes(from: o, to: d).first
            let same = a?.segments == b?.segments
            rows.append(["\(o) → \(d)", a.map { fmt($0.totalDays, 1) } ?? "no route", b.map { fmt($0.totalDays, 1) } ?? "no route",
                         a.map { CorridorFormatting.thousands($0.costUSDPerTEU) } ?? "-", b.map { CorridorFormatting.thousands($0.costUSDPerTEU) } ?? "-",
                         same ? "same" : "changed"])
            if !same, let b { routeChanges.append("  \(o) → \(d): now " + b.places.joined(separator: " → ")) }
        }
        print(table(["pair", "days base", "days scen", "USD/TEU base", "USD/TEU scen", "route"], rows))
        if !routeChanges.isEmpty { print("\nnew routes:\n" + routeChanges.joined(separator: "\n")) }

        let demandFile = demand ?? sibling("demand.csv")
        guard FileManager.default.fileExists(atPath: demandFile) else {
            print("\n(no demand file \(demandFile); assignment not compared)")
            return
        }
        let demands = try CorridorInput.demand(demandFile, on: changed)
        do {
            let r0 = try CorridorAssignment.assign(demands, on: base, metric: metric, solver: ClpSolver())
            let r1 = try CorridorAssignment.assign(demands, on: changed, metric: metric, solver: ClpSolver())
            print("\nassignment of \(demandFile) (\(fmt(r0.demandTonnes / 1e6, 3)) Mt/yr):")
            print(table(["", "base", "scenario"], [
                ["carried (\(metric.totalUnit)/yr)", CorridorFormatting.thousands(r0.carriedCost), CorridorFormatting.thousands(r1.carriedCost)],
                ["unserved Mt", fmt(r0.unservedTonnes / 1e6, 3), fmt(r1.unservedTonnes / 1e6, 3)],
                ["bottlenecks", r0.bottlenecks.map(\.id).joined(separator: " "), r1.bottlenecks.map(\.id).joined(separator: " ")],
            ]))
            let old = Dictionary(r0.segments.map { ($0.segment, $0.totalTonnes) }, uniquingKeysWith: +)
            let new = Dictionary(r1.segments.map { ($0.segment, $0.totalTonnes) }, uniquingKeysWith: +)
            let ids = Set(old.keys).union(new.keys).filter { abs((new[$0] ?? 0) - (old[$0] ?? 0)) > 1e3 }.sorted()
            print("\nsegment loads that change by more than 1 kt/yr (Mt/yr):")
            print(ids.isEmpty ? "  none" : table(["segment", "base", "scenario"], ids.map { [$0, fmt((old[$0] ?? 0) / 1e6, 3), fmt((new[$0] ?? 0) / 1e6, 3)] }))
        } catch {
            Terminal.error("\(error)")
            throw ExitCode.failure
        }
    }

    /// `--json`: the same comparison as data. A pair without a route on one side has that side absent.
    func printJSON(_ odPairs: [(origin: String, destination: String)], _ before: CorridorRouter, _ after: CorridorRouter,
                   metric: RouteMetric, base: CorridorNetwork, changed: CorridorNetwork) throws {
        var out = CompareJSON(model: model, scenario: scenario, metric: metric.description, pairs: [])
        for (o, d) in odPairs {
            let a = try? before.routes(from: o, to: d).first, b = try? after.routes(from: o, to: d).first
            out.pairs.append(.init(origin: o, destination: d, base: a, scenario: b, sameRoute: a?.segments == b?.segments))
        }
        let demandFile = demand ?? sibling("demand.csv")
        if FileManager.default.fileExists(atPath: demandFile) {
            let demands = try CorridorInput.demand(demandFile, on: changed)
            do {
                out.assignment = .init(demand: demandFile,
                                       base: try CorridorAssignment.assign(demands, on: base, metric: metric, solver: ClpSolver()),
                                       scenario: try CorridorAssignment.assign(demands, on: changed, metric: metric, solver: ClpSolver()))
            } catch {
                Terminal.error("\(error)")
                throw ExitCode.failure
            }
        }
        try JSONOutput.print(out)
    }
}

/// `aral corridor compare --json`.
struct CompareJSON: Encodable {
    struct Pair: Encodable {
        var origin: String
        var destination: String
        var base: RouteBreakdown?
        var scenario: RouteBreakdown?
        var sameRoute: Bool
    }
    struct Assignment: Encodable {
        var demand: String
        var base: CorridorAssignment.Result
        var scenario: CorridorAssignment.Result
    }
    var model: String
    var scenario: String
    var metric: String
    var pairs: [Pair]
    /// Absent when there is no demand file.
    var assignment: Assignment?
}
