import Foundation
import AralModel
import AralFormats
import AralLedger
import HTTPTypes

/// Turns uploaded model text into a compiled model, or into the validator's issues.
///
/// The server never lets a model read files: an uploaded model has no folder, and a CSV
/// reference such as `{csv: ../../etc/passwd}` would otherwise read the server's disk.
/// Series must therefore be inline (numbers or monthly profiles); a `csv:` reference is an
/// issue at its key path.
enum UploadedModel {
    /// The name shown in validation messages instead of a file path.
    static let fileLabel = "upload"

    enum Format: String { case aral, pywr }

    struct Compiled {
        var model: BasinModel
        var format: Format
    }

    /// A Pywr model is JSON whose nodes carry Pywr's `type` instead of Aral's `kind`.
    static func looksLikePywr(_ text: String) -> Bool {
        guard let value = try? JSONParser.parse(text, source: fileLabel), case .object(let root) = value,
              case .array(let nodes)? = root["nodes"], case .object(let first)? = nodes.first else { return false }
        return first["type"] != nil && first["kind"] == nil
    }

    static func compile(_ text: String) throws -> Compiled {
        if looksLikePywr(text) {
            throw APIError(.unprocessableContent, "this is a Pywr model; the Pywr importer (issue 6) is not part of this build yet",
                           issues: [APIError.Issue(file: fileLabel, message: "Pywr JSON is recognised but cannot be converted yet")])
        }
        let document: BasinDocument
        do {
            document = try ModelLoader.decode(text, file: fileLabel)
        } catch {
            throw invalid(error.issues)
        }
        do {
            let model = try BasinCompiler(seriesSource: NoFileSeriesSource()).compile(document)
            return Compiled(model: model, format: .aral)
        } catch {
            throw invalid(error.issues.map { FileIssue(file: fileLabel, path: $0.path, message: $0.message) })
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
