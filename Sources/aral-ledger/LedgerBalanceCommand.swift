import AralLedger
import ArgumentParser
import Foundation

/// `aral ledger balance [--period P] [--party X] [--json]`
struct LedgerBalanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "balance",
        abstract: "Water (Mm³) and energy (MWh) owed, delivered, pending and disputed per party and period; only acknowledged deliveries count as delivered.")

    @OptionGroup var location: LedgerLocation
    @Option(help: "Period as START/END (e.g. 2026-04-01/2026-09-30) or its start date.") var period: String?
    @Option(help: "Party code.") var party: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let ledger = try location.openExisting()
        var sheet = BalanceSheet()
        try ledger.forEachEntry { _, entry in try sheet.add(entry) }
        let rows = sheet.balances(period: period, party: party)
        if json {
            LedgerFiles.printJSON(.array(try rows.map { try $0.json() }))
            return
        }
        func f(_ d: Decimal) throws -> String {
            // Exact, or refused: a figure outside the canonical range is an error, never a rounded number.
            guard let text = CanonicalNumber.canonicalize(d.description) else {
                throw LedgerError.rejected(entry: "balance", reason: "a figure (\(d)) is outside the canonical number range (at most \(CanonicalNumber.maximumIntegerDigits) integer digits)")
            }
            return text
        }
        let header = ["PERIOD", "PARTY", "W_OWED", "W_DELIV", "W_PEND", "W_DISP", "W_NET", "E_OWED", "E_DELIV", "E_PEND", "E_DISP", "E_NET", "USD_OWED", "USD_DELIV", "USD_NET", "SETTLED"]
        var table = [header]
        for b in rows {
            table.append(try [
                b.period.key, b.party, f(b.waterOwed), f(b.waterDelivered), f(b.waterPending), f(b.waterDisputed), f(b.waterNet),
                f(b.energyOwed), f(b.energyDelivered), f(b.energyPending), f(b.energyDisputed), f(b.energyNet),
                f(b.usdOwed), f(b.usdDelivered), f(b.usdNet), b.settled ? "yes" : "no",
            ])
        }
        let widths = header.indices.map { c in table.map { $0[c].count }.max() ?? 0 }
        for row in table {
            print(row.enumerated().map { c, cell in
                c < 2 ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                      : String(repeating: " ", count: widths[c] - cell.count) + cell
            }.joined(separator: "  "))
        }
        if rows.isEmpty { print("(no obligations or deliveries\(period.map { " in \($0)" } ?? "")\(party.map { " for \($0)" } ?? ""))") }
        print("water in million m³, energy in MWh, value in USD at the plan's prices (obligations that carry one); NET = delivered (acknowledged) − owed")
    }
}
