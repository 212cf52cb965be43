import Foundation
import AralSchema
import AralPywr

/// The two model formats Aral reads, and the one place that tells them apart.
///
/// The CLI (`aral run FILE`) and the server (`POST /api/models`) both ask `detect`, so a file
/// that one front door runs as Pywr the other runs as Pywr too.
public enum ModelFormat: String, Sendable, CaseIterable {
    /// Aral's basin model: YAML, or JSON with `kind` on every node.
    case aral
    /// Pywr 1.x JSON.
    case pywr

    /// Aral when the first node has `kind` and no `type`. Otherwise Pywr when the text is JSON that Pywr's importer recognises (`timestepper`, typed nodes,
    /// edges as lists of names), or JSON whose first node carries Pywr's `type` instead of
    /// Aral's `kind` (so that a Pywr file missing its `timestepper` gets Pywr's errors, not
    /// Aral's); Aral otherwise. A model with no typed node to go by (`"nodes": []`) is Pywr
    /// when it says so in a way Aral's format never does: Pywr's `metadata`, a `timestepper`
    /// with Pywr's `timestep` instead of Aral's `step`, or edges as lists of names — so an
    /// empty Pywr model is told it is empty, not that `timestep` is an unknown Aral key. YAML
    /// never parses as JSON, so it is always Aral.
    public static func detect(_ text: String) -> ModelFormat {
        guard let root = try? JSONReader.parse(text, file: "-") else { return brokenPywrJSON(text) ? .pywr : .aral }
        // A first node with Aral's `kind` and no `type` is Aral's whatever the rest looks like:
        // an Aral JSON model with edges written as pairs was read as Pywr and told its nodes
        // had no `type` (found from outside).
        if let first = root["nodes"]?.elements?.first, first["kind"] != nil, first["type"] == nil { return .aral }
        if PywrImporter.looksLikePywr(root) { return .pywr }
        if root["metadata"] != nil || root["timestepper"]?["timestep"] != nil { return .pywr }
        if let edges = root["edges"]?.elements, !edges.isEmpty, edges.allSatisfy({ $0.elements != nil }) { return .pywr }
        guard let first = root["nodes"]?.elements?.first else { return .aral }
        return first["type"] != nil && first["kind"] == nil ? .pywr : .aral
    }

    /// JSON that does not parse but says it is Pywr's (its `metadata`, `timestep`, or edges as
    /// lists): Pywr's reader then reports the JSON syntax error at its line, instead of the
    /// YAML reader, which accepts a trailing comma and then names Aral's schema.
    static func brokenPywrJSON(_ text: String) -> Bool {
        guard text.first(where: { !$0.isWhitespace }) == "{" else { return false }
        let marks = [#""metadata"\s*:"#, #""timestep"\s*:"#, #""edges"\s*:\s*\[\s*\["#]
        return marks.contains { text.range(of: $0, options: .regularExpression) != nil }
    }
}

