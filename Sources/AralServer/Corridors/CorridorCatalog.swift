import Foundation
import HTTPTypes
import AralCorridors
import AralClp

/// The transit-corridor models the server was started with (`aral serve --corridors FILE`):
/// read, checked and compiled once at start-up, exactly as `aral corridor …` reads them, so a
/// broken file stops the server with the CLI's messages instead of failing requests later.
///
/// Each model's default demand is the CSV next to it named `NAME.demand.csv` (as in
/// `models/corridors/`): the dashboard assigns it to show the bottlenecks, and
/// `GET /api/corridors/{id}/assignment` serves that assignment.
struct CorridorCatalog: Sendable {
    struct Entry: Sendable {
        /// The file name without `.yaml`: the id in URLs.
        var id: String
        var network: CorridorNetwork
        var demand: [ODDemand]
        var demandFile: String?
    }

    var entries: [Entry]

    static let empty = CorridorCatalog(entries: [])

    func entry(_ id: String) throws -> Entry {
        guard let entry = entries.first(where: { $0.id == id }) else { throw APIError.notFound("corridor model '\(id)'") }
        return entry
    }

    /// Loads every file; the first problem aborts with the CLI's messages (file:line: key.path).
    static func load(paths: [String]) throws -> CorridorCatalog {
        var entries: [Entry] = []
        for path in paths {
            let network: CorridorNetwork
            do throws(CorridorInputError) { network = try CorridorLoader.load(path: path) } catch {
                throw StartupError(message: "\(error.issues.count == 1 ? "1 problem" : "\(error.issues.count) problems") in the corridor model:\n"
                                   + error.issues.map { "  \($0)" }.joined(separator: "\n"))
            }
            let name = (path as NSString).lastPathComponent
            let id = name.hasSuffix(".yaml") ? String(name.dropLast(5)) : name.hasSuffix(".yml") ? String(name.dropLast(4)) : name
            let demandPath = ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("\(id).demand.csv")
            var demand: [ODDemand] = []
            var demandFile: String?
            if FileManager.default.fileExists(atPath: demandPath) {
                do throws(CorridorInputError) { demand = try DemandTable.read(path: demandPath, network: network) } catch {
                    throw StartupError(message: "problems in the corridor demand:\n" + error.issues.map { "  \($0)" }.joined(separator: "\n"))
                }
                demandFile = demandPath
            }
            guard !entries.contains(where: { $0.id == id }) else { throw StartupError(message: "two corridor models named '\(id)'") }
            entries.append(Entry(id: id, network: network, demand: demand, demandFile: demandFile))
        }
        return CorridorCatalog(entries: entries)
    }

    struct StartupError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}

/// Routes and assignments as JSON; the same library calls as `aral corridor route` and
/// `aral corridor assign`.
enum CorridorJSON {
    /// `?by=time|cost|generalized` and `?valueOfTime=` as the CLI's `--by` and `--value-of-time`.
    static func metric(by: String?, valueOfTime: Double?, network: CorridorNetwork) throws -> RouteMetric {
        if let valueOfTime, let problem = CorridorLimits.valueOfTimeProblem(valueOfTime) {
            throw APIError.badRequest("valueOfTime \(problem)", path: "valueOfTime")
        }
        switch by ?? "time" {
        case "time": return .time
        case "cost": return .cost
        case "generalized": return .generalized(valueOfTimeUSDPerTEUHour: valueOfTime ?? network.settings.valueOfTimeUSDPerTEUHour)
        case let other: throw APIError.badRequest("by must be time, cost or generalized, not '\(other)'", path: "by")
        }
    }

    /// A number JSON can carry (an infinite utilisation, a capacity of zero in use, is null).
    static func finite(_ v: Double?) -> Double? { v.flatMap { $0.isFinite ? $0 : nil } }

    struct Route: Encodable, Sendable {
        var places: [String]
        var segments: [String]
        var totalKm: Double
        var totalHours: Double
        var totalDays: Double
        var kmByMode: [String: Double]
        var movingHoursByMode: [String: Double]
        var borderHours: Double
        var ferryWaitHours: Double
        var gaugeChangeHours: Double
        var transferHours: Double
        var waitingHours: Double
        var costUSDPerTEU: Double
        var borderCrossings: Int
        var gaugeChanges: Int
        /// The metric's value (hours, USD per TEU or generalized USD per TEU).
        var weight: Double

