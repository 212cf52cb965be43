public import AralModel
public import AralSchema
public import AralPywr

/// A compiled model in its own terms: an Aral basin model or a Pywr model.
public enum LoadedModel: Sendable {
    case basin(BasinModel)
    case pywr(PywrModel)

    public var format: ModelFormat {
        switch self {
        case .basin: .aral
        case .pywr: .pywr
        }
    }

    /// The network's name and its number of steps, whichever the format.
    public var network: Network {
        switch self {
        case .basin(let model): model.network
        case .pywr(let model): model.network
        }
    }
}
