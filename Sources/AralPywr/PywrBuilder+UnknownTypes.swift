import AralSchema

/// Every node and named parameter type Aral cannot run, found before anything is built.
///
/// Why a pass of its own: the builder stops at its first problem, so a model written for a
/// project's own Python types (custom nodes and half a dozen custom parameters) was reported as
/// "1 problem" — the first node — and the user fixed one type per run. The supported lists are
/// given once at the end, not after every type.
extension PywrBuilder {
    func checkTypesKnown(nodes: [JSONNode]) throws(ModelFileError) {
        var issues: [FileIssue] = []
        var nodeTypeUnknown = false, parameterTypeUnknown = false
        for node in nodes {
            guard let typeNode = node["type"], let type = typeNode.string?.lowercased(), !Self.supportedTypes.contains(type) else { continue }
            let name = node["name"]?.string.map { " (node '\($0)')" } ?? ""
            issues.append(issue(typeNode, "unsupported Pywr node type '\(type)'\(name)").issues[0])
            nodeTypeUnknown = true
        }
        for (name, definition) in parameterDefinitions.sorted(by: { $0.key < $1.key }) {
            guard let typeNode = definition["type"], let text = typeNode.string,
                  !Self.supportedParameterTypes.contains(Self.normalisedType(text)) else { continue }
            issues.append(issue(typeNode, "unsupported Pywr parameter type '\(text)' (parameter '\(name)')").issues[0])
            parameterTypeUnknown = true
        }
        guard !issues.isEmpty else { return }
        if nodeTypeUnknown {
            issues.append(FileIssue(file: file, message: "supported node types: \(Self.supportedTypes.joined(separator: ", "))"))
        }
        if parameterTypeUnknown {
            issues.append(FileIssue(file: file, message: "supported parameter types: \(Self.supportedParameterTypes.joined(separator: ", "))"))
        }
        throw ModelFileError(issues: issues)
    }
}
