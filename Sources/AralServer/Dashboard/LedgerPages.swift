import Foundation
import Hummingbird
import AralLedger
import HTTPTypes
import HummingbirdCore
import NIOCore

/// The ledger page (signed head, balances, latest entries, a verify button) and the
/// verification result page.
enum LedgerPages {
    static let entriesShown: UInt64 = 50

    static func ledger(_ state: ServerState) async throws -> Response {
        let total = try await LedgerRoutes.mapped { try await state.ledger.size() }
        let page = try await LedgerRoutes.mapped { try await state.ledger.entries(from: total > entriesShown ? total - entriesShown : 0, limit: entriesShown) }
        let head = try await LedgerRoutes.mapped { try await state.ledger.blocking { [ledger = state.ledger.ledger] in
            (try ledger.currentHead(), try ledger.store.heads().last?.head)
        } }
        let balances = try await LedgerRoutes.mapped { try await state.ledger.balances(period: nil, party: nil) }
        let entries: [[String: Any]] = page.items.reversed().map { item in
            let entry = item["entry"]
            var note = ""
            if case .object(let body)? = entry?["body"] {
                note = body["note"]?.stringValue ?? body["description"]?.stringValue ?? body["ledger"]?.stringValue ?? ""
            }
            return [
                "index": item["index"].map(CanonicalJSON.encodeString) ?? "",
                "id": entry?["id"]?.stringValue ?? "",
                "kind": entry?["kind"]?.stringValue ?? "",
                "signers": (entry?["signatures"]?.arrayValue ?? []).compactMap { $0["party"]?.stringValue }.joined(separator: ", "),
                "note": note,
            ]
        }
        var context: [String: Any] = [
            "size": String(total), "root": LedgerEncoding.hex(head.0.root), "entries": entries, "hasEntries": !entries.isEmpty,
            "balances": balances.map { b in
                ["period": b.period.key, "party": b.party, "waterOwed": "\(b.waterOwed)", "waterDelivered": "\(b.waterDelivered)",
                 "energyOwed": "\(b.energyOwed)", "energyDelivered": "\(b.energyDelivered)", "settled": b.settled ? "yes" : "no"]
            },
            "hasBalances": !balances.isEmpty,
        ]
        if let signed = head.1 {
            context["signed"] = ["size": String(signed.size), "root": LedgerEncoding.hex(signed.root),
                                 "timestamp": String(signed.timestamp), "signers": signed.signatures.map(\.party).joined(separator: ", ")]
        }
        return state.pages.page("ledger", title: "Ledger", context)
    }

    static func verify(_ state: ServerState) async throws -> Response {
        let result = try await LedgerRoutes.verification(state)
        let ok = result["ok"] == .bool(true)
        return state.pages.page("verify", title: "Ledger verification", [
            "ok": ok, "entries": result["entries"].map(CanonicalJSON.encodeString) ?? "",
            "heads": result["heads"].map(CanonicalJSON.encodeString) ?? "",
            "root": result["root"]?.stringValue ?? "", "error": result["error"]?.stringValue ?? "",
        ])
    }
}