        init(_ r: RouteBreakdown) {
            places = r.places
            segments = r.segments
            totalKm = r.totalKm
            totalHours = r.totalHours
            totalDays = r.totalDays
            kmByMode = Dictionary(uniqueKeysWithValues: r.kmByMode.map { ($0.key.rawValue, $0.value) })
            movingHoursByMode = Dictionary(uniqueKeysWithValues: r.movingHoursByMode.map { ($0.key.rawValue, $0.value) })
            borderHours = r.borderHours
            ferryWaitHours = r.ferryWaitHours
            gaugeChangeHours = r.gaugeChangeHours
            transferHours = r.transferHours
            waitingHours = r.waitingHours
            costUSDPerTEU = r.costUSDPerTEU
            borderCrossings = r.borderCrossings
            gaugeChanges = r.gaugeChanges
            weight = r.weight
        }
    }

    struct Routes: Encodable, Sendable {
        var model: String
        var from: String
        var to: String
        var metric: String
        var routes: [Route]
    }

    static func routes(_ entry: CorridorCatalog.Entry, from: String, to: String, k: Int, metric: RouteMetric) throws -> Routes {
        let router = CorridorRouter(network: entry.network, metric: metric)
        do throws(RouteError) {
            return Routes(model: entry.id, from: from, to: to, metric: metric.description,
                          routes: try router.routes(from: from, to: to, k: k).map(Route.init))
        } catch {
            switch error {
            case .unknownPlace(let id, _): throw APIError(.unprocessableContent, error.description, path: id == from ? "from" : "to")
            case .samePlace: throw APIError(.unprocessableContent, error.description, path: "to")
            case .noRoute: throw APIError(.unprocessableContent, error.description)
            }
        }
    }

    struct Assignment: Encodable, Sendable {
        struct Segment: Encodable, Sendable {
            var segment: String; var mode: String; var forwardTonnes: Double; var backwardTonnes: Double
            var totalTonnes: Double; var capacityTonnesPerYear: Double?; var utilisation: Double?
        }
        struct Place: Encodable, Sendable { var id: String; var tonnes: Double; var capacityTonnesPerYear: Double; var utilisation: Double? }
        struct Bottleneck: Encodable, Sendable { var kind: String; var id: String; var capacityTonnesPerYear: Double; var loadTonnes: Double; var shadowPricePerTonne: Double }
        struct Unserved: Encodable, Sendable { var origin: String; var destination: String; var tonnesPerYear: Double }
        var model: String
        var metric: String
        var demandTonnes: Double
        var carriedCost: Double
        var unservedTonnes: Double
        var unservedCostPerTonne: Double
        var iterations: Int
        var segments: [Segment]
        var places: [Place]
        var bottlenecks: [Bottleneck]
        var unserved: [Unserved]
    }

    /// The multi-commodity assignment (`aral corridor assign`) with CLP. Blocking: call it on
    /// the blocking pool.
    static func assign(_ entry: CorridorCatalog.Entry, demand: [ODDemand], metric: RouteMetric) throws -> Assignment {
        let result: CorridorAssignment.Result
        do throws(CorridorAssignment.Failure) {
            result = try CorridorAssignment.assign(demand, on: entry.network, metric: metric, solver: ClpSolver())
        } catch {
            switch error {
            case .unknownPlace: throw APIError(.unprocessableContent, error.description)
            case .solver: throw APIError(.internalServerError, error.description)
            }
        }
        return Assignment(
            model: entry.id, metric: result.metric.description, demandTonnes: result.demandTonnes, carriedCost: result.carriedCost,
            unservedTonnes: result.unservedTonnes, unservedCostPerTonne: result.unservedCostPerTonne, iterations: result.iterations,
            segments: result.segments.map {
                .init(segment: $0.segment, mode: $0.mode.rawValue, forwardTonnes: $0.forwardTonnes, backwardTonnes: $0.backwardTonnes,
                      totalTonnes: $0.totalTonnes, capacityTonnesPerYear: $0.capacityTonnesPerYear, utilisation: finite($0.utilisation))
            },
            places: result.placeLoads.map { .init(id: $0.id, tonnes: $0.tonnes, capacityTonnesPerYear: $0.capacity, utilisation: finite($0.capacity > 0 ? $0.tonnes / $0.capacity : nil)) },
            bottlenecks: result.bottlenecks.map {
                .init(kind: $0.kind, id: $0.id, capacityTonnesPerYear: $0.capacityTonnesPerYear, loadTonnes: $0.loadTonnes, shadowPricePerTonne: $0.shadowPricePerTonne)
            },
            unserved: result.unserved.map { .init(origin: $0.origin, destination: $0.destination, tonnesPerYear: $0.tonnesPerYear) })
    }
}
