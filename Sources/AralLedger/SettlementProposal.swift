import Foundation

/// The settlement a period's parties are asked to sign: the ledger's own account of the period
/// (`PeriodAccount`), written out as an unsigned `settlement` entry. The parties sign exactly
/// what the ledger computes, so the appended settlement passes `PeriodAccount.problem(with:)`
/// by construction, and a party that disagrees refuses to sign rather than edit a figure.
public enum SettlementProposal {
    /// Folds `entries` (the whole log, in order) into the account of `period` and returns the
    /// unsigned entry, or nil when no obligation falls due and no delivery is dated in it.
    public static func entry(period: Period, entries: [LedgerEntry]) throws(LedgerError) -> LedgerEntry? {
        var events: [BalanceEvent] = []
        for entry in entries where [.obligation, .delivery, .acknowledgement].contains(entry.kind) {
            events.append(BalanceEvent(id: entry.id, body: try entry.typedBody(source: "entry '\(entry.id)'")))
        }
        let account = PeriodAccount(period: period, events: events)
        guard !account.parties.isEmpty else { return nil }
        let parties = account.parties.sorted()
        var balances: [JSONValue] = []
        for party in parties {
            balances.append(.object(["party": .string(party),
                                     "water_mm3": try number(account.water[party] ?? 0, "water", party, period),
                                     "energy_mwh": try number(account.energy[party] ?? 0, "energy", party, period)]))
        }
        let body: JSONValue = .object([
            "period": .object(["start": .string(period.start), "end": .string(period.end)]),
            "parties": .array(parties.map(JSONValue.string)),
            "balances": .array(balances),
        ])
        return LedgerEntry(id: "settlement/\(period.key)", kind: .settlement, body: body)
    }

    /// A balance in canonical form, or refused as `Balance.json()` refuses it: written out
    /// raw, a sum past 20 integer digits made a settlement no ledger could read back.
    static func number(_ value: Decimal, _ what: String, _ party: String, _ period: Period) throws(LedgerError) -> JSONValue {
        guard let text = CanonicalNumber.canonicalize(value.description) else {
            throw LedgerError.rejected(entry: "settlement/\(period.key)",
                                       reason: "the \(what) balance of '\(party)' (\(value)) is outside the canonical number range (at most \(CanonicalNumber.maximumIntegerDigits) integer digits and \(CanonicalNumber.maximumFractionDigits) decimals)")
        }
        return .number(text)
    }
}
