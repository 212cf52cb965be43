public import Foundation

/// A period `[start, end]` (inclusive dates, `YYYY-MM-DD`). Its key is the ISO 8601 interval
/// `start/end`, which is how balances group and how `--period` selects.
public struct Period: Sendable, Hashable, Comparable {
    public var start: String
    public var end: String
    public var key: String { "\(start)/\(end)" }

    public init(start: String, end: String) {
        self.start = start
        self.end = end
    }

    public func contains(_ other: Period) -> Bool { start <= other.start && other.end <= end }

    public static func < (a: Period, b: Period) -> Bool { (a.start, a.end) < (b.start, b.end) }

    static func read(_ r: FieldReader) throws(LedgerError) -> Period {
        try r.allowOnly(["start", "end"])
        let start = try r.date("start")
        let end = try r.date("end")
        guard start <= end else { throw r.fieldError("end", "period ends (\(end)) before it starts (\(start))") }
        return Period(start: start, end: end)
    }
}

/// What moves: water (million m³ at a gauge) or energy (MWh of electricity, or a fuel valued in MWh).
public enum Commodity: Sendable, Equatable {
    case water(volumeMm3: Decimal, gauge: String)
    case energy(mwh: Decimal, form: String)

    public var isWater: Bool { if case .water = self { true } else { false } }
    public var amount: Decimal {
        switch self {
        case let .water(v, _): v
        case let .energy(m, _): m
        }
    }

    public static let energyForms: Set<String> = ["electricity", "coal", "gas", "fuel-oil"]

    /// Reads exactly one of `water: {volume_mm3, gauge}` or `energy: {mwh, form?}` from `r`.
    static func read(_ r: FieldReader) throws(LedgerError) -> Commodity {
        switch (r.has("water"), r.has("energy")) {
        case (true, true): throw r.fieldError("energy", "give either 'water' or 'energy', not both")
        case (false, false): throw r.fieldError("water", "missing required field (or 'energy')")
        case (true, false):
            let w = try r.object("water")
            try w.allowOnly(["volume_mm3", "gauge"])
            return .water(volumeMm3: try w.decimal("volume_mm3"), gauge: try w.nonEmptyString("gauge"))
        case (false, true):
            let e = try r.object("energy")
            try e.allowOnly(["mwh", "form"])
            let form = try e.optionalString("form") ?? "electricity"
            guard energyForms.contains(form) else {
                throw e.fieldError("form", "unknown form '\(form)' (expected one of \(energyForms.sorted().joined(separator: ", ")))")
            }
            return .energy(mwh: try e.decimal("mwh"), form: form)
        }
    }
}

/// A directed amount: `from` owes or delivers to `to`.
public struct Transfer: Sendable, Equatable {
    public var from: String
    public var to: String
    public var commodity: Commodity
    /// Deadline for obligations and agreement terms (optional).
    public var by: String?

    static func read(_ r: FieldReader, extra: Set<String>, allowBy: Bool) throws(LedgerError) -> Transfer {
        try r.allowOnly(Set(["from", "to", "water", "energy"]).union(extra).union(allowBy ? ["by"] : []))
        let from = try r.partyCode("from")
        let to = try r.partyCode("to")
        guard from != to else { throw r.fieldError("to", "must differ from 'from' ('\(from)')") }
        let commodity = try Commodity.read(r)
        let by = allowBy ? try r.optionalDate("by") : nil
        return Transfer(from: from, to: to, commodity: commodity, by: by)
    }
}

public struct Genesis: Sendable, Equatable {
    public var ledgerName: String
    /// 64 hex digits, random: makes the ledger's identity unique (`LedgerIdentity`).
    public var nonce: String
    public var parties: [Party]
    public var secretariat: String
}

public struct PartyChange: Sendable, Equatable {
    public enum Action: String, Sendable { case add, rotate }
    public var action: Action
    public var party: Party
    /// The new key's signature over `KeyValidation.possessionPayload` (proof of possession).
    public var proof: [UInt8]
}

