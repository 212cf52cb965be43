import AralLedger

/// The authorisation check of `POST /api/ledger/entries`, made on the raw JSON before the entry's
/// schema is validated: a party submits only entries it signed, so a party's request whose
/// `signatures` do not name it is a 403 before any per-kind check runs (an agreement's party
/// list is checked for duplicates, work that grows with its length). The full check after
/// parsing stays; this one only moves the refusal first. The secretariat relays entries
/// signed by others and is not limited here.
///
/// A malformed envelope (not an object, a key the entry format does not have) is left to the
/// parser, which names the offending key path; the envelope is checked before the body there.
enum SignerPrecheck {
    static func require(_ caller: APIParty, signs value: JSONValue) throws {
        guard !caller.isSecretariat, let fields = value.objectValue, Set(fields.keys).isSubset(of: LedgerEntry.envelopeKeys) else { return }
        let signs = value["signatures"]?.arrayValue?.contains { $0["party"]?.stringValue == caller.code } ?? false
        guard signs else {
            let id = value["id"]?.stringValue.map { "entry '\($0)'" } ?? "the entry"
            throw APIError.forbidden("\(id) is not signed by '\(caller.code)'; a party submits only entries it signed")
        }
    }
}
