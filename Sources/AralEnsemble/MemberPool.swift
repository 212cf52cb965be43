/// Runs independent members on `workers` tasks at once and hands their results back in
/// member order, whatever order they finish in. Each member runs start to end on one task
/// (solvers are not thread-safe, so the member makes its own); nothing mutable is shared.
/// A result is handed to `consume` as soon as every member before it is done, so only
/// the results finished out of order wait in memory (at most about `workers` of them).
public enum MemberPool {
    /// A member that failed, with its position.
    public struct MemberFailure: Error {
        public var member: Int
        public var underlying: any Error
    }

    /// Runs members `0..<count`. The first failure (the lowest member among those that
    /// failed before the others stopped) stops the launching of further members and is thrown
    /// once the members in flight are done; `stop` stops launching as well (members already
    /// handed to `consume` stay consumed).
    public static func run<Result: Sendable>(count: Int, workers: Int, stop: StopFlag = StopFlag(),
                                             member: @escaping @Sendable (Int) throws -> Result,
                                             consume: (Int, Result) throws -> Void) async throws {
        guard count > 0 else { return }
        var failure: MemberFailure?
        var waiting: [Int: Result] = [:]
        var nextToConsume = 0
        try await withThrowingTaskGroup(of: (Int, Swift.Result<Result, any Error>).self) { group in
            var next = 0
            func launch() {
                guard next < count, failure == nil, !stop.isStopped else { return }
                let index = next
                next += 1
                group.addTask {
                    do { return (index, .success(try member(index))) } catch { return (index, .failure(error)) }
                }
            }
            for _ in 0..<max(1, workers) { launch() }
            while let (index, outcome) = try await group.next() {
                switch outcome {
                case .success(let result):
                    waiting[index] = result
                    while failure == nil, let ready = waiting.removeValue(forKey: nextToConsume) {
                        try consume(nextToConsume, ready)
                        nextToConsume += 1
                    }
                case .failure(let error):
                    if failure.map({ index < $0.member }) ?? true { failure = MemberFailure(member: index, underlying: error) }
                }
                launch()
            }
        }
        if let failure { throw failure }
    }
}
