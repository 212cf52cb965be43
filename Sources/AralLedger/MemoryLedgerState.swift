/// The ledger's authority state held in memory: used by the offline verifier, benchmarks and tests.
public struct MemoryLedgerState: LedgerStateView, Sendable {
    public private(set) var size: UInt64 = 0
    private var parties = PartySet()
    private var entries: [String: ReferencedEntry] = [:]
    private var acknowledged: Set<String> = []
    private var disputed: Set<String> = []
    private var settled: Set<String> = []

    public init() {}

    public func partySet() -> PartySet { parties }
    public func entry(id: String) -> ReferencedEntry? { entries[id] }
    public func responses(toDelivery id: String) -> (acknowledged: Bool, disputed: Bool) {
        (acknowledged.contains(id), disputed.contains(id))
    }
    public func isSettled(period: String, party: String) -> Bool { settled.contains("\(period)|\(party)") }

    /// Checks `entry` against the rules and, if accepted, records it.
    @discardableResult
    public mutating func apply(_ entry: LedgerEntry, label: String) throws -> EntryBody {
        let body = try entry.typedBody(source: label)
        let effects = try Authority.check(entry, body: body, label: label, state: self)
        record(entry, body: body, effects: effects)
        return body
    }

    mutating func record(_ entry: LedgerEntry, body: EntryBody, effects: EntryEffects) {
        for p in effects.partyUpdates { parties.parties[p.code] = p }
        if let s = effects.secretariat { parties.secretariat = s }
        for s in effects.settled { settled.insert("\(s.period)|\(s.party)") }
        switch body {
        case let .acknowledgement(id): acknowledged.insert(id)
        case let .dispute(id, _): disputed.insert(id)
        default: break
        }
        entries[entry.id] = ReferencedEntry(index: size, kind: entry.kind, body: body)
        size += 1
    }
}
