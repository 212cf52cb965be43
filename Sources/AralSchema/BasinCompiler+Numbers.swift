/// Every number of the document is finite. The model is decoded with `Codable`, which reads
/// YAML's `.nan`, `.inf` and `1e400` as doubles without a word, so there is no one number
/// reader to put the check in; this walk is that one place instead. It visits every `Double`
/// of the document, fields added later included, and refuses a NaN or an infinity at its key
/// path (`nodes[1].maxVolume`, `settings.spillCost`, `policy.shares.syr-darya.KG`): `maxVolume:
/// .nan` validated and stopped the run at step 0, `spillCost: .nan` and
/// `lowestPriorityBenefit: .nan` validated and ran with NaN costs (found from outside).
///
/// Schedules are left to `ScheduleContext`, where a constant `.inf` is documented as "no
/// limit" and a NaN is refused with the same key path.
extension BasinCompiler {
    func checkNumbers(_ c: inout CompileContext) {
        var found: [(path: String, value: Double)] = []
        Self.walk(c.document, path: "", into: &found)
        for (path, value) in found {
            c.add(path, "must be a finite number; got \(value)")
            c.nonFinitePaths.insert(path)
        }
    }

    /// Collects the non-finite doubles under `value`, each with its key path (property names
    /// are the file's keys: every document type's coding keys are its property names).
    private static func walk(_ value: Any, path: String, into found: inout [(path: String, value: Double)]) {
        if let x = value as? Double {
            if !x.isFinite { found.append((path, x)) }
            return
        }
        if value is ScheduleDocument || value is String { return }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            for child in mirror.children { walk(child.value, path: path, into: &found) }
        case .collection, .set:
            for (i, child) in mirror.children.enumerated() { walk(child.value, path: "\(path)[\(i)]", into: &found) }
        case .dictionary:
            // Each entry is a (key, value) pair; sorted by key so the report does not depend on hashing.
            let entries = mirror.children.compactMap { entry -> (String, Any)? in
                let pair = Array(Mirror(reflecting: entry.value).children)
                guard pair.count == 2 else { return nil }
                return ("\(pair[0].value)", pair[1].value)
            }
            for (key, inner) in entries.sorted(by: { $0.0 < $1.0 }) { walk(inner, path: join(path, key), into: &found) }
        case .struct, .class:
            for child in mirror.children {
                guard let label = child.label else { continue }
                walk(child.value, path: join(path, label), into: &found)
            }
        default:
            // Enums (a node kind, a named period) carry no number a user writes.
            return
        }
    }

    private static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}
