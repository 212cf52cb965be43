import AralModel

/// Hydropower plants on a reservoir's release (head from a level table, a head table or a
/// fixed head) or on a link (run of river, fixed head). Compiled after the nodes, since a
/// plant names the reservoir or link it sits on.
extension BasinCompiler {
    func compileHydropower(_ c: inout CompileContext) {
        for (i, nd) in c.plants {
            compilePlant(nd, path: "nodes[\(i)]", &c)
        }
    }

    private func compilePlant(_ nd: NodeDocument, path: String, _ c: inout CompileContext) {
        let doc = c.document
        let enabled = nd.enabled ?? true
        guard let capacity = nd.capacityMW else { c.add(path, "plant '\(nd.name)' needs 'capacityMW'"); return }
        if capacity <= 0 { c.add("\(path).capacityMW", "must be > 0; got \(capacity)") }
        let efficiency = nd.efficiency ?? Self.defaultHydropowerEfficiency
        if !(efficiency > 0 && efficiency <= 1) { c.add("\(path).efficiency", "must be in (0, 1]; got \(efficiency)") }
        var turbine: Int?
        var head: HydropowerPlant.Head?
        // One way to the head: `head` took precedence over a `tailwaterLevel` or `headTable`
        // given beside it without a word, so a plant meant to follow its reservoir's level ran at
        // a fixed head (found from outside). On a link only a fixed head has a meaning.
        let ways = [("head", nd.head != nil), ("headTable", nd.headTable != nil), ("tailwaterLevel", nd.tailwaterLevel != nil)]
            .filter(\.1).map(\.0)
        if ways.count > 1 {
            c.add("\(path).\(ways[1])", "plant '\(nd.name)' gives both '\(ways[0])' and '\(ways[1])': they are different ways to its head (a fixed head, a head by volume, the reservoir's level minus the tailwater); keep one")
        }
        if nd.link != nil, nd.reservoir == nil, let way = ways.first, way != "head" {
            c.add("\(path).\(way)", "a run-of-river plant (on link '\(nd.link ?? "")') has no reservoir level to follow: give a fixed 'head' instead of '\(way)'")
            return
        }
        if let res = nd.reservoir {
            guard let ri = c.indexByName[res], doc.nodes[ri].kind == .reservoir else {
                c.add("\(path).reservoir", "'\(res)' is not a reservoir\(didYouMean(res, among: c.indexByName.keys))")
                return
            }
            guard let element = c.elements.first(where: { $0.name == res }) else { return }
            if let s = element.storage, let r = element.releaseNode {
                turbine = r
                if let h = nd.head {
                    head = .fixed(h)
                } else if let ht = nd.headTable {
                    if let table = VolumeTable(volumes: ht.volume, areas: nil, levels: ht.head) {
                        head = .headTable(storage: s, table: table)
                        checkSpan(ht, reservoir: doc.nodes[ri], path: "\(path).headTable", &c)
                    } else { c.add("\(path).headTable", "volumes must increase strictly and 'head' must have as many values as 'volume'") }
                } else if let tw = nd.tailwaterLevel {
                    if c.net.storages[s].table?.levels == nil {
                        c.add("\(path).tailwaterLevel", "a tailwater level needs reservoir '\(res)' to have a 'table' with 'level'")
                    }
                    head = .reservoirLevel(storage: s, tailwaterLevel: tw)
                } else {
                    c.add(path, "plant '\(nd.name)' needs a head: 'tailwaterLevel' (with the reservoir's level table), 'headTable' or a fixed 'head'")
                }
            } else if let n = element.node {
                // The reservoir is switched off: its plant, if on, runs on the pass-through at a fixed head.
                turbine = n
                if let h = nd.head { head = .fixed(h) } else if enabled {
                    c.add(path, "reservoir '\(res)' is switched off; plant '\(nd.name)' needs a fixed 'head' or 'enabled: false'")
                } else { head = .fixed(0) }
            }
        } else if let link = nd.link {
            guard let li = c.indexByName[link], [.link, .confluence].contains(doc.nodes[li].kind),
                  let element = c.elements.first(where: { $0.name == link }), let n = element.node else {
                c.add("\(path).link", "'\(link)' is not a link\(didYouMean(link, among: c.indexByName.keys))")
                return
            }
            turbine = n
            guard let h = nd.head else { c.add(path, "run-of-river plant '\(nd.name)' needs a fixed 'head' (m)"); return }
            head = .fixed(h)
        } else {
            c.add(path, "plant '\(nd.name)' must name a 'reservoir' or a 'link'")
            return
        }
        if case .fixed(let h) = head, h < 0 { c.add("\(path).head", "must be ≥ 0; got \(h)") }
        let shares = compileShares(nd, path: path, &c)
        guard let turbine, let head else { return }
        if !enabled { return }
        c.net.hydropower.append(HydropowerPlant(name: nd.name, turbineNode: turbine, head: head, efficiency: efficiency,
                                                capacityMW: capacity, owner: nd.owner, shares: shares))
        if let e = c.elements.firstIndex(where: { $0.name == nd.name }) { c.elements[e].plant = c.net.hydropower.count - 1 }
    }

