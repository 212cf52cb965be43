import Foundation
import Testing

/// The consortium's season through the CLI, as docs/season.md walks it, on the shipped Syr Darya
/// model: plan → obligations each debtor signs → measured deliveries → acknowledgements and a
/// dispute → balances → a settlement every party signs. Every figure is checked against the
/// plan's own output and the measurements fed in, never against constants of the model.
@Suite("The season through the CLI", .serialized)
struct SeasonProcessTests {
    static let parties = ["SEC", "KG", "UZ", "KZ", "TJ"]
    /// The fraction of its planned release Kairakkum is measured to pass (Toktogul: all of it).
    static let kairakkumMeasured = 0.98
    /// What KZ reports it delivered to KG (short of what it owes), and what UZ reports.
    static let kzReportedMWh = 70_000.0
    static let tolerance = 0.002
    /// USD figures are kept to the cent.
    static let cent = 0.011

    struct Step: Error, CustomStringConvertible { var description: String }

    /// Runs `aral args…` in `dir`, failing the test with the command's stderr if it fails.
    @discardableResult
    static func aral(_ args: [String], in dir: URL) throws -> AralProcess.Result {
        let r = try AralProcess.run(args, in: dir)
        guard r.status == 0 else { throw Step(description: "aral \(args.joined(separator: " ")) failed: \(r.stderr)") }
        return r
    }

    static func json(_ url: URL) throws -> Any { try JSONSerialization.jsonObject(with: Data(contentsOf: url)) }

    static func number(_ any: Any?) -> Double { (any as? NSNumber)?.doubleValue ?? Double(any as? String ?? "") ?? .nan }

