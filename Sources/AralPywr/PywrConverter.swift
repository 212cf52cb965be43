import Foundation
import AralModel
public import AralSchema

/// Converts a Pywr model into an Aral basin model file (YAML) where the two formats mean
/// the same thing, and lists — with key paths — everything that has no Aral equivalent.
///
/// Mapping: a `catchment` (or an `input` whose min and max flow are equal) is an `inflow`;
/// an `output` with a maximum flow is a `demand` with `maxFlow`, one without is a `sink`;
/// a `link` with a maximum flow is a `link` with `capacity`, without one a `confluence`;
/// a `storage` is a `reservoir`. Pywr's costs become explicit `cost`s and the basin's own
/// objective terms (storage value, spill cost) are set to zero so they do not change the
/// allocation. Flows are converted from Pywr's per-day unit to m³/s and volumes to Mm³ by
/// `units`.
public enum PywrConverter {
    /// Pywr's unit of flow (volumes are that flow × 1 day).
    public enum FlowUnit: String, Sendable, CaseIterable {
        /// Megalitres per day (volumes in Ml), Pywr's usual unit.
        case megalitresPerDay = "Ml/d"
        /// Cubic metres per day (volumes in m³).
        case cubicMetresPerDay = "m3/d"
        /// Thousand cubic metres per day (volumes in 1000 m³).
        case thousandCubicMetresPerDay = "1000m3/d"

        /// m³/s per unit of Pywr flow.
        var toCumecs: Double {
            switch self {
            case .megalitresPerDay: return 1000.0 / 86_400
            case .cubicMetresPerDay: return 1.0 / 86_400
            case .thousandCubicMetresPerDay: return 1000.0 / 86_400
            }
        }

        /// Mm³ per unit of Pywr volume.
        var toMm3: Double {
            switch self {
            case .megalitresPerDay: return 1e-3
            case .cubicMetresPerDay: return 1e-6
            case .thousandCubicMetresPerDay: return 1e-3
            }
        }
    }

    public struct Result: Sendable {
        /// The Aral model file.
        public var yaml: String
        /// What could not be expressed; empty when the conversion is complete.
        public var omissions: [FileIssue]
    }

    public static func convert(text: String, file: String, units: FlowUnit) throws(ModelFileError) -> Result {
        let root = try JSONReader.parse(text, file: file)
        var converter = Converter(file: file, units: units, root: root)
        return converter.run()
    }
}

/// One conversion's state.
private struct Converter {
    let file: String
    let units: PywrConverter.FlowUnit
    let root: JSONNode
    var omissions: [FileIssue] = []
    var lines: [String] = []

    init(file: String, units: PywrConverter.FlowUnit, root: JSONNode) {
        self.file = file
        self.units = units
        self.root = root
    }

    mutating func omit(_ node: JSONNode?, _ message: String) {
        omissions.append(FileIssue(file: file, line: node?.line, path: node?.path, message: message))
    }

    static func quote(_ s: String) -> String {
        let safe = s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." || $0 == " " }
        if safe, !s.isEmpty, s.first != " ", s.last != " " { return s }
        var escaped = ""
        for c in s { escaped += (c == "\"" || c == "\\") ? "\\\(c)" : String(c) }
        return "\"\(escaped)\""
    }

    /// A number for the YAML file: twelve significant digits, so unit conversions do not
    /// print as 0.9999999999999999.
    static func number(_ d: Double) -> String {
        let r = Double(String(format: "%.12g", d)) ?? d
        return r == r.rounded() && abs(r) < 1e15 ? String(Int(r)) : String(r)
    }

    /// A flow attribute as an Aral schedule (a number or twelve monthly values), in m³/s.
    mutating func flowSchedule(_ node: JSONNode?, what: String) -> String? {
        guard let node, !node.isNull else { return nil }
        if let d = node.number { return Self.number(d * units.toCumecs) }
        var definition: JSONNode? = node
        if let name = node.string { definition = root["parameters"]?[name] }
        if let def = definition, let type = def["type"]?.string?.lowercased() {
            if type.hasPrefix("constant"), let v = def["value"]?.number { return Self.number(v * units.toCumecs) }
            if type.hasPrefix("monthlyprofile"), def["interp_day"] == nil, let values = def["values"]?.elements,
               values.count == 12, values.allSatisfy({ $0.number != nil }) {
                return "{monthly: [\(values.compactMap(\.number).map { Self.number($0 * units.toCumecs) }.joined(separator: ", "))]}"
            }
        }
        omit(node, "\(what): only numbers, constants and monthly profiles convert; this parameter has no Aral equivalent")
        return nil
    }

    mutating func constantCost(_ node: JSONNode?, what: String) -> Double? {
        guard let node, !node.isNull else { return nil }
        if let d = node.number { return d == 0 ? nil : d / units.toCumecs }
        omit(node, "\(what): a cost that varies (a parameter) has no Aral equivalent")
        return nil
    }