public struct Agreement: Sendable, Equatable {
    public var title: String
    public var period: Period
    public var parties: [String]
    public var terms: [Transfer]
}

public struct Obligation: Sendable, Equatable {
    public var period: Period
    public var transfer: Transfer
    public var agreement: String?
    public var plan: String?
    /// What the obligation is worth in US dollars at the plan's prices (optional: water is not
    /// priced, 1998 agreement); balances value its deliveries pro rata.
    public var valueUSD: Decimal?

    public init(period: Period, transfer: Transfer, agreement: String?, plan: String?, valueUSD: Decimal? = nil) {
        self.period = period
        self.transfer = transfer
        self.agreement = agreement
        self.plan = plan
        self.valueUSD = valueUSD
    }
}

public struct Delivery: Sendable, Equatable {
    public var period: Period
    public var transfer: Transfer
    public var date: String
    public var obligation: String?
}

public struct BalanceLine: Sendable, Equatable {
    public var party: String
    public var waterMm3: Decimal
    public var energyMWh: Decimal
}

public struct Settlement: Sendable, Equatable {
    public var period: Period
    public var parties: [String]
    public var balances: [BalanceLine]
}

/// The typed body of each entry kind. Field names are snake_case in JSON.
public enum EntryBody: Sendable, Equatable {
    case genesis(Genesis)
    case party(PartyChange)
    case agreement(Agreement)
    case obligation(Obligation)
    case delivery(Delivery)
    case acknowledgement(delivery: String)
    case dispute(delivery: String, reason: String)
    case settlement(Settlement)

