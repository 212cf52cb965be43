import Foundation
import AralModel
public import AralSchema
import AralFormats
import AralPywr

/// Loads a model from a file or an upload: reads it, detects its format once
/// (`ModelFormat.detect`), applies scenario overlays (Aral models) and compiles it. Every
/// problem is a `ModelFileError` whose issues name the file (or upload label), line and key path.
public enum ModelLoading {
    /// - Parameters:
    ///   - format: `nil` detects the format from the text.
    ///   - scenarios: overlay names or files, applied in order (Aral models only; see
    ///     `ScenarioOverlay`). An upload cannot name overlay files.
    public static func load(_ source: ModelSource, format: ModelFormat? = nil,
                            scenarios: [String] = []) throws(ModelFileError) -> LoadedModel {
        let text = try read(source)
        switch format ?? ModelFormat.detect(text) {
        case .pywr:
            guard scenarios.isEmpty else {
                throw ModelFileError(FileIssue(file: source.label, message: "scenario overlays apply to Aral model files, not to Pywr models"))
            }
            return .pywr(try loadPywr(text: text, source: source))
        case .aral:
            return .basin(try loadBasin(text: text, source: source, scenarios: scenarios))
        }
    }

    /// An Aral basin model from `source`, with `scenarios` applied.
    public static func loadBasin(_ source: ModelSource, scenarios: [String] = []) throws(ModelFileError) -> BasinModel {
        try loadBasin(text: try read(source), source: source, scenarios: scenarios)
    }

    /// The document of an Aral model, with its scenario overlays applied, and the text it came
    /// from (for line numbers). Plans change the document (horizon, forecast) before compiling it.
    public static func basinDocument(_ source: ModelSource, scenarios: [String] = []) throws(ModelFileError) -> (BasinDocument, String) {
        let text = try read(source)
        return (try basinDocument(text: text, source: source, scenarios: scenarios), text)
    }

    /// Compiles a document read from `source`: a file's CSV series are read relative to its
    /// folder (issues carry lines from `text`); an upload's from the files sent with it, by name,
    /// and any other file reference is refused.
    public static func compile(_ document: BasinDocument, text: String, source: ModelSource) throws(ModelFileError) -> BasinModel {
        switch source {
        case .file(let path):
            return try ModelLoader.compile(document, text: text, file: path)
        case .upload:
            do {
                return try compiler(for: source).compile(document)
            } catch {
                throw located(error.issues, text: text, source: source)
            }
        }
    }

    /// Problems found after decoding, at their lines in a file's `text`; an upload's by key
    /// path alone.
    public static func located(_ issues: [ModelIssue], text: String, source: ModelSource) -> ModelFileError {
        switch source {
        case .file(let path):
            return ModelLoader.located(issues, text: text, file: path)
        case .upload(_, let label, _):
            return ModelFileError(issues: issues.map { FileIssue(file: label, path: $0.path, message: $0.message) })
        }
    }

    /// The compiler for `source`'s series: CSV files beside a model file; for an upload the
    /// files that came with it, or none.
    public static func compiler(for source: ModelSource) -> BasinCompiler {
        switch source {
        case .file:
            return BasinCompiler(seriesSource: CSVSeriesSource(baseDirectory: source.baseDirectory ?? "."))
        case .upload(_, let label, let files):
            return BasinCompiler(seriesSource: files.isEmpty ? NoFileSeriesSource() as any SeriesSource
                                                             : UploadedFilesSeriesSource(files: files, label: label))
        }
    }

    static func loadBasin(text: String, source: ModelSource, scenarios: [String]) throws(ModelFileError) -> BasinModel {
        try compile(try basinDocument(text: text, source: source, scenarios: scenarios), text: text, source: source)
    }

    /// `text` decoded as an Aral model document, with `scenarios` applied (a model file's only).
    static func basinDocument(text: String, source: ModelSource, scenarios: [String]) throws(ModelFileError) -> BasinDocument {
        let document = try ModelLoader.decode(text, file: source.label)
        guard !scenarios.isEmpty else { return document }
        guard case .file(let path) = source else {
            throw ModelFileError(FileIssue(file: source.label, message: "scenario overlays are files beside a model file; an upload has none"))
        }
        return try ScenarioOverlay.apply(scenarios, to: document, modelPath: path)
    }

    /// A Pywr model: a file's data files are read relative to its folder; an upload's `url`s
    /// are refused first, and its importer looks in a folder that does not exist (a second
    /// line of defence).
    static func loadPywr(text: String, source: ModelSource) throws(ModelFileError) -> PywrModel {
        switch source {
        case .file(let path):
            return try PywrImporter.compile(text: text, file: path, baseDirectory: source.baseDirectory ?? ".")
        case .upload(_, let label, let uploaded):
            guard uploaded.isEmpty else {
                throw ModelFileError(FileIssue(file: label, message: "files uploaded with a Pywr model are not read yet; put its data inline"))
            }
            let root = try JSONReader.parse(text, file: label)
            let files = UploadFileReferences.find(in: root, label: label)
            if !files.isEmpty { throw ModelFileError(issues: files) }
            return try PywrImporter.compile(text: text, file: label, baseDirectory: "/nonexistent/aral-upload")
        }
    }

    static func read(_ source: ModelSource) throws(ModelFileError) -> String {
        switch source {
        case .upload(let text, _, _):
            return text
        case .file(let path):
            return try TextFile.read(path) { ModelFileError(FileIssue(file: path, message: $0)) }
        }
    }
}
