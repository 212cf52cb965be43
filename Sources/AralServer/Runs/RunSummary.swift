import AralEngine
import AralModel
import AralSchema

/// A finished run in a few numbers, stored as JSON with the run: what the dashboard's run page
/// and `GET /api/runs/{id}/summary` show. The same figures as `aral run --json`.
struct RunSummary: Codable, Sendable {
    struct Demand: Codable, Sendable { var name: String; var owner: String?; var priority: Int?; var demandMm3: Double; var deliveredMm3: Double; var deficitPercent: Double }
    struct Reservoir: Codable, Sendable { var name: String; var owner: String?; var minMm3: Double; var meanMm3: Double; var maxMm3: Double; var finalMm3: Double; var capacityMm3: Double?; var spillMm3: Double }
    struct Plant: Codable, Sendable { var name: String; var owner: String?; var gwh: Double; var gwhPerYear: Double }
    struct Sink: Codable, Sendable { var name: String; var inflowKm3: Double; var inflowKm3PerYear: Double }

    var model: String
    var steps: Int
    var firstDate: String
    var lastDate: String
    var years: Double
    var demands: [Demand]
    var reservoirs: [Reservoir]
    var plants: [Plant]
    var sinks: [Sink]
    var worstMassBalanceResidual: Double

    init(_ r: BasinResults) {
        let owners = Dictionary(r.model.elements.map { ($0.name, $0.owner) }, uniquingKeysWith: { a, _ in a })
        let capacities = Dictionary(r.model.elements.compactMap { e in e.capacityMm3.map { (e.name, $0) } }, uniquingKeysWith: { a, _ in a })
        model = r.model.network.name
        steps = r.steps.count
        firstDate = r.steps.first?.date.description ?? ""
        lastDate = r.steps.last?.date.description ?? ""
        years = r.years
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
    }
}
