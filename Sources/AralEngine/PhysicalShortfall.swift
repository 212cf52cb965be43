public import AralModel

/// A step at which a storage ended below its minimum because evaporation alone took it there
/// with nothing released and not enough inflow to make up for it. The engine never lets a
/// storage fall below its minimum otherwise (a reservoir at its minimum releases less), and
/// it never hides this case: each one is listed in the results and counted in the summary.
public struct PhysicalShortfall: Sendable, Equatable {
    public var step: Int
    public var date: CivilDate
    /// Index into `Network.storages`.
    public var storage: Int
    /// The storage's node name.
    public var node: String
    /// How far below its minimum the storage ended (Mm³).
    public var volume: Double

    public init(step: Int, date: CivilDate, storage: Int, node: String, volume: Double) {
        self.step = step
        self.date = date
        self.storage = storage
        self.node = node
        self.volume = volume
    }
}
