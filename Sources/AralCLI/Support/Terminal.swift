import Foundation

/// Output helpers shared by commands: errors to stderr, progress only on a terminal.
package enum Terminal {
    package static func error(_ message: String) {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    }

    package static func note(_ message: String) {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }

    package static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }

    /// Makes the process exit 1 if what it printed could not all be written (a full disk,
    /// `> /dev/full`): `print` drops write errors, so a report that never arrived exited 0
    /// (found from outside). Checked at exit, after the last `print`, as coreutils' close_stdout.
    package static func failOnUnwrittenOutput() {
        atexit {
            // fflush(nil): every stream, which is standard output's buffer here (standard error
            // is unbuffered); naming `stdout` is refused under strict concurrency.
            if fflush(nil) != 0 {
                let message = Array("error: cannot write to standard output: \(String(cString: strerror(errno)))\n".utf8)
                _ = message.withUnsafeBufferPointer { write(STDERR_FILENO, $0.baseAddress, $0.count) }
                _exit(1)
            }
        }
    }

    /// A progress line redrawn in place: `[=====>     ] 45% 5123/11322 steps, 41,200 steps/s, 0.2 s left`.
    package final class Progress {
        let label: String
        let start = Date()
        var lastDraw = Date.distantPast
        let enabled: Bool

        package init(label: String, enabled: Bool = Terminal.stderrIsTerminal) {
            self.label = label
            self.enabled = enabled
        }

        package func update(_ done: Int, _ total: Int) {
            guard enabled else { return }
            let now = Date()
            guard done == total || now.timeIntervalSince(lastDraw) > 0.1 else { return }
            lastDraw = now
            let elapsed = now.timeIntervalSince(start)
            let rate = elapsed > 0 ? Double(done) / elapsed : 0
            let left = rate > 0 ? Double(total - done) / rate : 0
            let width = 30
            let filled = total > 0 ? width * done / total : width
            let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
            let line = String(format: "\r%@ [%@] %3d%% %d/%d, %.0f/s, %.1f s left ", label, bar, total > 0 ? 100 * done / total : 100, done, total, rate, left)
            FileHandle.standardError.write(Data(line.utf8))
            if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
        }
    }
}