    /// `aral ledger balance --json` as (period, party) → row.
    static func balances(in dir: URL) throws -> [String: [String: Any]] {
        let out = try aral(["ledger", "balance", "--json"], in: dir).stdout
        let rows = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]] ?? []
        var byKey: [String: [String: Any]] = [:]
        for row in rows { byKey["\(row["period"] as? String ?? "")|\(row["party"] as? String ?? "")"] = row }
        return byKey
    }

    @Test("plan, signed obligations, measured deliveries, acknowledgement and dispute, balances, settlement")
    func season() throws {
        let dir = try AralProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = AralProcess.packageRoot.appendingPathComponent("models/syr-darya.yaml").path
        for code in Self.parties { try Self.aral(["ledger", "keygen", "--party", code, "--name", code], in: dir) }
        try Self.aral(["ledger", "init", "--secretariat", "SEC"] + Self.parties.flatMap { ["--parties", "\($0).pub.json"] }
                      + Self.parties.flatMap { ["--key", "\($0).key"] }, in: dir)

        // 1. The plan and its obligations.
        let plan = try Self.aral(["plan", model, "--from", "2018-10-01", "--to", "2019-09-30", "--exchange", "--start-from-run", "--json",
                                  "--obligations", "obligations.json"], in: dir)
        try Data(plan.stdout.utf8).write(to: dir.appendingPathComponent("plan.json"))
        let report = try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any] ?? [:]
        let planned = (try Self.json(dir.appendingPathComponent("obligations.json")) as? [String: Any])?["obligations"] as? [[String: Any]] ?? []
        #expect(!planned.isEmpty, "the plan makes obligations")

        // 2. Proposed unsigned; an unsigned obligation is refused; each debtor signs its own.
        try Self.aral(["ledger", "propose-obligations", "obligations.json", "--out", "proposed"], in: dir)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("proposed").path).sorted()
        #expect(files.count == planned.count)
        let unsigned = try AralProcess.run(["ledger", "append", "proposed/\(files[0])"], in: dir)
        #expect(unsigned.status != 0, "an obligation without its debtor's signature binds nobody")
        for file in files {
            let debtor = String(file.prefix { $0 != "-" })
            try Self.aral(["ledger", "sign", "proposed/\(file)", "--key", "\(debtor).key"], in: dir)
            try Self.aral(["ledger", "append", "proposed/\(file)"], in: dir)
        }
        var sheet = try Self.balances(in: dir)
        for o in planned {
            let period = o["period"] as? [String: Any] ?? [:]
            let key = "\(period["start"] as? String ?? "")/\(period["end"] as? String ?? "")|\(o["from"] as? String ?? "")"
            let water = (o["water"] as? [String: Any]).map { Self.number($0["volume_mm3"]) }
            let field = water == nil ? "energy_mwh" : "water_mm3"
            let owedInLedger = Self.number((sheet[key]?[field] as? [String: Any])?["owed"])
            let owedInPlan = planned.filter { ($0["from"] as? String) == (o["from"] as? String) && ($0["period"] as? [String: Any])?["start"] as? String == period["start"] as? String
                && (($0["water"] == nil) == (water == nil)) }
                .reduce(0.0) { $0 + ($1["water"] != nil ? Self.number(($1["water"] as? [String: Any])?["volume_mm3"]) : Self.number(($1["energy"] as? [String: Any])?["mwh"])) }
            #expect(abs(owedInLedger - owedInPlan) < Self.tolerance, "\(key) \(field): ledger \(owedInLedger), plan \(owedInPlan)")
        }

        // 3. Measurements: each upstream release as planned (Kairakkum 2% short), energy as reported.
        let dates = report["dates"] as? [String] ?? []
        let reservoirs = report["reservoirs"] as? [[String: Any]] ?? []
        func outflow(_ name: String) -> [Double] {
            guard let r = reservoirs.first(where: { $0["name"] as? String == name }) else { return dates.map { _ in 0 } }
            let release = (r["releaseM3s"] as? [Any] ?? []).map(Self.number), spill = (r["spillM3s"] as? [Any] ?? []).map(Self.number)
            return zip(release, spill).map(+)
        }
        let toktogul = outflow("toktogul"), kairakkum = outflow("kairakkum")
        var flows = "date,kambarata-1 + toktogul outflow,kairakkum outflow\n"
        for (i, date) in dates.enumerated() { flows += "\(date),\(toktogul[i]),\(kairakkum[i] * Self.kairakkumMeasured)\n" }
        try flows.write(to: dir.appendingPathComponent("flows.csv"), atomically: true, encoding: .utf8)
        let energyOwed = planned.filter { $0["energy"] != nil }
        var energy = "date,from,to,mwh,form\n"
        for o in energyOwed {
            let from = o["from"] as? String ?? "", to = o["to"] as? String ?? ""
            let mwh = from == "KZ" ? Self.kzReportedMWh : Self.number((o["energy"] as? [String: Any])?["mwh"])
            energy += "\(((o["period"] as? [String: Any])?["end"] as? String) ?? ""),\(from),\(to),\(mwh),electricity\n"
        }
        try energy.write(to: dir.appendingPathComponent("energy.csv"), atomically: true, encoding: .utf8)
        let debtors = Set(planned.compactMap { $0["from"] as? String })
        for party in debtors.sorted() {
            try Self.aral(["ledger", "propose-deliveries", "--party", party, "--flows", "flows.csv", "--plan", "plan.json",
                           "--energy", "energy.csv", "--out", "delivered"], in: dir)
        }
        let deliveries = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("delivered").path).sorted()
        #expect(deliveries.count == planned.count, "one measured delivery per obligation")
        for file in deliveries {
            let entry = try Self.json(dir.appendingPathComponent("delivered/\(file)")) as? [String: Any] ?? [:]
            let from = (entry["body"] as? [String: Any])?["from"] as? String ?? ""
            try Self.aral(["ledger", "sign", "delivered/\(file)", "--key", "\(from).key"], in: dir)
            try Self.aral(["ledger", "append", "delivered/\(file)"], in: dir)
        }

        // 4. Receivers acknowledge, KG disputes KZ's short report.
        let upstream = ((report["exchange"] as? [String: Any])?["upstream"] as? [[String: Any]]) ?? []
        for (i, o) in planned.enumerated() {
            let id = "syr-darya-2018-10-01-2019-09-30/\(i + 1)/d"
            let receiver = o["to"] as? String ?? ""
            if o["from"] as? String == "KZ" {
                try Self.aral(["ledger", "dispute", id, "--reason", "KG's meter reads less", "--key", "\(receiver).key"], in: dir)
            } else {
                try Self.aral(["ledger", "acknowledge", id, "--key", "\(receiver).key"], in: dir)
            }
        }
        sheet = try Self.balances(in: dir)
        for o in planned {
            let from = o["from"] as? String ?? ""
            let period = o["period"] as? [String: Any] ?? [:]
            let key = "\(period["start"] as? String ?? "")/\(period["end"] as? String ?? "")|\(from)"
            if let water = o["water"] as? [String: Any] {
                // Measured above the release alone, shared among the debtor's obligations at the gauge.
                let up = upstream.first { $0["party"] as? String == from } ?? [:]
                let extra = Self.number(up["extraVegetationReleaseMm3"])
                let series = from == "TJ" ? kairakkum : toktogul
                var planned = 0.0
                for (i, date) in dates.enumerated() where date >= (period["start"] as? String ?? "") && date <= (period["end"] as? String ?? "") {
                    let days = Double(i + 1 < dates.count ? Self.days(date, dates[i + 1]) : 30)
                    planned += series[i] * days * 86_400 / 1e6
                }
                let measured = from == "TJ" ? planned * Self.kairakkumMeasured : planned
                let expected = max(0, measured - (planned - extra))
                let delivered = Self.number((sheet[key]?["water_mm3"] as? [String: Any])?["delivered"])
                #expect(abs(delivered - expected) < 0.01 * max(1, expected), "\(key): delivered \(delivered) Mm³, measured extra \(expected)")
                _ = water
            } else {
                // The balance sheet sums a debtor's energy obligations of one period (KZ and UZ
                // may each owe both KG and TJ), so the expectations sum over the same ones.
                let siblings = planned.filter { ($0["from"] as? String) == from && $0["energy"] != nil
                    && ($0["period"] as? [String: Any])?["start"] as? String == period["start"] as? String }
                let owed = siblings.map { Self.number(($0["energy"] as? [String: Any])?["mwh"]) }
                let values = siblings.map { Self.number($0["value_usd"]) }
                if from == "KZ" {
                    #expect(Self.number((sheet[key]?["energy_mwh"] as? [String: Any])?["disputed"]) == Self.kzReportedMWh * Double(siblings.count))
                    #expect(Self.number((sheet[key]?["energy_mwh"] as? [String: Any])?["delivered"]) == 0)
                    // In USD at the plan's price: the disputed share of each obligation's value,
                    // a delivery worth at most its obligation (docs/ledger.md, "USD").
                    #expect(values.allSatisfy { $0 > 0 }, "the plan prices the winter compensation")
                    let disputedUSD = zip(owed, values).reduce(0.0) { $0 + min(Self.kzReportedMWh, $1.0) * $1.1 / $1.0 }
                    #expect(abs(Self.number((sheet[key]?["usd"] as? [String: Any])?["disputed"]) - disputedUSD) < Self.cent)
                } else {
                    #expect(abs(Self.number((sheet[key]?["energy_mwh"] as? [String: Any])?["delivered"]) - owed.reduce(0, +)) < Self.tolerance)
                    #expect(abs(Self.number((sheet[key]?["usd"] as? [String: Any])?["delivered"]) - values.reduce(0, +)) < Self.cent)
                }
            }
        }

        // 5. The settlement: the ledger's own balances, refused until every party has signed.
        try Self.aral(["ledger", "propose-settlement", "--period", "2018-10-01/2019-09-30", "--out", "settle.json"], in: dir)
        let settlement = try Self.json(dir.appendingPathComponent("settle.json")) as? [String: Any] ?? [:]
        let signers = ((settlement["body"] as? [String: Any])?["parties"] as? [String]) ?? []
        #expect(Set(signers) == debtors.union(planned.compactMap { $0["to"] as? String }))
        try Self.aral(["ledger", "sign", "settle.json", "--key", "\(signers[0]).key"], in: dir)
        let partly = try AralProcess.run(["ledger", "append", "settle.json"], in: dir)
        #expect(partly.status != 0, "a settlement binds only with every party's signature")
        for party in signers.dropFirst() { try Self.aral(["ledger", "sign", "settle.json", "--key", "\(party).key"], in: dir) }
        try Self.aral(["ledger", "append", "settle.json"], in: dir)
        sheet = try Self.balances(in: dir)
        #expect(!sheet.isEmpty)
        #expect(sheet.values.allSatisfy { $0["settled"] as? Bool == true }, "every row of the water year is settled")
    }

    static func days(_ a: String, _ b: String) -> Int {
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd"
        f.timeZone = TimeZone(identifier: "UTC")
        guard let x = f.date(from: a), let y = f.date(from: b) else { return 30 }
        return Int((y.timeIntervalSince(x) / 86_400).rounded())
    }
}
