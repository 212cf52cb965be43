import Foundation
import AralModel
import AralSchema
import AralFormats

/// Pywr's `tablesarray` parameter: a value per step (and per member of `scenario`) read from
/// an array of a PyTables/HDF5 file (`url`, `where`, `node`), looked up at the step index plus
/// `timestep_offset`, clamped to the array. Integer arrays make it an index parameter, as in
/// Pywr. `checksum` is accepted and not verified.
extension PywrBuilder {
    func loadTablesArray(_ node: JSONNode, label: String, common: Set<String>) throws(ModelFileError) -> ScheduledValue {
        try rejectUnknownKeys(node, known: common.union(["url", "where", "node", "scenario", "timestep_offset", "checksum"]),
                              what: "a 'tablesarray' parameter")
        let urlNode = try required(node, "url", what: "a tablesarray parameter")
        let url = try string(urlNode)
        let path = resolvedPath(url)
        let where_ = try node["where"].map { (n: JSONNode) throws(ModelFileError) in try string(n) } ?? "/"
        let name = try string(try required(node, "node", what: "a tablesarray parameter"))
        let dataset = (where_ + "/" + name).replacingOccurrences(of: "//", with: "/")
        let array: (shape: [Int], values: [Double])
        do { array = try HDF5ArrayReader.read(file: path, dataset: dataset) } catch {
            throw issue(urlNode, "\(error)")
        }
        let rows = array.shape[0], columns = array.shape.dropFirst().reduce(1, *)
        let steps = network.steps.count
        guard rows >= steps else {
            throw issue(node, "the array '\(dataset)' in '\(url)' has \(rows) rows; the model has \(steps) steps")
        }
        guard array.values.allSatisfy(\.isFinite) else {
            throw issue(node, "the array '\(dataset)' in '\(url)' has values that are not finite numbers")
        }
        let offset = try optionalInteger(node, "timestep_offset", default: 0)
        func column(_ j: Int) -> [Double] {
            (0..<steps).map { t in array.values[min(max(t + offset, 0), rows - 1) * columns + j] }
        }
        if let scenarioNode = node["scenario"], !scenarioNode.isNull {
            let dimension = try scenarioDimension(scenarioNode)
            let size = network.scenarios[dimension].size
            guard columns >= size else {
                throw issue(scenarioNode, "the array '\(dataset)' has \(columns) columns but scenario '\(network.scenarios[dimension].name)' has \(size) members")
            }
            return network.addParameter(PywrScenarioSeriesParameter(label: label, dimension: dimension,
                                                                    values: (0..<size).map(column), constantInTime: false))
        }
        return network.addParameter(StepSeriesParameter(label: label, values: column(0)))
    }
}
