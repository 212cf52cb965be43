import AralModel
import AralSchema
import Foundation

/// Pywr parameters that are functions: harmonic series and weighted profiles of the date
/// (worked out per step before the run), polynomials, integrals, a scaled profile and the
/// piecewise control curve (evaluated every step; see `PywrFunctionParameters.swift`).
extension PywrBuilder {
    static let functionParameterTypes = [
        "annualharmonicseries", "polynomial1d", "polynomial2dstorage", "piecewiseintegral", "scaledprofile",
        "weightedaverageprofile", "controlcurvepiecewiseinterpolated", "interpolatedquadrature",
        "rbfprofile",
    ] + licenceParameterTypes

    /// Loads one of `functionParameterTypes`; nil for any other type.
    func loadFunctionParameter(_ type: String, _ node: JSONNode, label: String, common: Set<String>) throws(ModelFileError) -> ScheduledValue? {
        switch type {
        case "annualharmonicseries":
            let bounds = ["mean_lower_bounds", "mean_upper_bounds", "amplitude_lower_bounds", "amplitude_upper_bounds",
                          "phase_lower_bounds", "phase_upper_bounds"]
            try rejectUnknownKeys(node, known: common.union(["mean", "amplitudes", "phases"]).union(bounds), what: "an 'annualharmonicseries' parameter")
            let mean = try number(try required(node, "mean", what: "an annualharmonicseries parameter"))
            let amplitudes = try numbers(try required(node, "amplitudes", what: "an annualharmonicseries parameter"))
            let phasesNode = try required(node, "phases", what: "an annualharmonicseries parameter")
            let phases = try numbers(phasesNode)
            guard phases.count == amplitudes.count else { throw issue(phasesNode, "needs as many phases as amplitudes (\(amplitudes.count)); found \(phases.count)") }
            // mean + Σ aᵢ cos(doy (i + 1) 2π / 365 + φᵢ), doy = day of the year − 1 (Pywr's
            // arithmetic order: the whole number doy·(i + 1), then × π × 2 ÷ 365).
            let values = network.steps.map { step -> Double in
                let doy = step.date.dayOfYear - 1
                var v = mean
                for i in amplitudes.indices { v += amplitudes[i] * cos(Double(doy * (i + 1)) * Double.pi * 2 / 365 + phases[i]) }
                return v
            }
            return network.addParameter(StepSeriesParameter(label: label, values: values))
        case "polynomial1d":
            try rejectUnknownKeys(node, known: common.union(["coefficients", "node", "storage_node", "parameter", "use_proportional_volume", "scale", "offset"]),
                                  what: "a 'polynomial1d' parameter")
            let coefficients = try numbers(try required(node, "coefficients", what: "a polynomial1d parameter"))
            let given = ["node", "storage_node", "parameter"].filter { node[$0] != nil && node[$0]?.isNull == false }
            guard given.count == 1 else {
                throw issue(node, given.isEmpty ? "a polynomial1d parameter needs one of 'node', 'storage_node' or 'parameter' (Aral has no attached node to default to)"
                                                : "only one of 'node', 'storage_node' or 'parameter' may be given (Pywr refuses \(given.joined(separator: " and ")))")
            }
            let input: PywrPolynomialInput
            switch given[0] {
            case "parameter": input = .parameter(try parameterReference(try required(node, "parameter", what: "a polynomial1d parameter")))
            case "storage_node": input = try volumeInput(node, key: "storage_node")
            default:
                let ref = try required(node, "node", what: "a polynomial1d parameter")
                guard definitions[try string(ref)] != nil else { throw issue(ref, "no node named '\(try string(ref))'") }
                input = .resetNodeFlow
            }
            return network.addParameter(PywrPolynomial1DParameter(label: label, input: input, coefficients: coefficients,
                                                                  scale: try optionalNumber(node, "scale", default: 1),
                                                                  offset: try optionalNumber(node, "offset", default: 0)))
        case "polynomial2dstorage":
            try rejectUnknownKeys(node, known: common.union(["coefficients", "storage_node", "parameter", "use_proportional_volume", "storage_scale",
                                                             "storage_offset", "parameter_scale", "parameter_offset"]), what: "a 'polynomial2dstorage' parameter")
            let coefficientsNode = try required(node, "coefficients", what: "a polynomial2dstorage parameter")
            let coefficients = try matrix(coefficientsNode, inline: true, what: "coefficients")
            guard let width = coefficients.first?.count, coefficients.allSatisfy({ $0.count == width }) else {
                throw issue(coefficientsNode, "coefficients must be a non-empty list of rows of equal length")
            }
            return network.addParameter(PywrPolynomial2DStorageParameter(
                label: label, volume: try volumeInput(node, key: "storage_node"),
                parameter: try parameterReference(try required(node, "parameter", what: "a polynomial2dstorage parameter")),
                coefficients: coefficients,
                storageScale: try optionalNumber(node, "storage_scale", default: 1), storageOffset: try optionalNumber(node, "storage_offset", default: 0),
                parameterScale: try optionalNumber(node, "parameter_scale", default: 1), parameterOffset: try optionalNumber(node, "parameter_offset", default: 0)))
        case "piecewiseintegral":
            try rejectUnknownKeys(node, known: common.union(["parameter", "x", "y"]), what: "a 'piecewiseintegral' parameter")
            let input = try parameterReference(try required(node, "parameter", what: "a piecewiseintegral parameter"))
            let xNode = try required(node, "x", what: "a piecewiseintegral parameter")
            let x = try numbers(xNode), y = try numbers(try required(node, "y", what: "a piecewiseintegral parameter"))
            guard x.count == y.count else { throw issue(xNode, "x and y need the same length; found \(x.count) and \(y.count)") }
            for i in x.indices.dropFirst() where x[i] < x[i - 1] { throw issue(xNode, "x must be increasing (Pywr's setup refuses it)") }
            return network.addParameter(PywrPiecewiseIntegralParameter(label: label, input: input, x: x, y: y))
        case "scaledprofile":
            try rejectUnknownKeys(node, known: common.union(["scale", "profile"]), what: "a 'scaledprofile' parameter")
            let scale = try number(try required(node, "scale", what: "a scaledprofile parameter"))
            let profile = try parameterReference(try required(node, "profile", what: "a scaledprofile parameter"))
            return network.addParameter(PywrAffineParameter(label: label, input: profile, factor: scale))
        case "weightedaverageprofile":
            return try weightedAverageProfile(node, label: label, common: common)
        case "controlcurvepiecewiseinterpolated":
            try rejectUnknownKeys(node, known: common.union(["storage_node", "control_curve", "control_curves", "values", "minimum", "maximum"]).union(Self.tableKeys),
                                  what: "a 'controlcurvepiecewiseinterpolated' parameter")
            let (source, maxV) = try volumeSource(try required(node, "storage_node", what: "a controlcurvepiecewiseinterpolated parameter"))
            let curves = try controlCurves(node)
            let rows = try matrix(node, what: "a controlcurvepiecewiseinterpolated parameter")
            let at = node["values"] ?? node
            guard rows.count == curves.count + 1 else { throw issue(at, "needs \(curves.count + 1) pairs of values for \(curves.count) control curve(s); found \(rows.count)") }
            for row in rows where row.count != 2 { throw issue(at, "each entry of values is a pair [upper, lower]; found \(row.count) numbers") }
            return network.addParameter(PywrControlCurvePiecewiseParameter(
                label: label, source: source, maxVolume: maxV, curves: curves, values: rows.map { (upper: $0[0], lower: $0[1]) },
                minimum: try optionalNumber(node, "minimum", default: 0), maximum: try optionalNumber(node, "maximum", default: 1)))
        case "interpolatedquadrature":
            try rejectUnknownKeys(node, known: common.union(["upper_parameter", "lower_parameter", "x", "y", "interp_kwargs"]), what: "an 'interpolatedquadrature' parameter")
            let upper = try parameterReference(try required(node, "upper_parameter", what: "an interpolatedquadrature parameter"))
            var lower: ScheduledValue?
            if let n = node["lower_parameter"], !n.isNull { lower = try parameterReference(n) }
            let curve = try interpolation(node, xKey: "x", yKey: "y")
            return network.addParameter(PywrInterpolatedQuadratureParameter(label: label, upper: upper, lower: lower, curve: curve))
        case "storagelicense", "annuallicense", "annualexponentiallicense", "annualhyperbolalicense":
            return try loadLicence(type, node, label: label, common: common)
        case "rbfprofile":
            return try loadRbfProfile(node, label: label, common: common)
        default:
            return nil
        }
    }

