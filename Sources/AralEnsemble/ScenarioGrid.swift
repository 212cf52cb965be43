/// The members of an ensemble: every combination of one entry from each scenario dimension,
/// as in Pywr (the first dimension varies slowest). Member `i` has the same coordinates
/// wherever and however often it is run, which is what makes shards mergeable.
public struct ScenarioGrid: Sendable, Equatable {
    public struct Dimension: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            /// One member per inflow trace.
            case traces
            /// One member per entry; each entry names the overlays it applies.
            case overlays([[String]])
        }
        public var name: String
        public var kind: Kind
        /// A label per entry (`0`, `1`… for traces; the member name for overlays).
        public var labels: [String]
        public var size: Int { labels.count }

        public init(name: String, kind: Kind, labels: [String]) {
            self.name = name
            self.kind = kind
            self.labels = labels
        }
    }

    public var dimensions: [Dimension]

    public init(dimensions: [Dimension]) { self.dimensions = dimensions }

    public var memberCount: Int { dimensions.reduce(1) { $0 * $1.size } }

    /// Index into each dimension of member `member` (row-major, last dimension fastest).
    public func coordinates(of member: Int) -> [Int] {
        var rest = member
        var result = Array(repeating: 0, count: dimensions.count)
        for d in dimensions.indices.reversed() {
            result[d] = rest % dimensions[d].size
            rest /= dimensions[d].size
        }
        return result
    }

    /// `hydrology=12 infrastructure=with-rogun`.
    public func label(of member: Int) -> String {
        zip(dimensions, coordinates(of: member)).map { "\($0.name)=\($0.labels[$1])" }.joined(separator: " ")
    }

    /// The member's group: its coordinates in every dimension except the traces, so
    /// statistics over traces are reported per infrastructure variant (`all` when none).
    public func group(of member: Int) -> String {
        let parts = zip(dimensions, coordinates(of: member)).compactMap { d, i -> String? in
            d.kind == .traces ? nil : "\(d.name)=\(d.labels[i])"
        }
        return parts.isEmpty ? "all" : parts.joined(separator: " ")
    }

    /// A text that identifies the grid, stored with results so only shards of the same
    /// ensemble are merged.
    public var fingerprint: String {
        dimensions.map { d in
            switch d.kind {
            case .traces: return "\(d.name):traces[\(d.size)]"
            case .overlays(let members): return "\(d.name):[\(members.map { $0.joined(separator: "+") }.joined(separator: ","))]"
            }
        }.joined(separator: ";")
    }
}

/// One slice of an ensemble for a batch scheduler: `--shard I/N` (I from 0) runs the members
/// `⌊total·I/N⌋ ..< ⌊total·(I+1)/N⌋` — contiguous, disjoint, covering all members.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) throws(EnsembleError) {
        guard count >= 1, index >= 0, index < count else {
            throw EnsembleError(path: "--shard", "shard \(index)/\(count): I must be 0 … N−1 and N ≥ 1")
        }
        self.index = index
        self.count = count
    }

    /// Parses `I/N`.
    public init(parsing text: String) throws(EnsembleError) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
            throw EnsembleError(path: "--shard", "'\(text)' is not I/N (for example 0/8)")
        }
        try self.init(index: i, count: n)
    }

    public func members(of total: Int) -> Range<Int> {
        (total * index / count)..<(total * (index + 1) / count)
    }

    public var description: String { "\(index)/\(count)" }
}
