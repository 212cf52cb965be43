import Foundation
import Testing
import AralSchema

/// Found from outside: `--csv /dev/stdout`, `--csv /dev/full` and `--csv latest.csv` (a link)
/// replaced the device or the link with a regular file; a directory got "NSCocoaErrorDomain
/// error 512".
@Suite("Output files")
struct OutputFileTests {
    static func folder() throws -> String {
        let dir = NSTemporaryDirectory() + "aral-output-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("a link keeps pointing where it pointed; its target gets the new text")
    func throughALink() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "old".write(toFile: "\(dir)/real.csv", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: "\(dir)/latest.csv", withDestinationPath: "real.csv")
        try OutputFile.write(Data("new".utf8), to: "\(dir)/latest.csv")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(dir)/latest.csv") == "real.csv")
        #expect(try String(contentsOfFile: "\(dir)/real.csv", encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["latest.csv", "real.csv"])
    }

    @Test("a device is written through and stays a device")
    func throughADevice() throws {
        try OutputFile.write(Data("x".utf8), to: "/dev/null")
        var info = stat()
        #expect(stat("/dev/null", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR)
    }

    @Test("a directory and a missing folder are named in words")
    func refusals() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: OutputFile.Problem.self) { try OutputFile.write(Data(), to: dir) }
        do { try OutputFile.write(Data(), to: dir) } catch { #expect(error.message.contains("is a directory"), "\(error)") }
        do { try OutputFile.write(Data(), to: "\(dir)/none/x.csv") } catch { #expect(error.message.contains("folder \(dir)/none does not exist"), "\(error)") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }

    struct Interrupted: Error {}

    @Test("a write that fails half way keeps the file kept there and leaves nothing beside it")
    func failureKeepsTheOldFile() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "old".write(toFile: "\(dir)/out.csv", atomically: true, encoding: .utf8)
        #expect(throws: OutputFile.Problem.self) {
            try OutputFile.write(to: "\(dir)/out.csv") { handle in
                try handle.write(contentsOf: Data("half a".utf8))
                throw Interrupted()
            }
        }
        #expect(try String(contentsOfFile: "\(dir)/out.csv", encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out.csv"])
    }

    @Test("a sibling for a store: committed over the file, or discarded leaving it")
    func sibling() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "old".write(toFile: "\(dir)/s.sqlite", atomically: true, encoding: .utf8)
        try "stale journal".write(toFile: "\(dir)/s.sqlite-wal", atomically: true, encoding: .utf8)
        let first = try OutputFile.sibling(for: "\(dir)/s.sqlite")
        try "new".write(toFile: first.temporary, atomically: false, encoding: .utf8)
        OutputFile.discard(first.temporary)
        #expect(try String(contentsOfFile: "\(dir)/s.sqlite", encoding: .utf8) == "old")
        let second = try OutputFile.sibling(for: "\(dir)/s.sqlite")
        try "new".write(toFile: second.temporary, atomically: false, encoding: .utf8)
        try OutputFile.commit(second.temporary, to: second.target)
        #expect(try String(contentsOfFile: "\(dir)/s.sqlite", encoding: .utf8) == "new")
        // The old file's journal must not be read as the new file's.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["s.sqlite"])
        #expect(OutputFile.sameFile("\(dir)/s.sqlite", "\(dir)/./s.sqlite"))
        #expect(!OutputFile.sameFile("\(dir)/s.sqlite", "\(dir)/other.sqlite"))
    }
}
