import AralModel
import AralSchema
import AralSolver

extension Planner {
    /// Solves one level on top of the fixes so far and keeps its optimum; nil when the level
    /// has nothing to optimise (no hard minimums, no reservoirs…).
    func solveLevel(_ level: Level, _ run: inout Run) throws(PlanError) -> [Double]? {
        let lp = run.lp
        switch level {
        case .feasibility:
            return try solveAndKeep("feasibility", [], &run)
        case .physical:
            guard !lp.physicalTerms.isEmpty else { return nil }
            return try solveAndKeep("evaporation below minimum", lp.physicalTerms.map { ($0.column, $0.weight) }, &run)
        case .spillway:
            guard !lp.spillAboveCap.isEmpty else { return nil }
            return try solveAndKeep("spills below the top", lp.spillAboveCap.map { ($0.column, $0.weight) }, &run)
        case .hardMinimums:
            guard !lp.hardMinimums.isEmpty else { return nil }
            let terms = lp.hardMinimums.map { ($0.column, inputs.steps[$0.step].mm3PerCumec) }
            let (x, value) = try solveLP("hard minimums", terms, &run)
            if value > options.shortfallTolerance {
                let shortfalls = lp.hardMinimums.compactMap { h -> PlanError.Shortfall? in
                    let short = x[h.column]
                    guard short > 1e-6 * max(1, h.required) else { return nil }
                    return PlanError.Shortfall(node: h.node, what: h.what, step: h.step, date: inputs.steps[h.step].date,
                                               requiredM3s: h.required, shortfallM3s: short)
                }
                throw .infeasible(shortfalls.sorted { $0.shortfallM3s > $1.shortfallM3s })
            }
            keep("hard minimums", terms, value, &run)
            return x
        case .terminal:
            guard options.terminalStorage, !lp.terminalColumn.isEmpty else { return nil }
            return try solveAndKeep("terminal storage", lp.terminalColumn.map { ($0, 1) }, &run)
        case .environment:
            guard !lp.softShortfalls.isEmpty else { return nil }
            return try solveAndKeep("environmental minimums", lp.softShortfalls.map { ($0.column, $0.weight) }, &run)
        case .sharing:
            switch inputs.policy.sharing {
            case .priority: break
            case .proportional: try solveProportional(&run)
            case .maxmin: try solveMaxMin(&run)
            }
            return try solveAndKeep("priorities", priorityTerms(lp), &run)
        case .prioritiesAt(let nodes):
            let terms = priorityTerms(lp, nodes: nodes)
            guard !terms.isEmpty else { return nil }
            return try solveAndKeep("priorities above", terms, &run)
        case .penalties:
            let terms = lp.penaltyTerms.filter { $0.weight != 0 }.map { (column: $0.column, value: $0.weight) }
            guard !terms.isEmpty else { return nil }
            return try solveAndKeep("rule curves and spills", terms, &run)
        }
    }

    /// The hydropower level at the current heads; returns the solution and the fix that
    /// keeps its value (added by the caller once the successive LP has converged).
    func solveEnergy(_ plants: [Int], for party: String? = nil, _ run: inout Run, region: [Fix] = []) throws(PlanError) -> ([Double], Fix) {
        var terms: [(column: Int, value: Double)] = []
        for step in inputs.steps {
            for p in plants {
                let price = inputs.policy.price(of: inputs.network.hydropower[p], for: party, step: step.index)
                if price != 0 { terms.append((run.lp.energyColumn[step.index][p], -price)) }
            }
        }
        let (x, value) = try solveLP("hydropower", terms, &run) { b in
            for case .bounds(let column, let lower, let upper) in region { b.setBounds(column: column, lower: lower, upper: upper) }
        }
        return (x, .row(terms: terms, lower: -.infinity, upper: value + slack(value)))
    }

    // MARK: - Sharing

