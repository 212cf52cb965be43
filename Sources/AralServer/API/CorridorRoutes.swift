import AralModel
import AralSchema
import Foundation
import AralCorridors
import Hummingbird
import HTTPTypes
import HummingbirdCore
import NIOCore
import NIOPosix
import Synchronization

/// `/api/corridors`: the transit-corridor models the server was started with, routes between
/// two places (`aral corridor route`) and capacity assignments with their bottlenecks
/// (`aral corridor assign`). Reads only: the models are files of the deployment, not uploads.
enum CorridorRoutes {
    /// At most this many alternatives per route request (Yen's algorithm grows with k).
    static let maximumK = 20

    static func add(to router: Router<BasicRequestContext>, state: ServerState) {
        let api = router.group("api/corridors")
        api.get { _, _ in
            struct Item: Encodable { var id: String; var name: String; var places: Int; var segments: Int; var demandFile: String?; var demandPairs: Int }
            return try JSONResponse.make(["corridors": state.corridors.entries.map {
                Item(id: $0.id, name: $0.network.name, places: $0.network.places.count, segments: $0.network.segments.count,
                     demandFile: $0.demandFile.map { ($0 as NSString).lastPathComponent }, demandPairs: $0.demand.count)
            }])
        }
        api.get(":id") { _, context in
            let entry = try state.corridors.entry(try InputCheck.id(context.parameters.get("id") ?? "", name: "id"))
            return try JSONResponse.make(NetworkView(entry))
        }
        api.get(":id/routes") { request, context in
            let entry = try state.corridors.entry(try InputCheck.id(context.parameters.get("id") ?? "", name: "id"))
            let query = try Query(request, allowed: ["from", "to", "k", "by", "valueOfTime"])
            guard let from = query.string("from") else { throw APIError.badRequest("give the origin as ?from=PLACE", path: "from") }
            guard let to = query.string("to") else { throw APIError.badRequest("give the destination as ?to=PLACE", path: "to") }
            let k = try query.int("k") ?? 5
            guard (1...maximumK).contains(k) else { throw APIError.badRequest("k must be 1 to \(maximumK)", path: "k") }
            let metric = try CorridorJSON.metric(by: query.string("by"), valueOfTime: try number(query, "valueOfTime"), network: entry.network)
            let routes = try await NIOThreadPool.singleton.runIfActive { try CorridorJSON.routes(entry, from: from, to: to, k: k, metric: metric) }
            return try JSONResponse.make(routes)
        }
        // The model's own demand file (NAME.demand.csv next to it).
        api.get(":id/assignment") { request, context in
            let entry = try state.corridors.entry(try InputCheck.id(context.parameters.get("id") ?? "", name: "id"))
            let query = try Query(request, allowed: ["by", "valueOfTime"])
            guard entry.demandFile != nil else {
                throw APIError(.conflict, "corridor model '\(entry.id)' has no demand file (\(entry.id).demand.csv); POST a demand CSV to /api/corridors/\(entry.id)/assignment")
            }
            let metric = try CorridorJSON.metric(by: query.string("by"), valueOfTime: try number(query, "valueOfTime"), network: entry.network)
            return try JSONResponse.make(try await state.corridorAssignments.assignment(entry, metric: metric))
        }
        // A demand CSV as the body, in `aral corridor assign`'s format.
        api.post(":id/assignment") { request, context in
            let entry = try state.corridors.entry(try InputCheck.id(context.parameters.get("id") ?? "", name: "id"))
            let query = try Query(request, allowed: ["by", "valueOfTime"])
            let metric = try CorridorJSON.metric(by: query.string("by"), valueOfTime: try number(query, "valueOfTime"), network: entry.network)
            let buffer = try await request.body.collect(upTo: state.config.maxBodyBytes)
            guard buffer.readableBytes > 0, let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
                throw APIError.badRequest("send the demand as CSV text: origin,destination,tonnesPerYear (or mtPerYear, teuPerYear)")
            }
            let demand: [ODDemand]
            do throws(CorridorInputError) { demand = try DemandTable.parse(text, file: "upload", network: entry.network) } catch {
                throw APIError(.unprocessableContent, error.issues.count == 1 ? "1 problem in the demand" : "\(error.issues.count) problems in the demand",
                               issues: error.issues.map { APIError.Issue(file: $0.file, line: $0.line, column: $0.column, path: $0.path?.isEmpty == false ? $0.path : nil, message: $0.message) })
            }
            let result = try await NIOThreadPool.singleton.runIfActive { try CorridorJSON.assign(entry, demand: demand, metric: metric) }
            return try JSONResponse.make(result)
        }
    }

    static func number(_ query: Query, _ name: String) throws -> Double? {
        guard let text = query.string(name) else { return nil }
        guard let value = Double(text), value.isFinite else { throw APIError.badRequest("'\(text)' is not a number", path: name) }
        return value
    }

    /// Places and segments (what a schematic needs).
    struct NetworkView: Encodable {
        struct Place: Encodable { var id: String; var name: String; var kind: String; var country: String?; var capacityTonnesPerYear: Double? }
        struct Segment: Encodable { var id: String; var mode: String; var from: String; var to: String; var lengthKm: Double; var gauge: Int?; var capacityTonnesPerYear: Double?; var enabled: Bool }
        var id: String
        var name: String
        var places: [Place]
        var segments: [Segment]

        init(_ entry: CorridorCatalog.Entry) {
            let n = entry.network
            id = entry.id
            name = n.name
            places = n.places.map { Place(id: $0.id, name: $0.name, kind: $0.kind, country: $0.country, capacityTonnesPerYear: $0.capacityTonnesPerYear) }
            segments = n.segments.map {
                Segment(id: $0.id, mode: $0.mode.rawValue, from: n.places[$0.from].id, to: n.places[$0.to].id, lengthKm: $0.lengthKm,
                        gauge: $0.gauge, capacityTonnesPerYear: $0.capacityTonnesPerYear, enabled: $0.enabled)
            }
        }
    }
}

/// Assignments of each model's own demand, computed once per metric: the models and the demand
/// are fixed for the server's lifetime, so the answer is too (the dashboard asks on every view).
final class CorridorAssignmentCache: Sendable {
    private let cache = Mutex<[String: CorridorJSON.Assignment]>([:])

    func assignment(_ entry: CorridorCatalog.Entry, metric: RouteMetric) async throws -> CorridorJSON.Assignment {
        let key = "\(entry.id)|\(metric)"
        if let hit = cache.withLock({ $0[key] }) { return hit }
        let result = try await NIOThreadPool.singleton.runIfActive { try CorridorJSON.assign(entry, demand: entry.demand, metric: metric) }
        cache.withLock { $0[key] = result }
        return result
    }
}
