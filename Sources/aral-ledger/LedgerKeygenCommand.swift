import AralLedger
import ArgumentParser

/// `aral ledger keygen --party KG --name Kyrgyzstan`: a new Ed25519 key pair.
struct LedgerKeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Generate an Ed25519 key pair for a party: PARTY.key (private, mode 0600) and PARTY.pub.json.")

    @Option(help: "Party code, e.g. KG, UZ, SEC.") var party: String
    @Option(help: "Party name, e.g. Kyrgyzstan.") var name: String?
    @Option(help: "Private key file to write (default PARTY.key).") var out: String?
    @Option(help: "Public party file to write (default PARTY.pub.json).") var pub: String?

    func run() throws {
        guard Party.isValidCode(party) else {
            throw ValidationError("--party '\(party)' is not a party code (2–16 of A–Z, 0–9, '-', '_', starting with a letter)")
        }
        let key = PartyKey.generate(party: party)
        let keyPath = out ?? "\(party).key"
        let pubPath = pub ?? "\(party).pub.json"
        try LedgerFiles.write(CanonicalJSON.encode(key.fileJSON) + [0x0A], to: keyPath, privateFile: true)
        let publicParty = Party(code: party, name: name ?? party, publicKey: key.publicKey)
        try LedgerFiles.write(CanonicalJSON.encode(publicParty.json) + [0x0A], to: pubPath)
        print("party \(party): public key \(LedgerEncoding.base64(key.publicKey))")
        print("wrote \(keyPath) (private) and \(pubPath) (public)")
    }
}