    /// Volume delivered to a claimant over the given steps (all of the horizon's by default), as
    /// terms over the node columns (Mm³).
    func deliveryTerms(_ claimant: Claimant, _ lp: PlanLP, steps: [Int]? = nil) -> [(column: Int, value: Double)] {
        var terms: [(column: Int, value: Double)] = []
        for t in steps ?? inputs.steps.map(\.index) {
            for d in claimant.demandNodes { terms.append((lp.nodeColumn[t][d], inputs.steps[t].mm3PerCumec)) }
        }
        return terms
    }

    /// Level 2's seasons: the horizon as one (the default), or growing and non-growing with
    /// `PlanOptions.seasonalEntitlements`.
    var entitlementSeasons: [SeasonEntitlements] {
        options.seasonalEntitlements ? inputs.seasonEntitlements : [inputs.horizonEntitlements]
    }

    /// Proportional over the seasons (`seasonEntitlements`, growing first): first the common
    /// fraction λ that every claimant gets in every season (delivered in season ≥ λ × its
    /// entitlement there) is maximised and kept — a short year is short in both seasons alike;
    /// then each season in turn raises its own common fraction above λ, the growing season first.
    func solveProportional(_ run: inout Run) throws(PlanError) {
        if inputs.policy.sharesByRunGroups, let members = inputs.groupMembers { return try solveProportional(groups: members, &run) }
        let seasons = entitlementSeasons
        let lp = run.lp
        let claimants = inputs.policy.claimants
        // (season, claimant, its delivery terms in the season, its entitlement there)
        var rows: [(season: Int, claimant: Int, terms: [(column: Int, value: Double)], entitlement: Double)] = []
        for (k, season) in seasons.enumerated() {
            for i in claimants.indices where season.entitlementsMm3[i] > 0 {
                rows.append((k, i, deliveryTerms(claimants[i], lp, steps: season.steps), season.entitlementsMm3[i]))
            }
        }
        // The groups' allocations (the Aral Sea) share the parties' common fraction.
        for row in allocationRows(lp) { rows.append((row.season, -1, row.terms, row.entitlement)) }
        guard !rows.isEmpty else { return }
        let common = try maximiseCommonFraction("proportional share", rows.map { ($0.terms, $0.entitlement) }, &run)
        for (k, season) in seasons.enumerated() where seasons.count > 1 && common < 1 {
            let own = rows.filter { $0.season == k }.map { ($0.terms, $0.entitlement) }
            guard !own.isEmpty else { continue }
            _ = try maximiseCommonFraction("proportional share (\(season.season))", own, &run)
        }
    }

    /// The rows of the groups' allocations alone (level 2 by party over the river system), with
    /// `PlanPolicy.cutsAllocationsWithQuotas`: each step's allocation takes part in the parties'
    /// common fraction (proportional) or their max–min — per step, as the run cuts it, so the
    /// plan cannot give the Aral its year's share in whichever season costs the parties least.
    func allocationRows(_ lp: PlanLP) -> [(season: Int, group: Int, terms: [(column: Int, value: Double)], entitlement: Double)] {
        guard inputs.policy.cutsAllocationsWithQuotas else { return [] }
        let allocations = (inputs.groupMembers ?? []).filter(\.isAllocation)
        var rows: [(season: Int, group: Int, terms: [(column: Int, value: Double)], entitlement: Double)] = []
        for (k, season) in entitlementSeasons.enumerated() {
            for m in allocations {
                for t in season.steps where m.entitlementMm3[t] > 0 {
                    let k_t = inputs.steps[t].mm3PerCumec
                    rows.append((k, m.group, m.nodes.filter { lp.nodeColumn[t][$0] >= 0 }.map { (lp.nodeColumn[t][$0], k_t) }, m.entitlementMm3[t]))
                }
            }
        }
        return rows
    }

