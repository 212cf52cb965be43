import Foundation
import Hummingbird
import AralLedger
import HTTPTypes
import HummingbirdCore
import NIOCore

/// `/api/ledger`: append a signed entry, the signed head, entries, inclusion and consistency
/// proofs, the export, balances and a full verification.
enum LedgerRoutes {
    /// Entries per page at most.
    static let maximumPage: UInt64 = 1000

    static func add(to router: Router<BasicRequestContext>, state: ServerState) {
        let api = router.group("api/ledger")
        api.get("head") { _, _ in
            let buffer = try await state.ledger.headJSON()
            return Response(status: .ok, headers: [.contentType: "application/json", .contentLength: String(buffer.readableBytes)],
                            body: ResponseBody(byteBuffer: buffer))
        }
        api.post("heads") { request, _ in
            _ = try await state.auth.requireSecretariat(request)
            let value = try await parse(request, state: state)
            let head = try checked { try SignedTreeHead.read(value, source: "body") }
            try await mapped { try await state.ledger.addSignedHead(head) }
            state.verifyCache.invalidate()
            return JSONResponse.bytes(CanonicalJSON.encode(head.json), status: .created)
        }
        api.post("entries") { request, _ in try await append(request, state: state) }
        api.get("entries") { request, _ in
            let query = try Query(request, allowed: ["from", "limit", "id"])
            if let id = query.string("id") {
                guard let entry = try await mapped({ try await state.ledger.entry(id: id) }) else { throw APIError.notFound("entry '\(id)'") }
                return JSONResponse.bytes(CanonicalJSON.encode(entry))
            }
            let limit = min(try query.uint("limit") ?? 100, maximumPage)
            let page = try await mapped { try await state.ledger.entries(from: try query.uint("from") ?? 0, limit: limit) }
            return JSONResponse.bytes(CanonicalJSON.encode(["size": .number(String(page.total)), "entries": .array(page.items)]))
        }
        api.get("proofs/inclusion") { request, _ in
            let query = try Query(request, allowed: ["index", "id", "size"])
            // One entry is asked for: with both, one of the two was answered (found from outside).
            if query.string("index") != nil, query.string("id") != nil {
                throw APIError.badRequest("give the entry by ?index=N or by ?id=ID, not both", path: "id")
            }
            let proof = try await mapped {
                try await state.ledger.inclusionProof(index: try query.uint("index"), id: query.string("id"), size: try query.uint("size"))
            }
            return JSONResponse.bytes(CanonicalJSON.encode(proof))
        }
        api.get("proofs/consistency") { request, _ in
            let query = try Query(request, allowed: ["old", "new"])
            guard let old = try query.uint("old") else { throw APIError.badRequest("give the old tree size as ?old=N", path: "old") }
            let proof = try await mapped { try await state.ledger.consistencyProof(oldSize: old, newSize: try query.uint("new")) }
            return JSONResponse.bytes(CanonicalJSON.encode(proof))
        }
        api.get("export") { _, _ in
            JSONResponse.bytes(try await mapped { try await state.ledger.export() }, contentType: "application/x-ndjson")
        }
        api.get("balances") { request, _ in
            let query = try Query(request, allowed: ["period", "party"])
            // A period that cannot match any (`?period=garbage`) answered 200 with no rows.
            if let period = query.string("period") {
                do { _ = try SeasonEntries.period(period, source: "period") } catch {
                    throw APIError.badRequest("period must be START/END, e.g. 2026-04-01/2026-09-30; got '\(period)'", path: "period")
                }
            }
            // A party the ledger does not know (`?party=XX`) answered 200 with no rows.
            if let party = query.string("party") {
                let known = try await mapped { try await state.ledger.partySet() }.parties.keys.sorted()
                guard known.contains(party) else {
                    throw APIError(.notFound, known.isEmpty ? "the ledger has no parties yet (no genesis entry); no party '\(party)'"
                                                            : "the ledger has no party '\(party)'; its parties: \(known.joined(separator: ", "))", path: "party")
                }
            }
            let balances = try await mapped { try await state.ledger.balances(period: query.string("period"), party: query.string("party")) }
            // A figure beyond the canonical number range is a clear error, never a rounded number.
            let rows = try checked { try balances.map { try $0.json() } }
            return JSONResponse.bytes(CanonicalJSON.encode(["balances": .array(rows)]))
        }
        api.get("verify") { _, _ in
            let report = try await verification(state)
            return JSONResponse.bytes(CanonicalJSON.encode(report))
        }
    }

