public import AralModel
public import AralSchema

/// A party's claim on one river system: the demands it owns there and its quota share.
public struct Claimant: Sendable, Hashable {
    public var party: String
    public var system: String
    public var share: Double
    /// Network node indices of the party's demands in that system.
    public var demandNodes: [Int]
}

/// A minimum flow the policy keeps at a node.
public struct EnvironmentalMinimum: Sendable {
    public var name: String
    public var node: Int
    /// m³/s per step.
    public var minimum: [Double]
    /// Cost per m³/s short over a step; nil: hard.
    public var penalty: Double?
}

/// The policy and exchange sections of a model resolved against its network and steps:
/// names are indices, schedules are values per step, and everything has been checked.
public struct PlanPolicy: Sendable {
    public var sharing: SharingRule
    public var claimants: [Claimant]
    public var environmental: [EnvironmentalMinimum]
    /// Months (1–12) of the vegetation season.
    public var vegetationMonths: Set<Int>
    /// Energy price per party and step (USD/MWh, or any unit of value); nil: all energy is
    /// valued equally (1 per MWh) because the model gives no prices.
    public var prices: [String: [Double]]?
    /// Fixed exchange rate, MWh per Mm³ of extra water; nil: split the forgone energy.
    public var rateMWhPerMm3: Double?
    /// Parties treated as upstream in the exchange.
    public var upstream: [String]
    /// The sharing groups' environmental allocations (the Aral Sea and the deltas) leave level 1
    /// and share level 2's fraction with the parties (each step's allocation ≥ λ × its share),
    /// as the run cuts them. Off by default: measured on the shipped Amu Darya (docs/planning.md,
    /// "The Aral and delta allocations, cut in proportion") the consortium then gives UZ and TM
    /// less growing-season water than TJ alone does (−50.8 Mm³ in the median year 1995–96,
    /// −3.2 Mm³ in 2018–19) and TJ's compensation falls USD 0.91 M short of its loss: the
    /// exchange does not yet say who owes for the Aral's share of the extra release.
    public var cutsAllocationsWithQuotas = false
    /// Level 2 shares by the model's `policy.sharingGroups`, as the run shares each step (one
    /// fraction per group, parties and allocations), instead of one fraction for every party of
    /// the river system. Off by default: measured on the shipped Amu Darya's median year
    /// (docs/planning.md, "By the run's sharing groups") the consortium then gives a downstream
    /// state 362 Mm³ less growing-season water than TJ alone does, and the exchange's
    /// "nobody loses" check fails.
    public var sharesByRunGroups = false

    public static let defaultVegetationMonths: Set<Int> = [4, 5, 6, 7, 8, 9]

    public func isVegetation(_ step: TimeStep) -> Bool { vegetationMonths.contains(step.month) }

    /// Price of energy from `owner`'s plants at `step`.
    public func price(owner: String?, step: Int) -> Double {
        guard let prices else { return 1 }
        guard let owner, let series = prices[owner] else { return 0 }
        return series[step]
    }

    /// Price at `step` of `plant`'s energy to `party`, or to all its owners together (nil): a
    /// jointly owned plant (`HydropowerPlant.shares`, e.g. Kambarata-1) is worth its share × the
    /// party's price to each owner. A plant with one owner is priced exactly as `price(owner:step:)`.
    public func price(of plant: HydropowerPlant, for party: String? = nil, step: Int) -> Double {
        if plant.shares.isEmpty {
            guard party == nil || party == plant.owner else { return 0 }
            return price(owner: plant.owner, step: step)
        }
        if let party { return plant.share(of: party) * price(owner: party, step: step) }
        return plant.shares.reduce(0) { $0 + $1.fraction * price(owner: $1.party, step: step) }
    }

    /// Σ energy × price over `steps` of `plant` (`energyMWh` indexed by step) to `party`, or to
    /// all its owners (nil): what its energy is worth, added to `total` step by step (so a sum
    /// over several plants adds in the same order, to the same bits, as one running total).
    public func value(ofEnergy energyMWh: [Double], plant: HydropowerPlant, for party: String? = nil, steps: [TimeStep],
                      addedTo total: Double = 0) -> Double {
        steps.reduce(total) { $0 + energyMWh[$1.index] * price(of: plant, for: party, step: $1.index) }
    }

