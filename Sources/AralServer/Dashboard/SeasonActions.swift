import Foundation
import Hummingbird
import AralLedger
import AralSchema
import HTTPTypes
import HummingbirdCore
import NIOCore

/// The season's two forms, each a `multipart/form-data` post (it carries files) refused with a
/// 403 unless its `csrf` field is the session's, before anything in it is read, and done for the
/// signed-in party only:
/// * `POST /season/entries`: a signed entry file, appended exactly as `POST /api/ledger/entries`
///   appends it (`LedgerRoutes.submitted`: the party must be one of its signers; then the
///   ledger's schema, signature and authority checks in the append transaction). A settlement
///   missing signatures is gathered (`SettlementSignatures`) until every party in it has signed.
/// * `POST /season/deliveries`: the observed flows and the dispatcher's energy report, read as
///   `aral ledger propose-deliveries --flows --energy --plan` reads them, against a stored plan;
///   the answer lists the unsigned delivery entries for the deliverer to sign and upload.
enum SeasonActions {
    static func add(to router: Router<BasicRequestContext>, state: ServerState) {
        router.post("season/entries") { request, _ in try await DashboardRoutes.html(state) { try await upload(request, state: state) } }
        router.post("season/deliveries") { request, _ in try await DashboardRoutes.html(state) { try await proposeDeliveries(request, state: state) } }
    }

    /// The form's parts once its anti-forgery token has been checked, and the signed-in party.
    static func read(_ request: Request, state: ServerState) async throws -> (SeasonUploadForm, APIParty) {
        let contentType = request.headers[.contentType] ?? "no content type"
        let buffer = try await request.body.collect(upTo: state.config.maxBodyBytes)
        let form = try SeasonUploadForm.parse(buffer, contentType: contentType)
        try DashboardForms.check(form.fields["csrf"])
        return (form, try await DashboardForms.caller(state))
    }

    static func upload(_ request: Request, state: ServerState) async throws -> Response {
        let (form, caller) = try await read(request, state: state)
        guard let file = form.files["entry"] else { throw APIError.badRequest("choose the signed entry file to upload", path: "entry") }
        let value = try LedgerRoutes.checked { try JSONParser.parse(Array(file.text.utf8), source: file.name) }
        var entry = try LedgerRoutes.submitted(value, by: caller, source: file.name)
        if entry.kind == .settlement {
            let log = try await SeasonPages.log(state)
            guard let parties = log.parties, let identity = log.identity else {
                throw APIError(.conflict, "the ledger has no genesis entry yet: there is nothing to settle")
            }
            try dropIfStale(entry, log: log, state: state)
            entry = try LedgerRoutes.checked { try state.settlements.gather(entry, parties: parties, ledger: identity) }
            guard SeasonEntries.missingSignatures(of: entry).isEmpty else {
                return DashboardForms.redirect("/season?" + SeasonPages.formQuery([("entry", entry.id)]))
            }
        }
        _ = try await LedgerRoutes.mapped { try await state.ledger.append(entry) }
        if entry.kind == .settlement { state.settlements.remove(entry.id) }
        return DashboardForms.redirect("/season?" + SeasonPages.formQuery([("entry", entry.id)]))
    }

    /// Signatures gathered for a settlement the ledger no longer computes (an entry of its period
    /// was appended since it was proposed) are dropped when a copy with other figures arrives, so
    /// the parties can sign the new proposal; a copy that is neither is refused by `gather`.
    static func dropIfStale(_ upload: LedgerEntry, log: SeasonPages.Log, state: ServerState) throws {
        guard let pending = state.settlements.entry(id: upload.id), pending.body != upload.body,
              case let .settlement(s)? = try? pending.typedBody(source: pending.id) else { return }
        let current = try? SettlementProposal.entry(period: s.period, entries: log.all)
        if current?.body != pending.body { state.settlements.remove(upload.id) }
    }

    static func proposeDeliveries(_ request: Request, state: ServerState) async throws -> Response {
        let (form, caller) = try await read(request, state: state)
        let party = try InputCheck.partyCode((form.fields["party"] ?? "").isEmpty ? caller.code : form.fields["party"] ?? "", path: "party")
        guard caller.isSecretariat || caller.code == party else {
            throw APIError.forbidden("'\(caller.code)' proposes its own deliveries only (the secretariat anyone's); not '\(party)'s")
        }
        let flowsFile = form.files["flows"], energyFile = form.files["energy"]
        guard flowsFile != nil || energyFile != nil else {
            throw APIError.badRequest("give the measurements: the observed flows, the energy report or both", path: "flows")
        }
        var plan: MeasuredDeliveries.PlanReference?
        if let id = form.fields["plan"], !id.isEmpty {
            let planID = try InputCheck.id(id, name: "plan")
            guard let run = try await state.store.run(id: planID), run.kind == .plan,
                  let docs = try await state.store.runDocuments(id: planID) else {
                throw APIError(.unprocessableContent, "no finished plan \(planID)", path: "plan")
            }
            plan = try measurements { try MeasuredDeliveries.PlanReference.parse(docs.summaryJSON, file: "plan \(planID)") }
        }
        let flows = try flowsFile.map { f in try measurements { try MeasuredDeliveries.Flows.parse(f.text, file: f.name) } }
        let energy = try energyFile.map { f in try measurements { try MeasuredDeliveries.EnergyReport.parse(f.text, file: f.name) } }
        let log = try await SeasonPages.log(state)
        let proposed = try LedgerRoutes.checked {
            try SeasonEntries.deliveries(deliverer: party, entries: log.all, flows: flows, plan: plan, energy: energy)
        }
        return state.pages.page("season-deliveries", title: "Deliveries proposed for \(party)", [
            "party": party,
            "entries": proposed.proposals.map { p in
                ["id": p.entry.id, "fileName": p.fileName, "download": SeasonPages.dataLink(p.entry.fileBytes),
                 "json": CanonicalJSON.encodeString(p.entry.json), "what": whatOf(p.entry)]
            },
            "hasEntries": !proposed.proposals.isEmpty,
            "skipped": proposed.skipped.map { ["obligation": $0.obligation, "reason": $0.reason] },
            "hasSkipped": !proposed.skipped.isEmpty,
            "owesNothing": proposed.proposals.isEmpty && proposed.owesNothing,
        ])
    }

    static func whatOf(_ entry: LedgerEntry) -> String {
        guard case let .delivery(d)? = try? entry.typedBody(source: entry.id) else { return "" }
        return "\(SeasonPages.what(d.transfer.commodity)) to \(d.transfer.to) in \(d.period.key)"
    }

    /// A measurement file's problem, as the CLI prints it (file, line, column and message), as a 422.
    static func measurements<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as ModelFileError {
            throw APIError(.unprocessableContent, error.issues.map(\.description).joined(separator: "; "))
        }
    }
}
