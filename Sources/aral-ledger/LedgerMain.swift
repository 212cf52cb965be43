import ArgumentParser
import Foundation

/// The entry point of `aral-ledger`: runs `LedgerCommand` after making an unwritten standard
/// output an error. `print` drops write errors, so `aral ledger head > /dev/full` exited 0 with
/// nothing written (and `export` crashed in Foundation's non-throwing `FileHandle.write`); as
/// `aral`'s `Terminal.failOnUnwrittenOutput` (AralCLI, which this executable does not link)
/// and coreutils' close_stdout, what is still buffered is flushed at exit and a failure exits 1.
@main
enum LedgerMain {
    static func main() async {
        atexit {
            // fflush(nil): every stream, which is standard output's buffer here (standard error
            // is unbuffered); naming `stdout` is refused under strict concurrency.
            if fflush(nil) != 0 {
                let message = Array("Error: cannot write to standard output: \(String(cString: strerror(errno)))\n".utf8)
                _ = message.withUnsafeBufferPointer { write(STDERR_FILENO, $0.baseAddress, $0.count) }
                _exit(1)
            }
        }
        await LedgerCommand.main()
    }
}
