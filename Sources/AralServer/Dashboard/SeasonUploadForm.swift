import Foundation
import HTTPTypes
import NIOCore

/// The season's upload forms (`multipart/form-data`: a signed entry; the measurements), read
/// through `MultipartBody` as the model upload is (`ModelUploadParts`): text fields by name,
/// files by their input's name. Bounded by `--max-body` before this runs; every part UTF-8 text.
struct SeasonUploadForm {
    struct File { var name: String; var text: String }
    var fields: [String: String] = [:]
    var files: [String: File] = [:]

    static func parse(_ buffer: ByteBuffer, contentType: String) throws -> SeasonUploadForm {
        guard ModelUploadParts.isMultipart(contentType) else {
            throw APIError(.unsupportedMediaType, "this form is posted as multipart/form-data (it carries files), not \(contentType)")
        }
        var form = SeasonUploadForm()
        for part in try MultipartBody.parse(buffer, contentType: contentType).parts { try form.add(part) }
        return form
    }

    private mutating func add(_ part: MultipartBody.Part) throws {
        let field = part.field
        guard let text = part.text else {
            throw APIError.badRequest("the part '\(field)' is not UTF-8 text", path: field)
        }
        if let file = part.fileName {
            // A file input left empty sends an empty file name and no content.
            guard !(file.isEmpty && text.isEmpty) else { return }
            files[field] = File(name: file.isEmpty ? field : file, text: text)
        } else {
            fields[field] = text
        }
    }
}
