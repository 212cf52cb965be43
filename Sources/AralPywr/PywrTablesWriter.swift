import AralModel

/// Pywr's `TablesRecorder` output, in PyTables' layout: a `CArray` per node or parameter
/// (steps × the scenarios' sizes, or × 1 without scenarios) with `PYWR_ATTRIBUTE` (`flow`,
/// `volume`, `parameter`, `parameter-index`) and `PYWR_TYPE`, a `time` table (day, index,
/// month, year) and a `scenarios` table (name, size), and the root group's `PYWR_FORMAT`,
/// `PYWR_VERSION`, title and metadata.
enum PywrTablesWriter {
    static func write(_ file: PywrResultFile, ensemble: [PywrResults]) throws(PywrResultFileWriter.WriteError) {
        guard case .tables(let title, let time, let scenariosPath, let compression, let metadata) = file.format,
              let first = ensemble.first else { return }
        let model = first.model
        let sizes = model.network.scenarios.map(\.size)
        let shape = [first.steps.count] + (sizes.isEmpty ? [1] : sizes)
        let cells = shape.dropFirst().reduce(1, *)
        do {
            let h5 = try HDF5File(creating: file.path, compression: compression)
            try h5.setRootAttributes(title: title, metadata: metadata)
            if let scenariosPath {
                try h5.writeTable(scenariosPath, columns: [.string("name", size: 1024), .int64("size")],
                                  rows: model.network.scenarios.map { [.text($0.name), .int(Int64($0.size))] })
            }
            if let time {
                try h5.writeTable(time, columns: [.int64("day"), .int64("index"), .int64("month"), .int64("year")],
                                  rows: first.steps.map { [.int(Int64($0.date.day)), .int(Int64($0.index)), .int(Int64($0.date.month)), .int(Int64($0.date.year))] })
            }
            for (path, source) in file.columns {
                // Row-major (step, member of scenario 1, member of scenario 2, …); combinations
                // not run (user combinations, slices) stay 0, as in Pywr's arrays.
                var values = [Double](repeating: 0, count: shape[0] * cells)
                for results in ensemble {
                    let cell = position(of: model.combinations[safe: results.combination] ?? [], sizes: sizes)
                    let series = self.series(source, results)
                    for (t, v) in series.enumerated() where t < shape[0] { values[t * cells + cell] = v }
                }
                let (attribute, type, integer) = describe(source, model)
                try h5.writeArray(path, shape: shape, values: values, integer: integer,
                                  attributes: [("PYWR_ATTRIBUTE", attribute), ("PYWR_TYPE", type)])
            }
        } catch {
            throw PywrResultFileWriter.WriteError(description: "recorder '\(file.recorder)': \(error)")
        }
    }

    /// The flat index of a combination's members in the scenarios' row-major grid.
    static func position(of members: [Int], sizes: [Int]) -> Int {
        zip(members, sizes).reduce(0) { $0 * $1.1 + $1.0 }
    }

    static func series(_ source: PywrResultFile.Source, _ results: PywrResults) -> [Double] {
        switch source {
        case .node(let n): return results.volumes[n] ?? results.flows[n]
        case .parameter(let value, _, _):
            switch value {
            case .constant(let c): return Array(repeating: c, count: results.steps.count)
            case .parameter(let i): return results.parameterSeries[i] ?? []
            }
        }
    }

    static func describe(_ source: PywrResultFile.Source, _ model: PywrModel) -> (attribute: String, type: String, integer: Bool) {
        switch source {
        case .node(let n):
            let node = model.nodes[n]
            let storage = node.storage != nil || node.virtualStorage != nil
            return (storage ? "volume" : "flow", pywrNodeClass(node.type), false)
        case .parameter(_, let index, let type):
            return (index ? "parameter-index" : "parameter", type, index)
        }
    }

    /// Pywr's class name for a node type as written in a file (`PYWR_TYPE`).
    static func pywrNodeClass(_ type: String) -> String {
        let classes = ["input": "Input", "output": "Output", "link": "Link", "storage": "Storage", "reservoir": "Reservoir",
                       "catchment": "Catchment", "river": "River", "rivergauge": "RiverGauge", "riversplit": "RiverSplit",
                       "riversplitwithgauge": "RiverSplitWithGauge", "losslink": "LossLink", "piecewiselink": "PiecewiseLink",
                       "breaklink": "BreakLink", "aggregatednode": "AggregatedNode", "aggregatedstorage": "AggregatedStorage",
                       "virtualstorage": "VirtualStorage", "annualvirtualstorage": "AnnualVirtualStorage",
                       "monthlyvirtualstorage": "MonthlyVirtualStorage", "seasonalvirtualstorage": "SeasonalVirtualStorage",
                       "rollingvirtualstorage": "RollingVirtualStorage"]
        return classes[type.lowercased()] ?? type
    }
}

fileprivate extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
