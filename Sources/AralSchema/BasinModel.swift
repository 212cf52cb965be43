public import AralModel

/// A compiled basin model: the runtime network plus what each of the user's nodes became,
/// so reports speak of `toktogul`, not of `toktogul.release` or column 17.
public struct BasinModel: Sendable {
    public var network: Network
    public var elements: [BasinElement]
    public var parties: [PartyDocument]
    public var document: BasinDocument

    public init(network: Network, elements: [BasinElement], parties: [PartyDocument], document: BasinDocument) {
        self.network = network
        self.elements = elements
        self.parties = parties
        self.document = document
    }

    public func element(named name: String) -> BasinElement? {
        elements.first { $0.name == name }
    }
}

/// One node of the model file and its parts in the network.
public struct BasinElement: Sendable {
    public var name: String
    public var kind: NodeKindDocument
    public var owner: String?
    public var enabled: Bool
    /// The network node whose flow is this element's flow: an inflow's supply, a demand's
    /// delivery, a link's throughput, a sink's inflow, a reservoir's outlet.
    public var node: Int?
    public var storage: Int?
    public var releaseNode: Int?
    public var spillNode: Int?
    public var plant: Int?
    public var priority: Int?
    /// River system the element draws from (demands), for quota shares.
    public var system: String?

    public init(name: String, kind: NodeKindDocument, owner: String?, enabled: Bool) {
        self.name = name
        self.kind = kind
        self.owner = owner
        self.enabled = enabled
    }
}
