import Foundation
public import AralEnsemble

/// An ensemble run in numbers, for `aral run --traces … --json` (and any front end that shows
/// one): what ran, how fast, and every statistic row of the ensemble summary.
public struct EnsembleRunSummary: Encodable, Sendable {
    public struct Row: Encodable, Sendable {
        public var group: String
        public var element: String
        public var kind: String
        public var statistic: String
        public var value: Double
        public var members: Int
    }

    public var model: String
    public var memberCount: Int
    public var shard: String
    public var status: String
    public var membersRun: Int
    public var membersPlanned: Int
    public var steps: Int
    public var workers: Int
    public var seconds: Double
    public var rows: [Row]

    public init(_ outcome: EnsembleOutcome, workers: Int) {
        model = outcome.info.model
        memberCount = outcome.info.memberCount
        shard = outcome.info.shard
        status = outcome.info.status
        membersRun = outcome.membersRun
        membersPlanned = outcome.membersPlanned
        steps = outcome.steps
        self.workers = workers
        seconds = outcome.seconds
        rows = outcome.summary.rows.map {
            Row(group: $0.group, element: $0.element, kind: $0.kind.rawValue, statistic: $0.statistic, value: $0.value, members: $0.members)
        }
    }

    /// Pretty, key-sorted JSON; a statistic with no value (no failure to measure) is `"nan"`.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
