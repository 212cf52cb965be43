import Foundation
import Yams
import AralModel
import AralSchema

/// Scenario overlays for corridor models: small YAML files that switch planned links on or
/// change figures, so "what does the Trans-Afghan railway change" is a reviewable diff.
///
/// ```yaml
/// description: BTK at 5 Mt/yr after the 2024 rebuild
/// segments:                   # set fields of existing segments (by id)
///   btk-akhalkalaki-kars: {capacityMtPerYear: 5}
/// nodes:                      # set fields of existing nodes (by id)
///   dostyk: {dwell: [...]}
/// addNodes: [ {id: x, kind: terminal, country: UZ} ]     # as in a model file
/// addSegments: [ {id: y, kind: rail, ...} ]
/// removeSegments: [z]
/// ```
/// The overlay works on the parsed YAML, before decoding, so the merged model is checked exactly
/// like a model file, and a problem in what the scenario set is reported in the scenario file.
public enum CorridorScenario {
    static let topKeys: Set<String> = ["description", "nodes", "segments", "addNodes", "addSegments", "removeSegments"]

    /// A scenario file: a path as given, `NAME.yaml` beside the model or in `scenarios/` beside it.
    public static func locate(_ name: String, modelPath: String) throws(CorridorInputError) -> String {
        let folder = (modelPath as NSString).deletingLastPathComponent
        let base = folder.isEmpty ? "." : folder
        let file = name.hasSuffix(".yaml") || name.hasSuffix(".yml") ? name : "\(name).yaml"
        let candidates = [name, (base as NSString).appendingPathComponent(file),
                          ((base as NSString).appendingPathComponent("scenarios") as NSString).appendingPathComponent(file)]
        var isDirectory: ObjCBool = false
        for path in candidates where FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue {
            return path
        }
        throw CorridorInputError([CorridorIssue(file: modelPath, message: "scenario '\(name)' not found; looked for \(candidates.joined(separator: ", "))")])
    }

    static func apply(_ overlay: Yams.Node, file: String, to model: Yams.Node, provenance: inout Provenance) throws(CorridorInputError) -> Yams.Node {
        var reader = YAMLFields(file: file)
        guard let top = reader.mapping(overlay, "", known: topKeys, what: "a corridor scenario"),
              var root = model.mapping else {
            throw CorridorInputError(reader.issues.isEmpty ? [CorridorIssue(file: file, message: "a scenario is a mapping")] : reader.issues)
        }
        for (list, setKey, addKey) in [("nodes", "nodes", "addNodes"), ("segments", "segments", "addSegments")] {
            var entries = Array(root[list]?.sequence ?? [])
            func index(of id: String) -> Int? {
                entries.firstIndex { $0.mapping?["id"]?.string == id }
            }
            if let sets = top[setKey] {
                if let m = sets.mapping {
                    for (key, value) in m {
                        let id = key.string ?? ""
                        let path = "\(setKey).\(id)"
                        guard let i = index(of: id) else {
                            reader.fail(key, path, "no \(list == "nodes" ? "node" : "segment") '\(id)' in the model")
                            continue
                        }
                        guard let fields = value.mapping, var entry = entries[i].mapping else {
                            reader.fail(value, path, "expected a mapping of fields to set")
                            continue
                        }
                        if fields["id"] != nil { reader.fail(fields.keys.first { $0.string == "id" }, "\(path).id", "an id cannot be changed; remove and add instead") }
                        for (k, v) in fields where k.string != "id" { entry[k] = v }
                        entries[i] = .mapping(entry)
                        let keys = Set(fields.keys.compactMap(\.string))
                        let earlier = provenance.entries["\(list)[\(i)]"]?.keys
                        provenance.entries["\(list)[\(i)]"] = .init(file: file, path: path, root: overlay, keys: earlier.map { $0.union(keys) } ?? keys)
                    }
                } else {
                    reader.fail(sets, setKey, "expected a mapping from \(list == "nodes" ? "node" : "segment") id to the fields to set")
                }
            }
            for (j, added) in reader.sequence(top[addKey], addKey).enumerated() {
                if let id = added.mapping?["id"]?.string, index(of: id) != nil {
                    reader.fail(added, "\(addKey)[\(j)].id", "'\(id)' is already in the model; set its fields under '\(setKey)' instead")
                    continue
                }
                provenance.entries["\(list)[\(entries.count)]"] = .init(file: file, path: "\(addKey)[\(j)]", root: overlay, keys: nil)
                entries.append(added)
            }
            if list == "segments" {
                for (j, removed) in reader.sequence(top["removeSegments"], "removeSegments").enumerated() {
                    guard let id = removed.string, let i = index(of: id) else {
                        reader.fail(removed, "removeSegments[\(j)]", "no segment '\(removed.string ?? "?")' in the model")
                        continue
                    }
                    entries.remove(at: i)
                    // Later entries shift down by one; so do their origins.
                    var shifted: [String: Provenance.Origin] = [:]
                    for (key, origin) in provenance.entries {
                        let c = PathComponent.parse(key)
                        if c.count == 2, case .key("segments") = c[0], case .index(let k) = c[1] {
                            if k == i { continue }
                            shifted[k > i ? "segments[\(k - 1)]" : key] = origin
                        } else {
                            shifted[key] = origin
                        }
                    }
                    provenance.entries = shifted
                }
            }
            root[list] = .sequence(.init(entries))
        }
        if !reader.issues.isEmpty { throw CorridorInputError(reader.issues) }
        return .mapping(root)
    }
}