    /// A storage's start-of-step volume (`use_proportional_volume`: its proportion).
    func volumeInput(_ node: JSONNode, key: String) throws(ModelFileError) -> PywrPolynomialInput {
        let (source, maxV) = try volumeSource(try required(node, key, what: "a polynomial parameter"))
        let proportional = node["use_proportional_volume"]?.bool ?? false
        return .volume(source, maxVolume: maxV, proportional: proportional)
    }

    /// Pywr's `weightedaverageprofile`: the daily profiles (constant, daily or monthly) of the
    /// storages weighted by their maximum volumes, worked out at `reset` — fixed for the run.
    func weightedAverageProfile(_ node: JSONNode, label: String, common: Set<String>) throws(ModelFileError) -> ScheduledValue {
        try rejectUnknownKeys(node, known: common.union(["storages", "profiles"]), what: "a 'weightedaverageprofile' parameter")
        let storagesNode = try required(node, "storages", what: "a weightedaverageprofile parameter")
        let profilesNode = try required(node, "profiles", what: "a weightedaverageprofile parameter")
        let storages = try list(storagesNode), profiles = try list(profilesNode)
        guard storages.count == profiles.count, !storages.isEmpty else {
            throw issue(profilesNode, "needs one profile per storage (\(storages.count)); found \(profiles.count)")
        }
        var total = [Double](repeating: 0, count: 366)
        var totalVolume = 0.0
        for (ref, profileNode) in zip(storages, profiles) {
            let (source, maxV) = try volumeSource(ref)
            guard case .storage = source, let maxVolume = maxV.constantValue else {
                throw issue(ref, "a weightedaverageprofile needs storage nodes with a constant max_volume (Pywr refuses others)")
            }
            totalVolume += maxVolume
            let daily: [Double]
            switch try parameterReference(profileNode) {
            case .constant(let c): daily = [Double](repeating: c, count: 366)
            case .parameter(let i):
                if let d = network.parameters[i] as? PywrDailyProfileParameter { daily = d.values }
                else if let m = network.parameters[i] as? MonthlyProfileParameter {
                    // Pywr's get_daily_values: each month's value over its days in 2016.
                    daily = (1...12).flatMap { month in [Double](repeating: m.values[month - 1], count: CivilDate.daysIn(month: month, year: 2016)) }
                } else {
                    throw issue(profileNode, "a weightedaverageprofile's profiles must be constant, daily or monthly profiles (Pywr refuses others)")
                }
            }
            for d in 0..<366 { total[d] += daily[d] * maxVolume }
        }
        let averaged = total.map { $0 / totalVolume }
        return network.addParameter(StepSeriesParameter(label: label, values: network.steps.map { averaged[Self.dayOfYearIndex($0.date)] }))
    }
}

