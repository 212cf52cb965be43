public import Foundation

/// One party's position in one period. Water in million m³, energy in MWh.
/// Only acknowledged deliveries count as delivered; disputed ones are shown apart, and
/// deliveries with neither answer are pending.
public struct PartyBalance: Sendable, Equatable {
    public var period: Period
    public var party: String
    public var waterOwed: Decimal = 0
    public var waterDelivered: Decimal = 0
    public var waterPending: Decimal = 0
    public var waterDisputed: Decimal = 0
    public var energyOwed: Decimal = 0
    public var energyDelivered: Decimal = 0
    public var energyPending: Decimal = 0
    public var energyDisputed: Decimal = 0
    /// What others owe this party, and what it has received (acknowledged).
    public var waterReceivable: Decimal = 0
    public var waterReceived: Decimal = 0
    public var energyReceivable: Decimal = 0
    public var energyReceived: Decimal = 0
    /// The same positions in US dollars at the prices of the obligations that carry a value
    /// (`value_usd`): a delivery is valued pro rata to its obligation's amount, its amount capped
    /// at the obligation's, rounded half up to the cent per delivery (`BalanceSheet.value`).
    public var usdOwed: Decimal = 0
    public var usdDelivered: Decimal = 0
    public var usdPending: Decimal = 0
    public var usdDisputed: Decimal = 0
    public var settled = false

    public var usdNet: Decimal { usdDelivered - usdOwed }

    /// Delivered minus owed: negative means the party is behind on its obligations.
    public var waterNet: Decimal { waterDelivered - waterOwed }
    public var energyNet: Decimal { energyDelivered - energyOwed }

    /// The balance as JSON. Every figure is exact: a sum outside the canonical number range
    /// (20 integer digits, 12 decimals) is refused with an error naming the party, period and
    /// figure, never written as something else.
    public func json() throws(LedgerError) -> JSONValue {
        func n(_ d: Decimal, _ what: String) throws(LedgerError) -> JSONValue {
            guard let text = CanonicalNumber.canonicalize(d.description) else {
                throw LedgerError.rejected(entry: "balance of '\(party)' for \(period.key)",
                                           reason: "\(what) (\(d)) is outside the canonical number range (at most \(CanonicalNumber.maximumIntegerDigits) integer digits and \(CanonicalNumber.maximumFractionDigits) decimals)")
            }
            return .number(text)
        }
        return [
            "period": .string(period.key), "party": .string(party), "settled": .bool(settled),
            "water_mm3": [
                "owed": try n(waterOwed, "water owed"), "delivered": try n(waterDelivered, "water delivered"), "pending": try n(waterPending, "water pending"), "disputed": try n(waterDisputed, "water disputed"),
                "net": try n(waterNet, "water net"), "receivable": try n(waterReceivable, "water receivable"), "received": try n(waterReceived, "water received"),
            ],
            "energy_mwh": [
                "owed": try n(energyOwed, "energy owed"), "delivered": try n(energyDelivered, "energy delivered"), "pending": try n(energyPending, "energy pending"), "disputed": try n(energyDisputed, "energy disputed"),
                "net": try n(energyNet, "energy net"), "receivable": try n(energyReceivable, "energy receivable"), "received": try n(energyReceived, "energy received"),
            ],
            "usd": [
                "owed": try n(usdOwed, "USD owed"), "delivered": try n(usdDelivered, "USD delivered"), "pending": try n(usdPending, "USD pending"),
                "disputed": try n(usdDisputed, "USD disputed"), "net": try n(usdNet, "USD net"),
            ],
        ]
    }
}

/// Folds entries into per-party, per-period balances.
public struct BalanceSheet: Sendable {
    private struct Key: Hashable { var period: Period; var party: String }
    private var balances: [Key: PartyBalance] = [:]
    private var deliveries: [String: Delivery] = [:]
    /// Obligations with a value: their amount and value, to price the deliveries answering them.
    private var priced: [String: (amount: Decimal, usd: Decimal)] = [:]
    private var status: [String: Status] = [:]
    private enum Status { case acknowledged, disputed }
    /// Each settlement's period and parties: a row is settled when a settlement by its party
    /// covers the row's period (a water year's settlement settles its two seasons).
    private var settlements: [(period: Period, parties: Set<String>)] = []