    /// `{"ok": true, "entries", "heads", "root"}` or `{"ok": false, "error"}`.
    static func verification(_ state: ServerState) async throws -> JSONValue {
        let (size, stamp) = try await mapped { try await state.ledger.sizeAndStamp() }
        return try await state.verifyCache.report(size: size, stamp: stamp) { try await fullVerification(state) }
    }

    static func fullVerification(_ state: ServerState) async throws -> JSONValue {
        do {
            let report = try await state.ledger.verify()
            return ["ok": true, "entries": .number(String(report.entries)), "heads": .number(String(report.heads)),
                    "root": .string(LedgerEncoding.hex(report.root))]
        } catch let error as LedgerError {
            return ["ok": false, "error": .string(error.description)]
        }
    }

    static func parse(_ request: Request, state: ServerState) async throws -> JSONValue {
        let buffer = try await request.body.collect(upTo: state.config.maxBodyBytes)
        guard buffer.readableBytes > 0 else { throw APIError.badRequest("the request body is empty; expected a JSON object") }
        return try checked { try JSONParser.parse(Array(buffer.readableBytesView), source: "body") }
    }

    /// Appends an entry exactly as `aral ledger append` does. The caller must be one of the
    /// entry's signers (or the secretariat, who relays entries): a token alone never speaks
    /// for another party, and the signatures alone decide what the entry may do.
    static func append(_ request: Request, state: ServerState) async throws -> Response {
        let caller = try await state.auth.requireParty(request)
        _ = try Query(request, allowed: [])
        let value = try await parse(request, state: state)
        let entry = try submitted(value, by: caller, source: "body")
        let index = try await mapped { try await state.ledger.append(entry) }
        var response = JSONResponse.bytes(CanonicalJSON.encode([
            "index": .number(String(index)), "id": .string(entry.id), "leaf_hash": .string(LedgerEncoding.hex(Merkle.leafHash(entry.canonicalBytes))),
        ]), status: .created)
        response.headers[.location] = "/api/ledger/entries?id=\(entry.id)"
        return response
    }

    /// The entry `value` as `caller` submits it (the API's body, the dashboard's upload): parsed
    /// and schema-checked, and refused unless `caller` is one of its signers or the secretariat.
    static func submitted(_ value: JSONValue, by caller: APIParty, source: String) throws -> LedgerEntry {
        try SignerPrecheck.require(caller, signs: value)
        let entry = try checked { try LedgerEntry.parse(value, source: source) }
        guard caller.isSecretariat || entry.signers.contains(caller.code) else {
            throw APIError.forbidden("entry '\(entry.id)' is not signed by '\(caller.code)'; a party submits only entries it signed")
        }
        return entry
    }

    /// Maps the ledger's errors to statuses: bad input 400, bad signature 403, a valid entry the
    /// log refuses 409, an impossible proof request 400, storage 500.
    static func mapped<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as LedgerError {
            throw apiError(error)
        }
    }

    /// `mapped` for synchronous work (parsing).
    static func checked<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as LedgerError {
            throw apiError(error)
        }
    }

    static func apiError(_ error: LedgerError) -> any Error {
        switch error {
        case .invalidField(_, let field, _): APIError(.badRequest, error.description, path: field)
        case .malformedJSON: APIError(.badRequest, error.description)
        case .unauthorized: APIError(.forbidden, error.description)
        case .rejected, .alreadyInitialized, .notInitialized: APIError(.conflict, error.description)
        case .invalidProofRequest, .invalidKey: APIError(.badRequest, error.description)
        case .verificationFailed: APIError(.conflict, error.description)
        case .storage: error
        }
    }
}
