/// How a step's shortage is shared among the parties of a network (`policy.sharing`).
///
/// Why on the network: every run of the engine — `aral run`, ensembles, the server's runs —
/// steps a `Network`, so a rule carried here is applied by all of them alike.
public struct ShortageSharing: Sendable {
    /// The rule a model names; the planner reads the same one (`SharingRule` in AralSchema).
    public enum Rule: String, Sendable, CaseIterable {
        /// The LP's priorities alone decide (no second solve); the planner: strict priorities.
        case priority
        /// Within a group, every party gets the same fraction of its limit (water-filling:
        /// nobody above its demand; what one does not take is shared among the others).
        /// The planner: the same fraction of each entitlement first, the rest by priority.
        case proportional
        /// Lexicographic max–min of the same fractions over every group's parties (the
        /// planner: of satisfaction fractions, the rest by priority).
        case maxmin
    }

    /// The parties that share one reach (e.g. UZ and TM below Kerki), each with the demand
    /// nodes it draws there and its limit for the step.
    public struct Group: Sendable {
        public var name: String
        public var members: [Member]
        public init(name: String, members: [Member]) {
            self.name = name
            self.members = members
        }
    }

    public struct Member: Sendable {
        /// The party's code; for an environmental allocation, the allocation's name (the sink
        /// or the volume the model names in `allocations`).
        public var party: String
        /// Nodes (network indices) whose flows count for this member in the group: a party's
        /// demands there, or the allocation's sink or volume nodes.
        public var nodes: [Int]
        /// The party's limit for the step, flow units (the seasonal limit spread over the
        /// season's steps); nil: the sum of its nodes' maximum flows that step. For a sink
        /// allocation, the sink's minimum flow.
        public var limit: ScheduledValue?
        /// Set when the member is an environmental allocation rather than a party.
        public var allocation: Allocation?
        public init(party: String, nodes: [Int], limit: ScheduledValue? = nil, allocation: Allocation? = nil) {
            self.party = party
            self.nodes = nodes
            self.limit = limit
            self.allocation = allocation
        }
    }

    /// An environmental allocation in a group (`sharingGroups[].allocations`: the Aral Sea and
    /// the deltas, the North Aral): it shares the group's fraction like a party, its limit the
    /// step's pro-rata share of the allocation, so a dry year cuts it in proportion as ICWC cuts
    /// the quotas — not first and further, as its junior priority alone would.
    ///
    /// It asks for its limit: its demand in the step is its limit (a sink takes any surplus too,
    /// but more than its allocation is not its claim).
    public enum Allocation: Sendable, Hashable {
        /// A sink's minimum flow (`limit` holds the schedule): the allocation per step.
        case sinkMinimum
        /// A volume over a period (`Network.volumeTargets[target]`, not sanitary): its limit
        /// in a step is what the run's volume state asks of that step, the rest owed pro rata
        /// over the period's remaining steps.
        case volume(target: Int)
    }

    public var rule: Rule
    public var groups: [Group]
    /// The model names its groups (`policy.sharingGroups`), rather than one per river system
    /// of `policy.shares`: the planner then shares level 2 by these groups too, so run and
    /// plan share by the same reaches.
    public var isNamed: Bool

    public init(rule: Rule, groups: [Group], isNamed: Bool = false) {
        self.rule = rule
        self.groups = groups
        self.isNamed = isNamed
    }

    /// Nodes of the allocations in the groups (their sinks and volume nodes): the planner
    /// cuts them at level 2 with the quotas instead of keeping them senior at level 1.
    public var allocationNodes: Set<Int> {
        Set(groups.flatMap(\.members).filter { $0.allocation != nil }.flatMap(\.nodes))
    }
}