    /// Level 2's rows by the model's sharing groups: per season of `entitlementSeasons` and
    /// member, its delivery terms and its entitlement there (members entitled to nothing in a
    /// season are left out of it).
    func groupRows(_ members: [PlanGroupMember], _ lp: PlanLP)
        -> [(season: Int, group: Int, terms: [(column: Int, value: Double)], entitlement: Double)] {
        var rows: [(season: Int, group: Int, terms: [(column: Int, value: Double)], entitlement: Double)] = []
        for (k, season) in entitlementSeasons.enumerated() {
            for m in members {
                let entitlement = season.steps.reduce(0.0) { $0 + m.entitlementMm3[$1] }
                guard entitlement > 0 else { continue }
                var terms: [(column: Int, value: Double)] = []
                for t in season.steps {
                    for n in m.nodes where lp.nodeColumn[t][n] >= 0 { terms.append((lp.nodeColumn[t][n], inputs.steps[t].mm3PerCumec)) }
                }
                rows.append((k, m.group, terms, entitlement))
            }
        }
        return rows
    }

    /// Proportional by the model's sharing groups, as the run shares each step: one fraction
    /// per group, every member (party or allocation) delivered at least that fraction of its
    /// entitlement; the groups' fractions maximised together, each weighted by its members'
    /// total entitlement times more than any Mm³ earns elsewhere, and the priorities break the
    /// ties among them — the run's objective (`StepSharing`: each group's fraction is worth its
    /// total limit × twice the largest cost, plus the step's own costs), so a Mm³ counts the same
    /// in every group and neither reach is put first. Each group's fraction is then kept; per
    /// season, as `solveProportional` without groups: first one fraction per group over every
    /// season, then each season raises its own, growing first.
    func solveProportional(groups members: [PlanGroupMember], _ run: inout Run) throws(PlanError) {
        let rows = groupRows(members, run.lp)
        guard !rows.isEmpty else { return }
        let seasons = entitlementSeasons
        let common = try maximiseGroupFractions("proportional share by group", rows.map { ($0.group, $0.terms, $0.entitlement) }, &run)
        for (k, season) in seasons.enumerated() where seasons.count > 1 && common.contains(where: { $0 < 1 }) {
            let own = rows.filter { $0.season == k }.map { ($0.group, $0.terms, $0.entitlement) }
            guard !own.isEmpty else { continue }
            _ = try maximiseGroupFractions("proportional share by group (\(season.season))", own, &run)
        }
    }

    /// The fraction's weight over the largest value a Mm³ earns elsewhere, per Mm³ of the
    /// group's entitlement (the run's `StepSharing.fractionWeightFactor`).
    static let groupFractionWeightFactor = 2.0

    /// Maximises Σ_g W_g λ_g (λ_g ≤ 1; W_g the group's total entitlement × twice the largest
    /// value per Mm³ of the priorities), the priorities breaking ties, with every row
    /// `delivered ≥ λ_g × entitlement`; keeps each row at its group's optimum and returns the
    /// λ_g (indexed by group; 1 for a group without rows). Each group's fraction is also
    /// recorded as a level (`… fraction of GROUP`), so a plan says what each reach got.
    func maximiseGroupFractions(_ name: String, _ rows: [(group: Int, terms: [(column: Int, value: Double)], entitlement: Double)],
                                _ run: inout Run) throws(PlanError) -> [Double] {
        let groupCount = (rows.map(\.group).max() ?? -1) + 1
        // The largest value per Mm³ among the priorities: demand costs (per m³/s per step,
        // that is per Mm³ once times k) and the volumes' penalties (already per Mm³).
        var largest = 1.0
        for costs in inputs.cost { for c in costs { largest = max(largest, abs(c)) } }
        for term in run.lp.volumeTerms { largest = max(largest, abs(term.weight)) }
        var weight = Array(repeating: 0.0, count: groupCount)
        for row in rows { weight[row.group] += row.entitlement }
        weight = weight.map { Self.groupFractionWeightFactor * largest * $0 }
        var columns = Array(repeating: -1, count: groupCount)
        let (x, _) = try solveLP(name, priorityTerms(run.lp), &run) { b in
            for g in 0..<groupCount where weight[g] > 0 { columns[g] = b.addColumn(lower: 0, upper: 1, cost: -weight[g]) }
            for row in rows {
                b.addRow(lower: 0, upper: .infinity, terms: row.terms + [(columns[row.group], -row.entitlement)])
            }
        }
        let lambda = columns.map { $0 >= 0 && $0 < x.count ? min(1, max(0, x[$0])) : 1 }
        let names = inputs.network.sharing?.groups.map(\.name) ?? []
        for g in 0..<groupCount where columns[g] >= 0 {
            run.levels.append(PlanSolution.LevelRecord(name: "\(name): fraction of \(g < names.count ? names[g] : "group \(g)")",
                                                       objective: lambda[g]))
        }
        for row in rows {
            run.fixes.append(.row(terms: row.terms, lower: (lambda[row.group] - options.levelTolerance) * row.entitlement, upper: .infinity))
        }
        return lambda
    }

