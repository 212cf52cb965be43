import Foundation
import Hummingbird
import AralLedger
import HTTPTypes
import HummingbirdCore
import NIOCore

/// The consortium's season in the dashboard (docs/season.md, the CLI's steps side by side):
/// a plan's obligations proposed for each debtor to sign, signed entries uploaded, deliveries
/// proposed from measurements, acknowledged or disputed, the balances, and the settlement
/// signed by every party. The server proposes unsigned entries only, made by the functions the
/// CLI calls (`SeasonEntries`), and never signs: a party signs a downloaded file on its own
/// machine (`aral ledger sign`, or `docs/sign.html` opened from its own disk) and uploads it.
/// Downloads are `GET`s that change nothing; the two actions are CSRF-checked posts
/// (`SeasonActions`).
enum SeasonPages {
    static func add(to router: Router<BasicRequestContext>, state: ServerState) {
        router.get("season") { request, _ in try await DashboardRoutes.html(state) { try await season(request, state: state) } }
        router.get("season/balances") { _, _ in try await DashboardRoutes.html(state) { try await balances(state) } }
        router.get("season/plans/:id") { _, context in try await DashboardRoutes.html(state) { try await plan(context, state: state) } }
        router.get("season/plans/:id/entries/:file") { _, context in
            try await DashboardRoutes.html(state) { try await obligationFile(context, state: state) }
        }
        router.get("season/answer") { request, _ in try await DashboardRoutes.html(state) { try await answerFile(request, state: state) } }
        router.get("season/settlement") { request, _ in try await DashboardRoutes.html(state) { try await settlementFile(request, state: state) } }
        SeasonActions.add(to: router, state: state)
    }

    /// The log as the season pages read it: every entry with its index, the parties and the
    /// ledger's identity (nil before the genesis).
    struct Log: Sendable {
        var entries: [Indexed] = []
        var parties: PartySet?
        var identity: LedgerID?
        struct Indexed: Sendable { var index: UInt64; var entry: LedgerEntry }

        var all: [LedgerEntry] { entries.map(\.entry) }
        func indexed(id: String) -> Indexed? { entries.first { $0.entry.id == id } }
    }

    static func log(_ state: ServerState) async throws -> Log {
        try await LedgerRoutes.mapped {
            try await state.ledger.blocking { [ledger = state.ledger.ledger] in
                var log = Log()
                try ledger.forEachEntry { index, entry in log.entries.append(.init(index: index, entry: entry)) }
                guard !log.entries.isEmpty else { return log }
                log.parties = try ledger.store.partySet()
                log.identity = try ledger.identity()
                return log
            }
        }
    }

    // MARK: - Pages

    /// `/season`: the season's steps, the deliveries to answer, the settlements being signed.
    static func season(_ request: Request, state: ServerState) async throws -> Response {
        let query = try Query(request, allowed: ["entry"])
        let log = try await log(state)
        let plans = try await state.store.runs(kind: .plan).filter { $0.status == .done }
        var obligations: [[String: Any]] = [], deliveries: [[String: Any]] = [], closed: [[String: Any]] = []
        var answers: [String: String] = [:]
        for item in log.entries {
            switch item.entry.kind {
            case .acknowledgement, .dispute:
                if let delivery = item.entry.body["delivery"]?.stringValue, answers[delivery] == nil {
                    answers[delivery] = item.entry.kind == .acknowledgement ? "acknowledged" : "disputed"
                }
            default: break
            }
        }
        for item in log.entries {
            let signers = item.entry.signers.joined(separator: ", ")
            switch try LedgerRoutes.checked({ try item.entry.typedBody(source: "entry \(item.index)") }) {
            case let .obligation(o):
                obligations.append(["index": item.index, "id": item.entry.id, "from": o.transfer.from, "to": o.transfer.to,
                                    "what": what(o.transfer.commodity), "period": o.period.key, "signers": signers])
            case let .delivery(d):
                let status = answers[item.entry.id] ?? "pending"
                deliveries.append(["index": item.index, "id": item.entry.id, "from": d.transfer.from, "to": d.transfer.to,
                                   "what": what(d.transfer.commodity), "period": d.period.key, "obligation": d.obligation ?? "—",
                                   "status": status, "isPending": status == "pending",
                                   "acknowledge": "/season/answer?" + formQuery([("delivery", item.entry.id), ("kind", "acknowledgement")])])
            case let .settlement(s):
                closed.append(["id": item.entry.id, "period": s.period.key, "signers": signers])
            default: break
            }
        }
        let pending: [[String: Any]] = state.settlements.all().map { entry in
            ["id": entry.id, "signed": entry.signers.joined(separator: ", "),
             "missing": SeasonEntries.missingSignatures(of: entry).joined(separator: ", "),
             "download": dataLink(entry.fileBytes), "fileName": SeasonEntries.fileStem(entry.id) + ".json"]
        }
        let rows = try await LedgerRoutes.mapped { try await state.ledger.balances(period: nil, party: nil) }
        let periods = Set(rows.map(\.period)).sorted()
        var context: [String: Any] = [
            "plans": plans.map(RunPages.row), "hasPlans": !plans.isEmpty,
            "obligations": obligations, "hasObligations": !obligations.isEmpty,
            "deliveries": deliveries, "hasDeliveries": !deliveries.isEmpty,
            "closed": closed, "hasClosed": !closed.isEmpty,
            "pending": pending, "hasPending": !pending.isEmpty,
            "periods": periods.map { ["period": $0.key] },
            "hasLedger": log.identity != nil,
            "party": DashboardSession.current?.party ?? "",
        ]
        // The water year the obligations span, the settlement the CLI's walk proposes.
        if let first = periods.first?.start, let last = periods.map(\.end).max() { context["span"] = "\(first)/\(last)" }
        if let id = query.string("entry") { context["outcome"] = outcome(of: id, log: log, state: state) }
        return state.pages.page("season", title: "The season", context)
    }

