import Foundation
import AralModel
import Yams

/// Scenario overlays: small YAML files that change a base model, so a variant (a new dam, a
/// dry regime, a changed climate) is a reviewable diff instead of a copied model.
///
/// ```yaml
/// description: Kambarata-1 built and operating
/// nodes:                       # set fields of existing nodes (by name)
///   kambarata-1: {enabled: true}
///   naryn: {flow: {csv: hydrology/syr-darya.csv, column: naryn, scale: 0.7}}
/// addNodes: [ {name: x, kind: link} ]   # new nodes, as in a model file
/// addEdges: [[a, x], [x, b]]
/// removeEdges: [[a, b]]
/// ```
/// `aral run MODEL --scenario NAME` looks for `NAME` as a path, then `NAME.yaml` next to the
/// model, then in `scenarios/MODEL/` (per-model scenarios sharing a folder, MODEL being the
/// model file's name without extension), then in `scenarios/` beside it. Paths inside a scenario (CSV files) are
/// relative to the model file, like the model's own. Scenarios apply in order; a scenario that
/// names a missing node, sets an unknown or inapplicable field, or leaves the model invalid is
/// an error naming the scenario file, its line and key.
public enum ScenarioOverlay {
    static let topLevelKeys: Set<String> = ["description", "nodes", "addNodes", "addEdges", "removeEdges"]

