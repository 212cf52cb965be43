import Yams
import AralSchema

/// Turns a parsed corridor model (a YAML tree) into a `CorridorDocument`, recording every
/// problem with its key path and line. Per-tonne and per-TEU forms of a figure are both
/// accepted and converted with `settings.tonnesPerTEU`, so a file keeps the unit its source used.
struct CorridorDocumentReader {
    var reader: YAMLFields

    init(file: String) { reader = YAMLFields(file: file) }

    static let topKeys: Set<String> = ["name", "description", "settings", "nodes", "segments"]
    static let settingsKeys: Set<String> = ["tonnesPerTEU", "valueOfTimeUSDPerTEUHour"]
    static let nodeKeys: Set<String> = [
        "id", "name", "kind", "country", "countries", "description", "capacityMtPerYear", "capacityTEUPerYear",
        "dwell", "gauges", "hours", "costUSDPerTEU", "costUSDPerTonne", "transferHours", "transferCostUSDPerTEU",
        "transferCostUSDPerTonne",
    ]
    static let dwellKeys: Set<String> = ["mode", "from", "hours", "costUSDPerTEU", "costUSDPerTonne"]
    static let segmentKeys: Set<String> = [
        "id", "kind", "from", "to", "gauge", "lengthKm", "speedKmh", "crossingHours", "sailingIntervalHours",
        "tariffUSDPerTEUKm", "tariffUSDPerTonneKm", "tariffUSDPerTEU", "tariffUSDPerTonne", "capacityMtPerYear",
        "capacityTEUPerYear", "enabled", "description",
    ]

    mutating func read(_ root: Yams.Node) -> CorridorDocument? {
        guard let top = reader.mapping(root, "", known: Self.topKeys, what: "a corridor model") else { return nil }
        var settings = CorridorSettings()
        if let node = top["settings"], let m = reader.mapping(node, "settings", known: Self.settingsKeys, what: "settings") {
            if let t = reader.number(m, "tonnesPerTEU", "settings", positive: true, atMost: CorridorLimits.tonnesPerTEU) { settings.tonnesPerTEU = t }
            if let v = reader.number(m, "valueOfTimeUSDPerTEUHour", "settings", atMost: CorridorLimits.valueOfTime) { settings.valueOfTimeUSDPerTEUHour = v }
        }
        let name = reader.string(top, "name", "", required: true) ?? ""
        let description = reader.string(top, "description", "")
        if top["nodes"] == nil { reader.fail(root, "nodes", "missing required key 'nodes'") }
        if top["segments"] == nil { reader.fail(root, "segments", "missing required key 'segments'") }
        let nodes = reader.sequence(top["nodes"], "nodes").enumerated().compactMap { i, n in
            readNode(n, "nodes[\(i)]", settings)
        }
        let segments = reader.sequence(top["segments"], "segments").enumerated().compactMap { i, n in
            readSegment(n, "segments[\(i)]", settings)
        }
        return CorridorDocument(name: name, description: description, settings: settings, nodes: nodes, segments: segments)
    }

    /// A per-TEU cost from either `<base>USDPerTEU` or `<base>USDPerTonne`.
    mutating func cost(_ m: Yams.Node.Mapping, teu: String, tonne: String, _ path: String, _ settings: CorridorSettings) -> Double {
        let perTEU = reader.number(m, teu, path, atMost: CorridorLimits.tariff)
        let perTonne = reader.number(m, tonne, path, atMost: CorridorLimits.tariff)
        if perTEU != nil, perTonne != nil { reader.fail(m[tonne], reader.join(path, tonne), "give either '\(teu)' or '\(tonne)', not both") }
        return perTEU ?? (perTonne.map { $0 * settings.tonnesPerTEU } ?? 0)
    }

