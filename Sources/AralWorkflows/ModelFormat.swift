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

    /// Pywr when the text is JSON that Pywr's importer recognises (`timestepper`, typed nodes,
    /// edges as lists of names), or JSON whose first node carries Pywr's `type` instead of
    /// Aral's `kind` (so that a Pywr file missing its `timestepper` gets Pywr's errors, not
    /// Aral's); Aral otherwise. YAML never parses as JSON, so it is always Aral.
    public static func detect(_ text: String) -> ModelFormat {
        guard let root = try? JSONReader.parse(text, file: "-") else { return .aral }
        if PywrImporter.looksLikePywr(root) { return .pywr }
        guard let first = root["nodes"]?.elements?.first else { return .aral }
        return first["type"] != nil && first["kind"] == nil ? .pywr : .aral
    }
}
