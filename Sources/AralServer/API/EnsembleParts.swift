import Foundation
import NIOCore

/// An ensemble request as `multipart/form-data` (split by `MultipartBody`): the API's upload of a
/// traces file and the model page's form, which sends either kind. Text fields: `model` (API),
/// `name`, `scenario` (repeatable), `source` (`generate` or `upload`; default: `upload` when a
/// file came), `traces`, `years`, `seed`, `csrf` (the form's anti-forgery token); the file part
/// `tracesFile` is the traces CSV (`trace,date,SITE…`). Bounded: the body by `--max-body` before
/// this runs, one file, its name as a model upload's series files are named.
struct EnsembleParts {
    var fields: [String: String] = [:]
    var scenarios: [String] = []
    var file: (name: String, data: Data)?

    static let fileField = "tracesFile"
    static let textFields: Set<String> = ["model", "name", "scenario", "source", "traces", "years", "seed", "csrf"]

    static func parse(_ buffer: ByteBuffer, contentType: String) throws -> EnsembleParts {
        var result = EnsembleParts()
        for (index, part) in try MultipartBody.parse(buffer, contentType: contentType).parts.enumerated() {
            let field = part.field
            if field == fileField {
                let fileName = part.fileName ?? ""
                if fileName.isEmpty, part.body.readableBytes == 0 { continue }
                try checkTracesFileName(fileName)
                guard result.file == nil else { throw APIError.badRequest("more than one traces file in the request", path: fileField) }
                result.file = (fileName, Data(part.body.readableBytesView))
                continue
            }
            guard textFields.contains(field) else {
                throw APIError.badRequest("part \(index + 1) ('\(field)') is not a field of an ensemble request; fields: "
                    + (textFields.sorted() + [fileField]).joined(separator: ", "), path: field)
            }
            guard let text = part.text else {
                throw APIError.badRequest("part \(index + 1) ('\(field)') is not UTF-8 text", path: field)
            }
            if field == "scenario" {
                if !text.isEmpty { result.scenarios.append(text) }
            } else {
                guard result.fields[field] == nil else { throw APIError.badRequest("the field '\(field)' is sent twice", path: field) }
                result.fields[field] = text
            }
        }
        return result
    }

    /// A traces file's name is only its label in messages (no model refers to it), so a
    /// browser's `traces (1).csv` is one: spaces and brackets are allowed, folders, control
    /// characters and bidirectional overrides not (it was refused; found from outside).
    static func checkTracesFileName(_ file: String) throws {
        let plain = file.unicodeScalars.allSatisfy { s in
            !(s.properties.generalCategory == .control || s == "/" || s == "\\" || (0x202A...0x202E).contains(s.value) || (0x2066...0x2069).contains(s.value))
        }
        guard plain, file.utf8.count <= 100, file.lowercased().hasSuffix(".csv"), !file.hasPrefix(".") else {
            throw APIError.badRequest("'\(file)' is not a traces file name: a name ending .csv, without folders or control characters, at most 100 bytes", path: fileField)
        }
    }

    /// The request these parts ask for, for model `modelID`.
    func request(modelID: String) throws -> EnsembleRequest {
        let name = fields["name"].flatMap { $0.isEmpty ? nil : $0 }
        let source = fields["source"].flatMap { $0.isEmpty ? nil : $0 } ?? (file == nil ? "generate" : "upload")
        switch source {
        case "upload":
            guard let file else { throw APIError.badRequest("choose a traces CSV to upload (trace,date,SITE…)", path: Self.fileField) }
            // The API's `traces` and `seed` were ignored beside a file without a word (found from
            // outside). The dashboard's form always sends its generator fields; only the API's
            // request (no `csrf`) is refused.
            if fields["csrf"] == nil {
                for key in ["traces", "seed"] where fields[key].map({ !$0.isEmpty }) ?? false {
                    throw APIError.badRequest("'\(key)' generates traces; an uploaded traces file (\(Self.fileField)) has its own: leave '\(key)' out", path: key)
                }
            }
            return EnsembleRequest(modelID: modelID, name: name, scenarios: scenarios,
                                   traces: .upload(fileName: file.name, data: file.data, years: try Self.integer(fields["years"], "years")))
        case "generate":
            return EnsembleRequest(modelID: modelID, name: name, scenarios: scenarios,
                                   traces: .generate(count: try Self.integer(fields["traces"], "traces") ?? EnsembleDefaults.traces,
                                                     years: try Self.integer(fields["years"], "years") ?? EnsembleDefaults.years,
                                                     seed: try Self.seed(fields["seed"]) ?? EnsembleDefaults.seed))
        default:
            throw APIError.badRequest("source must be 'generate' or 'upload'; got '\(source)'", path: "source")
        }
    }

    /// An optional whole number of a form field (empty is absent).
    static func integer(_ text: String?, _ path: String) throws -> Int? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let value = Int(text) else { throw APIError.badRequest("'\(text)' is not a whole number", path: path) }
        return value
    }

    static func seed(_ text: String?) throws -> UInt64? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let value = UInt64(text) else { throw APIError.badRequest("'\(text)' is not a seed (a whole number 0 to \(UInt64.max))", path: "seed") }
        return value
    }
}

/// What a request that leaves them out generates: `aral hydrology generate`'s own defaults
/// for traces and seed, and two years (a short look ahead; the form says so).
enum EnsembleDefaults {
    static let traces = 100
    static let years = 2
    static let seed: UInt64 = 1
}
