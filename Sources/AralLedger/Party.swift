import Crypto
import Foundation

/// A party to the ledger: a state or the consortium secretariat.
public struct Party: Sendable, Equatable, Hashable {
    /// Short code, e.g. "KG", "UZ", "SEC": 2–16 characters, A–Z, 0–9, '-' or '_', starting with a letter.
    public var code: String
    public var name: String
    /// Raw 32-byte Ed25519 public key: the key the party signs with day to day.
    public var publicKey: [UInt8]
    /// Raw 32-byte Ed25519 recovery key, kept offline: the only key that can rotate `publicKey`
    /// (docs/ledger.md, "Key rotation"). A party registered without one can never be rotated; a
    /// rotation that names none keeps the one registered.
    public var recoveryKey: [UInt8]?

    public init(code: String, name: String, publicKey: [UInt8], recoveryKey: [UInt8]? = nil) {
        self.code = code
        self.name = name
        self.publicKey = publicKey
        self.recoveryKey = recoveryKey
    }

    /// Party codes: a letter followed by 1–15 letters, digits, '-' or '_'.
    public static func isValidCode(_ code: String) -> Bool {
        let bytes = Array(code.utf8)
        guard (2...16).contains(bytes.count), let first = bytes.first,
              (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(first)
        else { return false }
        return bytes.allSatisfy {
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_")
        }
    }

    public var json: JSONValue {
        var fields: [String: JSONValue] = ["code": .string(code), "name": .string(name), "public_key": .string(LedgerEncoding.base64(publicKey))]
        if let recoveryKey { fields["recovery_key"] = .string(LedgerEncoding.base64(recoveryKey)) }
        return .object(fields)
    }

    /// Every key the party holds (its signing key and its recovery key, if any).
    public var allKeys: [[UInt8]] { [publicKey] + (recoveryKey.map { [$0] } ?? []) }

    /// Reads `{"code", "name", "public_key", "recovery_key"?}` with field paths relative to `reader`;
    /// both keys must pass `KeyValidation` and differ.
    static func read(_ reader: FieldReader) throws(LedgerError) -> Party {
        try reader.allowOnly(["code", "name", "public_key", "recovery_key"])
        let code = try reader.partyCode("code")
        let name = try reader.nonEmptyString("name")
        let key = try readKey(reader, "public_key")
        let recovery = reader.has("recovery_key") ? try readKey(reader, "recovery_key") : nil
        if let recovery, recovery == key { throw reader.fieldError("recovery_key", "must differ from public_key") }
        return Party(code: code, name: name, publicKey: key, recoveryKey: recovery)
    }

    static func readKey(_ reader: FieldReader, _ field: String) throws(LedgerError) -> [UInt8] {
        guard let key = LedgerEncoding.bytes(base64: try reader.string(field)), key.count == 32 else {
            throw reader.fieldError(field, "must be a base64 raw 32-byte Ed25519 public key")
        }
        if let problem = KeyValidation.problem(with: key) { throw reader.fieldError(field, "refused as an Ed25519 public key: \(problem)") }
        return key
    }

    /// Parses a list of parties: either a JSON array of party objects or `{"parties": [...]}`.
    public static func readList(_ value: JSONValue, source: String) throws(LedgerError) -> [Party] {
        let array: [JSONValue]
        var prefix = ""
        if let a = value.arrayValue {
            array = a
        } else if let a = value["parties"]?.arrayValue {
            array = a
            prefix = "parties"
        } else {
            throw LedgerError.invalidField(source: source, field: "parties", reason: "expected an array of parties")
        }
        var parties: [Party] = []
        for (i, item) in array.enumerated() {
            let path = prefix.isEmpty ? "[\(i)]" : "\(prefix)[\(i)]"
            guard let object = item.objectValue else {
                throw LedgerError.invalidField(source: source, field: path, reason: "expected an object, found \(item.typeName)")
            }
            parties.append(try read(FieldReader(source: source, path: path, fields: object)))
        }
        return parties
    }
}

/// An Ed25519 signing key bound to the party code it signs as. Stored as JSON:
/// `{"type":"aral-ledger-private-key","party":"KG","private_key":"<base64 raw 32 bytes>"}`.
public struct PartyKey: Sendable {
    public let party: String
    /// Raw 32-byte Ed25519 private key (seed).
    private let rawPrivateKey: [UInt8]

    public init(party: String, rawPrivateKey: [UInt8]) throws(LedgerError) {
        guard rawPrivateKey.count == 32, (try? Curve25519.Signing.PrivateKey(rawRepresentation: rawPrivateKey)) != nil else {
            throw LedgerError.invalidKey(source: party, reason: "not a raw 32-byte Ed25519 private key")
        }
        self.party = party
        self.rawPrivateKey = rawPrivateKey
    }

    public static func generate(party: String) -> PartyKey {
        let key = Curve25519.Signing.PrivateKey()
        return PartyKey(unchecked: party, raw: [UInt8](key.rawRepresentation))
    }

    private init(unchecked party: String, raw: [UInt8]) {
        self.party = party
        self.rawPrivateKey = raw
    }

    private var privateKey: Curve25519.Signing.PrivateKey? {
        try? Curve25519.Signing.PrivateKey(rawRepresentation: rawPrivateKey)
    }

    public var publicKey: [UInt8] { privateKey.map { [UInt8]($0.publicKey.rawRepresentation) } ?? [] }

    public func sign(_ message: [UInt8]) throws(LedgerError) -> [UInt8] {
        guard let privateKey else { throw LedgerError.invalidKey(source: party, reason: "unusable private key") }
        do {
            return [UInt8](try privateKey.signature(for: message))
        } catch {
            throw LedgerError.invalidKey(source: party, reason: "signing failed: \(error)")
        }
    }

    public var fileJSON: JSONValue {
        [
            "type": "aral-ledger-private-key", "party": .string(party),
            "private_key": .string(LedgerEncoding.base64(rawPrivateKey)),
        ]
    }

    public static func read(_ value: JSONValue, source: String) throws(LedgerError) -> PartyKey {
        guard let object = value.objectValue else {
            throw LedgerError.invalidKey(source: source, reason: "expected a JSON object")
        }
        let reader = FieldReader(source: source, path: "", fields: object)
        let type = try reader.string("type")
        guard type == "aral-ledger-private-key" else {
            throw reader.fieldError("type", "expected \"aral-ledger-private-key\"")
        }
        let party = try reader.partyCode("party")
        guard let raw = LedgerEncoding.bytes(base64: try reader.string("private_key")), raw.count == 32,
              (try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)) != nil
        else { throw reader.fieldError("private_key", "must be a base64 raw 32-byte Ed25519 private key") }
        return PartyKey(unchecked: party, raw: raw)
    }
}

/// Verifies an Ed25519 signature; malformed keys or signatures simply fail.
public func ed25519Verify(publicKey: [UInt8], signature: [UInt8], message: [UInt8]) -> Bool {
    guard signature.count == 64, let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else {
        return false
    }
    return key.isValidSignature(signature, for: message)
}
