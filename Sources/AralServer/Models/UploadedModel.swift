import Foundation
import AralModel
import AralSchema
import AralLedger
import AralPywr
import HTTPTypes

/// Turns uploaded model text into a compiled model, or into the validator's issues.
///
/// Two formats are accepted: Aral's basin files (YAML or JSON) and Pywr 1.x JSON, told apart as
/// `aral run` tells them apart (`PywrImporter.looksLikePywr`), so that a file the CLI runs as
/// Pywr is run as Pywr here too, with the same importer and the same results.
///
/// The server never lets a model read files: an uploaded model has no folder, and a CSV
/// reference such as `{csv: ../../etc/passwd}` (Aral) or `"url": "/etc/passwd.csv"` (a Pywr
/// dataframe or table) would otherwise read the server's disk. Series must therefore be inline;
/// a file reference is an issue at its key path.
enum UploadedModel {
    /// The name shown in validation messages instead of a file path.
    static let fileLabel = "upload"

    enum Format: String { case aral, pywr }

    /// A compiled upload: the model in its own terms plus what the pages and the API show of any
    /// model (nodes drawn by kind, edges, parties).
    struct Compiled: Sendable {
        enum Model: Sendable {
            case basin(BasinModel)
            case pywr(PywrModel)
        }

        var model: Model
        var name: String
        var stepCount: Int
        /// Nodes for the schematic. For Pywr models the kind is the nearest Aral kind (for the
        /// drawing only); `typeLabels` keeps Pywr's own type names.
        var nodes: [NodeDocument]
        var edges: [EdgeDocument]
        var parties: [PartyDocument]
        /// The node type as the model file names it (Aral kind or Pywr type), by node name.
        var typeLabels: [String: String]

        var format: Format {
            if case .pywr = model { return .pywr }
            return .aral
        }

        /// The basin model, when this is one (plans need it).
        var basin: BasinModel? {
            if case .basin(let b) = model { return b }
            return nil
        }

        func typeLabel(_ node: NodeDocument) -> String { typeLabels[node.name] ?? node.kind.rawValue }
    }

    /// What the server used to take for Pywr before the CLI's detector: JSON whose first node
    /// carries Pywr's `type` instead of Aral's `kind`. Such a file that the CLI's detector does not
    /// accept (no `timestepper`, say) is still compiled as Pywr, so its errors are Pywr's.
    static func looksLikePywr(_ text: String) -> Bool {
        if PywrImporter.looksLikePywr(text: text) { return true }
        guard let value = try? JSONParser.parse(text, source: fileLabel), case .object(let root) = value,
              case .array(let nodes)? = root["nodes"], case .object(let first)? = nodes.first else { return false }
        return first["type"] != nil && first["kind"] == nil
    }

    static func compile(_ text: String) throws -> Compiled {
        if looksLikePywr(text) { return try compilePywr(text) }
        let document: BasinDocument
        do {
            document = try ModelLoader.decode(text, file: fileLabel)
        } catch {
            throw invalid(error.issues)
        }
        do {
            let model = try BasinCompiler(seriesSource: NoFileSeriesSource()).compile(document)
            return Compiled(model: .basin(model), name: model.network.name, stepCount: model.network.steps.count,
                            nodes: model.elements.map(\.outline), edges: model.edges, parties: model.parties, typeLabels: [:])
        } catch {
            throw invalid(error.issues.map { FileIssue(file: fileLabel, path: $0.path, message: $0.message) })
        }
    }

    /// Compiles Pywr JSON with the CLI's importer. Data files are refused first (see above);
    /// the importer's base directory is one that does not exist, as a second line of defence.
    static func compilePywr(_ text: String) throws -> Compiled {
        let root: JSONNode
        do {
            root = try JSONReader.parse(text, file: fileLabel)
        } catch {
            throw invalid(error.issues)
        }
        let files = fileReferences(root)
        if !files.isEmpty { throw invalid(files) }
        let model: PywrModel
        do {
            model = try PywrImporter.compile(text: text, file: fileLabel, baseDirectory: "/nonexistent/aral-upload")
        } catch {
            throw invalid(error.issues)
        }
        var nodes: [NodeDocument] = []
        var labels: [String: String] = [:]
        for n in model.nodes {
            nodes.append(NodeDocument(name: n.name, kind: drawingKind(pywrType: n.type)))
            labels[n.name] = n.type
        }
        let known = Set(model.nodes.map(\.name))
        var edges: [EdgeDocument] = []
        for edge in root["edges"]?.elements ?? [] {
            guard let pair = edge.elements, pair.count >= 2, let from = pair[0].string, let to = pair[1].string,
                  known.contains(from), known.contains(to) else { continue }
            edges.append(EdgeDocument(from: from, to: to))
        }
        return Compiled(model: .pywr(model), name: model.network.name, stepCount: model.network.steps.count,
                        nodes: nodes, edges: edges, parties: [], typeLabels: labels)
    }

    /// Every `url` in the file (dataframe parameters and tables): each would read a file on the
    /// server's disk.
    static func fileReferences(_ node: JSONNode) -> [FileIssue] {
        var found: [FileIssue] = []
        func visit(_ n: JSONNode) {
            if let members = n.members {
                for (key, value) in members {
                    if key == "url" {
                        found.append(FileIssue(file: fileLabel, line: value.line, path: value.path, message:
                            "models uploaded to the server cannot read data files ('\(value.string ?? value.typeName)'); put the values inline (e.g. a constant or monthly profile parameter)"))
                    } else {
                        visit(value)
                    }
                }
            } else if let elements = n.elements {
                for e in elements { visit(e) }
            }
        }
        visit(node)
        return found
    }

    /// The Aral kind whose symbol the schematic uses for a Pywr node type.
    static func drawingKind(pywrType: String) -> NodeKindDocument {
        switch pywrType.lowercased() {
        case "catchment", "input": .inflow
        case "storage", "reservoir": .reservoir
        case "output": .demand
        case "turbine": .hydropower
        default: .link
        }
    }

    static func invalid(_ issues: [FileIssue]) -> APIError {
        let count = issues.count
        return APIError(.unprocessableContent, count == 1 ? "1 problem in the model" : "\(count) problems in the model",
                        issues: issues.map { APIError.Issue(file: $0.file, line: $0.line, column: $0.column, path: $0.path, message: $0.message) })
    }
}

/// Refuses every CSV reference: uploaded models have no files next to them.
struct NoFileSeriesSource: SeriesSource {
    struct Refused: Error, CustomStringConvertible {
        var file: String
        var description: String {
            "models uploaded to the server cannot read CSV files ('\(file)'); put the values inline (a number or {monthly: [...]})"
        }
    }

    func series(file: String, column: String) throws -> TimeSeries {
        throw Refused(file: file)
    }
}
