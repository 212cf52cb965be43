/// The obligations of an exchange in the shape the ledger imports as `obligation` entries
/// (`aral ledger import-plan`; see `AralLedger.PlanImport` and docs/planning.md):
///
///     {"plan": "<id>", "generated_by": "aral plan --exchange", "note": "…",
///      "obligations": [
///        {"from": "UP", "to": "DN", "period": {"start": "…", "end": "…"},
///         "water": {"volume_mm3": 388.8, "gauge": "upper-dam outflow"}, "by": "…", "note": "…"},
///        {"from": "DN", "to": "UP", "period": {…}, "energy": {"mwh": 105948, "form": "electricity"}, "by": "…",
///         "value_usd": 1589220}]}                       // at the model's seasonal prices, when it has them
///
/// Amounts are rounded to 0.001 (the ledger keeps decimals exactly; a float's last digits
/// would be noise). Entry ids become `<plan>/<n>`.
public struct LedgerObligations: Encodable, Sendable {
    public struct Period: Encodable, Sendable { public var start: String; public var end: String }
    public struct Water: Encodable, Sendable {
        public var volumeMm3: Double
        public var gauge: String
        enum CodingKeys: String, CodingKey { case volumeMm3 = "volume_mm3", gauge }
    }
    public struct Energy: Encodable, Sendable {
        public var mwh: Double
        public var form: String
    }
    public struct Item: Encodable, Sendable {
        public var from: String
        public var to: String
        public var period: Period
        public var water: Water?
        public var energy: Energy?
        public var by: String
        public var note: String
        /// The obligation's value at the model's seasonal prices, USD (energy only: water is not priced).
        public var valueUSD: Double?
        enum CodingKeys: String, CodingKey { case from, to, period, water, energy, by, note, valueUSD = "value_usd" }
    }

    public var plan: String
    public var generatedBy: String
    public var note: String
    public var obligations: [Item]

    enum CodingKeys: String, CodingKey { case plan, generatedBy = "generated_by", note, obligations }

    public init(plan: String, exchange: ExchangeResult, note: String) {
        self.plan = plan
        self.generatedBy = "aral plan --exchange"
        self.note = note
        obligations = exchange.obligations.map { o in
            let amount = (o.amount * 1000).rounded() / 1000
            return Item(from: o.from, to: o.to, period: Period(start: o.start, end: o.end),
                        water: o.commodity == .water ? Water(volumeMm3: amount, gauge: o.gauge ?? "outflow") : nil,
                        energy: o.commodity == .energy ? Energy(mwh: amount, form: "electricity") : nil,
                        by: o.end,
                        note: o.commodity == .water
                            ? "extra \(o.season)-season release for \(o.to) (consortium plan minus \(o.from) alone)"
                            : "compensation for \(o.to)'s winter energy forgone (\(o.season) season)",
                        valueUSD: o.value.map { ($0 * 100).rounded() / 100 })
        }
    }

    /// A plan id the ledger accepts as an entry-id prefix: letters, digits and `. _ : / -`,
    /// at most 56 characters.
    public static func planID(model: String, from: String, to: String) -> String {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:/-")
        let raw = "\(model)-\(from)-\(to)"
        let cleaned = String(raw.map { allowed.contains($0) ? $0 : "-" })
        return String(cleaned.prefix(56))
    }
}