/// Pywr's licences that a JSON model can load: `storagelicense`, `annuallicense`,
/// `annualexponentiallicense`, `annualhyperbolalicense` (`timesteplicense` fails in Pywr's
/// loader, which asks it for `values`, and `dailylicense` is not registered).
extension PywrBuilder {
    static let licenceParameterTypes = ["storagelicense", "annuallicense", "annualexponentiallicense", "annualhyperbolalicense"]

    func loadLicence(_ type: String, _ node: JSONNode, label: String, common: Set<String>) throws(ModelFileError) -> ScheduledValue {
        let extra: [String: [String]] = ["annualexponentiallicense": ["max_value", "k"], "annualhyperbolalicense": ["value"]]
        try rejectUnknownKeys(node, known: common.union(["node", "amount"]).union(extra[type] ?? []), what: "an '\(type)' parameter")
        let amount = try number(try required(node, "amount", what: "a \(type) parameter"))
        let kind: PywrLicenceParameter.Kind
        switch type {
        case "storagelicense": kind = .storage
        case "annuallicense": kind = .annual
        case "annualexponentiallicense":
            kind = .exponential(maxValue: try number(try required(node, "max_value", what: "an annualexponentiallicense parameter")),
                                k: try optionalNumber(node, "k", default: 1))
        default:
            kind = .hyperbola(value: try number(try required(node, "value", what: "an annualhyperbolalicense parameter")))
        }
        let selfIndex = network.parameters.count
        let steps = network.steps
        let remaining = try withNode(try required(node, "node", what: "a \(type) parameter")) { n, _ in
            PywrLicenceRemainingParameter(label: "\(label) remaining", selfIndex: selfIndex, node: n, amount: amount,
                                          annual: type != "storagelicense", stepDays: steps.map { Double($0.days) },
                                          stepYears: steps.map { $0.date.year })
        }
        guard case .parameter(let r) = remaining, r == selfIndex else { throw issue(node, "internal: licence state parameter out of place") }
        return network.addParameter(PywrLicenceParameter(label: label, remaining: r, amount: amount, kind: kind))
    }
}

