/// Verifies an export offline with nothing but the export and the trusted public keys: every
/// entry's canonical form, leaf hash, signatures and authority; every head's root and signatures;
/// the trusted keys against the genesis; two signed heads of one size with different roots
/// (equivocation); and that the export extends every head a party kept (`trustedHeads`).
/// Stops at the first failure and names it.
public struct LedgerVerifier {
    public struct Report: Sendable {
        public var entries: UInt64
        public var heads: Int
        public var root: MerkleHash
        public var parties: PartySet
        /// The ledger's identity (the id every signature names), for states to compare out of
        /// band: two exports that verify against the same keys may still be two ledgers.
        public var ledgerID: LedgerID?
    }

    private let trusted: [Party]
    /// What the export is called in messages (`NAME line N`): the file's name in the CLI.
    private let name: String
    private let trustedHeads: [SignedTreeHead]
    /// The heads seen so far, by size: a second head of one size must have the same root.
    private var headsBySize: [UInt64: SignedTreeHead] = [:]
    /// The head of the largest tree seen so far (heads come in size order).
    private var largestHead: SignedTreeHead?
    private var state = MemoryLedgerState()
    private var tree = MemoryMerkleTree()
    private var declaredSize: UInt64?
    private var headCount = 0
    private var lineNumber = 0
    /// The number of an empty line seen: fine as the last line (after the final newline), refused
    /// when any line follows it.
    private var emptyLine: Int?
    private var seenKeys: Set<String> = []
    /// `code|public key|recovery key` of every registration (genesis, add, rotation), the
    /// recovery key as the party holds it after the entry (a rotation may keep the old one).
    private var seenRecoveryKeys: Set<String> = []

    /// `trusted` are the parties whose keys the verifier takes as given; every founding party
    /// must be among them with the same key.
    /// `trustedHeads` are heads a party kept (e.g. its latest co-signed head): the export must
    /// hold at least their size of entries, with the same root at that size.
    /// `name` is what messages call the export (`NAME line N`), e.g. its file's name.
    public init(trusted: [Party], trustedHeads: [SignedTreeHead] = [], name: String = "export") {
        self.trusted = trusted
        self.name = name
        self.trustedHeads = trustedHeads
    }

    /// Verifies a whole export given as lines.
    public static func verify(lines: some Sequence<[UInt8]>, trusted: [Party], trustedHeads: [SignedTreeHead] = [], name: String = "export") throws -> Report {
        var verifier = LedgerVerifier(trusted: trusted, trustedHeads: trustedHeads, name: name)
        for line in lines { try verifier.consume(line: line) }
        return try verifier.finish()
    }

    /// Verifies a whole export given as the bytes of the file: lines end with a newline (LF),
    /// and the newline after the last line is optional. The bytes are taken as they are: a byte
    /// order mark is refused at line 1, not dropped (see `consume(line:)`).
    public static func verify(export bytes: [UInt8], trusted: [Party], trustedHeads: [SignedTreeHead] = [], name: String = "export") throws -> Report {
        try verify(lines: bytes.split(separator: 0x0A, omittingEmptySubsequences: false).lazy.map { Array($0) },
                   trusted: trusted, trustedHeads: trustedHeads, name: name)
    }

