import AralModel
import AralSchema
/// Why a route request has no answer.
public enum RouteError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownPlace(String, hint: String?)
    case samePlace(String)
    case noRoute(from: String, to: String, reason: String)

    public var description: String {
        switch self {
        case .unknownPlace(let id, let hint): "unknown place '\(id)'" + (hint.map { " (did you mean '\($0)'?)" } ?? "")
        case .samePlace(let id): "origin and destination are both '\(id)'"
        case .noRoute(let from, let to, let reason): "no route from '\(from)' to '\(to)': \(reason)"
        }
    }
}

/// Best routes between places of a corridor network under one metric.
///
/// Holds a `PathSearch` (scratch arrays), so it is not thread-safe; make one per task.
public final class CorridorRouter {
    public let network: CorridorNetwork
    public let metric: RouteMetric
    let search: PathSearch

    public init(network: CorridorNetwork, metric: RouteMetric) {
        self.network = network
        self.metric = metric
        search = PathSearch(graph: network.graph(metric))
    }

    public func place(_ id: String) throws(RouteError) -> Int {
        if let i = network.placeIndex[id] { return i }
        let hint = network.placeIndex.keys.min { editDistance($0, id) < editDistance($1, id) }
        throw .unknownPlace(id, hint: hint.flatMap { editDistance($0, id) <= 3 ? $0 : nil })
    }

    /// The best route and up to k − 1 loop-free alternatives, best first.
    public func routes(from: String, to: String, k: Int = 1) throws(RouteError) -> [RouteBreakdown] {
        let a = try place(from), b = try place(to)
        guard a != b else { throw .samePlace(from) }
        let paths = search.kShortest(from: a, to: b, k: max(k, 1))
        guard !paths.isEmpty else { throw .noRoute(from: from, to: to, reason: reason(a, b)) }
        return paths.map { RouteBreakdown(path: $0, network: network) }
    }

    /// Explains a missing route: a place with no open link, or two separate parts of the network.
    func reason(_ a: Int, _ b: Int) -> String {
        func closed(_ p: Int) -> String? {
            let touching = network.segments.filter { $0.from == p || $0.to == p }
            guard !touching.contains(where: \.enabled) else { return nil }
            if touching.isEmpty { return "'\(network.places[p].id)' has no segment at all" }
            return "every segment at '\(network.places[p].id)' is switched off (planned: \(touching.map(\.id).joined(separator: ", "))); a scenario can switch them on"
        }
        if let why = closed(a) ?? closed(b) { return why }
        var seen = Set([a])
        var queue = [a]
        while let p = queue.popLast() {
            for s in network.segments where s.enabled && (s.from == p || s.to == p) {
                let q = s.from == p ? s.to : s.from
                if seen.insert(q).inserted { queue.append(q) }
            }
        }
        return "they lie in separate parts of the network (\(seen.count) places reachable from '\(network.places[a].id)', none of them '\(network.places[b].id)')"
    }
}
