import AralLedger
import ArgumentParser

/// `aral ledger keygen --party KG --name Kyrgyzstan`: a new Ed25519 key pair and a recovery key pair.
struct LedgerKeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Generate a party's Ed25519 signing key (PARTY.key), its recovery key (PARTY.recovery.key, keep it offline; the only key that can rotate PARTY.key), both mode 0600, and PARTY.pub.json.")

    @Option(help: "Party code, e.g. KG, UZ, SEC.") var party: String
    @Option(help: "Party name, e.g. Kyrgyzstan.") var name: String?
    @Option(help: "Private key file to write (default PARTY.key).") var out: String?
    @Option(help: "Recovery key file to write (default PARTY.recovery.key).") var recovery: String?
    @Option(help: "Public party file to write (default PARTY.pub.json).") var pub: String?

    func run() throws {
        guard Party.isValidCode(party) else {
            throw ValidationError("--party '\(party)' is not a party code (2–16 of A–Z, 0–9, '-', '_', starting with a letter)")
        }
        let key = PartyKey.generate(party: party)
        let recoveryKey = PartyKey.generate(party: party)
        let keyPath = out ?? "\(party).key"
        let recoveryPath = recovery ?? "\(party).recovery.key"
        let pubPath = pub ?? "\(party).pub.json"
        try LedgerFiles.write(CanonicalJSON.encode(key.fileJSON) + [0x0A], to: keyPath, privateFile: true)
        try LedgerFiles.write(CanonicalJSON.encode(recoveryKey.fileJSON) + [0x0A], to: recoveryPath, privateFile: true)
        let publicParty = Party(code: party, name: name ?? party, publicKey: key.publicKey, recoveryKey: recoveryKey.publicKey)
        try LedgerFiles.write(CanonicalJSON.encode(publicParty.json) + [0x0A], to: pubPath)
        print("party \(party): public key \(LedgerEncoding.base64(key.publicKey)), recovery key \(LedgerEncoding.base64(recoveryKey.publicKey))")
        print("wrote \(keyPath) and \(recoveryPath) (private; keep the recovery key offline) and \(pubPath) (public)")
    }
}
