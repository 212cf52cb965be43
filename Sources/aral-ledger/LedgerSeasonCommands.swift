import AralLedger
import ArgumentParser
import Foundation

/// The consortium's season in the ledger, step by step (docs/season.md): the secretariat
/// proposes a plan's obligations, each debtor signs its own; the deliverer proposes what was
/// measured; the receiver acknowledges or disputes; every party signs the period's settlement.
/// The proposing commands write unsigned entry files, so that nothing binds a party it has not
/// signed: `aral ledger sign FILE --key` signs one, `aral ledger append FILE` appends it.

/// `aral ledger propose-obligations OBLIGATIONS.json --out DIR`
struct LedgerProposeObligationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "propose-obligations",
        abstract: "Write a plan's obligations (aral plan --exchange) as unsigned entry files, one per obligation, for each debtor to sign.")

    @Argument(help: "The obligations file `aral plan --exchange` writes.") var file: String
    @Option(help: "Folder for the entry files (created if missing).") var out: String

    func run() throws {
        let proposals = try SeasonEntries.obligations(from: try LedgerFiles.readJSON(file), source: file)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        for p in proposals {
            let path = (out as NSString).appendingPathComponent(p.fileName)
            try LedgerFiles.writeEntry(p.entry, to: path)
            print("\(p.signer) signs \(path) (obligation '\(p.entry.id)')")
        }
        print("\(proposals.count) obligations proposed; each binds its debtor once signed: aral ledger sign FILE --key DEBTOR.key, then aral ledger append FILE")
    }
}

/// `aral ledger propose-deliveries --party P --flows F.csv --energy E.csv --out DIR`
struct LedgerProposeDeliveriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "propose-deliveries",
        abstract: "Propose deliveries from measurements: observed flows at the gauges the party's obligations name, and the dispatcher's energy report.")

    @OptionGroup var location: LedgerLocation
    @Option(help: "The delivering party (the debtor of the obligations answered).") var party: String
    @Option(help: ArgumentHelp("Observed flows: date (YYYY-MM-DD or YYYY-MM), then one column per gauge, mean m³/s per row.", valueName: "FLOWS.csv"))
    var flows: String?
    @Option(help: ArgumentHelp("The plan report the obligations came from (aral plan --exchange --json): water deliveries are the measured release above what the deliverer would have released alone.", valueName: "PLAN.json"))
    var plan: String?
    @Option(help: ArgumentHelp("Energy delivered, as the dispatcher reports it: date,from,to,mwh[,form].", valueName: "ENERGY.csv"))
    var energy: String?
    @Option(help: "Folder for the unsigned delivery entry files.") var out: String

    func run() throws {
        guard flows != nil || energy != nil else { throw ValidationError("give the measurements: --flows FLOWS.csv, --energy ENERGY.csv or both") }
        let ledger = try location.openExisting()
        var entries: [LedgerEntry] = []
        try ledger.forEachEntry { _, entry in entries.append(entry) }
        let measured = try flows.map { path throws in try MeasuredDeliveries.Flows.read(path: path) }
        let report = try energy.map { path throws in try MeasuredDeliveries.EnergyReport.read(path: path) }
        let reference = try plan.map { path throws in try MeasuredDeliveries.PlanReference.read(path: path) }
        let proposed = try SeasonEntries.deliveries(deliverer: party, entries: entries, flows: measured, plan: reference, energy: report)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        for p in proposed.proposals {
            let path = (out as NSString).appendingPathComponent(p.fileName)
            try LedgerFiles.writeEntry(p.entry, to: path)
            print("\(party) signs \(path) (delivery '\(p.entry.id)')")
        }
        for s in proposed.skipped { print("not proposed: '\(s.obligation)': \(s.reason)") }
        if proposed.proposals.isEmpty && proposed.owesNothing { print("\(party) owes nothing in this ledger") }
    }
}

/// `aral ledger acknowledge DELIVERY --key K` / `aral ledger dispute DELIVERY --reason R --key K`
struct LedgerAcknowledgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "acknowledge",
        abstract: "As the receiver, acknowledge a delivery: it counts as delivered from then on.")

    @OptionGroup var location: LedgerLocation
    @Argument(help: "The delivery entry's id.") var delivery: String
    @Option(help: "The receiver's private key.") var key: String
    @Option(help: "A note kept with the acknowledgement.") var note: String?

    func run() throws {
        try ReceiverEntry.append(SeasonEntries.acknowledgement(of: delivery, note: note), key: key, location: location)
    }
}

struct LedgerDisputeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dispute",
        abstract: "As the receiver, dispute a delivery, saying why; it stays out of the delivered figures.")

    @OptionGroup var location: LedgerLocation
    @Argument(help: "The delivery entry's id.") var delivery: String
    @Option(help: "Why (e.g. the receiver's own gauge reads less).") var reason: String
    @Option(help: "The receiver's private key.") var key: String

    func run() throws {
        try ReceiverEntry.append(SeasonEntries.dispute(of: delivery, reason: reason), key: key, location: location)
    }
}

/// An acknowledgement or a dispute, signed by the receiver's key and appended.
enum ReceiverEntry {
    static func append(_ unsigned: LedgerEntry, key: String, location: LedgerLocation) throws {
        let ledger = try location.openExisting()
        let keys = try LedgerFiles.loadKeys([key])
        try checkKeysBelongToParties(keys, paths: [key], ledger: ledger)
        let entry = try ledger.sign(unsigned, with: keys)
        let index = try ledger.append(entry, label: entry.id)
        print("appended '\(entry.id)' (\(entry.kind.rawValue)) as entry \(index)")
    }
}

/// `aral ledger propose-settlement --period START/END --out FILE`
struct LedgerProposeSettlementCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "propose-settlement",
        abstract: "Write the period's settlement with the balances the ledger computes, unsigned, for every party in it to sign.")

    @OptionGroup var location: LedgerLocation
    @Option(help: "The period, START/END (e.g. 2018-10-01/2019-09-30).") var period: String
    @Option(help: "The settlement entry file to write.") var out: String

    func run() throws {
        let range = try SeasonEntries.period(period, source: "--period")
        let ledger = try location.openExisting()
        var entries: [LedgerEntry] = []
        try ledger.forEachEntry { _, entry in entries.append(entry) }
        let entry = try SeasonEntries.settlement(period: range, entries: entries).entry
        try LedgerFiles.writeEntry(entry, to: out)
        let parties = entry.body["parties"]?.arrayValue?.compactMap(\.stringValue) ?? []
        print("settlement of \(period) written to \(out); \(parties.joined(separator: ", ")) each sign it (aral ledger sign \(out) --key PARTY.key), then aral ledger append \(out)")
    }
}
