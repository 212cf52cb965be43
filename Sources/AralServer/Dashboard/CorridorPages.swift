import Foundation
import AralCorridors
import AralWorkflows
import Hummingbird
import HTTPTypes
import HummingbirdCore
import NIOCore
import NIOPosix

/// Corridor pages: the list of corridor models, and per model the network schematic coloured by
/// the assignment of its own demand, the bottleneck table (binding capacities with their shadow
/// prices), the busiest segments, and a route finder (a plain GET form: no scripts).
enum CorridorPages {
    static func list(_ state: ServerState) -> Response {
        state.pages.page("corridors", title: "Transit corridors", [
            "corridors": state.corridors.entries.map {
                ["id": $0.id, "name": $0.network.name, "places": $0.network.places.count, "segments": $0.network.segments.count] as [String: Any]
            },
            "hasCorridors": !state.corridors.entries.isEmpty,
        ])
    }

    static func page(_ request: Request, _ context: BasicRequestContext, state: ServerState) async throws -> Response {
        let entry = try state.corridors.entry(try InputCheck.id(context.parameters.get("id") ?? "", name: "id"))
        let query = try Query(request, allowed: ["from", "to", "by"])
        let by = query.string("by") ?? "time"
        let metric = try CorridorJSON.metric(by: by, valueOfTime: nil, network: entry.network)
        let network = entry.network
        var page: [String: Any] = [
            "id": entry.id, "name": network.name, "places": network.places.count, "segments": network.segments.count,
            "by": by, "from": query.string("from") ?? "", "to": query.string("to") ?? "",
            "byOptions": ["time", "cost", "generalized"].map { ["value": $0, "selected": $0 == by] as [String: Any] },
        ]
        let placeOptions = { (selected: String?) in
            network.places.map { ["id": $0.id, "label": "\($0.name) (\($0.id))", "selected": $0.id == selected] as [String: Any] }
        }
        page["fromOptions"] = placeOptions(query.string("from"))
        page["toOptions"] = placeOptions(query.string("to"))

        var assignment: CorridorJSON.Assignment?
        if entry.demandFile != nil {
            assignment = try await state.corridorAssignments.assignment(entry, metric: metric)
        }
        page["hasDemand"] = assignment != nil
        page["demandFile"] = entry.demandFile.map { ($0 as NSString).lastPathComponent } ?? ""
        if let a = assignment {
            page["demandMt"] = SVG.number(a.demandTonnes / 1e6, 2)
            page["unservedMt"] = SVG.number(a.unservedTonnes / 1e6, 2)
            page["bottlenecks"] = a.bottlenecks.map {
                ["kind": $0.kind, "id": $0.id, "capacity": SVG.number($0.capacityTonnesPerYear / 1e6, 2), "load": SVG.number($0.loadTonnes / 1e6, 2),
                 "shadow": SVG.number($0.shadowPricePerTonne, 2)]
            }
            page["hasBottlenecks"] = !a.bottlenecks.isEmpty
            page["busiest"] = a.segments.filter { $0.totalTonnes > 1e-6 }
                .sorted { ($0.utilisation ?? 0, $0.totalTonnes) > ($1.utilisation ?? 0, $1.totalTonnes) }
                .prefix(15).map {
                    ["segment": $0.segment, "mode": $0.mode, "load": SVG.number($0.totalTonnes / 1e6, 2),
                     "capacity": $0.capacityTonnesPerYear.map { SVG.number($0 / 1e6, 2) } ?? "—", "use": $0.utilisation.map { SVG.number($0 * 100, 1) } ?? "—"]
                }
            page["unserved"] = a.unserved.map { ["origin": $0.origin, "destination": $0.destination, "mt": SVG.number($0.tonnesPerYear / 1e6, 3)] }
            page["hasUnserved"] = !a.unserved.isEmpty
        }

        var highlighted: [String] = []
        if let from = query.string("from"), let to = query.string("to"), !from.isEmpty, !to.isEmpty {
            do {
                let routes = try await NIOThreadPool.singleton.runIfActive { try CorridorJSON.routes(entry, from: from, to: to, k: 3, metric: metric) }
                highlighted = routes.routes.first?.segments ?? []
                page["routes"] = routes.routes.enumerated().map { i, r in
                    ["rank": i + 1, "days": SVG.number(r.totalDays, 1), "km": SVG.label(r.totalKm), "cost": SVG.label(r.costUSDPerTEU),
                     "borders": r.borderCrossings, "gauges": r.gaugeChanges, "via": r.places.joined(separator: " → ")] as [String: Any]
                }
                page["hasRoutes"] = true
            } catch let error as APIError {
                page["routeError"] = error.message
            }
        }
        page["schematic"] = CorridorSchematic(network: network, assignment: assignment, route: Set(highlighted)).render()
        return state.pages.page("corridor", title: network.name, page)
    }
}

