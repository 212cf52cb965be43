import AralLedger
import ArgumentParser

/// `aral ledger head [--sign --key SEC.key | --cosign --key K] [--json]`
struct LedgerHeadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "head",
        abstract: "Print the tree head (size, root); sign it as the secretariat or co-sign the latest signed head.")

    @OptionGroup var location: LedgerLocation
    @Flag(help: "Sign the current head with the secretariat's key and store it.") var sign = false
    @Flag(help: "Co-sign the latest stored head with a party's key.") var cosign = false
    @Option(help: "Private key for --sign or --cosign.") var key: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let ledger = try location.openExisting()
        let head: SignedTreeHead
        if sign || cosign {
            guard let key else { throw ValidationError("--sign and --cosign need --key") }
            guard !(sign && cosign) else { throw ValidationError("use either --sign or --cosign") }
            let partyKey = try LedgerFiles.loadKey(key)
            head = sign ? try ledger.signHead(key: partyKey) : try ledger.cosignLatestHead(key: partyKey)
        } else {
            head = try ledger.currentHead()
        }
        if json {
            LedgerFiles.printJSON(head.json)
        } else {
            print("size      \(head.size)")
            print("root      \(LedgerEncoding.hex(head.root))")
            print("timestamp \(head.timestamp)")
            if !head.signatures.isEmpty { print("signed by \(head.signatures.map(\.party).joined(separator: ", "))") }
        }
    }
}
