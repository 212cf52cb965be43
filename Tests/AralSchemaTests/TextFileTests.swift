import Foundation
import Testing
import AralSchema

/// `TextFile.read`, the one reader of every text input, reads a stream as well as a file and
/// says why it cannot read one.
@Suite("Text inputs")
struct TextFileTests {
    @Test("a named pipe (as `<(command)` gives) is read whole, not refused as 'permissions?'")
    func namedPipe() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aral-textfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("model.fifo").path
        #expect(mkfifo(path, 0o600) == 0)
        let text = "name: piped\n" + String(repeating: "# a long comment line to fill the pipe's buffer\n", count: 4000)
        let writer = Thread {
            if let handle = FileHandle(forWritingAtPath: path) {
                handle.write(Data(text.utf8))
                try? handle.close()
            }
        }
        writer.start()
        let read = try TextFile.read(path) { TestFailure(message: $0) }
        #expect(read == text)
    }

    @Test("a missing file and a directory are named as such")
    func missingAndDirectory() {
        #expect(TextFile.read("/no/such/file.yaml").failureMessage == "file not found")
        #expect(TextFile.read(FileManager.default.temporaryDirectory.path).failureMessage == "is a directory, not a file")
    }

    @Test("a CSV series, forecast or history given as a directory is named as one")
    func csvDirectory() {
        let dir = FileManager.default.temporaryDirectory.path
        do {
            _ = try CSVTable.read(path: dir, displayName: "forecast")
            Issue.record("a directory was read as a CSV")
        } catch {
            #expect(error.description.contains("forecast: is a directory, not a file"), "\(error)")
        }
    }

    struct TestFailure: Error { var message: String }
}

private extension Result where Failure == TextFile.Problem {
    var failureMessage: String? {
        if case .failure(let problem) = self { return problem.message }
        return nil
    }
}
