import Foundation
public import AralModel
import Yams

/// Reads a basin model file (YAML, or JSON, which YAML reads too), decodes it and compiles
/// it, turning every problem into `file:line:column: key.path: message`.
public enum ModelLoader {
    /// Reads and decodes a model file without compiling it.
    public static func readDocument(path: String) throws(ModelFileError) -> (BasinDocument, String) {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ModelFileError(FileIssue(file: path, message: "file not found"))
        }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ModelFileError(FileIssue(file: path, message: "cannot read the file: \(error.localizedDescription)"))
        }
        return (try decode(text, file: path), text)
    }

    /// Decodes model text; errors carry the file name given.
    public static func decode(_ text: String, file: String) throws(ModelFileError) -> BasinDocument {
        let node: Yams.Node?
        do { node = try Yams.compose(yaml: text) } catch {
            throw ModelFileError(syntaxIssue(error, file: file))
        }
        guard let node else { throw ModelFileError(FileIssue(file: file, message: "the file is empty")) }
        guard node.mapping != nil else {
            throw ModelFileError(FileIssue(file: file, line: node.mark?.line, message: "a model file is a mapping with timestepper, nodes and edges"))
        }
        do {
            return try YAMLDecoder().decode(BasinDocument.self, from: text)
        } catch let error as DecodingError {
            throw ModelFileError(decodingIssue(error, file: file, root: node))
        } catch {
            throw ModelFileError(FileIssue(file: file, message: "\(error)"))
        }
    }

    /// Reads, decodes and compiles a model file; CSV series are read relative to its folder.
    public static func load(path: String) throws(ModelFileError) -> BasinModel {
        let (document, text) = try readDocument(path: path)
        return try compile(document, text: text, file: path)
    }

    public static func compile(_ document: BasinDocument, text: String, file: String) throws(ModelFileError) -> BasinModel {
        let base = (file as NSString).deletingLastPathComponent
        let compiler = BasinCompiler(seriesSource: CSVSeriesSource(baseDirectory: base.isEmpty ? "." : base))
        do {
            return try compiler.compile(document)
        } catch {
            let root = try? Yams.compose(yaml: text)
            throw ModelFileError(issues: error.issues.map { issue in
                let mark = root.flatMap { locate(issue.components, in: $0) }
                return FileIssue(file: file, line: mark?.line, column: mark?.column, path: issue.path, message: issue.message)
            })
        }
    }

    // MARK: - Locating problems

    /// The position of the deepest node on `path` that exists in the file.
    static func locate(_ path: [PathComponent], in root: Yams.Node) -> Yams.Mark? {
        var node = root
        var mark = root.mark
        for component in path {
            switch component {
            case .key(let key):
                guard let mapping = node.mapping else { return mark }
                guard let pair = mapping.first(where: { $0.key.string == key }) else { return mark }
                mark = pair.key.mark ?? mark
                node = pair.value
            case .index(let i):
                guard let sequence = node.sequence, i >= 0, i < sequence.count else { return mark }
                node = sequence[i]
                mark = node.mark ?? mark
            }
        }
        return mark
    }

    static func decodingIssue(_ error: DecodingError, file: String, root: Yams.Node) -> FileIssue {
        let path: [any CodingKey], message: String
        switch error {
        case .keyNotFound(let key, let context):
            path = context.codingPath
            let what = context.debugDescription.hasPrefix("No value associated") ? "" : " (\(context.debugDescription))"
            message = "missing required key '\(key.stringValue)'\(what)"
        case .typeMismatch(let type, let context):
            path = context.codingPath
            message = "expected \(describe(type)), found something else\(context.debugDescription.isEmpty ? "" : " (\(context.debugDescription))")"
        case .valueNotFound(let type, let context):
            path = context.codingPath
            message = "expected \(describe(type)), found nothing"
        case .dataCorrupted(let context):
            path = context.codingPath
            message = context.debugDescription
        @unknown default:
            path = []
            message = "\(error)"
        }
        let components = path.map { key -> PathComponent in
            if let i = key.intValue { return .index(i) }
            return .key(key.stringValue)
        }
        let mark = locate(components, in: root)
        return FileIssue(file: file, line: mark?.line, column: mark?.column, path: renderKeyPath(path), message: message)
    }

    static func describe(_ type: Any.Type) -> String {
        let name = String(describing: type)
        switch name {
        case "Double", "Float", "Int": return "a number"
        case "String": return "text"
        case "Bool": return "true or false"
        default: return name.hasPrefix("Array") ? "a list" : (name.hasPrefix("Dictionary") ? "a mapping" : "a \(name)")
        }
    }

    static func syntaxIssue(_ error: any Error, file: String) -> FileIssue {
        if let yaml = error as? YamlError {
            switch yaml {
            case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
                let what = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
                return FileIssue(file: file, line: mark.line, column: mark.column, message: "YAML syntax error: \(what)")
            default:
                return FileIssue(file: file, message: "YAML error: \(yaml)")
            }
        }
        return FileIssue(file: file, message: "cannot parse: \(error)")
    }
}
