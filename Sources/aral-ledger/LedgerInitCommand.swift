import AralLedger
import ArgumentParser

/// `aral ledger init --parties PARTIES.json|A.pub.json B.pub.json… --secretariat SEC --key SEC.key --key KG.key …`
struct LedgerInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the ledger with its genesis entry, signed by every founding party.")

    @OptionGroup var location: LedgerLocation
    @Option(parsing: .upToNextOption, help: "Founding parties: a JSON array of {code, name, public_key} (or {\"parties\": [...]}) or several .pub.json files.")
    var parties: [String]
    @Option(help: "Code of the consortium secretariat (signs tree heads).") var secretariat: String
    @Option(help: "Name of the ledger.") var name: String = "Aral ledger of mutual obligations"
    @Option(help: "Private key of a founding party (repeat for every founding party).") var key: [String] = []

    func run() throws {
        let founders = try LedgerFiles.readParties(parties)
        let keys = try LedgerFiles.loadKeys(key)
        let ledger = try location.open()
        let genesis = try ledger.initialize(name: name, parties: founders, secretariat: secretariat, keys: keys)
        print("initialized \(location.ledger): genesis with \(founders.count) parties (\(founders.map(\.code).joined(separator: ", "))), secretariat \(secretariat)")
        print("leaf hash \(LedgerEncoding.hex(Merkle.leafHash(genesis.canonicalBytes)))")
    }
}