    /// Maximises λ ≤ 1 with every `delivered ≥ λ × entitlement`, keeps each row at the optimum,
    /// and returns it.
    func maximiseCommonFraction(_ name: String, _ rows: [(terms: [(column: Int, value: Double)], entitlement: Double)],
                                _ run: inout Run) throws(PlanError) -> Double {
        var lambdaColumn = -1
        let (_, value) = try solveLP(name, [], &run) { b in
            lambdaColumn = b.addColumn(lower: 0, upper: 1, cost: -1)
            for row in rows {
                b.addRow(lower: 0, upper: .infinity, terms: row.terms + [(lambdaColumn, -row.entitlement)])
            }
        }
        let lambda = min(1, max(0, -value))
        run.levels[run.levels.count - 1].objective = lambda
        for row in rows {
            run.fixes.append(.row(terms: row.terms, lower: (lambda - options.levelTolerance) * row.entitlement, upper: .infinity))
        }
        return lambda
    }

    /// Max-min over every claimant's fraction in every season (`seasonEntitlements`): raise the
    /// lowest fraction as far as it goes; the (claimant, season) pairs that cannot rise above it
    /// are fixed there; repeat with the others (lexicographic max-min).
    func solveMaxMin(_ run: inout Run) throws(PlanError) {
        let lp = run.lp
        var delivered: [[(column: Int, value: Double)]] = [], entitlements: [Double] = []
        if inputs.policy.sharesByRunGroups, let members = inputs.groupMembers {
            // The run's max–min is over every group's members at once; so is the plan's.
            for row in groupRows(members, lp) {
                delivered.append(row.terms)
                entitlements.append(row.entitlement)
            }
            return try solveMaxMin(delivered, entitlements, &run)
        }
        for row in allocationRows(lp) {
            delivered.append(row.terms)
            entitlements.append(row.entitlement)
        }
        for season in entitlementSeasons {
            for (i, claimant) in inputs.policy.claimants.enumerated() where season.entitlementsMm3[i] > 0 {
                delivered.append(deliveryTerms(claimant, lp, steps: season.steps))
                entitlements.append(season.entitlementsMm3[i])
            }
        }
        try solveMaxMin(delivered, entitlements, &run)
    }