    /// What became of an uploaded entry, read from the ledger (not from the request).
    static func outcome(of id: String, log: Log, state: ServerState) -> String? {
        if let item = log.indexed(id: id) {
            return "'\(id)' (\(item.entry.kind.rawValue)) is in the ledger as entry \(item.index), signed by \(item.entry.signers.joined(separator: ", "))."
        }
        if let pending = state.settlements.entry(id: id) {
            return "'\(id)': signed by \(pending.signers.joined(separator: ", ")); waiting for \(SeasonEntries.missingSignatures(of: pending).joined(separator: ", "))."
        }
        return nil
    }

    /// `/season/balances`: the ledger's `Balances`, every figure `aral ledger balance --json` prints.
    static func balances(_ state: ServerState) async throws -> Response {
        let rows = try await LedgerRoutes.mapped { try await state.ledger.balances(period: nil, party: nil) }
        return state.pages.page("season-balances", title: "Balances", [
            "rows": rows.map { b -> [String: Any] in
                ["period": b.period.key, "party": b.party, "settled": b.settled ? "yes" : "no",
                 "waterOwed": "\(b.waterOwed)", "waterDelivered": "\(b.waterDelivered)", "waterPending": "\(b.waterPending)",
                 "waterDisputed": "\(b.waterDisputed)", "waterNet": "\(b.waterNet)",
                 "energyOwed": "\(b.energyOwed)", "energyDelivered": "\(b.energyDelivered)", "energyPending": "\(b.energyPending)",
                 "energyDisputed": "\(b.energyDisputed)", "energyNet": "\(b.energyNet)",
                 "usdOwed": "\(b.usdOwed)", "usdDelivered": "\(b.usdDelivered)", "usdPending": "\(b.usdPending)",
                 "usdDisputed": "\(b.usdDisputed)", "usdNet": "\(b.usdNet)"]
            },
            "hasRows": !rows.isEmpty,
        ])
    }

    /// `/season/plans/{id}`: the plan's obligations, one unsigned entry per obligation, each
    /// either awaiting its debtor's signature or in the ledger.
    static func plan(_ context: BasicRequestContext, state: ServerState) async throws -> Response {
        let (run, proposals) = try await obligations(context, state: state)
        let log = try await log(state)
        let rows: [[String: Any]] = proposals.map { p in
            let o = try? p.entry.typedBody(source: p.fileName)
            var row: [String: Any] = ["id": p.entry.id, "debtor": p.signer, "file": p.fileName,
                                      "download": "/season/plans/\(run.id)/entries/\(p.fileName)"]
            if case let .obligation(ob)? = o {
                row["to"] = ob.transfer.to
                row["what"] = what(ob.transfer.commodity)
                row["period"] = ob.period.key
            }
            if let item = log.indexed(id: p.entry.id) {
                row["status"] = "signed by \(item.entry.signers.joined(separator: ", ")): entry \(item.index)"
                row["signed"] = true
            } else {
                row["status"] = "awaiting \(p.signer)'s signature"
                row["signed"] = false
            }
            return row
        }
        let debtors = Set(proposals.map(\.signer)).sorted().map { debtor in
            ["debtor": debtor, "obligations": rows.filter { $0["debtor"] as? String == debtor }]
        }
        return state.pages.page("season-plan", title: "Obligations of \(run.name)", [
            "id": run.id, "name": run.name, "debtors": debtors, "count": proposals.count, "none": proposals.isEmpty, "hasLedger": log.identity != nil,
        ])
    }

