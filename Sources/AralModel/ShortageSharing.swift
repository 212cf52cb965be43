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
        public var party: String
        /// Demand nodes (network indices) whose deliveries count for this party in the group.
        public var nodes: [Int]
        /// The party's limit for the step, flow units (the seasonal limit spread over the
        /// season's steps); nil: the sum of its nodes' maximum flows that step.
        public var limit: ScheduledValue?
        public init(party: String, nodes: [Int], limit: ScheduledValue? = nil) {
            self.party = party
            self.nodes = nodes
            self.limit = limit
        }
    }

    public var rule: Rule
    public var groups: [Group]

    public init(rule: Rule, groups: [Group]) {
        self.rule = rule
        self.groups = groups
    }
}