/// The corridor network as SVG: places in columns by their distance (in segments) from the first
/// place of the file, segments as lines: grey unused, blue carrying the demand, amber above 80 %
/// of capacity, red where the capacity binds; dashed when switched off; the best route of a
/// route search drawn thick. Every text is escaped.
struct CorridorSchematic {
    var network: CorridorNetwork
    var assignment: CorridorJSON.Assignment?
    var route: Set<String>

    func layers() -> [Int] {
        var layer = Array(repeating: -1, count: network.places.count)
        var adjacent = Array(repeating: [Int](), count: network.places.count)
        for s in network.segments {
            adjacent[s.from].append(s.to)
            adjacent[s.to].append(s.from)
        }
        var next = 0
        // Breadth first from each not yet reached place (the first place of the file first).
        for start in network.places.indices where layer[start] < 0 {
            layer[start] = next
            var queue = [start]
            var head = 0
            while head < queue.count {
                let p = queue[head]
                head += 1
                for q in adjacent[p] where layer[q] < 0 {
                    layer[q] = layer[p] + 1
                    queue.append(q)
                }
            }
            next = (layer.max() ?? 0) + 1
        }
        return layer
    }

    func render() -> String {
        let layer = layers()
        let dx = 120.0, dy = 46.0, margin = 40.0
        var rows: [Int: Int] = [:]
        var position: [(x: Double, y: Double)] = []
        for (i, _) in network.places.enumerated() {
            let l = max(layer[i], 0)
            let r = rows[l, default: 0]
            rows[l] = r + 1
            position.append((margin + dx * Double(l), margin + dy * Double(r)))
        }
        let width = margin * 2 + dx * Double(max(layer.max() ?? 0, 0)) + 80
        let height = margin * 2 + dy * Double(max((rows.values.max() ?? 1) - 1, 0)) + 20
        let bindingSegments = Set(assignment?.bottlenecks.filter { $0.kind == "segment" }.map(\.id) ?? [])
        let bindingPlaces = Set(assignment?.bottlenecks.filter { $0.kind == "node" }.map(\.id) ?? [])
        let loads = Dictionary(assignment?.segments.map { ($0.segment, $0) } ?? [], uniquingKeysWith: { a, _ in a })
        var out = "<svg class=\"schematic corridor\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"corridor network schematic\">"
        for s in network.segments {
            let a = position[s.from], b = position[s.to]
            let load = loads[s.id]
            var cls = "seg"
            if bindingSegments.contains(s.id) { cls += " binding" }
            else if let u = load?.utilisation, u > 0.8 { cls += " busy" }
            else if (load?.totalTonnes ?? 0) > 1e-6 { cls += " used" }
            if !s.enabled { cls += " off" }
            if route.contains(s.id) { cls += " route" }
            let note = load.map { " \(SVG.number($0.totalTonnes / 1e6, 2)) Mt/yr" + ($0.utilisation.map { ", \(SVG.number($0 * 100, 0))% of capacity" } ?? "") } ?? ""
            out += "<line x1=\"\(SVG.number(a.x))\" y1=\"\(SVG.number(a.y))\" x2=\"\(SVG.number(b.x))\" y2=\"\(SVG.number(b.y))\" class=\"\(cls)\">"
            out += "<title>\(SVG.escape(s.id)) (\(SVG.escape(s.mode.rawValue)), \(SVG.number(s.lengthKm, 0)) km\(s.enabled ? "" : ", switched off"))\(SVG.escape(note))</title></line>"
        }
        for (i, p) in network.places.enumerated() {
            let at = position[i]
            let cls = "place \(SVG.escape(p.kind))" + (bindingPlaces.contains(p.id) ? " binding" : "")
            out += "<g><circle cx=\"\(SVG.number(at.x))\" cy=\"\(SVG.number(at.y))\" r=\"6\" class=\"\(cls)\"/>"
            out += "<title>\(SVG.escape(p.name)) (\(SVG.escape(p.kind))\(p.country.map { ", " + SVG.escape($0) } ?? ""))</title>"
            out += "<text x=\"\(SVG.number(at.x))\" y=\"\(SVG.number(at.y + 17))\" class=\"node-label\" text-anchor=\"middle\">\(SVG.escape(p.id))</text></g>"
        }
        return out + "</svg>"
    }
}
