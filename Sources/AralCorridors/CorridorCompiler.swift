import AralModel
public import AralSchema

/// Turns a `CorridorDocument` into a `CorridorNetwork`, resolving node ids and checking what
/// a single field cannot show: unknown endpoints, duplicate ids, gauges that meet without a
/// gauge change, borders whose sides or dwell times do not match their segments. Every problem
/// is reported with its key path, all at once.
///
/// Disabled (planned) segments are checked like the others, so switching one on in a scenario
/// cannot reveal a mistake that the base model hid; they only get no arcs.
public enum CorridorCompiler {
    public static func compile(_ document: CorridorDocument) throws(ModelValidationError) -> CorridorNetwork {
        var issues: [ModelIssue] = []
        func fail(_ path: String, _ message: String) { issues.append(ModelIssue(path: path, message: message)) }

        var placeIndex: [String: Int] = [:]
        for (i, node) in document.nodes.enumerated() {
            if placeIndex[node.id] != nil { fail("nodes[\(i)].id", "duplicate node id '\(node.id)'") }
            else { placeIndex[node.id] = i }
            checkNode(node, "nodes[\(i)]", fail)
        }
        func resolve(_ id: String, _ path: String) -> Int? {
            if let i = placeIndex[id] { return i }
            let hint = placeIndex.keys.min { editDistance($0, id) < editDistance($1, id) }
            fail(path, "unknown node '\(id)'" + (hint.map { editDistance($0, id) <= 3 ? " (did you mean '\($0)'?)" : "" } ?? ""))
            return nil
        }
        var segmentIds = Set<String>()
        var ends: [(Int, Int)?] = []
        for (i, s) in document.segments.enumerated() {
            let path = "segments[\(i)]"
            if !segmentIds.insert(s.id).inserted { fail("\(path).id", "duplicate segment id '\(s.id)'") }
            let from = resolve(s.from, "\(path).from"), to = resolve(s.to, "\(path).to")
            if let from, let to, from == to { fail("\(path).to", "a segment joins two different nodes; both ends are '\(s.from)'") }
            ends.append(from.flatMap { f in to.map { (f, $0) } })
        }

        // Per node: the segments that touch it, checked for gauge, mode and side.
        var touching = [[Int]](repeating: [], count: document.nodes.count)
        for (i, e) in ends.enumerated() { if let (f, t) = e { touching[f].append(i); touching[t].append(i) } }
        for (n, node) in document.nodes.enumerated() {
            checkAttachments(node, n, document, touching[n], ends, fail)
        }
        if !issues.isEmpty { throw ModelValidationError(issues: issues) }
        return build(document, placeIndex: placeIndex, ends: ends.map { $0 ?? (0, 0) })
    }

    // MARK: - Checks

    static func checkNode(_ node: CorridorNodeDocument, _ path: String, _ fail: (String, String) -> Void) {
        switch node.kind {
        case .border(let countries, let dwell):
            if countries.count != 2 || Set(countries).count != 2 {
                fail("\(path).countries", "a border lies between two different countries; got \(countries)")
            }
            for (i, d) in dwell.enumerated() {
                if let from = d.fromCountry, !countries.contains(from) {
                    fail("\(path).dwell[\(i)].from", "'\(from)' is not one of this border's countries \(countries)")
                }
            }
        case .gaugeChange(let gauges, _):
            if gauges.count != 2 || Set(gauges).count != 2 || !gauges.allSatisfy(knownGauges.contains) {
                fail("\(path).gauges", "a gauge change joins two different gauges among 1435, 1520, 1676; got \(gauges)")
            }
            if node.country == nil { fail("\(path).country", "a gauge change needs its 'country'") }
        case .terminal, .port:
            if node.country == nil { fail("\(path).country", "a \(node.kind.name) needs its 'country'") }
        }
    }

    static func checkAttachments(_ node: CorridorNodeDocument, _ n: Int, _ document: CorridorDocument, _ touching: [Int],
                                 _ ends: [(Int, Int)?], _ fail: (String, String) -> Void) {
        let path = "nodes[\(n)]"
        let rail = touching.filter { document.segments[$0].mode == .rail }
        switch node.kind {
        case .gaugeChange(let gauges, _):
            for s in touching where document.segments[s].mode != .rail {
                fail("segments[\(s)].kind", "a \(document.segments[s].mode.rawValue) segment cannot end at gauge change '\(node.id)'")
            }
            for s in rail {
                if let g = document.segments[s].gauge, !gauges.contains(g) {
                    fail("segments[\(s)].gauge", "\(g) mm is neither of the gauges \(gauges) of gauge change '\(node.id)'")
                }
            }
        case .border(let countries, let dwell):
            for s in touching {
                guard let (f, t) = ends[s] else { continue }
                let other = document.nodes[f == n ? t : f]
                let mode = document.segments[s].mode
                guard let side = other.country, countries.contains(side) else {
                    fail("segments[\(s)].\(f == n ? "to" : "from")",
                         "'\(other.id)' (country \(other.country ?? "none")) is on neither side \(countries) of border '\(node.id)'")
                    continue
                }
                for from in countries where !dwell.contains(where: { $0.mode == mode && ($0.fromCountry == nil || $0.fromCountry == from) }) {
                    fail("\(path).dwell", "no \(mode.rawValue) dwell for traffic from \(from) at border '\(node.id)' (segment '\(document.segments[s].id)' is \(mode.rawValue))")
                }
            }
            checkSameGauge(node, rail, document, sameSide: { a, b in
                sideCountry(a, n, ends, document) == sideCountry(b, n, ends, document)
            }, fail)
        case .terminal, .port:
            checkSameGauge(node, rail, document, sameSide: { _, _ in true }, fail)
        }
    }