    func solveMaxMin(_ delivered: [[(column: Int, value: Double)]], _ entitlements: [Double], _ run: inout Run) throws(PlanError) {
        var free = Array(entitlements.indices)
        let saturationTolerance = 1e-6
        while !free.isEmpty {
            var tColumn = -1
            let current = free
            let (_, value) = try solveLP("max-min round", [], &run) { b in
                tColumn = b.addColumn(lower: 0, upper: 1, cost: -1)
                for i in current {
                    b.addRow(lower: 0, upper: .infinity, terms: delivered[i] + [(tColumn, -entitlements[i])])
                }
            }
            let level = min(1, max(0, -value))
            run.levels[run.levels.count - 1].objective = level
            var saturated: [Int] = []
            if level < 1 - saturationTolerance {
                for i in current {
                    let own = delivered[i].map { ($0.column, -$0.value / entitlements[i]) }
                    let (_, best) = try solveLP("max-min saturation", own, &run) { b in
                        for j in current where j != i {
                            b.addRow(lower: (level - self.options.levelTolerance) * entitlements[j], upper: .infinity,
                                     terms: delivered[j])
                        }
                    }
                    run.levels.removeLast()
                    if -best <= level + saturationTolerance { saturated.append(i) }
                }
            }
            if saturated.isEmpty { saturated = current }
            for i in saturated {
                run.fixes.append(.row(terms: delivered[i], lower: (level - options.levelTolerance) * entitlements[i], upper: .infinity))
            }
            free.removeAll { saturated.contains($0) }
        }
    }

    /// Priority-weighted deliveries: the compiler's costs (negative for benefits) × volume, and
    /// (for the whole basin) the quota-ranked volumes over periods at their penalties.
    func priorityTerms(_ lp: PlanLP, nodes only: Set<Int>? = nil) -> [(column: Int, value: Double)] {
        var terms: [(column: Int, value: Double)] = only == nil ? lp.volumeTerms.map { ($0.column, $0.weight) } : []
        for (n, node) in inputs.network.nodes.enumerated() where node.storageIndex == nil && (only?.contains(n) ?? true) {
            if case .internalPart(_, "spill") = node.role { continue }
            for step in inputs.steps {
                let c = inputs.cost[step.index][n] - node.lossCost
                if c != 0 { terms.append((lp.nodeColumn[step.index][n], c * step.mm3PerCumec)) }
            }
        }
        return terms
    }

    // MARK: - LP plumbing

    func slack(_ value: Double) -> Double { options.levelTolerance * max(1, abs(value)) }

    func keep(_ name: String, _ terms: [(column: Int, value: Double)], _ value: Double, _ run: inout Run) {
        run.fixes.append(.row(terms: terms, lower: -.infinity, upper: value + slack(value)))
    }

    func solveAndKeep(_ name: String, _ terms: [(column: Int, value: Double)], _ run: inout Run) throws(PlanError) -> [Double] {
        let (x, value) = try solveLP(name, terms, &run)
        if !terms.isEmpty { keep(name, terms, value, &run) }
        return x
    }

    /// Builds the LP (structure + fixes + this level's objective and extras), solves it —
    /// reloaded into the run's solver, so it starts from the previous LP's basis — and returns
    /// the primal solution and the optimum.
    func solveLP(_ name: String, _ objective: [(column: Int, value: Double)], _ run: inout Run,
                 extra: (inout SparseBuilder) -> Void = { _ in }) throws(PlanError) -> ([Double], Double) {
        var b = run.lp.builder
        for fix in run.fixes {
            switch fix {
            case .row(let terms, let lower, let upper): b.addRow(lower: lower, upper: upper, terms: terms)
            case .upper(let column, let value): b.setBounds(column: column, lower: b.columnLower[column], upper: value)
            case .bounds(let column, let lower, let upper): b.setBounds(column: column, lower: lower, upper: upper)
            }
        }
        for (c, v) in objective { b.objective[c] += v }
        extra(&b)
        let solver: any LPSolver
        do {
            if let existing = run.solver {
                solver = existing
                try solver.reload(b.program())
            } else {
                solver = makeSolver()
                run.solver = solver
                try solver.load(b.program())
            }
        } catch {
            throw .unsupported("an LP the solver cannot load (\(error))")
        }
        let status = solver.solve()
        run.lpSolves += 1
        guard status == .optimal else { throw .solverFailed(level: name, status: status) }
        let x = Array(solver.primal)
        let value = solver.objectiveValue
        run.levels.append(PlanSolution.LevelRecord(name: name, objective: value))
        return (x, value)
    }
}
