import Foundation

/// Set once (by Ctrl-C or a test) to make every worker stop after its current step. A lock,
/// not an atomic, so it builds on every platform the package supports; it is read once per
/// step, which costs nanoseconds beside a solve.
public final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false

    public init() {}

    public func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
    }

    public var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }
}
