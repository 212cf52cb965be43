import ArgumentParser
import AralWorkflows
import AralCLI
import Foundation
import AralClp
import AralCorridors

/// `aral-bench corridor`: k shortest paths on a synthetic network and the assignment of many
/// OD pairs on a real model, timed (build in release mode for meaningful figures).
struct CorridorBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corridor",
        abstract: "Time k = 5 routes on a synthetic 10,000-node network and a 1,000-pair assignment.",
        discussion: "Goals: k = 5 routes in < 50 ms; 1,000 OD pairs assigned on the Central Asia model in < 5 s."
    )

    @Option(help: "Places in the synthetic network.") var places = 10_000
    @Option(help: "Segments in the synthetic network (each both ways).") var segments = 30_000
    @Option(help: "Routes per query.") var k = 5
    @Option(help: "Route queries (random far-apart pairs); median and worst are reported.") var queries = 20
    @Option(help: "Model for the assignment benchmark.") var model = "models/corridors/central-asia.yaml"
    @Option(help: "OD pairs to assign.") var pairs = 1_000

    func validate() throws {
        guard places >= 4, segments >= 0, k >= 1, queries >= 1, pairs >= 1 else {
            throw ValidationError("--places must be ≥ 4, --k, --queries and --pairs ≥ 1")
        }
    }

    func run() async throws {
        let clock = ContinuousClock()
        var start = clock.now
        let graph = SyntheticCorridorGraph.make(places: places, segments: segments)
        let buildTime = clock.now - start
        print("synthetic network: \(graph.vertexCount) places, \(graph.arcHead.count / 2) segments (built in \(fmt(ms(buildTime), 1)) ms)")
        let search = PathSearch(graph: graph)
        var rng = SystemRandomNumberGenerator()
        let side = Int(Double(graph.vertexCount).squareRoot())
        let corner = max(1, side / 5)
        var times: [Double] = [], cpuTimes: [Double] = []
        var found = 0
        for _ in 0..<max(1, queries) {
            // Opposite corner regions: long routes, the hard case for Yen.
            let a = Int.random(in: 0..<corner, using: &rng) * side + Int.random(in: 0..<corner, using: &rng)
            let b = (side - 1 - Int.random(in: 0..<corner, using: &rng)) * side + side - 1 - Int.random(in: 0..<corner, using: &rng)
            start = clock.now
            let cpuStart = Self.threadCPUMilliseconds()
            let paths = search.kShortest(from: a, to: b, k: k)
            cpuTimes.append(Self.threadCPUMilliseconds() - cpuStart)
            times.append(ms(clock.now - start))
            found += paths.count
        }
        times.sort()
        cpuTimes.sort()
        print("k = \(k) routes: \(queries) queries, \(found) routes found; wall median \(fmt(times[times.count / 2], 2)) ms, worst \(fmt(times.last ?? 0, 2)) ms; "
              + "CPU median \(fmt(cpuTimes[cpuTimes.count / 2], 2)) ms, worst \(fmt(cpuTimes.last ?? 0, 2)) ms (goal < 50 ms)")

        let network = try CorridorInput.network(model)
        let endpoints = network.places.enumerated().filter { $0.element.kind == "terminal" || $0.element.kind == "port" }.map(\.element.id)
        guard endpoints.count >= 2 else {
            Terminal.error("\(model) has fewer than two terminals or ports to draw OD pairs from")
            throw ExitCode.failure
        }
        var demands: [ODDemand] = []
        while demands.count < pairs {
            let o = endpoints.randomElement(using: &rng) ?? endpoints[0], d = endpoints.randomElement(using: &rng) ?? endpoints[1]
            if o != d { demands.append(ODDemand(origin: o, destination: d, tonnesPerYear: Double.random(in: 1_000...50_000, using: &rng))) }
        }
        start = clock.now
        let cpuStart = Self.threadCPUMilliseconds()
        let result = try CorridorAssignment.assign(demands, on: network, metric: .generalized(valueOfTimeUSDPerTEUHour: network.settings.valueOfTimeUSDPerTEUHour), solver: ClpSolver())
        let assignTime = clock.now - start
        let assignCPU = Self.threadCPUMilliseconds() - cpuStart
        print("assignment: \(pairs) OD pairs on \(model) (\(network.places.count) places, \(network.arcs.count) arcs): wall \(fmt(ms(assignTime) / 1000, 3)) s, CPU \(fmt(assignCPU / 1000, 3)) s (goal < 5 s); \(result.iterations) iterations, \(fmt(result.unservedTonnes / 1e6, 3)) Mt unserved of \(fmt(result.demandTonnes / 1e6, 3))")
    }

    /// CPU time of this thread: on a shared, loaded machine wall time mostly measures the queue.
    static func threadCPUMilliseconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) * 1000 + Double(t.tv_nsec) / 1e6
    }

    func ms(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }
}
