import AralModel
public import AralSchema
public import AralSolver

/// Runs a compiled basin model from start to end and returns its results in the model's terms.
public enum BasinRun {
    public static func run(_ model: BasinModel, solver: any LPSolver, options: SimulationOptions = SimulationOptions(),
                           makeDiagnosticSolver: (() -> any LPSolver)? = nil,
                           progress: ((Int, Int) -> Void)? = nil,
                           shouldContinue: (() -> Bool)? = nil) throws -> BasinResults {
        let simulation = try Simulation(network: model.network, solver: solver, options: options,
                                        makeDiagnosticSolver: makeDiagnosticSolver)
        let recorder = MemoryRecorder()
        try simulation.run(recorders: [recorder], progress: progress, shouldContinue: shouldContinue)
        var results = BasinResults(model: model, recorder: recorder, worstMassBalanceResidual: simulation.worstMassBalanceResidual,
                                   physicalShortfalls: simulation.physicalShortfalls, volumeOutcomes: simulation.volumeOutcomes)
        results.volumesInTransit = zip(model.network.flowDelays, simulation.volumesInTransit).map { ($0.name, $1) }
        return results
    }
}
