import AralLedger
import ArgumentParser
import Foundation
import AralSchema

/// `aral ledger export [--out FILE]`: JSON Lines with entries and signed heads.
struct LedgerExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the whole ledger as JSON Lines (entries and signed heads) for offline verification.")

    @OptionGroup var location: LedgerLocation
    @Option(help: "Output file (default: standard output).") var out: String?

    func run() throws {
        let ledger = try location.openExisting()
        // Written whole (`OutputFile`): a failed export (a damaged entry) left an empty file, and
        // truncated the export kept there before.
        guard let out else { return try export(ledger, toStandardOutput: true, handle: FileHandle.standardOutput) }
        var failure: (any Error)?
        do {
            try OutputFile.write(to: out) { handle in
                do { try export(ledger, toStandardOutput: false, handle: handle) } catch { failure = error; throw error }
            }
        } catch {
            // The ledger's own error as it is; a write error (a full disk) named with the file.
            if let failure = failure as? LedgerError { throw failure }
            throw LedgerError.storage("\(out): cannot write the file: \(error.message)")
        }
    }

    /// Writes with the throwing `write(contentsOf:)`: the non-throwing `write` crashed the
    /// process on a full disk or `> /dev/full`. Standard output's failure is said as such; a
    /// file's is named by `OutputFile`.
    func export(_ ledger: Ledger, toStandardOutput: Bool, handle: FileHandle) throws {
        func flush(_ bytes: [UInt8]) throws {
            if toStandardOutput { try LedgerFiles.writeStdout(bytes, to: handle) } else { try handle.write(contentsOf: Data(bytes)) }
        }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        try LedgerExport.write(ledger) { line in
            buffer += line
            buffer.append(0x0A)
            if buffer.count >= 1 << 20 {
                try flush(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try flush(buffer)
    }
}

/// `aral ledger verify EXPORT --keys PARTIES`: offline verification of an export.
struct LedgerVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify an export offline: every signature, hash, head and party's authority; names the first entry that fails.")

    @Argument(help: "Export file (JSON Lines; '-' for standard input).") var export: String
    @Option(help: "Trusted parties: JSON array of {code, name, public_key, recovery_key?} (or several .pub.json files); a recovery_key given is checked too.") var keys: [String]
    @Option(name: .customLong("trusted-head"), help: "A head you kept ('aral ledger head --json' output, repeatable): the export must extend it.")
    var trustedHead: [String] = []

    func run() throws {
        let trusted = try LedgerFiles.readParties(keys)
        // Byte for byte: a byte order mark is refused at line 1 (it was dropped), and messages
        // name the file.
        let bytes = try LedgerFiles.read(export, keepingByteOrderMark: true)
        let kept = try trustedHead.map { try SignedTreeHead.read(try LedgerFiles.readJSON($0), source: $0) }
        let report = try LedgerVerifier.verify(export: bytes, trusted: trusted, trustedHeads: kept,
                                               name: export == "-" ? "standard input" : export)
        print("OK: \(report.entries) entries, \(report.heads) signed heads, root \(LedgerEncoding.hex(report.root))")
        // The identity every signature names: compare it out of band to know it is the ledger you mean.
        print("ledger identity: \(report.ledgerID.map { LedgerEncoding.hex($0) } ?? "-")")
        if !kept.isEmpty { print("extends the kept head\(kept.count == 1 ? "" : "s") of size \(kept.map { String($0.size) }.joined(separator: ", "))") }
        print("parties: \(report.parties.parties.keys.sorted().joined(separator: ", ")); secretariat \(report.parties.secretariat ?? "-")")
    }
}
