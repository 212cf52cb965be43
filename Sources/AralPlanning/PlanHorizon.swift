public import AralModel
public import AralSchema

/// Sets a model document to a plan's horizon and, optionally, to a forecast of its inflows,
/// before it is compiled — so the compiler's own checks report a horizon the inflow data do
/// not cover (`nodes[0].flow: … has no value for 2031-01-01 (it covers …)`).
public enum PlanHorizon {
    /// `from`/`to` replace the timestepper's dates. Each column of the forecast CSV (other than
    /// the first, the dates) replaces the `flow` of the inflow node of that name, keeping the
    /// `scale` of the node's own CSV series.
    ///
    /// `initialVolumes` (million m³, by reservoir name) replace the reservoirs' `initialVolume`:
    /// a plan that starts on 1 October should start from the storage the basin holds then (the
    /// state a run reaches at `from`, or an observed storage), not from the model's start-of-record
    /// volume. The compiler still checks each against the reservoir's bounds.
    public static func apply(to document: BasinDocument, from: CivilDate, to: CivilDate,
                             forecast: (file: String, columns: [String])? = nil,
                             initialVolumes: [String: Double] = [:]) throws(PlanError) -> BasinDocument {
        var doc = document
        var issues: [ModelIssue] = []
        if to < from { issues.append(ModelIssue(path: "--to", message: "\(to) is before the horizon's start \(from)")) }
        doc.timestepper.start = from.description
        doc.timestepper.end = to.description
        if let forecast {
            if forecast.columns.isEmpty {
                issues.append(ModelIssue(path: "--inflows", message: "\(forecast.file) has no value columns; name them after inflow nodes"))
            }
            for column in forecast.columns {
                guard let i = doc.nodes.firstIndex(where: { $0.name == column }) else {
                    let inflows = doc.nodes.filter { $0.kind == .inflow }.map(\.name).joined(separator: ", ")
                    issues.append(ModelIssue(path: "--inflows", message: "\(forecast.file): column '\(column)' is not a node; columns must be inflow nodes (\(inflows))"))
                    continue
                }
                guard doc.nodes[i].kind == .inflow else {
                    issues.append(ModelIssue(path: "--inflows", message: "\(forecast.file): column '\(column)' is a \(doc.nodes[i].kind.rawValue), not an inflow"))
                    continue
                }
                // In the units of the model's own series: a node that reads a column times a
                // scale (the share of a river that reaches the basin) reads its forecast times
                // the same scale, as traces do. It was dropped, and the model's own rows given as
                // a forecast planned with a different Syr Darya (found from outside).
                var scale = 1.0
                if case .csv(_, _, let own)? = doc.nodes[i].flow { scale = own }
                doc.nodes[i].flow = .csv(file: forecast.file, column: column, scale: scale)
            }
        }
        for (name, volume) in initialVolumes.sorted(by: { $0.key < $1.key }) {
            guard let i = doc.nodes.firstIndex(where: { $0.name == name }), doc.nodes[i].kind == .reservoir else {
                let reservoirs = doc.nodes.filter { $0.kind == .reservoir }.map(\.name).joined(separator: ", ")
                issues.append(ModelIssue(path: "initialVolumes.\(name)", message: "'\(name)' is not a reservoir of the model (reservoirs: \(reservoirs))"))
                continue
            }
            guard volume.isFinite else {
                issues.append(ModelIssue(path: "initialVolumes.\(name)", message: "\(volume) is not a volume"))
                continue
            }
            // Said here, where the volume came from, not at the model's initialVolume.
            let bottom = max(0, doc.nodes[i].minVolume ?? 0), top = doc.nodes[i].maxVolume ?? .infinity
            guard volume >= bottom, volume <= top else {
                issues.append(ModelIssue(path: "initialVolumes.\(name)", message: "\(shortNumber(volume)) Mm³ is outside '\(name)''s [minVolume \(shortNumber(bottom)), maxVolume \(shortNumber(top))]"))
                continue
            }
            doc.nodes[i].initialVolume = volume
        }
        if !issues.isEmpty { throw .invalidInput(ModelValidationError(issues: issues)) }
        return doc
    }
}