    static func sideCountry(_ s: Int, _ n: Int, _ ends: [(Int, Int)?], _ document: CorridorDocument) -> String? {
        guard let (f, t) = ends[s] else { return nil }
        return document.nodes[f == n ? t : f].country
    }

    /// Rail segments meeting at a node that does not change gauge must share one gauge.
    static func checkSameGauge(_ node: CorridorNodeDocument, _ rail: [Int], _ document: CorridorDocument,
                               sameSide: (Int, Int) -> Bool, _ fail: (String, String) -> Void) {
        var reported = Set<Int>()
        for (i, a) in rail.enumerated() {
            for b in rail[(i + 1)...] where !reported.contains(b) {
                guard let ga = document.segments[a].gauge, let gb = document.segments[b].gauge, ga != gb else { continue }
                reported.insert(b)
                let across = sameSide(a, b) ? "" : " across the border"
                fail("segments[\(b)].gauge",
                     "\(gb) mm meets \(ga) mm of segment '\(document.segments[a].id)'\(across) at \(node.kind.name) '\(node.id)'; a change of gauge needs a gaugeChange node between them")
            }
        }
    }

    // MARK: - Building

    struct VertexKey: Hashable { var place: Int; var mode: CorridorMode; var side: Int }

    static func build(_ document: CorridorDocument, placeIndex: [String: Int], ends: [(Int, Int)]) -> CorridorNetwork {
        var vertexOf: [VertexKey: Int] = [:]
        var vertexPlace: [Int] = []
        var vertexKeys: [VertexKey] = []
        var arcs: [CorridorNetwork.Arc] = []

        /// The vertex a segment of `mode` uses at `place`, arriving from `other`.
        func vertex(_ place: Int, _ mode: CorridorMode, gauge: Int?, other: Int) -> Int {
            var side = 0
            switch document.nodes[place].kind {
            case .border(let countries, _): side = countries.firstIndex(of: document.nodes[other].country ?? "") ?? 0
            case .gaugeChange: side = gauge ?? 0
            case .terminal, .port: break
            }
            let key = VertexKey(place: place, mode: mode, side: side)
            if let v = vertexOf[key] { return v }
            vertexOf[key] = vertexPlace.count
            vertexPlace.append(place)
            vertexKeys.append(key)
            return vertexPlace.count - 1
        }

        var segments: [CorridorNetwork.Segment] = []
        for (i, s) in document.segments.enumerated() {
            let (f, t) = ends[i]
            var segment = CorridorNetwork.Segment(id: s.id, mode: s.mode, from: f, to: t, lengthKm: s.lengthKm, gauge: s.gauge,
                                                  capacityTonnesPerYear: s.capacityTonnesPerYear, enabled: s.enabled, arcs: [])
            if s.enabled {
                let a = vertex(f, s.mode, gauge: s.gauge, other: t), b = vertex(t, s.mode, gauge: s.gauge, other: f)
                let moving = s.mode == .ferry ? (s.crossingHours ?? 0) : s.lengthKm / (s.speedKmh ?? 1)
                let wait = s.mode == .ferry ? (s.sailingIntervalHours ?? 0) / 2 : 0
                let cost = s.tariffUSDPerTEUKm * s.lengthKm + s.tariffUSDPerTEU
                for (tail, head, forward) in [(a, b, true), (b, a, false)] {
                    segment.arcs.append(arcs.count)
                    arcs.append(.init(tail: tail, head: head, role: .segment(i, forward: forward), mode: s.mode, km: s.lengthKm,
                                      movingHours: moving, waitHours: wait, costUSDPerTEU: cost))
                }
            }
            segments.append(segment)
        }

        // Arcs inside places, between each ordered pair of a place's vertices that may connect.
        var byPlace = [[Int]](repeating: [], count: document.nodes.count)
        for (v, p) in vertexPlace.enumerated() { byPlace[p].append(v) }
        for (p, node) in document.nodes.enumerated() {
            for u in byPlace[p] {
                for v in byPlace[p] where u != v {
                    let ku = vertexKeys[u], kv = vertexKeys[v]
                    let passage: (CorridorNetwork.ArcRole, Dwell)?
                    switch node.kind {
                    case .border(let countries, let dwell):
                        guard ku.mode == kv.mode, ku.side != kv.side else { continue }
                        let from = countries[ku.side]
                        let entry = dwell.first { $0.mode == ku.mode && $0.fromCountry == from }
                            ?? dwell.first { $0.mode == ku.mode && $0.fromCountry == nil }
                        passage = entry.map { (.border(place: p), $0.dwell) }
                    case .gaugeChange(_, let change):
                        passage = (.gaugeChange(place: p), change)
                    case .terminal(let transfer), .port(let transfer):
                        guard ku.mode != kv.mode else { continue }
                        passage = (.transfer(place: p), transfer)
                    }
                    guard let (role, dwell) = passage else { continue }
                    arcs.append(.init(tail: u, head: v, role: role, mode: kv.mode, km: 0, movingHours: 0,
                                      waitHours: dwell.hours, costUSDPerTEU: dwell.costUSDPerTEU))
                }
            }
        }
        let places = document.nodes.map {
            CorridorNetwork.Place(id: $0.id, name: $0.name ?? $0.id, kind: $0.kind.name, country: $0.country,
                                  capacityTonnesPerYear: $0.capacityTonnesPerYear)
        }
        return CorridorNetwork(name: document.name, settings: document.settings, places: places, segments: segments,
                               arcs: arcs, vertexPlace: vertexPlace, placeIndex: placeIndex)
    }
}
