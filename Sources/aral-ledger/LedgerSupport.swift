import AralLedger
import ArgumentParser
import Foundation
import AralSchema

/// `--ledger PATH`, shared by every command that opens the ledger.
struct LedgerLocation: ParsableArguments {
    @Option(name: .long, help: "The ledger's SQLite file.")
    var ledger: String = "aral-ledger.sqlite"

    func open() throws -> Ledger {
        try Ledger.open(path: ledger)
    }

    /// Opens an existing ledger only (read commands must not create an empty file).
    func openExisting() throws -> Ledger {
        guard FileManager.default.fileExists(atPath: ledger) else {
            throw LedgerError.storage("no ledger at \(ledger) (run 'aral ledger init' first or pass --ledger)")
        }
        return try Ledger.open(path: ledger, creating: false)
    }
}

enum LedgerFiles {
    /// An input file the command was given, not the ledger's store: its problems were reported
    /// as "ledger storage: …" (found from outside).
    struct InputFileError: Error, CustomStringConvertible {
        var description: String
    }

    /// A file's bytes, a UTF-8 byte-order mark dropped (an editor's BOM gave "unexpected
    /// character 'ï'"; model CSVs already accept one), unless `keepingByteOrderMark`: an export
    /// to verify is taken byte for byte (the verifier refuses a mark; exports have none).
    static func read(_ path: String, keepingByteOrderMark: Bool = false) throws -> [UInt8] {
        var bytes: [UInt8]
        if path == "-" {
            bytes = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        } else {
            switch TextFile.readData(path) {
            case .success(let data): bytes = [UInt8](data)
            case .failure(let problem): throw InputFileError(description: "\(path): \(problem.message)")
            }
        }
        if !keepingByteOrderMark, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        return bytes
    }

    static func readJSON(_ path: String) throws -> JSONValue {
        try JSONParser.parse(try read(path), source: path)
    }

    static func write(_ bytes: [UInt8], to path: String, privateFile: Bool = false) throws {
        let attributes: [FileAttributeKey: Any]? = privateFile ? [.posixPermissions: 0o600] : nil
        if privateFile, FileManager.default.fileExists(atPath: path) {
            throw LedgerError.storage("\(path): already exists; refusing to overwrite a key file")
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: attributes) else {
            throw LedgerError.storage("\(path): cannot write the file")
        }
    }

    /// An entry file as the ledger's commands write them: canonical JSON and a newline.
    static func writeEntry(_ entry: LedgerEntry, to path: String) throws {
        try write(entry.fileBytes, to: path)
    }

    static func loadKey(_ path: String) throws -> PartyKey {
        try PartyKey.read(try readJSON(path), source: path)
    }

    static func loadKeys(_ paths: [String]) throws -> [PartyKey] {
        try paths.map(loadKey)
    }

    /// The parties of `paths`, in order: each file a list (`Party.readList`: an array or
    /// `{"parties": [...]}`) or one party's object (a PARTY.pub.json from keygen).
    static func readParties(_ paths: [String]) throws -> [Party] {
        var parties: [Party] = []
        for path in paths {
            let value = try readJSON(path)
            if value.objectValue != nil, value["parties"] == nil {
                parties += try Party.readList(.array([value]), source: path)
            } else {
                parties += try Party.readList(value, source: path)
            }
        }
        return parties
    }

    /// Pretty output for people: canonical JSON is one line, which is what scripts want too.
    static func printJSON(_ value: JSONValue) {
        print(CanonicalJSON.encodeString(value))
    }

    /// Writes to standard output, failing with a message when it cannot be written (`> /dev/full`):
    /// Foundation's non-throwing `FileHandle.write` crashed the process there.
    static func writeStdout(_ bytes: [UInt8]) throws {
        try writeStdout(bytes, to: FileHandle.standardOutput)
    }

    static func writeStdout(_ bytes: [UInt8], to handle: FileHandle) throws {
        do {
            try handle.write(contentsOf: Data(bytes))
        } catch {
            throw OutputError(description: "cannot write to standard output: \(error.localizedDescription)")
        }
    }

    /// Standard output could not be written.
    struct OutputError: Error, CustomStringConvertible {
        var description: String
    }
}

/// Checks that every key is its party's key in force before it signs (clearer than a failed
/// signature; a rotated-out key is named with its rotation entry): `Ledger.checkSigningKeys`.
func checkKeysBelongToParties(_ keys: [PartyKey], paths: [String], ledger: Ledger) throws {
    try ledger.checkSigningKeys(keys, sources: paths)
}
