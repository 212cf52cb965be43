import Foundation
import AralFormats
import AralModel
import AralSchema

/// Pywr's `includes`: JSON files merged into the model before it is read
/// (`Model._load_json_include`): a list extends the model's list of the same key, an object
/// updates the model's object (an included key replaces the model's), anything else replaces
/// the model's value. Python modules (`.py`) define parameters in code, which Aral
/// deliberately does not run; they are an error naming the file.
extension PywrBuilder {
    func mergingIncludes(_ root: JSONNode) throws(ModelFileError) -> JSONNode {
        guard let includes = root["includes"], !includes.isNull else { return root }
        guard var members = root.members else { return root }
        for entry in try list(includes) {
            let name = try string(entry)
            let ext = (name as NSString).pathExtension.lowercased()
            guard ext == "json" else {
                if ext == "py" {
                    throw issue(entry, "'\(name)' is a Python module: parameters written in Python cannot run in Aral")
                }
                throw issue(entry, "include file type '.\(ext)' is not supported (Pywr supports .json and .py)")
            }
            let path = resolvedPath(name)
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw issue(entry, "cannot read the included file '\(name)' (looked for \(path))")
            }
            let included = try JSONReader.parse(text, file: path)
            guard let additions = included.members else {
                throw ModelFileError(FileIssue(file: path, line: included.line, path: nil, message: "an included file is a JSON object"))
            }
            for (key, value) in additions {
                let existing = members.lastIndex { $0.key == key }
                if let i = existing, case .array(let mine) = members[i].value.value, case .array(let theirs) = value.value {
                    members[i].value.value = .array(mine + theirs)
                } else if let i = existing, case .object(let mine) = members[i].value.value, case .object(let theirs) = value.value {
                    var merged = mine
                    for (k, v) in theirs {
                        if let j = merged.lastIndex(where: { $0.key == k }) { merged[j].value = v } else { merged.append((k, v)) }
                    }
                    members[i].value.value = .object(merged)
                } else if let i = existing {
                    members[i].value = value
                } else {
                    members.append((key, value))
                }
            }
        }
        return JSONNode(value: .object(members), path: root.path, line: root.line)
    }
}
