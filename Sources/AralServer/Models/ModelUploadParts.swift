import Foundation
import NIOCore
import HTTPTypes

/// A model upload with its series in one `multipart/form-data` request (`MultipartBody`, multipart-kit's
/// parser): the part named `model` is the model file; every other part carrying a file name
/// (`filename=` of its Content-Disposition, e.g. `-F files=@syr-darya.csv`) is a CSV file the
/// model may read by that name. Bounded: the whole body by `--max-body` before this runs, at
/// most `maxFiles` files, names without folders, and every part UTF-8 text.
struct ModelUploadParts {
    static let maxFiles = 64
    static let contentType = "multipart/form-data"

    var model: String
    var name: String?
    var files: [String: String]
    /// The anti-forgery token, when the dashboard's upload form sent the request.
    var csrf: String?

    static func isMultipart(_ contentType: String?) -> Bool {
        contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() == Self.contentType
    }

    static func parse(_ buffer: ByteBuffer, contentType: String) throws -> ModelUploadParts {
        var model: String?
        var name: String?
        var csrf: String?
        var files: [String: String] = [:]
        for (index, part) in try MultipartBody.parse(buffer, contentType: contentType).parts.enumerated() {
            let field = part.field
            guard let text = part.text else {
                throw APIError.badRequest("part \(index + 1) ('\(field)') is not UTF-8 text", path: field)
            }
            switch field {
            case "model": model = text
            case "name": name = text
            case "csrf": csrf = text
            default:
                // A file input left empty: a part with an empty file name and no content.
                if part.isEmptyFileInput { continue }
                guard let file = part.fileName, !file.isEmpty else {
                    throw APIError.badRequest("part \(index + 1) ('\(field)') is neither the model, its name nor a file with a file name", path: field)
                }
                try checkFileName(file)
                guard files[file] == nil else { throw APIError.badRequest("the file '\(file)' is uploaded twice", path: file) }
                files[file] = text
                guard files.count <= maxFiles else {
                    throw APIError(.contentTooLarge, "more than \(maxFiles) files in one upload", path: file)
                }
            }
        }
        guard let model, !model.isEmpty else { throw APIError.badRequest("the upload has no part named 'model' (the model file)", path: "model") }
        return ModelUploadParts(model: model, name: name, files: files, csrf: csrf)
    }

    /// A CSV file's name: letters, digits, `-`, `_`, `.`, ending `.csv`, no folders (a browser
    /// sends none), at most 100 characters.
    static func checkFileName(_ file: String) throws {
        let ok = file.utf8.count <= 100 && file.hasSuffix(".csv") && !file.hasPrefix(".") && file.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E
        }
        guard ok else {
            throw APIError.badRequest("'\(file)' is not an uploadable series file: a name ending .csv of letters, digits, '-', '_' and '.' (no folders), at most 100 characters", path: file)
        }
    }

    /// `key=value` or `key="value"` of a header such as Content-Type or Content-Disposition
    /// (multipart-kit keeps its own reader of these internal).
    static func parameter(_ key: String, in header: String) -> String? {
        for item in header.split(separator: ";").dropFirst() {
            let pair = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == key else { continue }
            var value = pair[1]
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }
}
