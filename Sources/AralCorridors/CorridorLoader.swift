import Foundation
import AralModel
import AralSchema
import Yams

/// Reads corridor model files: YAML text → document → network, with every problem placed at
/// `file:line:column: key.path`, and scenario overlays applied on the way (see `CorridorScenario`).
public enum CorridorLoader {
    /// Reads, overlays and compiles a model file.
    public static func load(path: String, scenarios: [String] = []) throws(CorridorInputError) -> CorridorNetwork {
        let text = try readText(path)
        var sources = [ScenarioSource]()
        for name in scenarios {
            let file = try CorridorScenario.locate(name, modelPath: path)
            sources.append(ScenarioSource(file: file, text: try readText(file)))
        }
        return try load(text: text, file: path, scenarios: sources)
    }

    /// A scenario's file name and text.
    public struct ScenarioSource: Sendable {
        public var file: String
        public var text: String
        public init(file: String, text: String) { self.file = file; self.text = text }
    }

    /// Parses, overlays and compiles model text; errors carry the file names given.
    public static func load(text: String, file: String, scenarios: [ScenarioSource] = []) throws(CorridorInputError) -> CorridorNetwork {
        var root = try parse(text, file: file)
        var provenance = Provenance(modelFile: file, modelRoot: root)
        for scenario in scenarios {
            let overlay = try parse(scenario.text, file: scenario.file)
            root = try CorridorScenario.apply(overlay, file: scenario.file, to: root, provenance: &provenance)
        }
        var reader = CorridorDocumentReader(file: file)
        let document = reader.read(root)
        let readIssues = reader.reader.issues.map { provenance.relocate($0) }
        guard let document, readIssues.isEmpty else {
            throw CorridorInputError(readIssues.isEmpty ? [CorridorIssue(file: file, message: "not a corridor model")] : readIssues)
        }
        do throws(ModelValidationError) {
            return try CorridorCompiler.compile(document)
        } catch {
            throw CorridorInputError(error.issues.map { provenance.relocate($0.located(in: file)) })
        }
    }

    static func readText(_ path: String) throws(CorridorInputError) -> String {
        try TextFile.read(path) { CorridorInputError([CorridorIssue(file: path, message: $0)]) }
    }

    /// The file's tree, through the schema layer's one YAML reader (bounded nesting and
    /// alias expansion, located syntax errors).
    static func parse(_ text: String, file: String) throws(CorridorInputError) -> Yams.Node {
        let node: Yams.Node?
        do { node = try YAMLReader.compose(text, file: file) } catch { throw CorridorInputError(error.issues) }
        guard let node else { throw CorridorInputError([CorridorIssue(file: file, message: "the file is empty")]) }
        return node
    }
}

/// Where each node and segment entry of a merged model came from, so a problem in an entry a
/// scenario added or changed is reported in the scenario file, at the scenario's own key path.
struct Provenance {
    struct Origin {
        var file: String
        var path: String
        var root: Yams.Node
        /// Set-fields overrides: only the keys they name came from the scenario.
        var keys: Set<String>?
    }
    let modelFile: String
    let modelRoot: Yams.Node
    /// `nodes[3]` / `segments[7]` → origin, for entries a scenario touched.
    var entries: [String: Origin] = [:]

    init(modelFile: String, modelRoot: Yams.Node) {
        self.modelFile = modelFile
        self.modelRoot = modelRoot
    }

    static func fromScenario(_ origin: Origin, _ first: PathComponent?) -> Bool {
        guard let keys = origin.keys else { return true }
        if case .key(let k) = first { return keys.contains(k) }
        return false
    }

    func relocate(_ issue: CorridorIssue) -> CorridorIssue {
        var result = issue
        let components = PathComponent.parse(issue.path ?? "")
        if components.count >= 2, case .key(let list) = components[0], case .index(let i) = components[1],
           let origin = entries["\(list)[\(i)]"], Self.fromScenario(origin, components.dropFirst(2).first) {
            let rest = components.dropFirst(2)
            let restText = rest.map { c -> String in
                switch c { case .key(let k): ".\(k)"; case .index(let j): "[\(j)]" }
            }.joined()
            result.file = origin.file
            result.path = origin.path + restText
            let mark = YAMLReader.locate(PathComponent.parse(origin.path) + rest, in: origin.root)
            result.line = mark?.line
            result.column = mark?.column
            return result
        }
        if issue.line == nil || issue.file == modelFile {
            let mark = YAMLReader.locate(components, in: modelRoot)
            result.line = result.line ?? mark?.line
            result.column = result.column ?? mark?.column
        }
        return result
    }
}
