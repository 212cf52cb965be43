import Foundation
public import AralEngine
import AralModel
import AralSchema

/// A finished run in a few numbers: what `aral run --json` prints, what the server stores with
/// a run (`GET /api/runs/{id}/summary`) and what the dashboard's run page shows. One type, so
/// the two front doors cannot drift apart again.
public struct RunSummary: Codable, Sendable, Equatable {
    public struct Demand: Codable, Sendable, Equatable {
        public var name: String; public var owner: String?; public var priority: Int?
        public var demandMm3: Double; public var deliveredMm3: Double; public var deficitPercent: Double
    }
    public struct Reservoir: Codable, Sendable, Equatable {
        public var name: String; public var owner: String?
        public var minMm3: Double; public var meanMm3: Double; public var maxMm3: Double; public var finalMm3: Double
        public var capacityMm3: Double?; public var spillMm3: Double
    }
    public struct Plant: Codable, Sendable, Equatable {
        public var name: String; public var owner: String?; public var gwh: Double; public var gwhPerYear: Double
    }
    public struct Sink: Codable, Sendable, Equatable {
        public var name: String; public var inflowKm3: Double; public var inflowKm3PerYear: Double
    }

    public var model: String
    public var steps: Int
    public var firstDate: String
    public var lastDate: String
    public var years: Double
    /// Wall time of the run (absent in summaries stored before it was recorded).
    public var seconds: Double?
    public var demands: [Demand]
    public var reservoirs: [Reservoir]
    public var plants: [Plant]
    public var sinks: [Sink]
    public var worstMassBalanceResidual: Double
    /// A reservoir that evaporation alone took below its minimum with nothing released
    /// (`PhysicalShortfall`), summed over the run.
    public struct Shortfall: Codable, Sendable, Equatable {
        public var reservoir: String; public var steps: Int; public var worstMm3: Double; public var worstDate: String
    }
    /// Absent when there is none.
    public var physicalShortfalls: [Shortfall]?
    /// One period of a volume over periods (`policy.volumes`) and how it ended; Mm³.
    public struct Volume: Codable, Sendable, Equatable {
        public var name: String; public var from: String; public var to: String; public var partial: Bool
        public var volumeMm3: Double; public var minMm3: Double?; public var maxMm3: Double?
        public var shortfallMm3: Double; public var excessMm3: Double
    }
    /// Every period of every volume, in the order they ended; absent when the model has none.
    public var volumes: [Volume]?
    /// Return water in transit at the end of the run by demand, Mm³ (arriving after the run);
    /// absent when no return is delayed.
    public var waterInTransitMm3: [String: Double]?

    public init(_ r: BasinResults, seconds: Double?) {
        let owners = Dictionary(r.model.elements.map { ($0.name, $0.owner) }, uniquingKeysWith: { a, _ in a })
        let capacities = Dictionary(r.model.elements.compactMap { e in e.capacityMm3.map { (e.name, $0) } }, uniquingKeysWith: { a, _ in a })
        model = r.model.network.name
        steps = r.steps.count
        firstDate = r.steps.first?.date.description ?? ""
        lastDate = r.steps.last?.date.description ?? ""
        years = r.years
        self.seconds = seconds
        demands = r.demandLines.map {
            Demand(name: $0.name, owner: $0.owner, priority: $0.priority, demandMm3: $0.demandMm3, deliveredMm3: $0.deliveredMm3, deficitPercent: $0.deficitPercent)
        }
        reservoirs = r.reservoirLines.map {
            Reservoir(name: $0.name, owner: owners[$0.name] ?? nil, minMm3: $0.minMm3, meanMm3: $0.meanMm3, maxMm3: $0.maxMm3,
                      finalMm3: $0.finalMm3, capacityMm3: capacities[$0.name], spillMm3: $0.spillMm3)
        }
        plants = r.plantLines.map { Plant(name: $0.name, owner: $0.owner, gwh: $0.gwh, gwhPerYear: $0.gwhPerYear) }
        sinks = r.sinkLines.map { Sink(name: $0.name, inflowKm3: $0.inflowKm3, inflowKm3PerYear: $0.inflowKm3PerYear) }
        worstMassBalanceResidual = r.worstMassBalanceResidual
        waterInTransitMm3 = r.volumesInTransit.isEmpty ? nil
            : Dictionary(r.volumesInTransit.map { ($0.name, $0.volumeMm3) }, uniquingKeysWith: +)
        let shortfalls = r.physicalShortfallLines
        physicalShortfalls = shortfalls.isEmpty ? nil : shortfalls.map {
            Shortfall(reservoir: $0.name, steps: $0.steps, worstMm3: $0.worstMm3, worstDate: $0.worstDate.description)
        }
        volumes = r.volumeOutcomes.isEmpty ? nil : r.volumeOutcomes.map {
            Volume(name: $0.target, from: $0.period.from.description, to: $0.period.to.description, partial: $0.period.isPartial,
                   volumeMm3: $0.volume, minMm3: $0.period.minVolume, maxMm3: $0.period.maxVolume,
                   shortfallMm3: $0.shortfall, excessMm3: $0.excess)
        }
    }

    /// Pretty, key-sorted JSON (`aral run --json`).
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