    /// Consumes one line of the export (without its newline). Every line must be exactly the
    /// canonical JSON of what it holds, as the export writes it and docs/ledger.md promises: a
    /// trailing space, a CR (a CRLF file), a blank line or a number written `600.250` is refused
    /// with the line number and what differs. Only one empty line is allowed, as the last: what
    /// splitting a file that ends with its final newline gives. A UTF-8 byte order mark is
    /// refused by name: canonical JSON has none and the export writes none; the CLI dropped it
    /// before verifying, so a file that was not the export verified as if it were.
    public mutating func consume(line: [UInt8]) throws {
        lineNumber += 1
        if let blank = emptyLine {
            throw LedgerError.verificationFailed(location: "\(name) line \(blank)", reason: "the line is empty: an export has no blank lines (only a newline after its last line)")
        }
        if line.isEmpty { emptyLine = lineNumber; return }
        let source = "\(name) line \(lineNumber)"
        if line.starts(with: [0xEF, 0xBB, 0xBF]) {
            throw LedgerError.verificationFailed(location: source, reason: "the line starts with a UTF-8 byte order mark (EF BB BF); exports are written without one")
        }
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
            throw LedgerError.verificationFailed(location: source, reason: "the line is blank (whitespace only): an export has no blank lines")
        }
        let value = try JSONParser.parse(line, source: source)
        let canonical = CanonicalJSON.encode(value)
        if canonical != line {
            throw LedgerError.verificationFailed(location: source, reason: "the line is not canonical JSON: \(Self.difference(line, canonical))")
        }
        guard let type = value["type"]?.stringValue else {
            throw LedgerError.invalidField(source: source, field: "type", reason: "missing or not a string")
        }
        switch type {
        case "header":
            guard lineNumber == 1 else { throw LedgerError.verificationFailed(location: source, reason: "header must be the first line") }
            guard value["format"]?.stringValue == LedgerExport.format else {
                throw LedgerError.invalidField(source: source, field: "format", reason: "expected \"\(LedgerExport.format)\"")
            }
            guard let version = value["version"]?.int64Value, version == LedgerExport.version else {
                let found = value["version"].map { CanonicalJSON.encodeString($0) } ?? "none"
                throw LedgerError.verificationFailed(location: source, reason: "export format version \(found) is not supported: this aral verifies format version \(LedgerExport.version) only (version 1 entries and heads did not name their ledger); export the ledger again with a current aral")
            }
            guard let n = value["size"]?.int64Value, n >= 0 else { throw LedgerError.invalidField(source: source, field: "size", reason: "expected a count") }
            declaredSize = UInt64(n)
        case "entry":
            try consumeEntry(value, source: source)
        case "head":
            try consumeHead(value, source: source)
        default:
            throw LedgerError.invalidField(source: source, field: "type", reason: "unknown line type '\(type)'")
        }
    }

    private mutating func consumeEntry(_ value: JSONValue, source: String) throws {
        guard declaredSize != nil else { throw LedgerError.verificationFailed(location: source, reason: "entry before the header") }
        let expected = tree.size
        guard let index = value["index"]?.int64Value, index >= 0 else {
            throw LedgerError.invalidField(source: source, field: "index", reason: "expected an entry index")
        }
        guard UInt64(index) == expected else {
            throw LedgerError.verificationFailed(location: "entry \(expected)", reason: "entry \(expected) is missing (the export continues with entry \(index))")
        }
        let label = "entry \(index)"
        guard let entryValue = value["entry"] else {
            throw LedgerError.invalidField(source: label, field: "entry", reason: "missing required field")
        }
        let entry: LedgerEntry
        do {
            entry = try LedgerEntry.parse(entryValue, source: label)
        } catch {
            throw LedgerError.verificationFailed(location: label, reason: "\(error)")
        }
        let bytes = entry.canonicalBytes
        guard bytes == CanonicalJSON.encode(entryValue) else {
            throw LedgerError.verificationFailed(location: "\(label) ('\(entry.id)')", reason: "entry is not in canonical form")
        }
        let leaf = Merkle.leafHash(bytes)
        if let stated = value["leaf_hash"]?.stringValue, LedgerEncoding.bytes(hex: stated) != leaf {
            throw LedgerError.verificationFailed(location: "\(label) ('\(entry.id)')", reason: "leaf hash does not match the entry's content")
        }
        do {
            let body = try state.apply(entry, label: "\(label) ('\(entry.id)')")
            switch body {
            case let .genesis(genesis): try checkTrusted(genesis)
            case let .party(change):
                seenKeys.insert("\(change.party.code)|\(LedgerEncoding.hex(change.party.publicKey))")
                if let registered = state.partySet().parties[change.party.code] { seenRecoveryKeys.insert(Self.recoveryKeyLabel(registered)) }
            default: break
            }
        } catch let error as LedgerError {
            // Said once: a failure already placed at this entry kept its own prefix inside ours.
            if case .verificationFailed(_, let reason) = error {
                throw LedgerError.verificationFailed(location: "\(label) ('\(entry.id)')", reason: reason)
            }
            throw LedgerError.verificationFailed(location: "\(label) ('\(entry.id)')", reason: "\(error)")
        }
        tree.append(leafHash: leaf)
    }

    private mutating func checkTrusted(_ genesis: Genesis) throws {
        for founder in genesis.parties {
            seenKeys.insert("\(founder.code)|\(LedgerEncoding.hex(founder.publicKey))")
            guard let t = trusted.first(where: { $0.code == founder.code }) else {
                throw LedgerError.verificationFailed(location: "entry 0 (genesis)", reason: "founding party '\(founder.code)' is not among the trusted keys")
            }
            guard t.publicKey == founder.publicKey else {
                throw LedgerError.verificationFailed(location: "entry 0 (genesis)", reason: "founding party '\(founder.code)' has a different key than the trusted one")
            }
            seenRecoveryKeys.insert(Self.recoveryKeyLabel(founder))
            // A trusted recovery key is checked as the signing key is: whoever holds the ledger's
            // recovery key can rotate the party's signing key.
            if let trustedRecovery = t.recoveryKey, trustedRecovery != founder.recoveryKey {
                throw LedgerError.verificationFailed(location: "entry 0 (genesis)", reason: founder.recoveryKey == nil
                    ? "founding party '\(founder.code)' registered no recovery key, but the trusted keys give one"
                    : "founding party '\(founder.code)' has a different recovery key than the trusted one")
            }
        }
    }

    private mutating func consumeHead(_ value: JSONValue, source: String) throws {
        let head = try SignedTreeHead.read(value, source: source)
        headCount += 1
        let location = "head at size \(head.size) (\(source))"
        guard let ledger = state.ledgerID() else {
            throw LedgerError.verificationFailed(location: location, reason: "head before the genesis entry")
        }
        // Signatures first: an equivocation is only one if both heads are genuinely signed.
        let parties = state.partySet()
        guard let secretariat = parties.secretariat, head.signatures.contains(where: { $0.party == secretariat }) else {
            throw LedgerError.verificationFailed(location: location, reason: "not signed by the secretariat")
        }
        let payload = head.signingPayload(ledger: ledger)
        for sig in head.signatures {
            guard let party = parties.parties[sig.party] else {
                throw LedgerError.verificationFailed(location: location, reason: "signed as '\(sig.party)', which is not a party")
            }
            guard ed25519Verify(publicKey: party.publicKey, signature: sig.signature, message: payload) else {
                throw LedgerError.verificationFailed(location: location, reason: "signature of '\(sig.party)' does not verify")
            }
        }
        if let earlier = headsBySize[head.size], earlier.root != head.root {
            throw LedgerError.verificationFailed(location: location, reason: "equivocation: two signed heads of size \(head.size) with different roots: \(Self.describe(earlier)) and \(Self.describe(head))")
        }
        // Milliseconds since 1970: a time before it is no clock's reading. The store and the
        // server refused it while verify accepted it, so a head written behind their back passed.
        guard head.timestamp >= 0 else {
            throw LedgerError.verificationFailed(location: location, reason: "timestamp \(head.timestamp) is before 1970 (a head's timestamp is milliseconds since 1970-01-01 UTC, never negative)")
        }
        // Heads come in size order: a larger tree signed at an earlier time is a rewritten clock.
        if let previous = largestHead, previous.size < head.size, previous.timestamp > head.timestamp {
            throw LedgerError.verificationFailed(location: location, reason: "signed at \(head.timestamp), before the head of the smaller size \(previous.size) (\(previous.timestamp))")
        }
        if head.size > largestHead?.size ?? 0 { largestHead = head }
        headsBySize[head.size] = headsBySize[head.size] ?? head
        guard head.size <= tree.size else {
            throw LedgerError.verificationFailed(location: location, reason: "the export holds \(tree.size) entries but a signed head covers \(head.size): entries were removed from the end (truncated)")
        }
        guard head.size == tree.size else {
            throw LedgerError.verificationFailed(location: location, reason: "head appears after entry \(tree.size) but claims size \(head.size) (heads are exported in size order)")
        }
        let root = try tree.root(size: head.size)
        guard root == head.root else {
            throw LedgerError.verificationFailed(location: location, reason: "root \(LedgerEncoding.hex(head.root)) does not match the entries 0..<\(head.size) (recomputed \(LedgerEncoding.hex(root))); an entry before it was altered, removed or inserted")
        }
    }

    /// What differs between a line and its canonical form, for the refusal: a line ending or
    /// trailing whitespace by name, otherwise the first differing byte with a little of both.
    static func difference(_ line: [UInt8], _ canonical: [UInt8]) -> String {
        if line.starts(with: canonical) {
            let rest = line[canonical.count...]
            if rest == [0x0D] { return "it ends with a carriage return (CRLF line ending; an export's lines end with LF only)" }
            if rest.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return "it ends with whitespace after the JSON (\(rest.count) byte\(rest.count == 1 ? "" : "s"))" }
        }
        let common = min(line.count, canonical.count)
        let offset = (0..<common).first { line[$0] != canonical[$0] } ?? common
        // Both excerpts start at the value the difference is in (`600.250` against `600.25`, not
        // `0,` against `,`): back to the byte after the last `:` `,` `[` `{` (the two agree up to
        // `offset`).
        var start = offset
        while start > 0, offset - start < 32, ![UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "{")].contains(line[start - 1]) {
            start -= 1
        }
        func excerpt(_ bytes: [UInt8]) -> String {
            let text = String(decoding: bytes[min(start, bytes.count)..<min(bytes.count, offset + 24)], as: UTF8.self)
            return text.isEmpty ? "the end of the line" : "'\(text)'"
        }
        let space = offset < line.count && [0x20, 0x09, 0x0D].contains(line[offset]) ? " (whitespace)" : ""
        return "at byte \(offset + 1) it has \(excerpt(line))\(space) where the canonical form has \(excerpt(canonical))"
    }

    static func recoveryKeyLabel(_ party: Party) -> String {
        "\(party.code)|\(LedgerEncoding.hex(party.publicKey))|\(party.recoveryKey.map { LedgerEncoding.hex($0) } ?? "-")"
    }

    /// A head with its signatures, for an equivocation report: the evidence a party can show.
    static func describe(_ head: SignedTreeHead) -> String {
        let sigs = head.signatures.map { "\($0.party) \(LedgerEncoding.base64($0.signature))" }.joined(separator: ", ")
        return "root \(LedgerEncoding.hex(head.root)) at \(head.timestamp) signed by [\(sigs)]"
    }

    public func finish() throws -> Report {
        guard let declaredSize else { throw LedgerError.verificationFailed(location: name, reason: "no header line") }
        guard tree.size == declaredSize else {
            throw LedgerError.verificationFailed(location: "entry \(tree.size)", reason: "export declares \(declaredSize) entries but holds \(tree.size) (truncated?)")
        }
        for kept in trustedHeads {
            guard kept.size <= tree.size else {
                throw LedgerError.verificationFailed(location: "kept head of size \(kept.size)", reason: "the export holds only \(tree.size) entries: it does not extend the head you kept (truncated or rewritten)")
            }
            let root = try tree.root(size: kept.size)
            guard root == kept.root else {
                throw LedgerError.verificationFailed(location: "kept head of size \(kept.size)", reason: "the export's root at that size is \(LedgerEncoding.hex(root)), not the kept \(LedgerEncoding.hex(kept.root)): it does not extend the head you kept (history rewritten)")
            }
        }
        for t in trusted where !seenKeys.contains("\(t.code)|\(LedgerEncoding.hex(t.publicKey))") {
            throw LedgerError.verificationFailed(location: "trusted keys", reason: "trusted party '\(t.code)' never appears in the ledger with that key")
        }
        for t in trusted where t.recoveryKey != nil && !seenRecoveryKeys.contains(Self.recoveryKeyLabel(t)) {
            throw LedgerError.verificationFailed(location: "trusted keys", reason: "trusted party '\(t.code)' never appears in the ledger with that recovery key (with that signing key)")
        }
        return Report(entries: tree.size, heads: headCount, root: try tree.root(), parties: state.partySet(), ledgerID: state.ledgerID())
    }
}
