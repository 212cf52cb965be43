import AralModel

/// Parties, node names and priority ranks: the tables every later piece looks names up in.
extension BasinCompiler {
    func compileParties(_ c: inout CompileContext) {
        c.parties = c.document.parties ?? []
        for (i, p) in c.parties.enumerated() {
            if p.code.isEmpty { c.add("parties[\(i)].code", "a party needs a code") }
            if p.code.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                c.add("parties[\(i)].code", "party code \(p.code.debugDescription) contains a line break or another control character")
            }
            if !c.partyCodes.insert(p.code).inserted { c.add("parties[\(i)].code", "party code '\(p.code)' appears twice") }
        }
    }

    /// Every node name once, and every owner a party (when the model lists parties).
    func compileNames(_ c: inout CompileContext) {
        for (i, node) in c.document.nodes.enumerated() {
            let path = "nodes[\(i)]"
            if node.name.isEmpty { c.add("\(path).name", "a node needs a name") }
            // A line break in a name split the results CSV's rows (found from outside); tabs and
            // other control characters break every table a name is printed in.
            if node.name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                c.add("\(path).name", "node name \(node.name.debugDescription) contains a line break or another control character")
            }
            // A spreadsheet reads a cell that starts so as a formula: a node named
            // `=HYPERLINK(…)` went into every results CSV the parties open (found from outside).
            if let first = node.name.first, "=+-@".contains(first) {
                c.add("\(path).name", "node name '\(node.name)' starts with '\(first)', which a spreadsheet reads as a formula in the results CSV; start it with a letter or digit")
            }
            if let first = c.indexByName[node.name] {
                c.add("\(path).name", "node name '\(node.name)' is already used by nodes[\(first)]")
            } else {
                c.indexByName[node.name] = i
            }
            if let owner = node.owner, !c.parties.isEmpty, !c.partyCodes.contains(owner) {
                c.add("\(path).owner", "owner '\(owner)' is not a party; parties are: \(c.partyCodes.sorted().joined(separator: ", "))")
            }
        }
    }

    /// The distinct priority ranks of demands, rule curves and soft sink minimums.
    /// Priorities are 1, 2, 3, … (1 the highest, docs/model-format.md); 0 or a negative one was
    /// accepted and ranked above 1 (found from outside), which no ICWC rule means.
    func compilePriorities(_ c: inout CompileContext) {
        var priorities = Set<Int>()
        for (i, node) in c.document.nodes.enumerated() {
            for (p, path) in [(node.priority, "nodes[\(i)].priority"), (node.ruleCurve?.priority, "nodes[\(i)].ruleCurve.priority")] {
                guard let p else { continue }
                if p < 1 { c.add(path, "must be 1 or more (1 is the highest priority, then 2, 3, …); got \(p)") }
                else { priorities.insert(p) }
            }
        }
        // A volume's priority must be one of these (BasinCompiler+Volumes), so it is ≥ 1 too.
        c.orderedPriorities = priorities.sorted(by: >)  // lowest priority (largest number) first
        c.lowestDemandPriority = c.orderedPriorities.first ?? 1
        // The highest priority earns lowestPriorityBenefit × priorityRatio^(ranks − 1); at 1e20
        // or more the run stopped at step 0 (the LP solver's cost range) while validate passed.
        if let highest = c.orderedPriorities.last, c.lowestPriorityBenefit > 0, c.priorityRatio > 1,
           !(c.benefit(highest) < Self.largestBenefit) {
            c.add("settings.priorityRatio", "with \(c.orderedPriorities.count) distinct priorities the highest earns \(c.benefit(highest)) per m³/s (lowestPriorityBenefit × priorityRatio^\(c.orderedPriorities.count - 1)); the LP solver takes costs below 1e20: use fewer distinct priorities or a smaller priorityRatio or lowestPriorityBenefit")
        }
    }

    /// The LP solver's cost range (`SolverRange.largestCost`, which this module does not import).
    static let largestBenefit = 1e20
}
