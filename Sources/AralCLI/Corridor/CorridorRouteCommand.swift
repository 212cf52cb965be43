import ArgumentParser
import AralWorkflows
import AralCorridors

/// `aral corridor route MODEL FROM TO`: the best route and k − 1 alternatives (Yen).
struct CorridorRouteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "Best route and the k best loop-free alternatives between two places.",
        discussion: "Each route is broken down into km and hours by mode, waiting at borders, ferries, gauge changes and transfers, cost per TEU, border crossings and gauge changes."
    )

    @Argument(help: "The corridor model (YAML).") var model: String
    @Argument(help: "Origin node id.") var from: String
    @Argument(help: "Destination node id.") var to: String
    @OptionGroup var criterion: RouteCriterionOptions
    @Option(help: "How many routes (the best and k − 1 alternatives).") var k = 5
    @Option(name: .customLong("scenario"), help: "Scenario overlays to apply, in order.") var scenarios: [String] = []
    @Flag(name: .long, help: "Print the routes as JSON (one object per route, best first).") var json = false

    func validate() throws {
        guard k >= 1 else { throw ValidationError("--k must be ≥ 1") }
    }

    func run() async throws {
        let network = try CorridorInput.network(model, scenarios: scenarios)
        let metric = criterion.by.metric(valueOfTime: criterion.valueOfTime, network: network)
        let router = CorridorRouter(network: network, metric: metric)
        let routes: [RouteBreakdown]
        do { routes = try router.routes(from: from, to: to, k: k) } catch {
            Terminal.error("\(error)")
            throw ExitCode.failure
        }
        if json {
            try JSONOutput.print(RoutesJSON(from: from, to: to, metric: metric.description, routes: routes))
            return
        }
        print("\(from) → \(to) by \(metric): \(routes.count) route\(routes.count == 1 ? "" : "s")\n")
        print(table(CorridorFormatting.summaryHeader, routes.enumerated().map { CorridorFormatting.summaryRow($0, $1) }))
        print("")
        for (i, r) in routes.enumerated() { print(CorridorFormatting.details(i, r)) }
    }
}

/// `aral corridor route --json`.
struct RoutesJSON: Encodable {
    var from: String
    var to: String
    var metric: String
    var routes: [RouteBreakdown]
}
