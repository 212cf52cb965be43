import ArgumentParser
package import AralCorridors

/// Loading corridor inputs for commands: every problem printed with its location, then a
/// non-zero exit.
package enum CorridorInput {
    package static func network(_ path: String, scenarios: [String] = []) throws -> CorridorNetwork {
        do throws(CorridorInputError) { return try CorridorLoader.load(path: path, scenarios: scenarios) } catch {
            report(error, what: "the corridor model")
            throw ExitCode.failure
        }
    }

    static func demand(_ path: String, on network: CorridorNetwork) throws -> [ODDemand] {
        do throws(CorridorInputError) { return try DemandTable.read(path: path, network: network) } catch {
            report(error, what: "the demand file")
            throw ExitCode.failure
        }
    }

    static func report(_ error: CorridorInputError, what: String) {
        let count = error.issues.count
        Terminal.error("\(count == 1 ? "1 problem" : "\(count) problems") in \(what):")
        for issue in error.issues { Terminal.note("  \(issue)") }
    }
}

/// `--by time|cost|generalized`.
enum RouteCriterion: String, ExpressibleByArgument, CaseIterable {
    case time, cost, generalized

    func metric(valueOfTime: Double?, network: CorridorNetwork) -> RouteMetric {
        switch self {
        case .time: .time
        case .cost: .cost
        case .generalized: .generalized(valueOfTimeUSDPerTEUHour: valueOfTime ?? network.settings.valueOfTimeUSDPerTEUHour)
        }
    }
}

/// Options shared by the commands that rank routes.
struct RouteCriterionOptions: ParsableArguments {
    @Option(help: "What 'best' means: time, cost or generalized (cost + value of time × hours).")
    var by: RouteCriterion = .time

    @Option(name: .customLong("value-of-time"), parsing: .unconditional, help: "USD per TEU-hour for --by generalized (default: the model's settings.valueOfTimeUSDPerTEUHour).")
    var valueOfTime: Double?

    func validate() throws {
        if let v = valueOfTime, let problem = CorridorLimits.valueOfTimeProblem(v) { throw ValidationError("--value-of-time \(problem)") }
    }
}