    mutating func run() -> PywrConverter.Result {
        let title = root["metadata"]?["title"]?.string ?? "pywr-model"
        let ts = root["timestepper"]
        lines.append("# Converted from the Pywr model \(file) by `aral convert`.")
        lines.append("# Flows in m³/s and volumes in Mm³, converted from Pywr's \(units.rawValue).")
        lines.append("name: \(Self.quote(title))")
        lines.append("timestepper:")
        lines.append("  start: \(ts?["start"]?.string ?? "2000-01-01")")
        lines.append("  end: \(ts?["end"]?.string ?? "2000-12-31")")
        let step = ts?["timestep"]
        if let d = step?.number { lines.append("  step: \(d == 1 ? "daily" : Self.number(d))") }
        else if let s = step?.string, s.uppercased() == "M" || s.uppercased() == "MS" { lines.append("  step: monthly") }
        else if let step, step.string != "D" { omit(step, "timestep '\(step.string ?? "?")' has no Aral equivalent") ; lines.append("  step: daily") }
        else { lines.append("  step: daily") }
        lines.append("settings: {storageValue: 0, spillCost: 0}")
        if let scenarios = root["scenarios"], scenarios.elements?.isEmpty == false {
            omit(scenarios, "scenarios have no equivalent in an Aral model file (use scenario overlays)")
        }
        lines.append("nodes:")
        for node in root["nodes"]?.elements ?? [] { convertNode(node) }
        lines.append("edges:")
        for edge in root["edges"]?.elements ?? [] {
            let parts = edge.elements ?? []
            guard parts.count >= 2, let a = parts[0].string, let b = parts[1].string else { omit(edge, "edge not understood"); continue }
            if parts.count > 2 { omit(edge, "edges with slots have no Aral equivalent") }
            lines.append("  - [\(Self.quote(a)), \(Self.quote(b))]")
        }
        if let recorders = root["recorders"], recorders.members?.isEmpty == false {
            omit(recorders, "recorders are not part of an Aral model file; `aral run` reports flows, volumes and energy")
        }
        return PywrConverter.Result(yaml: lines.joined(separator: "\n") + "\n", omissions: omissions)
    }

    mutating func convertNode(_ node: JSONNode) {
        guard let name = node["name"]?.string, let type = node["type"]?.string?.lowercased() else {
            omit(node, "a node without name or type")
            return
        }
        var fields: [String] = []
        let cost = constantCost(node["cost"], what: "'\(name)' cost")
        switch type {
        case "catchment":
            fields.append("kind: inflow")
            if let f = flowSchedule(node["flow"], what: "'\(name)' flow") { fields.append("flow: \(f)") }
        case "input":
            let minN = node["min_flow"], maxN = node["max_flow"]
            if let a = minN?.number, let b = maxN?.number, a == b {
                fields.append("kind: inflow")
                fields.append("flow: \(Self.number(a * units.toCumecs))")
            } else {
                omit(node, "input '\(name)': an input with a range of flows (not a fixed inflow) has no Aral equivalent")
                return
            }
        case "output":
            if let maxN = node["max_flow"], !maxN.isNull {
                fields.append("kind: demand")
                if let f = flowSchedule(maxN, what: "'\(name)' max_flow") { fields.append("maxFlow: \(f)") }
                if let minN = node["min_flow"], !minN.isNull, let f = flowSchedule(minN, what: "'\(name)' min_flow") { fields.append("minFlow: \(f)") }
            } else {
                fields.append("kind: sink")
            }
        case "link", "river":
            if let maxN = node["max_flow"], !maxN.isNull {
                fields.append("kind: link")
                if let f = flowSchedule(maxN, what: "'\(name)' max_flow") { fields.append("capacity: \(f)") }
            } else {
                fields.append("kind: \(cost == nil ? "confluence" : "link")")
            }
        case "storage", "reservoir":
            fields.append("kind: reservoir")
            guard let maxV = node["max_volume"]?.number else { omit(node["max_volume"] ?? node, "'\(name)': max_volume must be a number to convert"); return }
            fields.append("maxVolume: \(Self.number(maxV * units.toMm3))")
            if let minV = node["min_volume"]?.number { fields.append("minVolume: \(Self.number(minV * units.toMm3))") }
            if let pc = node["initial_volume_pc"]?.number { fields.append("initialVolume: \(Self.number(pc * maxV * units.toMm3))") }
            else if let v = node["initial_volume"]?.number { fields.append("initialVolume: \(Self.number(v * units.toMm3))") }
            if cost != nil { omit(node["cost"], "'\(name)': a storage cost has no exact Aral equivalent (Aral values stored water through settings.storageValue)") }
            if type == "reservoir", node["control_curve"] != nil || node["above_curve_cost"] != nil {
                omit(node, "'\(name)': control-curve costs have no Aral equivalent")
            }
        default:
            omit(node["type"], "node type '\(type)' ('\(name)') has no Aral equivalent")
            return
        }
        if type == "output", node["max_flow"].map({ !$0.isNull }) == true {
            // An explicit cost, even 0, so the demand does not get a priority's benefit.
            fields.append("cost: \(Self.number(cost ?? 0))")
        } else if let cost, type != "storage", type != "reservoir" {
            fields.append("cost: \(Self.number(cost))")
        }
        lines.append("  - name: \(Self.quote(name))")
        for f in fields { lines.append("    \(f)") }
    }
}
