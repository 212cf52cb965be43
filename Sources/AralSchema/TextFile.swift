public import Foundation

/// One way every front door reads a text input (a model, a corridor model, a demand file), so
/// a directory, a binary file or a file in another encoding is named as such instead of with
/// Foundation's "The file isn't in the correct format" or "NSCocoaErrorDomain error 256".
public enum TextFile {
    /// The file's bytes, or what is wrong with it, in words for a message: every input file
    /// (a model, a CSV series, a forecast, traces) is opened here, so a directory is named as
    /// one ("NSCocoaErrorDomain error 256" before) and a stream is read like a file.
    public static func readData(_ path: String) -> Result<Data, Problem> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return .failure(Problem("file not found")) }
        guard !isDirectory.boolValue else { return .failure(Problem("is a directory, not a file")) }
        // Opened and read as a stream, so a named pipe or `<(command)` is read like a file
        // (Foundation's `contents(atPath:)` refused them as "permissions?"), and a file that
        // cannot be opened says why in the system's words.
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return .failure(Problem("cannot be read: \(String(cString: strerror(errno)))")) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do { return .success(try handle.readToEnd() ?? Data()) } catch {
            return .failure(Problem("cannot be read: \(error.localizedDescription)"))
        }
    }

    /// The file's UTF-8 text, or what is wrong with it, in words for a message.
    public static func read(_ path: String) -> Result<String, Problem> {
        let data: Data
        switch readData(path) {
        case .success(let read): data = read
        case .failure(let problem): return .failure(problem)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(Problem("is not UTF-8 text (a binary file, or another encoding: save it as UTF-8)"))
        }
        return .success(text)
    }

    /// The file's UTF-8 text, or the error `make` builds from what is wrong with it.
    public static func read<E: Error>(_ path: String, orThrow make: (String) -> E) throws(E) -> String {
        switch read(path) {
        case .success(let text): return text
        case .failure(let problem): throw make(problem.message)
        }
    }

    public struct Problem: Error, Sendable {
        public let message: String
        init(_ message: String) { self.message = message }
    }
}
