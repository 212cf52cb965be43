import AralLedger
import ArgumentParser

/// `aral ledger add-party --party TJ.pub.json --key KG.key --key UZ.key …` (or `--rotate`).
struct LedgerAddPartyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-party",
        abstract: "Add a party (or rotate a party's key); needs signatures of a majority of current parties.")

    @OptionGroup var location: LedgerLocation
    @Option(name: .customLong("party"), help: "The party's public file {code, name, public_key} (from keygen).") var partyFile: String
    @Flag(help: "Rotate the key of an existing party instead of adding one.") var rotate = false
    @Option(help: "Entry id (default party-add-CODE-N / party-rotate-CODE-N).") var id: String?
    @Option(help: "Private key of a current party (repeat until a majority signs).") var key: [String] = []

    func run() throws {
        let parties = try Party.readList(.array([try LedgerFiles.readJSON(partyFile)]), source: partyFile)
        guard let party = parties.first else { throw ValidationError("\(partyFile): no party") }
        let ledger = try location.openExisting()
        let keys = try LedgerFiles.loadKeys(key)
        try checkKeysBelongToParties(keys, paths: key, parties: try ledger.store.partySet())
        let action = rotate ? "rotate" : "add"
        let count = try ledger.size()
        let entryID = id ?? "party-\(action)-\(party.code)-\(count)"
        var entry = LedgerEntry(id: entryID, kind: .party, body: ["action": .string(action), "party": party.json])
        for k in keys { try entry.sign(with: k) }
        let index = try ledger.append(entry, label: "\(partyFile) (entry '\(entryID)')")
        print("\(rotate ? "rotated key of" : "added") party \(party.code) as entry \(index) ('\(entryID)')")
    }
}
