public import Foundation

/// An entry that moves a balance, as the settlement rules read it.
public struct BalanceEvent: Sendable {
    public var id: String
    public var body: EntryBody

    public init(id: String, body: EntryBody) {
        self.id = id
        self.body = body
    }
}

/// What a settlement of a period must agree with: the ledger's own account of that period.
///
/// An obligation belongs to the period in which its own period **ends** (when it falls due); a
/// delivery to the period containing its **date**, and it counts only once acknowledged. A party's
/// balance per commodity is what it delivered minus what it received (acknowledged), minus what
/// it owes plus what it is owed (obligations due in the period): every transfer adds to one
/// party what it takes from another, so the balances of all parties involved sum to zero.
public struct PeriodAccount: Sendable, Equatable {
    public var period: Period
    /// Parties named (as either side) by an obligation due or a delivery dated in the period.
    public var parties: Set<String> = []
    public var water: [String: Decimal] = [:]
    public var energy: [String: Decimal] = [:]

    /// Folds `events` (in log order) into the account of `period`.
    public init(period: Period, events: [BalanceEvent]) {
        self.period = period
        var acknowledged: Set<String> = []
        for e in events { if case let .acknowledgement(id) = e.body { acknowledged.insert(id) } }
        for e in events {
            switch e.body {
            case let .obligation(o) where period.containsDate(o.period.end):
                add(o.transfer, sign: -1)
            case let .delivery(d) where period.containsDate(d.date):
                parties.formUnion([d.transfer.from, d.transfer.to])
                if acknowledged.contains(e.id) { add(d.transfer, sign: 1) }
            default:
                break
            }
        }
    }

    /// `sign` 1 for a delivery (the deliverer gains), −1 for an obligation (the debtor owes).
    private mutating func add(_ t: Transfer, sign: Decimal) {
        parties.formUnion([t.from, t.to])
        let amount = t.commodity.amount * sign
        if t.commodity.isWater {
            water[t.from, default: 0] += amount
            water[t.to, default: 0] -= amount
        } else {
            energy[t.from, default: 0] += amount
            energy[t.to, default: 0] -= amount
        }
    }

    /// Checks a settlement against this account; returns the reason it is wrong, or nil.
    public func problem(with settlement: Settlement) -> String? {
        let listed = Set(settlement.parties)
        let missing = parties.subtracting(listed).sorted()
        if !missing.isEmpty {
            return "parties with entries in \(period.key) must all settle it; missing: \(missing.joined(separator: ", "))"
        }
        let lines = Dictionary(settlement.balances.map { ($0.party, $0) }, uniquingKeysWith: { a, _ in a })
        let unlisted = settlement.parties.filter { lines[$0] == nil }
        if !unlisted.isEmpty { return "balances must list every settling party; missing: \(unlisted.joined(separator: ", "))" }
        let waterSum = settlement.balances.reduce(Decimal(0)) { $0 + $1.waterMm3 }
        let energySum = settlement.balances.reduce(Decimal(0)) { $0 + $1.energyMWh }
        if waterSum != 0 { return "water balances must sum to zero across the parties; they sum to \(waterSum)" }
        if energySum != 0 { return "energy balances must sum to zero across the parties; they sum to \(energySum)" }
        for party in settlement.parties.sorted() {
            guard let line = lines[party] else { continue }
            let w = water[party] ?? 0
            let e = energy[party] ?? 0
            if line.waterMm3 != w { return "balance of '\(party)' for water is \(line.waterMm3) Mm³ but the ledger computes \(w) for \(period.key)" }
            if line.energyMWh != e { return "balance of '\(party)' for energy is \(line.energyMWh) MWh but the ledger computes \(e) for \(period.key)" }
        }
        return nil
    }
}

extension Period {
    /// Whether the date `YYYY-MM-DD` lies in the period (inclusive).
    public func containsDate(_ date: String) -> Bool { start <= date && date <= end }

    public func overlaps(_ other: Period) -> Bool { start <= other.end && other.start <= end }

    /// Parses a period key `START/END` as stored by the stores.
    public init?(key: String) {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        self.init(start: String(parts[0]), end: String(parts[1]))
    }
}