    public init() {}

    public mutating func add(_ entry: LedgerEntry) throws {
        switch try entry.typedBody(source: "entry '\(entry.id)'") {
        case let .obligation(o):
            let t = o.transfer
            if let usd = o.valueUSD, t.commodity.amount > 0 { priced[entry.id] = (t.commodity.amount, usd) }
            update(o.period, t.from) { b in
                if t.commodity.isWater { b.waterOwed += t.commodity.amount } else { b.energyOwed += t.commodity.amount }
                b.usdOwed += o.valueUSD ?? 0
            }
            update(o.period, t.to) { b in
                if t.commodity.isWater { b.waterReceivable += t.commodity.amount } else { b.energyReceivable += t.commodity.amount }
            }
        case let .delivery(d):
            deliveries[entry.id] = d
        case let .acknowledgement(id):
            status[id] = .acknowledged
        case let .dispute(id, _):
            if status[id] == nil { status[id] = .disputed }
        case let .settlement(s):
            settlements.append((s.period, Set(s.parties)))
        default:
            break
        }
    }

    private mutating func update(_ period: Period, _ party: String, _ change: (inout PartyBalance) -> Void) {
        let key = Key(period: period, party: party)
        var b = balances[key] ?? PartyBalance(period: period, party: party)
        change(&b)
        balances[key] = b
    }

    /// The balances, sorted by period then party, optionally filtered.
    public func balances(period: String? = nil, party: String? = nil) -> [PartyBalance] {
        var sheet = self
        for (id, d) in deliveries {
            let t = d.transfer
            let water = t.commodity.isWater
            let amount = t.commodity.amount
            let usd = d.obligation.flatMap { priced[$0] }.map { Self.value(of: amount, answering: $0) } ?? 0
            switch status[id] {
            case .acknowledged:
                sheet.update(d.period, t.from) { b in if water { b.waterDelivered += amount } else { b.energyDelivered += amount }; b.usdDelivered += usd }
                sheet.update(d.period, t.to) { b in if water { b.waterReceived += amount } else { b.energyReceived += amount } }
            case .disputed:
                sheet.update(d.period, t.from) { b in if water { b.waterDisputed += amount } else { b.energyDisputed += amount }; b.usdDisputed += usd }
            case nil:
                sheet.update(d.period, t.from) { b in if water { b.waterPending += amount } else { b.energyPending += amount }; b.usdPending += usd }
            }
        }
        for (key, b) in sheet.balances where settlements.contains(where: { $0.parties.contains(b.party) && $0.period.contains(b.period) }) {
            sheet.balances[key]?.settled = true
        }
        return sheet.balances.values
            .filter { b in period.map { b.period.key == $0 || b.period.start == $0 } ?? true }
            .filter { b in party.map { b.party == $0 } ?? true }
            .sorted { ($0.period, $0.party) < ($1.period, $1.party) }
    }

    /// The USD value of a delivery of `amount` against an obligation of `obligation.amount` worth
    /// `obligation.usd`: pro rata, with the amount capped at the obligation's, to the cent. One
    /// delivery is never worth more than the obligation it answers: uncapped, 1e12 Mm³ delivered
    /// against an obligation of 1e-12 Mm³ worth 1e12 USD was worth 1e36 USD, beyond the canonical
    /// range, and made every party's balances unreadable (and 0.5 Mm³ against 1e-12 Mm³ worth a
    /// cent showed 5e9 USD). Delivering at least the obligation is worth exactly its value.
    static func value(of amount: Decimal, answering obligation: (amount: Decimal, usd: Decimal)) -> Decimal {
        guard amount < obligation.amount else { return cents(obligation.usd) }
        return cents(amount * obligation.usd / obligation.amount)
    }

    /// Rounded to the cent (half up, as prices are quoted): a pro-rata share is otherwise a
    /// 38-digit quotient that no canonical number holds.
    static func cents(_ value: Decimal) -> Decimal {
        var input = value, output = Decimal()
        NSDecimalRound(&output, &input, 2, .plain)
        return output
    }
}
