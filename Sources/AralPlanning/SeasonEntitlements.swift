import AralModel

/// The entitlements of level 2 per season: ICWC sets the limits per season (growing
/// April–September, non-growing October–March; DATA:quotas.icwc_limits_km3), and the model's
/// demands carry them, each seasonal limit spread over its season's months. Over a water year
/// one entitlement per party would value a Mm³ delivered in January the same as one in July, so
/// water a reservoir can hold would meet the horizon total in whichever season costs least
/// upstream (on the Amu Darya, Nurek's winter release held in Tuyamuyun for the summer).
///
/// A claimant's entitlement in a season is its horizon entitlement spread over the seasons as
/// its own demands are: `entitlement × D_p,season ÷ D_p`. The seasons' entitlements sum to
/// the horizon's, and where a party's share covers what it asks (`share × D_s ≥ D_p`) each is
/// the party's seasonal limit itself.
///
/// The order (`Planner.solveProportional`): first one common fraction for every party in every
/// season, kept, so a short year is short in both seasons alike; then each season raises its
/// own common fraction above it, the growing season first. Why not the growing season first
/// outright: on the Amu Darya 2018–19 that gave every party 98.5 % of its growing-season limit
/// and 0 % of its non-growing limit (all winter water held in Nurek and Tuyamuyun for the
/// summer), against the data's 93.1 % use of the 2024–25 non-growing limits and 85–86 % of the
/// 2024 and 2025 growing-season limits (DATA:quotas.icwc_limits_km3.amu_darya, actual_use).
/// assumed: above the common fraction the crop season comes first — the downstream states
/// irrigate cotton and wheat April–September and want the water then (DOMAIN); DATA states no
/// rule for which season is cut first.
public struct SeasonEntitlements: Sendable {
    /// `growing`, `non-growing`, or `horizon` (`PlanInputs.horizonEntitlements`).
    public var season: String
    /// Indices of the horizon's steps in the season.
    public var steps: [Int]
    /// Per claimant (aligned with `policy.claimants`), Mm³ over the season's steps.
    public var entitlementsMm3: [Double]
}

extension PlanInputs {
    /// The whole horizon as one season: the entitlements over the horizon (the default).
    public var horizonEntitlements: SeasonEntitlements {
        SeasonEntitlements(season: "horizon", steps: steps.map(\.index), entitlementsMm3: entitlementsMm3)
    }

    /// The horizon's seasons in level 2's order, growing first; a season without steps in the
    /// horizon is left out.
    public var seasonEntitlements: [SeasonEntitlements] {
        let seasons: [(String, Bool)] = [("growing", true), ("non-growing", false)]
        return seasons.compactMap { name, vegetation in
            let steps = self.steps.filter { policy.isVegetation($0) == vegetation }
            guard !steps.isEmpty else { return nil }
            let entitlements = policy.claimants.enumerated().map { i, claimant -> Double in
                guard demandMm3[i] > 0 else { return 0 }
                let inSeason = steps.reduce(0.0) { sum, step in
                    claimant.demandNodes.reduce(sum) { $0 + maxFlow[step.index][$1] * step.mm3PerCumec }
                }
                return entitlementsMm3[i] * inSeason / demandMm3[i]
            }
            return SeasonEntitlements(season: name, steps: steps.map(\.index), entitlementsMm3: entitlements)
        }
    }
}
