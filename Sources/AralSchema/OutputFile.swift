public import Foundation

/// One way every command writes a file it was asked for (`--csv`, `--report`, `-o`, `--output`).
///
/// Why not `Data.write(to:options: .atomic)` alone: its rename replaced whatever was at the path.
/// Given `/dev/stdout`, `/dev/null` or a symbolic link `latest.csv`, it put a regular file in
/// their place (as root even the device went); given a directory it answered
/// "NSCocoaErrorDomain error 512". Here a regular file is still written beside itself and renamed
/// over (a killed process or a full disk leaves the old file or the new one, never half of one); a
/// device, FIFO or terminal is written through; a link keeps pointing where it pointed, and its
/// target is replaced; a directory or a missing folder is named in words.
public enum OutputFile {
    /// What went wrong, in words, without the path: callers say "cannot write PATH: …".
    public struct Problem: LocalizedError, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
        public var errorDescription: String? { message }
    }

    /// Writes `data` whole to `path`.
    public static func write(_ data: Data, to path: String) throws(Problem) {
        try write(to: path) { handle in try handle.write(contentsOf: data) }
    }

    /// Writes what `body` writes to the handle. For a regular file, `body` writes a sibling that
    /// replaces `path` only when `body` returns; if it throws, the file kept at `path` stays.
    public static func write(to path: String, _ body: (FileHandle) throws -> Void) throws(Problem) {
        let target = try resolved(path)
        var info = stat()
        if stat(target, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
            // A device, FIFO or socket: written through, never replaced.
            guard let handle = FileHandle(forWritingAtPath: target) else { throw Problem(message: "cannot open it for writing (\(reason(errno)))") }
            defer { try? handle.close() }
            do { try body(handle) } catch { throw Problem(message: "\(error.localizedDescription)") }
            return
        }
        let folder = (target as NSString).deletingLastPathComponent
        let partial = (folder.isEmpty ? "" : folder + "/") + "." + (target as NSString).lastPathComponent + ".partial-\(getpid())"
        guard FileManager.default.createFile(atPath: partial, contents: nil), let handle = FileHandle(forWritingAtPath: partial) else {
            throw Problem(message: "cannot create the file (\(reason(errno)))")
        }
        do {
            try body(handle)
            try handle.synchronize()
            try handle.close()
        } catch {
            try? handle.close()
            unlink(partial)
            throw Problem(message: "\(error.localizedDescription); the file kept there is unchanged")
        }
        guard rename(partial, target) == 0 else {
            let code = errno
            unlink(partial)
            throw Problem(message: "cannot replace the file (\(reason(code)))")
        }
    }

    /// For a file another library writes (an SQLite store): where to write it in the meantime,
    /// beside the file it will replace, and that file (a link's target). `commit` puts it in
    /// place; `discard` drops it, leaving the file kept there as it was.
    public static func sibling(for path: String) throws(Problem) -> (target: String, temporary: String) {
        let target = try resolved(path)
        var info = stat()
        if stat(target, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
            throw Problem(message: "not a regular file; give a file name")
        }
        let folder = (target as NSString).deletingLastPathComponent
        return (target, (folder.isEmpty ? "" : folder + "/") + "." + (target as NSString).lastPathComponent + ".partial-\(getpid())")
    }

    /// Renames `temporary` over `target`. An SQLite store's journal files of the file replaced
    /// (`-wal`, `-shm`) go first: beside the new file they would be read as its own.
    public static func commit(_ temporary: String, to target: String) throws(Problem) {
        for suffix in ["-wal", "-shm", "-journal"] { unlink(target + suffix) }
        guard rename(temporary, target) == 0 else {
            let code = errno
            discard(temporary)
            throw Problem(message: "cannot replace the file (\(reason(code)))")
        }
    }

    /// Whether two paths name one file (links and `./` resolved); false if either is absent.
    public static func sameFile(_ a: String, _ b: String) -> Bool {
        var x = stat(), y = stat()
        guard stat(a, &x) == 0, stat(b, &y) == 0 else { return false }
        return x.st_dev == y.st_dev && x.st_ino == y.st_ino
    }

    /// Whether two paths name one file, or (when either is absent yet) the same path once
    /// `.`, `..` and the working directory are resolved: two outputs of one command must not be
    /// one file either before or after it is written.
    public static func samePath(_ a: String, _ b: String) -> Bool {
        if sameFile(a, b) { return true }
        let x = URL(fileURLWithPath: a).standardizedFileURL.resolvingSymlinksInPath().path
        let y = URL(fileURLWithPath: b).standardizedFileURL.resolvingSymlinksInPath().path
        return x == y
    }

    /// Refuses to replace an existing, non-empty regular file whose first bytes do not look
    /// like `what` this option writes: `--report` and `--obligations` of `aral plan` replaced
    /// the model being planned and its inflow record, and `ensemble merge --csv` a shard
    /// (found from outside). A file this option wrote before is replaced as usual.
    public static func checkReplaceable(_ path: String, holds what: String, looksLike: (String) -> Bool) throws(Problem) {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 else { return }
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        let head = String(decoding: (try? handle.read(upToCount: 4096)) ?? Data(), as: UTF8.self)
        let start = head.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        guard !looksLike(String(start)) else { return }
        let shown = start.prefix(40).map { $0.isNewline ? " " : $0 }
        throw Problem(message: "it holds something other than \(what) (it begins '\(String(shown))'); give a new file name, or remove the file first")
    }

    public static func discard(_ temporary: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(temporary + suffix) }
    }

    /// The path to write: a symbolic link's target (the link stays), after checking that it is
    /// not a directory and that its folder exists.
    static func resolved(_ path: String) throws(Problem) -> String {
        guard !path.isEmpty else { throw Problem(message: "no file name given") }
        var target = path
        var link = stat()
        if lstat(path, &link) == 0, (link.st_mode & S_IFMT) == S_IFLNK, let real = realpath(path, nil) {
            target = String(cString: real)
            free(real)
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory), isDirectory.boolValue {
            throw Problem(message: "it is a directory; give a file name")
        }
        let folder = (target as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else {
                throw Problem(message: "the folder \(folder) does not exist")
            }
            guard isDirectory.boolValue else { throw Problem(message: "\(folder) is not a folder") }
        }
        return target
    }

    static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
}