    mutating func capacity(_ m: Yams.Node.Mapping, _ path: String, _ settings: CorridorSettings) -> Double? {
        let mt = reader.number(m, "capacityMtPerYear", path)
        let teu = reader.number(m, "capacityTEUPerYear", path)
        if mt != nil, teu != nil { reader.fail(m["capacityTEUPerYear"], reader.join(path, "capacityTEUPerYear"), "give either 'capacityMtPerYear' or 'capacityTEUPerYear', not both") }
        if let mt { return mt * 1e6 }
        return teu.map { $0 * settings.tonnesPerTEU }
    }

    mutating func readNode(_ node: Yams.Node, _ path: String, _ settings: CorridorSettings) -> CorridorNodeDocument? {
        guard let m = reader.mapping(node, path, known: Self.nodeKeys, what: "a corridor node") else { return nil }
        guard let id = reader.string(m, "id", path, required: true) else { return nil }
        guard let kindName = reader.string(m, "kind", path, required: true) else { return nil }
        let country = reader.string(m, "country", path)
        let capacity = capacity(m, path, settings)
        let allowed: Set<String>
        let kind: CorridorNodeKind
        switch kindName {
        case "terminal", "port":
            allowed = ["transferHours", "transferCostUSDPerTEU", "transferCostUSDPerTonne"]
            let transfer = Dwell(hours: reader.number(m, "transferHours", path) ?? 0,
                                 costUSDPerTEU: cost(m, teu: "transferCostUSDPerTEU", tonne: "transferCostUSDPerTonne", path, settings))
            kind = kindName == "port" ? .port(transfer: transfer) : .terminal(transfer: transfer)
        case "border":
            allowed = ["countries", "dwell"]
            var countries: [String] = []
            for (i, c) in reader.sequence(m["countries"], reader.join(path, "countries")).enumerated() {
                if let s = c.scalar?.string { countries.append(s) } else { reader.fail(c, "\(path).countries[\(i)]", "expected a country code") }
            }
            if m["countries"] == nil { reader.fail(node, reader.join(path, "countries"), "a border needs 'countries: [A, B]'") }
            var dwell: [BorderDwell] = []
            if m["dwell"] == nil { reader.fail(node, reader.join(path, "dwell"), "a border needs 'dwell' entries (mode, hours, cost)") }
            for (i, d) in reader.sequence(m["dwell"], reader.join(path, "dwell")).enumerated() {
                let p = "\(path).dwell[\(i)]"
                guard let dm = reader.mapping(d, p, known: Self.dwellKeys, what: "a border dwell") else { continue }
                let modeName = reader.string(dm, "mode", p, required: true)
                let mode = modeName.flatMap(CorridorMode.init(rawValue:))
                if let modeName, mode == nil { reader.fail(dm["mode"], "\(p).mode", "unknown mode '\(modeName)'; modes: rail, road, ferry") }
                let hours = reader.number(dm, "hours", p, required: true)
                let c = cost(dm, teu: "costUSDPerTEU", tonne: "costUSDPerTonne", p, settings)
                if let mode, let hours {
                    dwell.append(BorderDwell(mode: mode, fromCountry: reader.string(dm, "from", p), dwell: Dwell(hours: hours, costUSDPerTEU: c)))
                }
            }
            kind = .border(countries: countries, dwell: dwell)
        case "gaugeChange":
            allowed = ["gauges", "hours", "costUSDPerTEU", "costUSDPerTonne"]
            var gauges: [Int] = []
            if m["gauges"] == nil { reader.fail(node, reader.join(path, "gauges"), "a gauge change needs 'gauges: [1435, 1520]'") }
            for (i, g) in reader.sequence(m["gauges"], reader.join(path, "gauges")).enumerated() {
                if let mm = g.int { gauges.append(mm) } else { reader.fail(g, "\(path).gauges[\(i)]", "expected a gauge in mm") }
            }
            let hours = reader.number(m, "hours", path, required: true) ?? 0
            kind = .gaugeChange(gauges: gauges, change: Dwell(hours: hours, costUSDPerTEU: cost(m, teu: "costUSDPerTEU", tonne: "costUSDPerTonne", path, settings)))
        default:
            reader.fail(m["kind"], reader.join(path, "kind"), "unknown node kind '\(kindName)'; kinds: terminal, border, port, gaugeChange")
            return nil
        }
        let common: Set<String> = ["id", "name", "kind", "country", "description", "capacityMtPerYear", "capacityTEUPerYear"]
        for key in m.keys {
            guard let k = key.string, Self.nodeKeys.contains(k), !common.contains(k), !allowed.contains(k) else { continue }
            reader.fail(key, reader.join(path, k), "'\(k)' does not apply to a \(kindName) node")
        }
        return CorridorNodeDocument(id: id, name: reader.string(m, "name", path), country: country, kind: kind, capacityTonnesPerYear: capacity)
    }

