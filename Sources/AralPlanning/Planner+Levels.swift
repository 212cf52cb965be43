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
    func solveEnergy(_ plants: [Int], _ run: inout Run, region: [Fix] = []) throws(PlanError) -> ([Double], Fix) {
        var terms: [(column: Int, value: Double)] = []
        for step in inputs.steps {
            for p in plants {
                let price = inputs.policy.price(owner: inputs.network.hydropower[p].owner, step: step.index)
                if price != 0 { terms.append((run.lp.energyColumn[step.index][p], -price)) }
            }
        }
        let (x, value) = try solveLP("hydropower", terms, &run) { b in
            for case .bounds(let column, let lower, let upper) in region { b.setBounds(column: column, lower: lower, upper: upper) }
        }
        return (x, .row(terms: terms, lower: -.infinity, upper: value + slack(value)))
    }

    // MARK: - Sharing

    /// Volume delivered to a claimant over the horizon, as terms over the node columns (Mm³).
    func deliveryTerms(_ claimant: Claimant, _ lp: PlanLP) -> [(column: Int, value: Double)] {
        var terms: [(column: Int, value: Double)] = []
        for step in inputs.steps {
            for d in claimant.demandNodes { terms.append((lp.nodeColumn[step.index][d], step.mm3PerCumec)) }
        }
        return terms
    }

    /// Proportional: maximise the common fraction λ of every entitlement, keep it.
    func solveProportional(_ run: inout Run) throws(PlanError) {
        let entitlements = inputs.entitlementsMm3
        let active = inputs.policy.claimants.indices.filter { entitlements[$0] > 0 }
        guard !active.isEmpty else { return }
        let lp = run.lp
        var lambdaColumn = -1
        let (_, value) = try solveLP("proportional share", [], &run) { b in
            lambdaColumn = b.addColumn(lower: 0, upper: 1, cost: -1)
            for i in active {
                var terms = self.deliveryTerms(self.inputs.policy.claimants[i], lp)
                terms.append((lambdaColumn, -entitlements[i]))
                b.addRow(lower: 0, upper: .infinity, terms: terms)
            }
        }
        let lambda = min(1, max(0, -value))
        run.levels[run.levels.count - 1].objective = lambda
        for i in active {
            run.fixes.append(.row(terms: deliveryTerms(inputs.policy.claimants[i], lp),
                                  lower: (lambda - options.levelTolerance) * entitlements[i], upper: .infinity))
        }
    }

    /// Max-min: raise the lowest satisfaction fraction as far as it goes; the claimants that
    /// cannot rise above it are fixed there; repeat with the others (lexicographic max-min).
    func solveMaxMin(_ run: inout Run) throws(PlanError) {
        let entitlements = inputs.entitlementsMm3
        var free = inputs.policy.claimants.indices.filter { entitlements[$0] > 0 }
        let lp = run.lp
        let saturationTolerance = 1e-6
        while !free.isEmpty {
            var tColumn = -1
            let current = free
            let (_, value) = try solveLP("max-min round", [], &run) { b in
                tColumn = b.addColumn(lower: 0, upper: 1, cost: -1)
                for i in current {
                    var terms = self.deliveryTerms(self.inputs.policy.claimants[i], lp)
                    terms.append((tColumn, -entitlements[i]))
                    b.addRow(lower: 0, upper: .infinity, terms: terms)
                }
            }
            let level = min(1, max(0, -value))
            run.levels[run.levels.count - 1].objective = level
            var saturated: [Int] = []
            if level < 1 - saturationTolerance {
                for i in current {
                    let own = deliveryTerms(inputs.policy.claimants[i], lp).map { ($0.column, -$0.value / entitlements[i]) }
                    let (_, best) = try solveLP("max-min saturation", own, &run) { b in
                        for j in current where j != i {
                            b.addRow(lower: (level - self.options.levelTolerance) * entitlements[j], upper: .infinity,
                                     terms: self.deliveryTerms(self.inputs.policy.claimants[j], lp))
                        }
                    }
                    run.levels.removeLast()
                    if -best <= level + saturationTolerance { saturated.append(i) }
                }
            }
            if saturated.isEmpty { saturated = current }
            for i in saturated {
                run.fixes.append(.row(terms: deliveryTerms(inputs.policy.claimants[i], lp),
                                      lower: (level - options.levelTolerance) * entitlements[i], upper: .infinity))
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
                let c = inputs.cost[step.index][n]
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
