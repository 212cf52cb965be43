import CSystemZlib

/// Reads gzip files through the system zlib (`gzopen`/`gzread`), for Pywr's gzipped CSV
/// data. zlib also reads a file that is not compressed, unchanged.
enum Gzip {
    struct Failure: Error {
        var message: String
    }

    /// The decompressed file as UTF-8 text.
    static func readText(path: String) throws(Failure) -> String {
        guard let file = gzopen(path, "rb") else { throw Failure(message: "cannot open the file") }
        defer { gzclose(file) }
        var bytes: [UInt8] = []
        let chunk = 1 << 16
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let n = buffer.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32(chunk)) }
            if n < 0 {
                var code: Int32 = 0
                let message = gzerror(file, &code).map { String(cString: $0) } ?? "error \(code)"
                throw Failure(message: "not a valid gzip file (\(message))")
            }
            if n == 0 { break }
            bytes.append(contentsOf: buffer[0..<Int(n)])
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw Failure(message: "the content is not UTF-8 text") }
        return text
    }
}