    /// A head table spans its reservoir's storage, as a volume table must: past its last volume
    /// (below maxVolume) or before its first (above minVolume) the head was extrapolated from the
    /// end segments without a word (found from outside). Nothing is extrapolated.
    private func checkSpan(_ ht: HeadTableDocument, reservoir: NodeDocument, path: String, _ c: inout CompileContext) {
        for (k, v) in ht.volume.enumerated() { c.checkMagnitude(v, path: "\(path).volume[\(k)]") }
        guard let maxVolume = reservoir.maxVolume, let top = ht.volume.last, let bottom = ht.volume.first else { return }
        let minVolume = reservoir.minVolume ?? 0
        if top < maxVolume {
            c.add("\(path).volume[\(ht.volume.count - 1)]", "the head table ends at \(shortNumber(top)) Mm³, below maxVolume \(shortNumber(maxVolume)) of reservoir '\(reservoir.name)': the head above it would be guessed; extend the table to maxVolume")
        }
        if bottom > minVolume {
            c.add("\(path).volume[0]", "the head table starts at \(shortNumber(bottom)) Mm³, above minVolume \(shortNumber(minVolume)) of reservoir '\(reservoir.name)': the head below it would be guessed; start the table at or below minVolume")
        }
    }

    /// A jointly owned plant's `owners`: each a party (when the model lists parties), each
    /// fraction in (0, 1], the fractions summing to 1, and the operator (`owner`) among them.
    /// Sorted by party code, so the compiled plant does not depend on the file's key order.
    private func compileShares(_ nd: NodeDocument, path: String, _ c: inout CompileContext) -> [PlantShare] {
        guard let owners = nd.owners else { return [] }
        if owners.isEmpty { c.add("\(path).owners", "a jointly owned plant needs at least one owner and its share") }
        for (party, fraction) in owners.sorted(by: { $0.key < $1.key }) {
            if !c.parties.isEmpty, !c.partyCodes.contains(party) {
                c.add("\(path).owners.\(party)", "'\(party)' is not a party; parties are: \(c.partyCodes.sorted().joined(separator: ", "))")
            }
            if !(fraction > 0 && fraction <= 1) {
                c.add("\(path).owners.\(party)", "a share must be in (0, 1]; got \(fraction)")
            }
        }
        let total = owners.values.reduce(0, +)
        if !owners.isEmpty, abs(total - 1) > Self.plantShareTolerance {
            c.add("\(path).owners", "shares sum to \(total), not 1 (± \(Self.plantShareTolerance))")
        }
        if let operatorParty = nd.owner, !owners.isEmpty, owners[operatorParty] == nil {
            c.add("\(path).owner", "the operator '\(operatorParty)' is not one of the plant's owners (\(owners.keys.sorted().joined(separator: ", ")))")
        }
        return owners.sorted { $0.key < $1.key }.map { PlantShare(party: $0.key, fraction: $0.value) }
    }

    /// How far a jointly owned plant's shares may sum from 1 (the quota shares' tolerance).
    static let plantShareTolerance = 1e-9
}
