import Foundation
import AralModel
import AralFormats

/// `csvrecorder` and `tablesrecorder`: recorders that write result files.
extension PywrBuilder {
    func resultFile(_ type: String, name: String, _ d: JSONNode) throws(ModelFileError) -> PywrResultFile? {
        switch type {
        case "csv":
            try rejectUnknownKeys(d, known: Self.commonRecorderKeys.union(["url", "scenario_index", "nodes", "complib", "complevel", "csv_kwargs"]),
                                  what: "a 'csvrecorder'")
            if let lib = d["complib"], !lib.isNull {
                throw issue(lib, "compressed CSV output ('\(lib.string ?? lib.typeName)') is not supported; leave out 'complib'")
            }
            if let kw = d["csv_kwargs"], kw.members?.isEmpty == false {
                throw issue(kw, "csv_kwargs (Python csv.writer options) are not supported")
            }
            let scenario = Int(try optionalNumber(d, "scenario_index", default: 0))
            return PywrResultFile(recorder: name, path: try resultPath(d, recorder: name), format: .csv(scenarioIndex: scenario),
                                  columns: try resultNodes(d["nodes"], recorder: name, sorted: true).map { ($0.name, .node($0.index)) })
        default:
            return nil
        }
    }

    func resultPath(_ d: JSONNode, recorder: String) throws(ModelFileError) -> String {
        let url = try string(try required(d, "url", what: "recorder '\(recorder)'"))
        return url.hasPrefix("/") ? url : (baseDirectory as NSString).appendingPathComponent(url)
    }

    /// The nodes a file recorder names, or (absent) every node of the file sorted by name,
    /// as Pywr's `sorted(model.nodes.keys())`.
    func resultNodes(_ node: JSONNode?, recorder: String, sorted: Bool) throws(ModelFileError) -> [(name: String, index: Int)] {
        guard let node, !node.isNull else {
            let all = outputs.enumerated().map { (name: $1.name, index: $0) }
            return sorted ? all.sorted { $0.name < $1.name } : all
        }
        var result: [(name: String, index: Int)] = []
        for ref in try list(node) {
            let n = try nodeRef(ref, recorder: recorder)
            result.append((outputs[n.index].name, n.index))
        }
        return result
    }
}