    /// The unsigned obligation file `aral ledger propose-obligations` writes under that name.
    static func obligationFile(_ context: BasicRequestContext, state: ServerState) async throws -> Response {
        let (_, proposals) = try await obligations(context, state: state)
        let file = context.parameters.get("file") ?? ""
        guard let p = proposals.first(where: { $0.fileName == file }) else { throw APIError.notFound("obligation file '\(file)'") }
        return download(p.entry.fileBytes, name: p.fileName)
    }

    /// A stored plan's obligations as `SeasonEntries.obligations` proposes them (the CLI's
    /// `propose-obligations` on the same file).
    static func obligations(_ context: BasicRequestContext, state: ServerState) async throws -> (RunRecord, [SeasonEntries.Proposal]) {
        let id = try InputCheck.id(context.parameters.get("id") ?? "", name: "id")
        guard let run = try await state.store.run(id: id) else { throw APIError.notFound("plan \(id)") }
        guard run.kind == .plan else { throw APIError(.conflict, "\(id) is a run, not a plan: obligations come from a plan with the exchange") }
        guard let docs = try await state.store.runDocuments(id: id) else { throw APIError(.conflict, "plan \(id) has no results (\(run.status.rawValue))") }
        let source = "plan \(id) obligations"
        let value = try LedgerRoutes.checked { try JSONParser.parse(Array(docs.exchangeJSON.utf8), source: source) }
        guard value.objectValue?.isEmpty == false else {
            throw APIError(.conflict, "plan \(id) has no exchange (the model has no upstream state), so it makes no obligations")
        }
        // An exchange that owes nothing proposes nothing (the page said "must hold at least one
        // obligation", a 400, from the plan's own link; found from outside).
        if value["obligations"]?.arrayValue?.isEmpty == true { return (run, []) }
        return (run, try LedgerRoutes.checked { try SeasonEntries.obligations(from: value, source: source) })
    }

    /// `/season/answer?delivery=ID&kind=acknowledgement|dispute[&reason=…]`: the receiver's
    /// unsigned answer to a delivery in the ledger (`aral ledger acknowledge` / `dispute`).
    static func answerFile(_ request: Request, state: ServerState) async throws -> Response {
        let query = try Query(request, allowed: ["delivery", "kind", "reason"])
        guard let delivery = query.string("delivery"), LedgerEntry.isValidID(delivery) else {
            throw APIError.badRequest("name the delivery: ?delivery=ENTRY-ID", path: "delivery")
        }
        guard let item = try await log(state).indexed(id: delivery), item.entry.kind == .delivery else {
            throw APIError.notFound("delivery '\(delivery)' in the ledger")
        }
        let entry: LedgerEntry
        switch query.string("kind") {
        case "acknowledgement": entry = SeasonEntries.acknowledgement(of: delivery)
        case "dispute":
            let reason = (query.string("reason") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !reason.isEmpty, reason.count <= maximumReason else {
                throw APIError.badRequest("a dispute says why, in at most \(maximumReason) characters", path: "reason")
            }
            entry = SeasonEntries.dispute(of: delivery, reason: reason)
        default: throw APIError.badRequest("kind is acknowledgement or dispute", path: "kind")
        }
        _ = try LedgerRoutes.checked { try entry.typedBody(source: "the answer") }
        return download(entry.fileBytes, name: SeasonEntries.fileStem(entry.id) + ".json")
    }

    static let maximumReason = 500

    /// `/season/settlement?period=START/END`: the period's settlement, unsigned
    /// (`aral ledger propose-settlement`), with the balances the ledger computes.
    static func settlementFile(_ request: Request, state: ServerState) async throws -> Response {
        let query = try Query(request, allowed: ["period"])
        let period = try LedgerRoutes.checked { try SeasonEntries.period(query.string("period") ?? "", source: "query") }
        let entries = try await log(state).all
        let proposal = try LedgerRoutes.checked { try SeasonEntries.settlement(period: period, entries: entries) }
        return download(proposal.entry.fileBytes, name: proposal.fileName)
    }

    // MARK: - Helpers

    /// A download: the bytes, as JSON, saved under `name`.
    static func download(_ bytes: [UInt8], name: String) -> Response {
        var response = JSONResponse.bytes(bytes, contentType: "application/json")
        response.headers[.contentDisposition] = "attachment; filename=\"\(name)\""
        return response
    }

    /// A link that saves `bytes` (an unsigned entry proposed from an upload, which the server
    /// does not keep) as a file: `data:` URLs are downloads, not loads, so the CSP is unchanged.
    static func dataLink(_ bytes: [UInt8]) -> String {
        "data:application/json;charset=utf-8;base64," + Data(bytes).base64EncodedString()
    }

    static func what(_ commodity: Commodity) -> String {
        switch commodity {
        case let .water(volume, gauge): "\(volume) Mm³ of water at \(gauge)"
        case let .energy(mwh, form): "\(mwh) MWh of \(form)"
        }
    }

    static func formQuery(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
    }
}
