import Foundation
import Logging

/// Shows a generated secretariat token exactly once, and never in a log line: logs are shipped,
/// kept and read by people who must not hold the secretariat's credential.
///
/// The token goes to a file created with mode 0600 (the configured `--secretariat-token-file`,
/// else `DATABASE.secretariat-token` beside a SQLite database) and the log names only the file.
/// With PostgreSQL and no file configured there is no natural place on disk, so the token is
/// printed once to standard output (not the log handler) and the log says only that it was.
enum SecretariatTokenNotice {
    /// Where a generated token is written, if anywhere.
    static func file(for config: ServerConfiguration) -> String? {
        switch config.database {
        case .sqlite(let path): return config.secretariatTokenFile ?? path + ".secretariat-token"
        case .postgres: return config.secretariatTokenFile
        }
    }

    /// Writes or prints `token`; `printOnce` is standard output except in tests.
    static func announce(token: String, config: ServerConfiguration, logger: Logger,
                         printOnce: (String) -> Void = { print($0) }) {
        if let file = file(for: config) {
            // Replace, not append: an old file may still hold a revoked token.
            try? FileManager.default.removeItem(atPath: file)
            if writePrivately(token + "\n", to: file) {
                logger.notice("secretariat bearer token written to \(file) (mode 0600)")
                return
            }
            logger.warning("cannot write the secretariat token to \(file); printing it once to standard output")
        }
        printOnce("secretariat bearer token (shown once, not logged): \(token)")
        logger.notice("a new secretariat bearer token was printed once to standard output")
    }

    /// Creates `path` with mode 0600 from the start (`O_EXCL`: never through an existing file or
    /// link), so the token is never readable by others, not even for a moment.
    static func writePrivately(_ text: String, to path: String) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        return written == bytes.count
    }
}
