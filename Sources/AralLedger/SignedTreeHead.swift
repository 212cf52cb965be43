/// A signed tree head: the log's size and root at a moment, signed by the secretariat and
/// co-signable by any party. The signed bytes are `"aral-ledger-head-v2\n"` followed by the
/// canonical JSON `{"ledger":"<hex>","root":"<hex>","size":N,"timestamp":MS}` (milliseconds since
/// 1970 UTC; ledger: the ledger's identity, so a head of one ledger is no head of another).
public struct SignedTreeHead: Sendable, Equatable {
    public static let signingDomain = Array("aral-ledger-head-v2\n".utf8)

    public var size: UInt64
    public var root: MerkleHash
    public var timestamp: Int64
    /// Signatures by party code; the secretariat's must be among them.
    public var signatures: [EntrySignature]

    public init(size: UInt64, root: MerkleHash, timestamp: Int64, signatures: [EntrySignature] = []) {
        self.size = size
        self.root = root
        self.timestamp = timestamp
        self.signatures = signatures
    }

    public func signingPayload(ledger: LedgerID) -> [UInt8] {
        Self.signingDomain + CanonicalJSON.encode([
            "ledger": .string(LedgerEncoding.hex(ledger)), "root": .string(LedgerEncoding.hex(root)), "size": .number(String(size)), "timestamp": .number(String(timestamp)),
        ])
    }

    public mutating func sign(with key: PartyKey, ledger: LedgerID) throws(LedgerError) {
        let sig = try key.sign(signingPayload(ledger: ledger))
        signatures.removeAll { $0.party == key.party }
        signatures.append(EntrySignature(party: key.party, signature: sig))
        signatures.sort { Array($0.party.utf8).lexicographicallyPrecedes(Array($1.party.utf8)) }
    }

    public var json: JSONValue {
        [
            "size": .number(String(size)), "root": .string(LedgerEncoding.hex(root)), "timestamp": .number(String(timestamp)),
            "signatures": .array(signatures.map { ["party": .string($0.party), "signature": .string(LedgerEncoding.base64($0.signature))] }),
        ]
    }

    public static func read(_ value: JSONValue, source: String) throws(LedgerError) -> SignedTreeHead {
        guard let object = value.objectValue else {
            throw LedgerError.invalidField(source: source, field: "head", reason: "expected an object, found \(value.typeName)")
        }
        let r = FieldReader(source: source, path: "", fields: object)
        try r.allowOnly(["size", "root", "timestamp", "signatures", "type"])
        let size = try r.int("size")
        guard size >= 0 else { throw r.fieldError("size", "must not be negative") }
        guard let root = LedgerEncoding.bytes(hex: try r.string("root")), root.count == Merkle.hashSize else {
            throw r.fieldError("root", "must be 64 hex digits")
        }
        let timestamp = try r.int("timestamp")
        if r.has("type") {
            let type = try r.string("type")
            guard type == "head" else { throw r.fieldError("type", "expected \"head\"") }
        }
        var sigs: [EntrySignature] = []
        if r.has("signatures") {
            for s in try r.objects("signatures") {
                try s.allowOnly(["party", "signature"])
                let party = try s.partyCode("party")
                guard let raw = LedgerEncoding.bytes(base64: try s.string("signature")), raw.count == 64 else {
                    throw s.fieldError("signature", "must be a base64 64-byte Ed25519 signature")
                }
                sigs.append(EntrySignature(party: party, signature: raw))
            }
        }
        return SignedTreeHead(size: UInt64(size), root: root, timestamp: timestamp, signatures: sigs)
    }
}
