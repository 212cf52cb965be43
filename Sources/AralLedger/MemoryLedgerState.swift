/// The ledger's authority state held in memory: used by the offline verifier, benchmarks, tests
/// and (caught up from the database) the PostgreSQL store.
public struct MemoryLedgerState: LedgerStateView, Sendable {
    public private(set) var size: UInt64 = 0
    private var parties = PartySet()
    private var identity: LedgerID?
    private var entries: [String: ReferencedEntry] = [:]
    private var acknowledged: Set<String> = []
    private var disputed: Set<String> = []
    private var settled: [String: [Period]] = [:]
    private var events: [BalanceEvent] = []

    public init() {}

    public func partySet() -> PartySet { parties }
    public func ledgerID() -> LedgerID? { identity }
    public func entry(id: String) -> ReferencedEntry? { entries[id] }
    public func responses(toDelivery id: String) -> (acknowledged: Bool, disputed: Bool) {
        (acknowledged.contains(id), disputed.contains(id))
    }
    public func settledPeriods(party: String) -> [Period] { settled[party] ?? [] }
    public func balanceEvents() -> [BalanceEvent] { events }

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
        if let id = effects.ledgerID { identity = id }
        for s in effects.settled {
            if let period = Period(key: s.period) { settled[s.party, default: []].append(period) }
        }
        switch body {
        case let .acknowledgement(id):
            acknowledged.insert(id)
            events.append(BalanceEvent(id: entry.id, body: body))
        case let .dispute(id, _): disputed.insert(id)
        case .obligation, .delivery: events.append(BalanceEvent(id: entry.id, body: body))
        default: break
        }
        entries[entry.id] = ReferencedEntry(index: size, kind: entry.kind, body: body)
        size += 1
    }
}
