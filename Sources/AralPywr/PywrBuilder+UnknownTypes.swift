import AralSchema

/// Every node and named parameter type Aral cannot run, found before anything is built.
///
/// Why a pass of its own: the builder stops at its first problem, so a model written for a
/// project's own Python types (custom nodes and half a dozen custom parameters) was reported as
/// "1 problem" — the first node — and the user fixed one type per run. Each supported list is
/// given once, with the first unknown type of its kind.
extension PywrBuilder {
    func checkTypesKnown(nodes: [JSONNode]) throws(ModelFileError) {
        var issues: [FileIssue] = []
        var listed = false
        for node in nodes {
            guard let typeNode = node["type"], let type = typeNode.string?.lowercased(), !Self.supportedTypes.contains(type) else { continue }
            let name = node["name"]?.string.map { " (node '\($0)')" } ?? ""
            let supported = listed ? "" : "; supported: \(Self.supportedTypes.joined(separator: ", "))"
            issues.append(issue(typeNode, "unsupported Pywr node type '\(type)'\(name)\(supported)").issues[0])
            listed = true
        }
        listed = false
        for (name, definition) in parameterDefinitions.sorted(by: { $0.key < $1.key }) {
            guard let typeNode = definition["type"], let text = typeNode.string,
                  !Self.supportedParameterTypes.contains(Self.normalisedType(text)) else { continue }
            let supported = listed ? "" : "; supported: \(Self.supportedParameterTypes.joined(separator: ", "))"
            issues.append(issue(typeNode, "unsupported Pywr parameter type '\(text)' (parameter '\(name)')\(supported)").issues[0])
            listed = true
        }
        guard issues.isEmpty else { throw ModelFileError(issues: issues) }
    }
}