    /// Resolves `model`'s policy and exchange sections against its network and steps. The
    /// compiler has already checked the policy (`BasinPolicy`: shares, sharing rule, node
    /// names, months); what is checked here is what only planning needs: owners and shares
    /// name parties, each demand's river system, prices for every plant. Schedules that read
    /// CSV files need the `compiler`'s series source (the one that compiled the model).
    public static func resolve(_ model: BasinModel, compiler: BasinCompiler = BasinCompiler()) throws(PlanError) -> PlanPolicy {
        let policy = model.policy
        let steps = model.network.steps
        var issues: [ModelIssue] = []
        func add(_ path: String, _ message: String) { issues.append(ModelIssue(path: path, message: message)) }
        let partyCodes = Set(model.parties.map(\.code))

        // Owners.
        if policy.isGiven || policy.exchange != nil {
            for (i, element) in model.elements.enumerated() {
                if let owner = element.owner, !partyCodes.contains(owner) {
                    add("nodes[\(i)].owner", "owner '\(owner)' is not a party; parties are: \(partyCodes.sorted().joined(separator: ", "))")
                }
            }
        }

        let sharing = policy.sharing

        // Shares → claimants (their values were checked by the compiler: `BasinPolicy.isValidShare`).
        let shares = policy.shares
        for (system, table) in shares.sorted(by: { $0.key < $1.key }) {
            for party in table.keys.sorted() where !partyCodes.contains(party) {
                add("policy.shares.\(system).\(party)", "'\(party)' is not a party; parties are: \(partyCodes.sorted().joined(separator: ", "))")
            }
        }
        var claimants: [Claimant] = []
        if !shares.isEmpty {
            var demandsBy: [String: [Int]] = [:]   // "system\u{0}party" → nodes
            for (i, element) in model.elements.enumerated() where element.kind == .demand {
                guard let node = element.node else { continue }
                let path = "nodes[\(i)]"
                guard let owner = element.owner, partyCodes.contains(owner) else { continue }
                var system = element.system
                if system == nil {
                    if shares.count == 1 { system = shares.keys.first }
                    else {
                        add("\(path).system", "demand '\(element.name)' must name its river system (one of \(shares.keys.sorted().joined(separator: ", "))) because policy.shares lists several")
                        continue
                    }
                }
                guard let system else { continue }
                guard let table = shares[system] else {
                    add("\(path).system", "'\(system)' has no entry in policy.shares (systems: \(shares.keys.sorted().joined(separator: ", ")))")
                    continue
                }
                guard table[owner] != nil else { continue }  // no quota there: served by priority only
                demandsBy["\(system)\u{0}\(owner)", default: []].append(node)
            }
            for (system, table) in shares.sorted(by: { $0.key < $1.key }) {
                for (party, share) in table.sorted(by: { $0.key < $1.key }) {
                    claimants.append(Claimant(party: party, system: system, share: share,
                                              demandNodes: demandsBy["\(system)\u{0}\(party)"] ?? []))
                }
            }
        } else if sharing != .priority {
            add("policy.sharing", "'\(sharing.rawValue)' sharing needs policy.shares (each party's quota share per river system)")
        }

        // Environmental minimums.
        var environmental: [EnvironmentalMinimum] = []
        for (i, flow) in policy.environmentalFlows.enumerated() {
            let path = "policy.environmentalFlows[\(i)]"
            guard let element = model.element(named: flow.node) else {
                add("\(path).node", "'\(flow.node)' is not a node")
                continue
            }
            guard let node = element.node else {
                add("\(path).node", "'\(flow.node)' carries no flow of its own (a \(element.kind.rawValue)); name the reach, sink or reservoir it applies to")
                continue
            }
            if let p = flow.penalty, !(p >= 0) { add("\(path).penalty", "must be ≥ 0; got \(p)") }
            do {
                let values = try compiler.stepValues(flow.minFlow, steps: steps, path: "\(path).minFlow",
                                                     label: "environmental flow at '\(flow.node)'")
                environmental.append(EnvironmentalMinimum(name: flow.node, node: node, minimum: values, penalty: flow.penalty))
            } catch {
                issues += error.issues
            }
        }

        // Seasons.
        var vegetation = defaultVegetationMonths
        if let months = policy.vegetationMonths { vegetation = Set(months) }

        // Prices: every party that owns a plant needs one.
        let exchange = policy.exchange
        var prices: [String: [Double]]?
        if let table = exchange?.energyPrices {
            var resolved: [String: [Double]] = [:]
            for (party, schedule) in table.sorted(by: { $0.key < $1.key }) {
                let path = "exchange.energyPrices.\(party)"
                if !partyCodes.contains(party) { add(path, "'\(party)' is not a party") }
                do {
                    resolved[party] = try compiler.stepValues(schedule, steps: steps, path: path, label: "energy price of \(party)")
                } catch {
                    issues += error.issues
                }
            }
            for plant in model.network.hydropower {
                let elementIndex = model.elements.firstIndex { $0.name == plant.name }
                let path = elementIndex.map { "nodes[\($0)].owner" } ?? plant.name
                guard let owner = plant.owner else {
                    add(path, "plant '\(plant.name)' has no owner, so its energy has no price in exchange.energyPrices")
                    continue
                }
                if table[owner] == nil {
                    add("exchange.energyPrices", "no price for party '\(owner)', which owns plant '\(plant.name)'; add exchange.energyPrices.\(owner)")
                }
                for share in plant.shares where share.party != owner && table[share.party] == nil {
                    add("exchange.energyPrices", "no price for party '\(share.party)', which owns a share of plant '\(plant.name)'; add exchange.energyPrices.\(share.party)")
                }
            }
            prices = resolved
        }
        if let rate = exchange?.rateMWhPerMm3, !(rate >= 0) {
            add("exchange.rateMWhPerMm3", "must be ≥ 0; got \(rate)")
        }

        // Upstream parties.
        var upstream: [String] = []
        if let listed = exchange?.upstream {
            var seen = Set<String>()
            for (i, party) in listed.enumerated() {
                if !partyCodes.contains(party) { add("exchange.upstream[\(i)]", "'\(party)' is not a party") }
                // Listed twice, every obligation of that party was written twice (found from outside).
                else if !seen.insert(party).inserted { add("exchange.upstream[\(i)]", "'\(party)' is listed twice") }
            }
            upstream = listed
        } else {
            var seen = Set<String>()
            for element in model.elements where element.kind == .reservoir {
                guard let owner = element.owner, let release = element.releaseNode,
                      model.network.hydropower.contains(where: { $0.turbineNode == release }) else { continue }
                if seen.insert(owner).inserted { upstream.append(owner) }
            }
        }

        if !issues.isEmpty { throw .invalidInput(ModelValidationError(issues: issues)) }
        return PlanPolicy(sharing: sharing, claimants: claimants, environmental: environmental,
                          vegetationMonths: vegetation, prices: prices, rateMWhPerMm3: exchange?.rateMWhPerMm3,
                          upstream: upstream)
    }
}
