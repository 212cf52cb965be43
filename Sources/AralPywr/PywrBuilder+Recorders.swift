import AralModel
import AralSchema

/// The recorders of a Pywr file. Recorders never change the allocation; the ones Aral can
/// compute (flows, volumes, totals, means, hydropower energy with a fixed head) are kept,
/// the rest are listed as ignored so the run can say so.
extension PywrBuilder {
    func readRecorders(_ node: JSONNode?) throws(ModelFileError) -> (kept: [PywrRecorderSpec], ignored: [String]) {
        guard let node else { return ([], []) }
        guard let members = node.members else { throw issue(node, "'recorders' must be an object mapping names to definitions") }
        var kept: [PywrRecorderSpec] = [], ignored: [String] = []
        for (name, definition) in members {
            guard let typeNode = definition["type"] else { throw issue(definition, "a recorder needs a 'type'") }
            var type = try string(typeNode).lowercased()
            if type.hasSuffix("recorder") { type.removeLast("recorder".count) }
            let nodeName = definition["node"]?.string ?? definition["storage"]?.string
            if let nodeName, definitions[nodeName] == nil {
                throw issue(definition["node"] ?? definition["storage"], "recorder '\(name)' refers to no node named '\(nodeName)'")
            }
            let kind: PywrRecorderSpec.Kind?
            switch type {
            case "numpyarraynode", "node": kind = .nodeFlow
            case "numpyarraystorage", "storage": kind = .storageVolume
            case "totalflownode", "totalflow": kind = .totalFlow
            case "meanflownode", "meanflow": kind = .meanFlow
            case "hydropower", "totalhydroenergy":
                if let w = definition["water_elevation_parameter"], w.number == nil {
                    kind = nil
                } else {
                    let water = try optionalNumber(definition, "water_elevation_parameter", default: .nan)
                    let turbine = try optionalNumber(definition, "turbine_elevation", default: 0)
                    let head = water.isNaN ? turbine : water - turbine
                    kind = .hydropowerEnergy(head: max(0, head), efficiency: try optionalNumber(definition, "efficiency", default: 1),
                                             density: try optionalNumber(definition, "density", default: 1000),
                                             conversion: try optionalNumber(definition, "flow_unit_conversion", default: 1)
                                                 * (try optionalNumber(definition, "energy_unit_conversion", default: 1e-6)))
                }
            default: kind = nil
            }
            if let kind, let nodeName { kept.append(PywrRecorderSpec(name: name, node: nodeName, kind: kind)) }
            else { ignored.append("\(name) (\(type))") }
        }
        return (kept, ignored)
    }
}
