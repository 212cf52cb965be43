import Foundation
public import AralEnsemble

/// An ensemble in numbers, for `aral run --traces … --json` and `aral ensemble merge --json`
/// (and any front end that shows one): what ran, how fast (absent for a merge), and every
/// statistic row of the ensemble summary.
public struct EnsembleRunSummary: Codable, Sendable {
    public struct Row: Codable, Sendable, Equatable {
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
    public var membersRun: Int?
    public var membersPlanned: Int?
    public var steps: Int?
    public var workers: Int?
    public var seconds: Double?
    /// The largest relative mass-balance residual of the members run (absent for a merge).
    public var massBalanceResidual: Double?
    public var rows: [Row]

    /// A run of this process.
    public init(_ outcome: EnsembleOutcome, workers: Int) {
        self.init(info: outcome.info, summary: outcome.summary)
        membersRun = outcome.membersRun
        membersPlanned = outcome.membersPlanned
        steps = outcome.steps
        self.workers = workers
        seconds = outcome.seconds
        massBalanceResidual = outcome.worstMassBalanceResidual
    }

    /// A store's summary (merged shards): no run figures.
    public init(info: EnsembleInfo, summary: EnsembleSummary) {
        model = info.model
        memberCount = info.memberCount
        shard = info.shard
        status = info.status
        rows = Self.rows(summary)
    }

    /// The summary's statistic rows, as this document and its CSV carry them.
    public static func rows(_ summary: EnsembleSummary) -> [Row] {
        summary.rows.map {
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

    /// What `json()` wrote, read back (a stored ensemble's summary).
    public static func decode(_ json: String) throws -> EnsembleRunSummary {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(EnsembleRunSummary.self, from: Data(json.utf8))
    }

    /// The first line of `csv`: a file that begins with it may be replaced by another summary.
    public static let csvHeader = "group,element,kind,statistic,value,members"

    /// The rows as CSV, `group,element,kind,statistic,value,members` (what `aral run --ensemble
    /// --csv` writes); a statistic with no value is an empty cell.
    public static func csv(_ rows: [Row]) -> String {
        func quote(_ s: String) -> String {
            s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"\(s.replacingOccurrences(of: "\"", with: "\"\""))\"" : s
        }
        var text = csvHeader + "\n"
        for r in rows {
            text += "\(quote(r.group)),\(quote(r.element)),\(r.kind),\(r.statistic),\(r.value.isNaN ? "" : "\(r.value)"),\(r.members)\n"
        }
        return text
    }
}
