import Foundation

/// The kinds of entries the ledger accepts (see docs/ledger.md for every field).
public enum EntryKind: String, Sendable, CaseIterable {
    case genesis, party, agreement, obligation, delivery, acknowledgement, dispute, settlement
}

/// One party's Ed25519 signature over an entry's signing payload.
public struct EntrySignature: Sendable, Equatable {
    public var party: String
    public var signature: [UInt8]

    public init(party: String, signature: [UInt8]) {
        self.party = party
        self.signature = signature
    }
}

/// A ledger entry: the envelope `{"v":2,"id","kind","body","signatures"}`.
///
/// * The **signing payload** is `"aral-ledger-entry-v2\n"` followed by the canonical JSON of the
///   envelope without `signatures` plus `"ledger"`, the ledger's identity (`LedgerIdentity`), so
///   that a signature binds the entry to one ledger; every signature covers exactly those bytes.
/// * The **leaf data** hashed into the Merkle tree is the canonical JSON of the whole envelope,
///   signatures sorted by party code.
public struct LedgerEntry: Sendable, Equatable {
    /// The format version (docs/ledger.md): 2 since entries and heads name their ledger.
    public static let version: Int64 = 2
    public static let signingDomain = Array("aral-ledger-entry-v2\n".utf8)
    public static let maximumIDLength = 128
    /// The keys of the envelope: `parse` refuses any other.
    public static let envelopeKeys: Set<String> = ["v", "id", "kind", "body", "signatures"]

    public var id: String
    public var kind: EntryKind
    public var body: JSONValue
    public private(set) var signatures: [EntrySignature]

    public init(id: String, kind: EntryKind, body: JSONValue, signatures: [EntrySignature] = []) {
        self.id = id
        self.kind = kind
        self.body = body
        self.signatures = signatures.sorted { Array($0.party.utf8).lexicographicallyPrecedes(Array($1.party.utf8)) }
    }

    /// The bytes every signature signs, for the ledger `ledger`.
    public func signingPayload(ledger: LedgerID) -> [UInt8] {
        let unsigned: JSONValue = [
            "v": .number(String(Self.version)), "id": .string(id), "kind": .string(kind.rawValue), "body": body,
            "ledger": .string(LedgerEncoding.hex(ledger)),
        ]
        return Self.signingDomain + CanonicalJSON.encode(unsigned)
    }

    /// For a genesis entry: the identity of the ledger it founds (its own signatures name it).
    public var foundedLedger: LedgerID? { kind == .genesis ? LedgerIdentity.of(genesisBody: body) : nil }

    public var json: JSONValue {
        [
            "v": .number(String(Self.version)), "id": .string(id), "kind": .string(kind.rawValue), "body": body,
            "signatures": .array(signatures.map {
                ["party": .string($0.party), "signature": .string(LedgerEncoding.base64($0.signature))]
            }),
        ]
    }

    /// The canonical encoding: the Merkle leaf data.
    public var canonicalBytes: [UInt8] { CanonicalJSON.encode(json) }

    public var signers: [String] { signatures.map(\.party) }

    /// Adds (or replaces) the signature of `key.party` for the ledger `ledger` (a genesis entry
    /// always signs for the ledger it founds, whatever `ledger` says).
    public mutating func sign(with key: PartyKey, ledger: LedgerID) throws(LedgerError) {
        let signature = try key.sign(signingPayload(ledger: foundedLedger ?? ledger))
        var all = signatures.filter { $0.party != key.party }
        all.append(EntrySignature(party: key.party, signature: signature))
        signatures = all.sorted { Array($0.party.utf8).lexicographicallyPrecedes(Array($1.party.utf8)) }
    }

    /// Identifiers: 1–128 characters from A–Z a–z 0–9 and `. _ : / -`.
    public static func isValidID(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        guard (1...maximumIDLength).contains(bytes.count) else { return false }
        return bytes.allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                || [UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "-")].contains($0)
        }
    }

    /// Parses and validates an entry (envelope and body schema). `source` names the input in errors.
    /// With `assignID`, an entry without `id` and without signatures gets a fresh random id.
    public static func parse(_ bytes: [UInt8], source: String, assignID: Bool = false) throws(LedgerError) -> LedgerEntry {
        let value = try JSONParser.parse(bytes, source: source)
        return try parse(value, source: source, assignID: assignID)
    }

    public static func parse(_ value: JSONValue, source: String, assignID: Bool = false) throws(LedgerError) -> LedgerEntry {
        guard let object = value.objectValue else {
            throw LedgerError.invalidField(source: source, field: "(root)", reason: "expected an object, found \(value.typeName)")
        }
        let reader = FieldReader(source: source, path: "", fields: object)
        try reader.allowOnly(envelopeKeys)
        if reader.has("v") {
            let v = try reader.int("v")
            guard v == version else {
                throw reader.fieldError("v", "unsupported format version \(v): this ledger reads format version \(version) only (entries of version 1 did not name their ledger and cannot be carried over; re-create them)")
            }
        }
        let kindText = try reader.string("kind")
        guard let kind = EntryKind(rawValue: kindText) else {
            throw reader.fieldError("kind", "unknown kind '\(kindText)' (expected one of \(EntryKind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        var signatures: [EntrySignature] = []
        if reader.has("signatures") {
            for sig in try reader.objects("signatures") {
                try sig.allowOnly(["party", "signature"])
                let party = try sig.partyCode("party")
                guard let raw = LedgerEncoding.bytes(base64: try sig.string("signature")), raw.count == 64 else {
                    throw sig.fieldError("signature", "must be a base64 64-byte Ed25519 signature")
                }
                guard !signatures.contains(where: { $0.party == party }) else {
                    throw sig.fieldError("party", "party '\(party)' signs twice")
                }
                signatures.append(EntrySignature(party: party, signature: raw))
            }
        }
        let id: String
        if !reader.has("id"), assignID, signatures.isEmpty {
            id = "\(kind.rawValue)-\(UUIDText.random())"
        } else {
            id = try reader.string("id")
            guard isValidID(id) else {
                throw reader.fieldError("id", "'\(id)' is not a valid id (1–\(maximumIDLength) of A–Z a–z 0–9 . _ : / -)")
            }
        }
        let bodyValue = try reader.value("body")
        guard bodyValue.objectValue != nil else { throw reader.fieldError("body", "expected an object, found \(bodyValue.typeName)") }
        let entry = LedgerEntry(id: id, kind: kind, body: bodyValue, signatures: signatures)
        _ = try entry.typedBody(source: source)  // schema validation
        return entry
    }

    /// The body as a typed value; validates the schema of the entry's kind.
    public func typedBody(source: String) throws(LedgerError) -> EntryBody {
        try EntryBody.read(kind: kind, body: body, source: source)
    }
}

enum UUIDText {
    static func random() -> String { UUID().uuidString.lowercased() }
}
