/// What `aral corridor … --json` prints: routes and assignments as plain JSON, with the
/// by-mode figures keyed by mode name and the derived totals written out, so a script reads
/// the same numbers the text tables show without recomputing them.

extension RouteBreakdown: Encodable {
    enum CodingKeys: String, CodingKey {
        case places, segments, kmByMode, movingHoursByMode, borderHours, ferryWaitHours, gaugeChangeHours,
             transferHours, costUSDPerTEU, gaugeChanges, borderCrossings, weight, totalKm, waitingHours, totalHours, totalDays
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(places, forKey: .places)
        try c.encode(segments, forKey: .segments)
        try c.encode(byModeName(kmByMode), forKey: .kmByMode)
        try c.encode(byModeName(movingHoursByMode), forKey: .movingHoursByMode)
        try c.encode(borderHours, forKey: .borderHours)
        try c.encode(ferryWaitHours, forKey: .ferryWaitHours)
        try c.encode(gaugeChangeHours, forKey: .gaugeChangeHours)
        try c.encode(transferHours, forKey: .transferHours)
        try c.encode(costUSDPerTEU, forKey: .costUSDPerTEU)
        try c.encode(gaugeChanges, forKey: .gaugeChanges)
        try c.encode(borderCrossings, forKey: .borderCrossings)
        try c.encode(weight, forKey: .weight)
        try c.encode(totalKm, forKey: .totalKm)
        try c.encode(waitingHours, forKey: .waitingHours)
        try c.encode(totalHours, forKey: .totalHours)
        try c.encode(totalDays, forKey: .totalDays)
    }
}

/// A by-mode table keyed by the mode's name (`rail`, `road`, `ferry`), as the model files spell it.
func byModeName(_ values: [CorridorMode: Double]) -> [String: Double] {
    Dictionary(uniqueKeysWithValues: values.map { ($0.key.rawValue, $0.value) })
}

extension CorridorAssignment.SegmentLoad: Encodable {
    enum CodingKeys: String, CodingKey {
        case segment, mode, forwardTonnes, backwardTonnes, totalTonnes, capacityTonnesPerYear, utilisation
    }

    /// `utilisation` is left out when it is not finite (load on a zero capacity): JSON has no infinity.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(segment, forKey: .segment)
        try c.encode(mode.rawValue, forKey: .mode)
        try c.encode(forwardTonnes, forKey: .forwardTonnes)
        try c.encode(backwardTonnes, forKey: .backwardTonnes)
        try c.encode(totalTonnes, forKey: .totalTonnes)
        try c.encodeIfPresent(capacityTonnesPerYear, forKey: .capacityTonnesPerYear)
        try c.encodeIfPresent(utilisation.flatMap { $0.isFinite ? $0 : nil }, forKey: .utilisation)
    }
}


extension CorridorAssignment.Result: Encodable {
    enum CodingKeys: String, CodingKey {
        case metric, segments, placeLoads, bottlenecks, unserved, carriedCost, demandTonnes, unservedTonnes, unservedCostPerTonne, iterations
    }

    struct PlaceLoad: Encodable {
        var id: String
        var tonnes: Double
        var capacity: Double
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(metric.description, forKey: .metric)
        try c.encode(segments, forKey: .segments)
        try c.encode(placeLoads.map { PlaceLoad(id: $0.id, tonnes: $0.tonnes, capacity: $0.capacity) }, forKey: .placeLoads)
        try c.encode(bottlenecks, forKey: .bottlenecks)
        try c.encode(unserved, forKey: .unserved)
        try c.encode(carriedCost, forKey: .carriedCost)
        try c.encode(demandTonnes, forKey: .demandTonnes)
        try c.encode(unservedTonnes, forKey: .unservedTonnes)
        try c.encode(unservedCostPerTonne, forKey: .unservedCostPerTonne)
        try c.encode(iterations, forKey: .iterations)
    }
}