/// Pywr's `rbfprofile` (`RadialBasisProfile`), worked out at load: its profile is fixed for
/// the run (Pywr recomputes it at `reset`, for optimisers that change its values).
extension PywrBuilder {
    func loadRbfProfile(_ node: JSONNode, label: String, common: Set<String>) throws(ModelFileError) -> ScheduledValue {
        try rejectUnknownKeys(node, known: common.union(["days_of_year", "values", "rbf_kwargs", "variable_days_of_year_range",
                                                         "variable_days_lower_bounds", "variable_days_upper_bounds", "min_value", "max_value"]),
                              what: "an 'rbfprofile' parameter")
        let daysNode = try required(node, "days_of_year", what: "an rbfprofile parameter")
        var days: [Int] = []
        for d in try list(daysNode) { days.append(try integer(d)) }
        let values = try numbers(try required(node, "values", what: "an rbfprofile parameter"))
        guard values.count == days.count else { throw issue(node["values"], "needs one value per day of the year given (\(days.count)); found \(values.count)") }
        guard days.first == 1 else { throw issue(daysNode, "the first day of the year must be 1") }
        guard days.count >= 3 else { throw issue(daysNode, "at least 3 days of the year are required") }
        for i in days.indices.dropFirst() where days[i] <= days[i - 1] { throw issue(daysNode, "the days of the year must increase strictly") }
        guard days.allSatisfy({ (0...365).contains($0) }) else { throw issue(daysNode, "days of the year must be between 1 and 365") }
        var function = RadialBasisProfile.Function.multiquadric
        var epsilon: Double?
        var smooth = 0.0
        if let kwargs = node["rbf_kwargs"], !kwargs.isNull {
            try rejectUnknownKeys(kwargs, known: ["function", "epsilon", "smooth"], what: "rbf_kwargs (Aral reproduces these of SciPy's Rbf)")
            if let f = kwargs["function"] {
                let text = try string(f)
                guard let parsed = RadialBasisProfile.Function(rawValue: text) else {
                    throw issue(f, "unsupported Rbf function '\(text)'; supported: \(RadialBasisProfile.Function.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                function = parsed
            }
            if let e = kwargs["epsilon"], !e.isNull { epsilon = try number(e) }
            smooth = try optionalNumber(kwargs, "smooth", default: 0)
        }
        guard let daily = RadialBasisProfile.dailyValues(days: days, values: values, function: function, epsilon: epsilon, smooth: smooth,
                                                         minValue: try optionalNumber(node, "min_value", default: -.infinity),
                                                         maxValue: try optionalNumber(node, "max_value", default: .infinity)) else {
            throw issue(node, "the radial basis system is singular (SciPy's solve fails on it too)")
        }
        return network.addParameter(StepSeriesParameter(label: label, values: network.steps.map { daily[Self.dayOfYearIndex($0.date)] }))
    }
}
