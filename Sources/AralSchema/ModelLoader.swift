import Foundation
import AralModel
import Yams

/// Reads a basin model file (YAML, or JSON, which YAML reads too), decodes it and compiles
/// it, turning every problem into `file:line:column: key.path: message`. Every step takes
/// `InputLimits` (nesting depth, alias expansions, steps) so a caller reading strangers'
/// files can bound the work before it starts.
public enum ModelLoader {
    /// Reads and decodes a model file without compiling it.
    public static func readDocument(path: String, limits: InputLimits = .standard) throws(ModelFileError) -> (BasinDocument, String) {
        let text = try TextFile.read(path) { ModelFileError(FileIssue(file: path, message: $0)) }
        return (try decode(text, file: path, limits: limits), text)
    }

    /// Decodes model text; errors carry the file name given.
    public static func decode(_ text: String, file: String, limits: InputLimits = .standard) throws(ModelFileError) -> BasinDocument {
        // Bounded first: the decoder below composes the same text again, recursively.
        let node = try YAMLReader.compose(text, file: file, limits: limits)
        guard let node else { throw ModelFileError(FileIssue(file: file, message: "the file is empty")) }
        guard node.mapping != nil else {
            throw ModelFileError(FileIssue(file: file, line: node.mark?.line, message: "a model file is a mapping with timestepper, nodes and edges"))
        }
        return try decode(BasinDocument.self, text: text, file: file, root: node)
    }

    /// Decodes any YAML document the way a model is decoded: bounded and checked for repeated
    /// keys first, then every decoding problem at its line and key path, with what was found
    /// ("expected a whole number, found '-5'") instead of the decoder's "Scalar".
    public static func decode<T: Decodable>(_ type: T.Type, from text: String, file: String, what: String,
                                            limits: InputLimits = .standard) throws(ModelFileError) -> T {
        let node = try YAMLReader.compose(text, file: file, limits: limits)
        guard let node else { throw ModelFileError(FileIssue(file: file, message: "the file is empty; expected \(what)")) }
        return try decode(T.self, text: text, file: file, root: node)
    }

    /// Decodes text already composed (and so bounded and checked) as `root`, putting a decoding
    /// problem at its line and key path in `root`.
    private static func decode<T: Decodable>(_ type: T.Type, text: String, file: String, root: Yams.Node) throws(ModelFileError) -> T {
        do {
            return try YAMLDecoder().decode(T.self, from: text)
        } catch let error as DecodingError {
            throw ModelFileError(decodingIssue(error, file: file, root: root))
        } catch {
            throw ModelFileError(FileIssue(file: file, message: "\(error)"))
        }
    }

    /// Reads, decodes and compiles a model file; CSV series are read relative to its folder.
    public static func load(path: String, limits: InputLimits = .standard) throws(ModelFileError) -> BasinModel {
        let (document, text) = try readDocument(path: path, limits: limits)
        return try compile(document, text: text, file: path, limits: limits)
    }

    /// Compiles a decoded document; `text` (the file's, already read within `limits`) is
    /// used to put each compile problem at its line.
    public static func compile(_ document: BasinDocument, text: String, file: String,
                               limits: InputLimits = .standard) throws(ModelFileError) -> BasinModel {
        let base = (file as NSString).deletingLastPathComponent
        let compiler = BasinCompiler(seriesSource: CSVSeriesSource(baseDirectory: base.isEmpty ? "." : base), limits: limits)
        do {
            return try compiler.compile(document)
        } catch {
            throw located(error.issues, text: text, file: file)
        }
    }

    /// Problems found in a model after decoding (compile, the plan's policy), each put at the
    /// line of its key path in `text` where that path is in the file.
    public static func located(_ issues: [ModelIssue], text: String, file: String) -> ModelFileError {
        let root = try? Yams.compose(yaml: text)
        return ModelFileError(issues: issues.map { issue in
            let mark = root.flatMap { YAMLReader.locate(issue.components, in: $0) }
            return FileIssue(file: file, line: mark?.line, column: mark?.column, path: issue.path, message: issue.message)
        })
    }

    // MARK: - Locating problems

    static func decodingIssue(_ error: DecodingError, file: String, root: Yams.Node) -> FileIssue {
        let path: [any CodingKey], message: String
        switch error {
        case .keyNotFound(let key, let context):
            path = context.codingPath
            let what = context.debugDescription.hasPrefix("No value associated") ? "" : " (\(context.debugDescription))"
            message = "missing required key '\(key.stringValue)'\(what)"
        case .typeMismatch(let type, let context):
            path = context.codingPath
            let found = YAMLReader.node(at: components(of: path), in: root).map(describe(found:))
            if let found {
                message = "expected \(describe(type)), found \(found)"
            } else {
                message = "expected \(describe(type)), found something else\(context.debugDescription.isEmpty ? "" : " (\(context.debugDescription))")"
            }
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
        let mark = YAMLReader.locate(components(of: path), in: root)
        return FileIssue(file: file, line: mark?.line, column: mark?.column, path: renderKeyPath(path), message: message)
    }

    static func components(of path: [any CodingKey]) -> [PathComponent] {
        path.map { key -> PathComponent in
            if let i = key.intValue { return .index(i) }
            return .key(key.stringValue)
        }
    }

    /// What a user wrote where another type was expected, in the user's words: the text itself
    /// (shortened), "a list" or "a mapping".
    static func describe(found node: Yams.Node) -> String {
        switch node {
        case .scalar(let scalar):
            let text = scalar.string
            if text.isEmpty { return "nothing" }
            return "'\(text.count > 40 ? String(text.prefix(40)) + "…" : text)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }

    static func describe(_ type: Any.Type) -> String {
        let name = String(describing: type)
        switch name {
        case "Double", "Float": return "a number"
        case "Int", "Int32", "Int64": return "a whole number (within ±9.2e18)"
        case "UInt64", "UInt", "UInt32": return "a whole number ≥ 0"
        case "String": return "text"
        case "Bool": return "true or false"
        default: return name.hasPrefix("Array") ? "a list" : (name.hasPrefix("Dictionary") ? "a mapping" : "a \(name)")
        }
    }

    /// The 1-based line and column of byte `offset` in `text`.
    static func position(ofByte offset: Int, in text: String) -> (Int?, Int?) {
        var line = 1, lineStart = 0, i = 0
        for byte in text.utf8 {
            if i >= offset { break }
            if byte == UInt8(ascii: "\n") { line += 1; lineStart = i + 1 }
            i += 1
        }
        return (line, offset - lineStart + 1)
    }

    static func syntaxIssue(_ error: any Error, file: String) -> FileIssue {
        if let yaml = error as? YamlError {
            switch yaml {
            case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
                 .composer(let context, let problem, let mark, _):
                let what = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
                return FileIssue(file: file, line: mark.line, column: mark.column, message: "YAML syntax error: \(what)")
            case .reader(let problem, let offset, _, let yaml):
                // A bad byte (a control character, invalid UTF-8): located from its offset.
                let (line, column) = offset.map { position(ofByte: $0, in: yaml) } ?? (nil, nil)
                return FileIssue(file: file, line: line, column: column, message: "YAML syntax error: \(problem)")
            default:
                return FileIssue(file: file, message: "YAML error: \(yaml)")
            }
        }
        return FileIssue(file: file, message: "cannot parse: \(error)")
    }
}
