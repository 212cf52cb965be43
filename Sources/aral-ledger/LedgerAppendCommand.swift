import AralLedger
import ArgumentParser
import Foundation
import AralSchema

/// `aral ledger sign FILE --key K`: add a signature to an entry file (offline co-signing).
struct LedgerSignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Add your signature to an entry file, e.g. an agreement that every party must sign.")

    @OptionGroup var location: LedgerLocation
    @Option(help: "The ledger's genesis entry file, for a ledger kept elsewhere (e.g. on a server): its identity is what you sign for. Default: the identity of --ledger.")
    var genesis: String?
    @Argument(help: "Entry JSON file.") var file: String
    @Option(help: "Private key (repeatable).") var key: [String]
    @Option(help: "Where to write the signed entry (default: overwrite FILE; '-' for stdout).") var out: String?

    func run() throws {
        var entry = try LedgerEntry.parse(try LedgerFiles.read(file), source: file, assignID: true)
        // A signature names the ledger it is for: a genesis its own; anything else the ledger of
        // --genesis or --ledger.
        let ledgerID: LedgerID
        var local: Ledger?
        if let own = entry.foundedLedger {
            ledgerID = own
        } else if let genesis {
            guard let id = try LedgerEntry.parse(try LedgerFiles.read(genesis), source: genesis).foundedLedger else {
                throw LedgerError.invalidField(source: genesis, field: "kind", reason: "not a genesis entry")
            }
            ledgerID = id
        } else {
            let ledger = try location.openExisting()
            ledgerID = try ledger.identity()
            local = ledger
        }
        let keys = try LedgerFiles.loadKeys(key)
        // With the ledger at hand (not for a genesis, nor with --genesis), a key that is not its
        // party's key in force (rotated out, or no party's) is refused here, naming the rotation:
        // its signature would be refused on append. A recovery key passes: a rotation is signed
        // offline with it.
        try local?.checkSigningKeys(keys, sources: key, allowingRecoveryKeys: true)
        for k in keys { try entry.sign(with: k, ledger: ledgerID) }
        let bytes = CanonicalJSON.encode(entry.json) + [0x0A]
        let target = out ?? file
        if target == "-" {
            try LedgerFiles.writeStdout(bytes)
        } else {
            do { try OutputFile.write(Data(bytes), to: target) } catch { throw LedgerError.storage("\(target): cannot write the file: \(error.message)") }
            print("signed '\(entry.id)' by \(entry.signers.joined(separator: ", ")) → \(target)")
        }
    }
}

/// `aral ledger append FILE… --key K`: sign and append entries, each in its own transaction
/// (or all in one with `--batch`).
struct LedgerAppendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append",
        abstract: "Sign entry files with your key and append them to the ledger.")

    @OptionGroup var location: LedgerLocation
    @Argument(help: "Entry JSON files ('-' reads one from standard input).") var files: [String]
    @Option(help: "Private key to sign with (repeatable; may be omitted if the files are already signed).") var key: [String] = []
    @Flag(help: "Append all files in one transaction: all of them or none.") var batch = false
    @Flag(help: "Print nothing but errors.") var quiet = false

    func run() throws {
        let ledger = try location.openExisting()
        let keys = try LedgerFiles.loadKeys(key)
        try checkKeysBelongToParties(keys, paths: key, ledger: ledger)
        var entries: [LedgerEntry] = []
        var labels: [String] = []
        for file in files {
            let entry = try ledger.sign(try LedgerEntry.parse(try LedgerFiles.read(file), source: file, assignID: true), with: keys)
            let label = "\(file) (entry '\(entry.id)')"
            if batch {
                entries.append(entry)
                labels.append(label)
            } else {
                let index = try ledger.append(entry, label: label)
                if !quiet { print("appended '\(entry.id)' (\(entry.kind.rawValue)) as entry \(index)") }
            }
        }
        if batch {
            let indices = try ledger.appendBatch(entries, labels: labels)
            if !quiet, let first = indices.first, let last = indices.last {
                print("appended \(indices.count) entries as \(first)…\(last) in one transaction")
            }
        }
    }
}

/// `aral ledger import-obligations PLAN.json --key K`: the planner's obligations as entries.
struct LedgerImportObligationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-obligations",
        abstract: "Import a planner's obligations file (docs/ledger.md, 'Plan import') as obligation entries, in one transaction.",
        aliases: ["import-plan"])

    @OptionGroup var location: LedgerLocation
    @Argument(help: "Plan obligations JSON file.") var file: String
    @Option(help: "Private key of each debtor (repeatable): an obligation binds its debtor only with the debtor's signature.") var key: [String]

    func run() throws {
        let ledger = try location.openExisting()
        let keys = try LedgerFiles.loadKeys(key)
        try checkKeysBelongToParties(keys, paths: key, ledger: ledger)
        let entries = try PlanImport.entries(from: try LedgerFiles.readJSON(file), source: file).map { entry in
            // Each obligation is signed by the keys given; the authority rules then require its debtor's.
            try ledger.sign(entry, with: keys)
        }
        let indices = try ledger.appendBatch(entries, labels: entries.enumerated().map { "\(file) (obligations[\($0.offset)], entry '\($0.element.id)')" })
        print("imported \(indices.count) obligations from \(file) as entries \(indices.first ?? 0)…\(indices.last ?? 0)")
    }
}
