import AralLedger
import ArgumentParser

/// `aral ledger add-party --party TJ.pub.json --new-key TJ.key --key KG.key --key UZ.key …`, or
/// `--rotate --party KG.pub.json --new-key KG-new.key --key KG.recovery.key`.
struct LedgerAddPartyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-party",
        abstract: "Add a party (signed by a majority of current parties) or rotate a party's key (signed by that party's recovery key alone).")

    @OptionGroup var location: LedgerLocation
    @Option(name: .customLong("party"), help: "The party's public file {code, name, public_key, recovery_key} (from keygen).") var partyFile: String
    @Option(name: .customLong("new-key"), help: "The new party's (or the new) private key: it signs its registration (proof of possession).")
    var newKey: String
    @Flag(help: "Rotate the key of an existing party instead of adding one.") var rotate = false
    @Option(help: "Entry id (default party-add-CODE-N / party-rotate-CODE-N).") var id: String?
    @Option(help: "Adding: private key of a current party (repeat until a majority signs). Rotating: the party's recovery key.")
    var key: [String] = []

    func run() throws {
        let parties = try Party.readList(.array([try LedgerFiles.readJSON(partyFile)]), source: partyFile)
        guard let party = parties.first else { throw ValidationError("\(partyFile): no party") }
        let ledger = try location.openExisting()
        let keys = try LedgerFiles.loadKeys(key)
        // A recovery key is not a current signing key, so only additions are checked up front.
        if !rotate { try checkKeysBelongToParties(keys, paths: key, ledger: ledger) }
        let possession = try LedgerFiles.loadKey(newKey)
        guard possession.party == party.code, possession.publicKey == party.publicKey else {
            throw LedgerError.invalidKey(source: newKey, reason: "this is not the private key of \(partyFile)'s public_key for '\(party.code)'")
        }
        let proof = try KeyValidation.proofOfPossession(key: possession, ledger: try ledger.identity())
        let action = rotate ? "rotate" : "add"
        let count = try ledger.size()
        let entryID = id ?? "party-\(action)-\(party.code)-\(count)"
        let entry = try ledger.sign(LedgerEntry(id: entryID, kind: .party, body: [
            "action": .string(action), "party": party.json, "proof": .string(LedgerEncoding.base64(proof)),
        ]), with: keys)
        let index = try ledger.append(entry, label: "\(partyFile) (entry '\(entryID)')")
        print("\(rotate ? "rotated key of" : "added") party \(party.code) as entry \(index) ('\(entryID)')")
    }
}
