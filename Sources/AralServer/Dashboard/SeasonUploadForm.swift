import Foundation
import HTTPTypes
import MultipartKit
import NIOCore

/// The season's upload forms (`multipart/form-data`: a signed entry; the measurements), read
/// with multipart-kit's parser as the model upload is (`ModelUploadParts`): text fields by name,
/// files by their input's name. Bounded by `--max-body` before this runs; every part UTF-8 text.
struct SeasonUploadForm {
    struct File { var name: String; var text: String }
    var fields: [String: String] = [:]
    var files: [String: File] = [:]

    static func parse(_ buffer: ByteBuffer, contentType: String) throws -> SeasonUploadForm {
        guard ModelUploadParts.isMultipart(contentType) else {
            throw APIError(.unsupportedMediaType, "this form is posted as multipart/form-data (it carries files), not \(contentType)")
        }
        guard let boundary = ModelUploadParts.parameter("boundary", in: contentType), !boundary.isEmpty else {
            throw APIError.badRequest("a multipart/form-data body needs a boundary in its Content-Type")
        }
        var form = SeasonUploadForm()
        var headers: [(String, String)] = []
        var body = ByteBuffer()
        var failure: (any Error)?
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in headers.append((name, value)) }
        parser.onBody = { chunk in body.writeBuffer(&chunk) }
        parser.onPartComplete = {
            do { try form.add(headers: headers, body: body) } catch { failure = failure ?? error }
            headers = []
            body = ByteBuffer()
        }
        do { try parser.execute(buffer) } catch {
            throw APIError.badRequest("the multipart body could not be read: \(error)")
        }
        if let failure { throw failure }
        return form
    }

    private mutating func add(headers: [(String, String)], body: ByteBuffer) throws {
        let disposition = headers.first { $0.0.lowercased() == "content-disposition" }?.1 ?? ""
        let field = ModelUploadParts.parameter("name", in: disposition) ?? ""
        guard let text = String(validating: body.readableBytesView, as: UTF8.self) else {
            throw APIError.badRequest("the part '\(field)' is not UTF-8 text", path: field)
        }
        if let file = ModelUploadParts.parameter("filename", in: disposition) {
            // A file input left empty sends an empty file name and no content.
            guard !(file.isEmpty && text.isEmpty) else { return }
            files[field] = File(name: file.isEmpty ? field : file, text: text)
        } else {
            fields[field] = text
        }
    }
}
