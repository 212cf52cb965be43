/// A reservoir's volume–area–level relation, interpolated linearly between points.
///
/// Volumes are strictly increasing (checked when the table is built), so any volume maps to
/// one area and one level. Outside the table the end values are held, not extrapolated, so a
/// reservoir drawn slightly below its lowest point never gets a negative area.
public struct VolumeTable: Sendable, Hashable {
    public private(set) var volumes: [Double]
    public private(set) var areas: [Double]?
    public private(set) var levels: [Double]?

    /// Returns nil when volumes are not strictly increasing or the columns differ in length;
    /// callers report the key path (see `BasinCompiler`).
    public init?(volumes: [Double], areas: [Double]?, levels: [Double]?) {
        guard !volumes.isEmpty else { return nil }
        for i in 1..<volumes.count where !(volumes[i] > volumes[i - 1]) { return nil }
        if let areas, areas.count != volumes.count { return nil }
        if let levels, levels.count != volumes.count { return nil }
        self.volumes = volumes
        self.areas = areas
        self.levels = levels
    }

    /// Surface area (km²) at `volume`, or nil when the table has no area column.
    public func area(at volume: Double) -> Double? {
        areas.map { interpolate(volume, $0) }
    }

    /// Water level (m a.s.l.) at `volume`, or nil when the table has no level column.
    public func level(at volume: Double) -> Double? {
        levels.map { interpolate(volume, $0) }
    }

    private func interpolate(_ v: Double, _ ys: [Double]) -> Double {
        let n = volumes.count
        if n == 1 || v <= volumes[0] { return ys[0] }
        if v >= volumes[n - 1] { return ys[n - 1] }
        var lo = 0, hi = n - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if volumes[mid] <= v { lo = mid } else { hi = mid }
        }
        let t = (v - volumes[lo]) / (volumes[hi] - volumes[lo])
        return ys[lo] + t * (ys[hi] - ys[lo])
    }
}
