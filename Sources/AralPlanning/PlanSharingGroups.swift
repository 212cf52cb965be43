import AralModel

/// Level 2's claims when the model names its sharing groups (`policy.sharingGroups`): the same
/// members the run shares each step by (`ShortageSharing`), so run and plan cut the same
/// reaches alike — UZ and TM at parity below Kerki, per reach, and the Aral and delta
/// allocation with them.
///
/// A member's entitlement in a step (Mm³) is what the run takes as its limit there:
/// * a party: its demands' maximum flows in the group (the ICWC seasonal limit spread by
///   month), or its `limit` when that is a constant;
/// * a sink allocation: the sink's minimum flow;
/// * a volume allocation: the period's least volume spread over the period's steps by their
///   length (the run's pro-rata rule, which in a plan that meets every step's share owes
///   exactly that), within the horizon.
/// Each times the step's Mm³ per m³/s.
struct PlanGroupMember {
    var group: Int
    var name: String
    /// Network nodes whose flows count.
    var nodes: [Int]
    /// Mm³ per step of the horizon.
    var entitlementMm3: [Double]
    /// An environmental allocation (the Aral Sea), not a party.
    var isAllocation: Bool
}

extension PlanInputs {
    /// The named groups' members, or nil when the model names no groups (level 2 then shares
    /// by party per river system, `policy.claimants`). Allocations only with
    /// `PlanPolicy.cutsAllocationsWithQuotas` (else their sinks stay senior at level 1).
    var groupMembers: [PlanGroupMember]? {
        guard let sharing = network.sharing, sharing.isNamed else { return nil }
        var members: [PlanGroupMember] = []
        for (g, group) in sharing.groups.enumerated() {
            for m in group.members where m.allocation == nil || policy.cutsAllocationsWithQuotas {
                let perStep: [Double]
                switch m.allocation {
                case .sinkMinimum:
                    perStep = steps.map { step in m.nodes.reduce(0) { $0 + max(0, minFlow[step.index][$1]) } * step.mm3PerCumec }
                case .volume(let t):
                    var spread = Array(repeating: 0.0, count: steps.count)
                    for period in network.volumeTargets[t].periods {
                        guard let least = period.minVolume, period.last < steps.count else { continue }
                        let span = (period.first...period.last).reduce(0.0) { $0 + steps[$1].mm3PerCumec }
                        guard span > 0 else { continue }
                        for i in period.first...period.last { spread[i] = least * steps[i].mm3PerCumec / span }
                    }
                    perStep = spread
                case nil:
                    perStep = steps.map { step in
                        let asked = m.nodes.reduce(0.0) { $0 + max(0, maxFlow[step.index][$1].isFinite ? maxFlow[step.index][$1] : 0) }
                        let limit = m.limit?.constantValue.map { min(asked, max(0, $0)) } ?? asked
                        return limit * step.mm3PerCumec
                    }
                }
                members.append(PlanGroupMember(group: g, name: m.party, nodes: m.nodes, entitlementMm3: perStep,
                                               isAllocation: m.allocation != nil))
            }
        }
        return members
    }
}
