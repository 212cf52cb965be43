import Foundation
import AralModel
import AralSchema
import AralLedger
import AralFormats
import AralPywr
import AralWorkflows
import HTTPTypes

/// Turns uploaded model text into a compiled model, or into the validator's issues.
///
/// Two formats are accepted: Aral's basin files (YAML or JSON) and Pywr 1.x JSON, told apart by
/// the one detector `aral run` uses too (`ModelFormat.detect`, in `AralWorkflows`), so that a
/// file the CLI runs as Pywr is run as Pywr here too, with the same importer and the same results.
///
/// The server never lets a model read files: an uploaded model has no folder, and a CSV
/// reference such as `{csv: ../../etc/passwd}` (Aral) or `"url": "/etc/passwd.csv"` (a Pywr
/// dataframe or table) would otherwise read the server's disk. Series must therefore be inline;
/// a file reference is an issue at its key path (`ModelSource.upload` in `AralWorkflows`).
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

    /// Loads upload text through the workflow layer (format detection, no file reads) and
    /// adds what the pages draw. `maxCells`: an Aral model whose steps × nodes exceed it is
    /// refused from its timestepper's dates before it is compiled (`ModelSizeLimit`); the caller
    /// checks the compiled model too.
    /// `files`: CSV files uploaded with an Aral model (`ModelUploadParts`), read by name
    /// (`ModelSource.upload`'s files); without them a `csv:` series is refused.
    static func compile(_ text: String, files: [String: String] = [:], maxCells: Int? = nil) throws -> Compiled {
        let source = ModelSource.upload(text: text, label: fileLabel, files: files)
        let loaded: LoadedModel
        do {
            if ModelFormat.detect(text) == .aral {
                let (document, _) = try ModelLoading.basinDocument(source)
                if let maxCells { try ModelSizeLimit.check(document, maxCells: maxCells) }
                loaded = .basin(try ModelLoading.compile(document, text: text, source: source))
            } else {
                loaded = try ModelLoading.load(source, format: .pywr)
            }
        } catch let error as ModelFileError {
            throw invalid(error.issues)
        }
        return compiled(loaded, text: text)
    }

    /// A loaded model (an upload, or a library model read from its file) with what the pages draw.
    static func compiled(_ loaded: LoadedModel, text: String) -> Compiled {
        switch loaded {
        case .basin(let model):
            return Compiled(model: .basin(model), name: model.network.name, stepCount: model.network.steps.count,
                            nodes: model.elements.map(\.outline), edges: model.edges, parties: model.parties, typeLabels: [:])
        case .pywr(let model):
            return drawing(model, text: text)
        }
    }

    /// A Pywr model as the pages draw it: nodes by their nearest Aral kind, Pywr's type names
    /// kept as labels, and the edges between known nodes.
    static func drawing(_ model: PywrModel, text: String) -> Compiled {
        var nodes: [NodeDocument] = []
        var labels: [String: String] = [:]
        for n in model.nodes {
            nodes.append(NodeDocument(name: n.name, kind: drawingKind(pywrType: n.type)))
            labels[n.name] = n.type
        }
        let known = Set(model.nodes.map(\.name))
        var edges: [EdgeDocument] = []
        let root = try? JSONReader.parse(text, file: fileLabel)
        for edge in root?["edges"]?.elements ?? [] {
            guard let pair = edge.elements, pair.count >= 2, let from = pair[0].string, let to = pair[1].string,
                  known.contains(from), known.contains(to) else { continue }
            edges.append(EdgeDocument(from: from, to: to))
        }
        return Compiled(model: .pywr(model), name: model.network.name, stepCount: model.network.steps.count,
                        nodes: nodes, edges: edges, parties: [], typeLabels: labels)
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

    /// Issues of a library model read from `modelPath`, its folder left out of every file name
    /// and message: the server's own folders are nobody's business (a plan's errors named
    /// `/srv/…/models/syr-darya.yaml`; found from outside).
    static func hidingFolder(of modelPath: String, _ issues: [FileIssue]) -> [FileIssue] {
        let folder = (modelPath as NSString).deletingLastPathComponent
        guard folder.hasPrefix("/") else { return issues }
        return issues.map { issue in
            var shown = issue
            shown.file = hidingFolder(of: modelPath, issue.file)
            shown.message = hidingFolder(of: modelPath, issue.message)
            return shown
        }
    }

    static func hidingFolder(of modelPath: String, _ text: String) -> String {
        let folder = (modelPath as NSString).deletingLastPathComponent
        guard folder.hasPrefix("/") else { return text }
        return text.replacingOccurrences(of: folder + "/", with: "")
    }

    static func invalid(_ issues: [FileIssue]) -> APIError {
        let count = issues.count
        return APIError(.unprocessableContent, count == 1 ? "1 problem in the model" : "\(count) problems in the model",
                        issues: issues.map { APIError.Issue(file: $0.file, line: $0.line, column: $0.column, path: $0.path, message: $0.message) })
    }
}
