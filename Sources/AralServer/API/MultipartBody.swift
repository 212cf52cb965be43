import Foundation
import MultipartKit
import NIOCore

/// A `multipart/form-data` body split into its parts by multipart-kit's parser. The model upload,
/// the ensemble's traces and the season's forms each decide what a part may be (which fields,
/// which files, what is refused); how a body becomes parts, and what a malformed body or a
/// missing boundary answers, is decided here once.
struct MultipartBody {
    struct Part {
        /// The form field (`name=` of the part's Content-Disposition), "" when it has none.
        var field: String
        /// `filename=` of the Content-Disposition: present for a file input, "" for one left empty.
        var fileName: String?
        var body: ByteBuffer

        /// A file input the person left empty: an empty file name and no content.
        var isEmptyFileInput: Bool { fileName == "" && body.readableBytes == 0 }

        /// The part as UTF-8 text, nil when it is not.
        var text: String? { String(validating: body.readableBytesView, as: UTF8.self) }
    }

    var parts: [Part]

    static func parse(_ buffer: ByteBuffer, contentType: String) throws -> MultipartBody {
        guard let boundary = ModelUploadParts.parameter("boundary", in: contentType), !boundary.isEmpty else {
            throw APIError.badRequest("a multipart/form-data body needs a boundary in its Content-Type")
        }
        var parts: [Part] = []
        var headers: [(String, String)] = []
        var body = ByteBuffer()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in headers.append((name, value)) }
        parser.onBody = { chunk in body.writeBuffer(&chunk) }
        parser.onPartComplete = {
            let disposition = headers.first { $0.0.lowercased() == "content-disposition" }?.1 ?? ""
            parts.append(Part(field: ModelUploadParts.parameter("name", in: disposition) ?? "",
                              fileName: ModelUploadParts.parameter("filename", in: disposition), body: body))
            headers = []
            body = ByteBuffer()
        }
        do { try parser.execute(buffer) } catch {
            throw APIError.badRequest("the multipart body could not be read: \(error)")
        }
        return MultipartBody(parts: parts)
    }
}