    static func read(kind: EntryKind, body: JSONValue, source: String) throws(LedgerError) -> EntryBody {
        guard let fields = body.objectValue else {
            throw LedgerError.invalidField(source: source, field: "body", reason: "expected an object, found \(body.typeName)")
        }
        let r = FieldReader(source: source, path: "body", fields: fields)
        switch kind {
        case .genesis:
            try r.allowOnly(["ledger", "nonce", "parties", "secretariat"])
            let name = try r.nonEmptyString("ledger")
            let nonce = try r.string("nonce")
            guard nonce.utf8.count == 64, let nonceBytes = LedgerEncoding.bytes(hex: nonce), nonceBytes.count == 32 else {
                throw r.fieldError("nonce", "must be 64 hex digits (32 random bytes)")
            }
            var parties: [Party] = []
            for p in try r.objects("parties") {
                let party = try Party.read(p)
                guard !parties.contains(where: { $0.code == party.code }) else { throw p.fieldError("code", "party '\(party.code)' listed twice") }
                guard !parties.contains(where: { other in other.allKeys.contains { party.allKeys.contains($0) } }) else {
                    throw p.fieldError("public_key", "key already used by another party")
                }
                parties.append(party)
            }
            guard !parties.isEmpty else { throw r.fieldError("parties", "must list at least one party") }
            let secretariat = try r.partyCode("secretariat")
            guard parties.contains(where: { $0.code == secretariat }) else {
                throw r.fieldError("secretariat", "'\(secretariat)' is not one of the founding parties")
            }
            return .genesis(Genesis(ledgerName: name, nonce: nonce, parties: parties, secretariat: secretariat))
        case .party:
            try r.allowOnly(["action", "party", "proof"])
            let actionText = try r.string("action")
            guard let action = PartyChange.Action(rawValue: actionText) else {
                throw r.fieldError("action", "expected \"add\" or \"rotate\", found '\(actionText)'")
            }
            let party = try Party.read(try r.object("party"))
            guard let proof = LedgerEncoding.bytes(base64: try r.string("proof")), proof.count == 64 else {
                throw r.fieldError("proof", "must be a base64 64-byte Ed25519 signature by the new key (proof of possession)")
            }
            return .party(PartyChange(action: action, party: party, proof: proof))
        case .agreement:
            try r.allowOnly(["title", "period", "parties", "terms"])
            let title = try r.nonEmptyString("title")
            let period = try Period.read(try r.object("period"))
            let parties = try r.partyCodes("parties")
            guard parties.count >= 2 else { throw r.fieldError("parties", "an agreement needs at least two parties") }
            var terms: [Transfer] = []
            for t in try r.objects("terms") {
                let term = try Transfer.read(t, extra: [], allowBy: true)
                guard parties.contains(term.from) else { throw t.fieldError("from", "'\(term.from)' is not party to this agreement") }
                guard parties.contains(term.to) else { throw t.fieldError("to", "'\(term.to)' is not party to this agreement") }
                if let by = term.by, by < period.start { throw t.fieldError("by", "deadline \(by) is before the period starts") }
                terms.append(term)
            }
            guard !terms.isEmpty else { throw r.fieldError("terms", "an agreement needs at least one term") }
            return .agreement(Agreement(title: title, period: period, parties: parties, terms: terms))
        case .obligation:
            let transfer = try Transfer.read(r, extra: ["period", "agreement", "plan", "note", "value_usd"], allowBy: true)
            let period = try Period.read(try r.object("period"))
            let agreement = try r.optionalString("agreement")
            if let agreement, !LedgerEntry.isValidID(agreement) { throw r.fieldError("agreement", "not a valid entry id") }
            _ = try r.optionalString("note")
            return .obligation(Obligation(period: period, transfer: transfer, agreement: agreement, plan: try r.optionalString("plan"),
                                          valueUSD: try r.optionalDecimal("value_usd")))
        case .delivery:
            let transfer = try Transfer.read(r, extra: ["period", "date", "obligation", "note"], allowBy: false)
            let period = try Period.read(try r.object("period"))
            let date = try r.date("date")
            let obligation = try r.optionalString("obligation")
            if let obligation, !LedgerEntry.isValidID(obligation) { throw r.fieldError("obligation", "not a valid entry id") }
            _ = try r.optionalString("note")
            return .delivery(Delivery(period: period, transfer: transfer, date: date, obligation: obligation))
        case .acknowledgement:
            try r.allowOnly(["delivery", "note"])
            let delivery = try r.string("delivery")
            guard LedgerEntry.isValidID(delivery) else { throw r.fieldError("delivery", "not a valid entry id") }
            _ = try r.optionalString("note")
            return .acknowledgement(delivery: delivery)
        case .dispute:
            try r.allowOnly(["delivery", "reason"])
            let delivery = try r.string("delivery")
            guard LedgerEntry.isValidID(delivery) else { throw r.fieldError("delivery", "not a valid entry id") }
            return .dispute(delivery: delivery, reason: try r.nonEmptyString("reason"))
        case .settlement:
            try r.allowOnly(["period", "parties", "balances", "note"])
            let period = try Period.read(try r.object("period"))
            let parties = try r.partyCodes("parties")
            var lines: [BalanceLine] = []
            for b in try r.objects("balances") {
                try b.allowOnly(["party", "water_mm3", "energy_mwh"])
                let party = try b.partyCode("party")
                guard parties.contains(party) else { throw b.fieldError("party", "'\(party)' is not among the settlement's parties") }
                guard !lines.contains(where: { $0.party == party }) else { throw b.fieldError("party", "'\(party)' listed twice") }
                lines.append(BalanceLine(
                    party: party,
                    waterMm3: try b.decimal("water_mm3", nonNegative: false),
                    energyMWh: try b.decimal("energy_mwh", nonNegative: false)))
            }
            _ = try r.optionalString("note")
            return .settlement(Settlement(period: period, parties: parties, balances: lines))
        }
    }

    /// The id of the earlier entry this one refers to, if any.
    public var reference: String? {
        switch self {
        case let .obligation(o): o.agreement
        case let .delivery(d): d.obligation
        case let .acknowledgement(id): id
        case let .dispute(id, _): id
        default: nil
        }
    }
}
