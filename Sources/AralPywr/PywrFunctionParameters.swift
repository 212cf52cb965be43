public import AralModel
import Foundation

/// Pywr parameters that are functions of another value evaluated every step: polynomials
/// (`polynomial1d`, `polynomial2dstorage`), the integral of a piecewise function
/// (`piecewiseintegral`), the quadrature of an interpolation (`interpolatedquadrature`) and
/// the piecewise control curve (`controlcurvepiecewiseinterpolated`). Each follows its class
/// in Pywr 1.31 (`_polynomial.pyx`, `_parameters.pyx`, `parameters.py`, `_control_curves.pyx`)
/// operation for operation, so the floating-point results are Pywr's.

/// Where a polynomial reads its x.
public enum PywrPolynomialInput: Sendable {
    /// A parameter's value this step.
    case parameter(ScheduledValue)
    /// A storage's start-of-step volume, or its proportion of the maximum.
    case volume(PywrVolumeSource, maxVolume: ScheduledValue, proportional: Bool)
    /// A node's flow as Pywr reads it while parameters are evaluated: its `before` has just
    /// reset the flow to 0, so x is 0 at every step.
    case resetNodeFlow

    func resolve(_ context: ParameterContext) -> Double {
        switch self {
        case .parameter(let v): return v.resolve(context)
        case .volume(let source, let maxVolume, let proportional):
            if proportional { return source.proportion(context, maxVolume: maxVolume) }
            switch source {
            case .storage(let s): return context.volumes[s]
            case .virtual(let v): return context.virtualVolumes[v]
            }
        case .resetNodeFlow: return 0
        }
    }
}

/// Pywr's `polynomial1d`: Σ cᵢ · xⁱ with x = input × scale + offset.
public struct PywrPolynomial1DParameter: Parameter {
    public var label: String
    public var input: PywrPolynomialInput
    public var coefficients: [Double]
    public var scale: Double
    public var offset: Double
    public func value(in context: ParameterContext) -> Double {
        let x = input.resolve(context) * scale + offset
        var y = 0.0
        for (i, c) in coefficients.enumerated() { y += c * pow(x, Double(i)) }
        return y
    }
}

/// Pywr's `polynomial2dstorage`: Σᵢ Σⱼ cᵢⱼ · xⁱ · yʲ with x the storage's (scaled, offset)
/// volume and y the parameter's (scaled, offset) value.
public struct PywrPolynomial2DStorageParameter: Parameter {
    public var label: String
    public var volume: PywrPolynomialInput
    public var parameter: ScheduledValue
    /// Rows by power of the volume, columns by power of the parameter.
    public var coefficients: [[Double]]
    public var storageScale: Double
    public var storageOffset: Double
    public var parameterScale: Double
    public var parameterOffset: Double
    public func value(in context: ParameterContext) -> Double {
        let x = storageScale * volume.resolve(context) + storageOffset
        let y = parameterScale * parameter.resolve(context) + parameterOffset
        var z = 0.0
        for (i, row) in coefficients.enumerated() {
            for (j, c) in row.enumerated() { z += c * pow(x, Double(i)) * pow(y, Double(j)) }
        }
        return z
    }
}

/// Pywr's `piecewiseintegral`: the integral from 0 to the parameter's value of the step
/// function that is `y[i]` up to `x[i]` (and 0 beyond the last x); 0 for a negative value.
public struct PywrPiecewiseIntegralParameter: Parameter {
    public var label: String
    public var input: ScheduledValue
    public var x: [Double]
    public var y: [Double]
    public func value(in context: ParameterContext) -> Double {
        let v = input.resolve(context)
        var integral = 0.0, previous = 0.0
        for i in x.indices {
            let dx = v < x[i] ? v - previous : x[i] - previous
            if dx < 0 { break }
            integral += dx * y[i]
            previous = x[i]
        }
        return integral
    }
}

/// Pywr's `interpolatedquadrature`: ∫ from `lower` (0 when absent) to `upper` of SciPy's
/// `interp1d` of the table, computed as Pywr computes it, with SciPy's `quad`
/// (`AdaptiveQuadrature`). NaN (which stops the run at the step that uses it) where the
/// interval leaves the table and `bounds_error` is on, where SciPy raises.
public struct PywrInterpolatedQuadratureParameter: Parameter {
    public var label: String
    public var upper: ScheduledValue
    public var lower: ScheduledValue?
    public var curve: Interpolation

    public func value(in context: ParameterContext) -> Double {
        let a = lower?.resolve(context) ?? 0, b = upper.resolve(context)
        if case .error = curve.outside, min(a, b) < curve.x[0] || max(a, b) > curve.x[curve.x.count - 1] { return .nan }
        return AdaptiveQuadrature.integrate({ curve.evaluate($0) }, from: a, to: b)
    }
}

/// Pywr's `controlcurvepiecewiseinterpolated`: between `maximum` and the first curve, between
/// successive curves, and between the last curve and `minimum`, the value runs linearly from
/// the pair's second entry (at the lower position) to its first (at the upper).
public struct PywrControlCurvePiecewiseParameter: Parameter {
    public var label: String
    public var source: PywrVolumeSource
    public var maxVolume: ScheduledValue
    public var curves: [ScheduledValue]
    /// One (upper, lower) pair per band, curves + 1 of them.
    public var values: [(upper: Double, lower: Double)]
    public var minimum: Double
    public var maximum: Double

    public func value(in context: ParameterContext) -> Double {
        let current = source.proportion(context, maxVolume: maxVolume)
        var previous = maximum
        for (j, curve) in curves.enumerated() {
            let cc = curve.resolve(context)
            if current >= cc { return Self.interpolate(current, cc, previous, values[j].lower, values[j].upper) }
            previous = cc
        }
        let last = values[curves.count]
        return Self.interpolate(current, minimum, previous, last.lower, last.upper)
    }

    /// Pywr's `_interpolate`: the value below, above, or linearly between the bounds.
    static func interpolate(_ position: Double, _ lowerBound: Double, _ upperBound: Double, _ lowerValue: Double, _ upperValue: Double) -> Double {
        if position < lowerBound { return lowerValue }
        if position > upperBound { return upperValue }
        if upperBound == lowerBound { return lowerValue }
        let factor = (position - lowerBound) / (upperBound - lowerBound)
        return lowerValue + (upperValue - lowerValue) * factor
    }
}