    /// Applies the named scenarios, in order, to `document` loaded from `modelPath`.
    public static func apply(_ names: [String], to document: BasinDocument, modelPath: String,
                             limits: InputLimits = .standard) throws(ModelFileError) -> BasinDocument {
        var current = document
        for name in names {
            let file = try locate(name, modelPath: modelPath)
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
                throw ModelFileError(FileIssue(file: file, message: "cannot read the scenario: \(error.localizedDescription)"))
            }
            current = try apply(text: text, file: file, to: current, limits: limits)
            try checkCompiles(current, scenarioFile: file, scenarioText: text, modelPath: modelPath, limits: limits)
        }
        return current
    }

    /// Finds a scenario file: a path as given, `NAME.yaml` beside the model, or in `scenarios/`.
    public static func locate(_ name: String, modelPath: String) throws(ModelFileError) -> String {
        let folder = (modelPath as NSString).deletingLastPathComponent
        let base = folder.isEmpty ? "." : folder
        let withExtension = name.hasSuffix(".yaml") || name.hasSuffix(".yml") ? name : "\(name).yaml"
        let model = ((modelPath as NSString).lastPathComponent as NSString).deletingPathExtension
        let scenarios = (base as NSString).appendingPathComponent("scenarios")
        let candidates = [
            name,
            (base as NSString).appendingPathComponent(withExtension),
            ((scenarios as NSString).appendingPathComponent(model) as NSString).appendingPathComponent(withExtension),
            (scenarios as NSString).appendingPathComponent(withExtension),
        ]
        var isDirectory: ObjCBool = false
        for path in candidates where FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue {
            return path
        }
        throw ModelFileError(FileIssue(file: modelPath,
            message: "scenario '\(name)' not found; looked for \(candidates.joined(separator: ", "))"))
    }

    /// Applies one scenario's text to a document (no compile check).
    public static func apply(text: String, file: String, to document: BasinDocument,
                             limits: InputLimits = .standard) throws(ModelFileError) -> BasinDocument {
        guard let root = try YAMLReader.compose(text, file: file, limits: limits) else {
            throw ModelFileError(FileIssue(file: file, message: "the scenario is empty"))
        }
        guard let top = root.mapping else {
            throw ModelFileError(FileIssue(file: file, line: root.mark?.line, message: "a scenario is a mapping with nodes, addNodes, addEdges or removeEdges"))
        }
        for (key, _) in top {
            guard let k = key.string, topLevelKeys.contains(k) else {
                throw ModelFileError(FileIssue(file: file, line: key.mark?.line, column: key.mark?.column, path: key.string,
                    message: "unknown key in a scenario; known keys: \(topLevelKeys.sorted().joined(separator: ", "))"))
            }
        }
        var doc = document
        var issues: [FileIssue] = []

        // Field changes of existing nodes.
        if let nodes = top["nodes"] {
            guard let overrides = nodes.mapping else {
                throw ModelFileError(FileIssue(file: file, line: nodes.mark?.line, path: "nodes", message: "expected a mapping of node name → fields"))
            }
            for (key, value) in overrides {
                let name = key.string ?? ""
                let path = "nodes.\(name)"
                guard let index = doc.nodes.firstIndex(where: { $0.name == name }) else {
                    issues.append(FileIssue(file: file, line: key.mark?.line, column: key.mark?.column, path: path,
                        message: "the model has no node '\(name)'\(didYouMean(name, among: doc.nodes.map(\.name)))"))
                    continue
                }
                guard let fields = value.mapping else {
                    issues.append(FileIssue(file: file, line: value.mark?.line, path: path, message: "expected a mapping of field → value"))
                    continue
                }
                do {
                    doc.nodes[index] = try merge(doc.nodes[index], with: fields, file: file, path: path)
                } catch { issues.append(contentsOf: error.issues) }
            }
        }

        // New nodes.
        if let added = top["addNodes"] {
            do {
                let nodes = try decode([NodeDocument].self, from: added, file: file, path: "addNodes")
                for node in nodes where doc.nodes.contains(where: { $0.name == node.name }) {
                    issues.append(FileIssue(file: file, line: added.mark?.line, path: "addNodes",
                                            message: "node '\(node.name)' already exists in the model; change it under 'nodes' instead"))
                }
                doc.nodes.append(contentsOf: nodes)
            } catch { issues.append(contentsOf: error.issues) }
        }

        // Edges.
        if let removed = top["removeEdges"] {
            do {
                for edge in try decode([EdgeDocument].self, from: removed, file: file, path: "removeEdges") {
                    guard let i = doc.edges.firstIndex(of: edge) else {
                        issues.append(FileIssue(file: file, line: removed.mark?.line, path: "removeEdges",
                                                message: "the model has no edge \(edge.from) → \(edge.to)"))
                        continue
                    }
                    doc.edges.remove(at: i)
                }
            } catch { issues.append(contentsOf: error.issues) }
        }
        if let added = top["addEdges"] {
            do { doc.edges.append(contentsOf: try decode([EdgeDocument].self, from: added, file: file, path: "addEdges")) } catch {
                issues.append(contentsOf: error.issues)
            }
        }
        if !issues.isEmpty { throw ModelFileError(issues: issues) }
        return doc
    }

    // MARK: - Helpers

    /// Replaces the given fields of a node and decodes the result, so unknown fields and fields
    /// that do not apply to the node's kind are reported like in a model file.
    static func merge(_ node: NodeDocument, with fields: Yams.Node.Mapping, file: String, path: String) throws(ModelFileError) -> NodeDocument {
        for (key, _) in fields where key.string == "name" || key.string == "kind" {
            throw ModelFileError(FileIssue(file: file, line: key.mark?.line, column: key.mark?.column, path: "\(path).\(key.string ?? "")",
                message: "a scenario cannot rename a node or change its kind; remove it with removeEdges and add a new node"))
        }
        let base: Yams.Node
        do {
            guard let encoded = try Yams.compose(yaml: try YAMLEncoder().encode(node)) else {
                throw ModelFileError(FileIssue(file: file, path: path, message: "internal: the node did not encode"))
            }
            base = encoded
        } catch let error as ModelFileError {
            throw error
        } catch {
            throw ModelFileError(FileIssue(file: file, path: path, message: "internal: cannot encode the node: \(error)"))
        }
        guard var mapping = base.mapping else {
            throw ModelFileError(FileIssue(file: file, path: path, message: "internal: the node did not encode as a mapping"))
        }
        for (key, value) in fields {
            mapping[key] = value
        }
        return try decode(NodeDocument.self, from: .mapping(mapping), file: file, path: path, locations: fields)
    }

    /// Decodes a scenario fragment, turning decoding errors into issues at the scenario's lines.
    static func decode<T: Decodable>(_ type: T.Type, from node: Yams.Node, file: String, path: String,
                                     locations: Yams.Node.Mapping? = nil) throws(ModelFileError) -> T {
        do {
            let text = try Yams.serialize(node: node)
            return try YAMLDecoder().decode(T.self, from: text)
        } catch let error as DecodingError {
            let context: DecodingError.Context?
            switch error {
            case .keyNotFound(_, let c), .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): context = c
            @unknown default: context = nil
            }
            let keyPath = context.map { renderKeyPath($0.codingPath) } ?? ""
            var line = node.mark?.line, column = node.mark?.column
            if let first = context?.codingPath.first?.stringValue, let locations,
               let pair = locations.first(where: { $0.key.string == first }) {
                line = pair.key.mark?.line
                column = pair.key.mark?.column
            } else if let first = context?.codingPath.first?.intValue, let sequence = node.sequence, first < sequence.count {
                line = sequence[first].mark?.line
                column = sequence[first].mark?.column
            }
            let message: String
            if case .keyNotFound(let key, _) = error { message = "missing required key '\(key.stringValue)'" }
            else { message = context?.debugDescription ?? "\(error)" }
            throw ModelFileError(FileIssue(file: file, line: line, column: column,
                                           path: keyPath.isEmpty ? path : "\(path).\(keyPath)", message: message))
        } catch {
            throw ModelFileError(FileIssue(file: file, line: node.mark?.line, path: path, message: "\(error)"))
        }
    }

    /// Compiles the changed model; problems are reported against the scenario file, at the
    /// overridden node's key when the problem lies in a node the scenario changed.
    static func checkCompiles(_ document: BasinDocument, scenarioFile: String, scenarioText: String, modelPath: String,
                              limits: InputLimits = .standard) throws(ModelFileError) {
        let base = (modelPath as NSString).deletingLastPathComponent
        let compiler = BasinCompiler(seriesSource: CSVSeriesSource(baseDirectory: base.isEmpty ? "." : base), limits: limits)
        do {
            _ = try compiler.compile(document)
        } catch {
            let root = try? Yams.compose(yaml: scenarioText)
            throw ModelFileError(issues: error.issues.map { issue in
                var path = issue.path
                var mark = root?.mark
                if case .key("nodes")? = issue.components.first, case .index(let i)? = issue.components.dropFirst().first,
                   i < document.nodes.count {
                    let name = document.nodes[i].name
                    let rest = issue.components.dropFirst(2).compactMap { c -> String? in
                        if case .key(let k) = c { return k } else { return nil }
                    }
                    path = (["nodes", name] + rest).joined(separator: ".")
                    if let nodes = root?.mapping?["nodes"]?.mapping, let pair = nodes.first(where: { $0.key.string == name }) {
                        mark = pair.key.mark
                        if let field = rest.first, let inner = pair.value.mapping?.first(where: { $0.key.string == field }) { mark = inner.key.mark }
                    } else if let added = root?.mapping?["addNodes"] {
                        mark = added.mark
                    }
                }
                // Added edges come last in the document: `edges[i]` of the merged model is the
                // scenario's `addEdges[k]`, at its own line.
                if case .key("edges")? = issue.components.first, case .index(let i)? = issue.components.dropFirst().first,
                   let added = root?.mapping?["addEdges"]?.sequence {
                    let k = i - (document.edges.count - added.count)
                    if k >= 0, k < added.count {
                        path = "addEdges[\(k)]"
                        mark = added[k].mark
                    }
                }
                return FileIssue(file: scenarioFile, line: mark?.line, column: mark?.column, path: path,
                                 message: "the model is invalid after this scenario: \(issue.message)")
            })
        }
    }
}
