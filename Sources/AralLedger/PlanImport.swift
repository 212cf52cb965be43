/// The shape in which the planner (issue 4) writes obligations for the ledger to import:
///
///     {"plan": "syr-darya-2026",                       // plan id: entry ids become "<plan>/<n>"
///      "obligations": [
///        {"from": "KG", "to": "UZ",
///         "period": {"start": "2026-04-01", "end": "2026-09-30"},
///         "water": {"volume_mm3": 2350.5, "gauge": "Toktogul outflow"},   // or "energy": {"mwh": …, "form": …}
///         "by": "2026-09-30", "agreement": "syr-2026", "note": "…"}]}     // by, agreement, note optional
///
/// Each item becomes an `obligation` entry whose body is the item plus `"plan": <plan>`.
public enum PlanImport {
    public static func entries(from value: JSONValue, source: String) throws(LedgerError) -> [LedgerEntry] {
        guard let object = value.objectValue else {
            throw LedgerError.invalidField(source: source, field: "(root)", reason: "expected an object, found \(value.typeName)")
        }
        let r = FieldReader(source: source, path: "", fields: object)
        try r.allowOnly(["plan", "obligations", "generated_by", "note"])
        let plan = try r.string("plan")
        guard LedgerEntry.isValidID(plan), plan.utf8.count <= LedgerEntry.maximumIDLength - 8 else {
            throw r.fieldError("plan", "'\(plan)' is not usable as an id prefix (A–Z a–z 0–9 . _ : / -, at most \(LedgerEntry.maximumIDLength - 8) characters)")
        }
        var result: [LedgerEntry] = []
        for (i, item) in try r.objects("obligations").enumerated() {
            var fields = item.fields
            if fields["plan"] != nil { throw item.fieldError("plan", "set at the top level, not per obligation") }
            fields["plan"] = .string(plan)
            let entry = LedgerEntry(id: "\(plan)/\(i + 1)", kind: .obligation, body: .object(fields))
            _ = try EntryBody.read(kind: .obligation, body: entry.body, source: "\(source) (obligations[\(i)])")
            result.append(entry)
        }
        guard !result.isEmpty else { throw r.fieldError("obligations", "must hold at least one obligation") }
        return result
    }
}