    mutating func readSegment(_ node: Yams.Node, _ path: String, _ settings: CorridorSettings) -> SegmentDocument? {
        guard let m = reader.mapping(node, path, known: Self.segmentKeys, what: "a segment") else { return nil }
        guard let id = reader.string(m, "id", path, required: true),
              let kindName = reader.string(m, "kind", path, required: true) else { return nil }
        guard let mode = CorridorMode(rawValue: kindName) else {
            reader.fail(m["kind"], reader.join(path, "kind"), "unknown segment kind '\(kindName)'; kinds: rail, road, ferry")
            return nil
        }
        let from = reader.string(m, "from", path, required: true)
        let to = reader.string(m, "to", path, required: true)
        let isFerry = mode == .ferry
        let notFor: [String] = isFerry
            ? ["speedKmh", "gauge", "tariffUSDPerTEUKm", "tariffUSDPerTonneKm"]
            : ["crossingHours", "sailingIntervalHours", "tariffUSDPerTEU", "tariffUSDPerTonne"] + (mode == .rail ? [] : ["gauge"])
        for k in notFor where m[k] != nil { reader.fail(m[k], reader.join(path, k), "'\(k)' does not apply to a \(kindName) segment") }
        let length = reader.number(m, "lengthKm", path, required: !isFerry, atMost: CorridorLimits.lengthKm) ?? 0
        var speed: Double?, crossing: Double?, interval: Double?
        if isFerry {
            crossing = reader.number(m, "crossingHours", path, required: true, atMost: CorridorLimits.hours)
            interval = reader.number(m, "sailingIntervalHours", path, required: true, atMost: CorridorLimits.hours)
        } else {
            speed = reader.number(m, "speedKmh", path, required: true, positive: true)
            if let v = speed, v < CorridorLimits.slowestKmh {
                reader.fail(m["speedKmh"], reader.join(path, "speedKmh"), "must be at least \(CorridorLimits.slowestKmh) km/h; got \(shortNumber(v))")
                speed = nil
            }
        }
        var gauge: Int?
        if mode == .rail {
            gauge = reader.integer(m, "gauge", path)
            if m["gauge"] == nil { reader.fail(node, reader.join(path, "gauge"), "a rail segment needs its 'gauge' in mm (1435, 1520 or 1676)") }
            if let g = gauge, !knownGauges.contains(g) { reader.fail(m["gauge"], reader.join(path, "gauge"), "unknown gauge \(g) mm; gauges: 1435, 1520, 1676") }
        }
        let perKm = isFerry ? 0 : cost(m, teu: "tariffUSDPerTEUKm", tonne: "tariffUSDPerTonneKm", path, settings)
        let perUse = isFerry ? cost(m, teu: "tariffUSDPerTEU", tonne: "tariffUSDPerTonne", path, settings) : 0
        guard let from, let to else { return nil }
        return SegmentDocument(id: id, mode: mode, from: from, to: to, gauge: gauge, lengthKm: length, speedKmh: speed,
                               crossingHours: crossing, sailingIntervalHours: interval, tariffUSDPerTEUKm: perKm,
                               tariffUSDPerTEU: perUse, capacityTonnesPerYear: capacity(m, path, settings),
                               enabled: reader.bool(m, "enabled", path) ?? true)
    }
}
