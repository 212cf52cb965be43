import AralSchema
import Foundation
@testable import AralServer
import Testing

@Suite("Body shape scan")
struct BodyShapeScanTests {
    static let open = BodyShapeScan.Limits(depth: 1_000_000, aliases: nil, arrayItems: nil)

    static func shape(_ text: String, _ syntax: BodyShapeScan.Syntax = .yaml) throws -> BodyShapeScan.Shape {
        try BodyShapeScan.check(Array(text.utf8), syntax: syntax, limits: open)
    }

    @Test("depth of known YAML and JSON shapes: never below the real nesting")
    func knownDepths() throws {
        // Block mappings: one level per indentation.
        #expect(try Self.shape("a: 1\nb:\n  c:\n    d: 2\n").depth == 3)
        // Compact sequences: `- - - x` is three sequences inside each other, plus the line's node.
        #expect(try Self.shape("- - - x\n").depth == 4)
        // Flow collections add a level each, inside a block or alone.
        #expect(try Self.shape("a: [[1, 2], {b: [3]}]\n").depth == 4)
        #expect(try Self.shape(#"{"a": [[1], {"b": "[[["}]}"#, .json).depth == 3)
        // Brackets in quotes, comments and plain text are not structure.
        #expect(try Self.shape("a: 'x[[[' # [[[\nb: it's [not] nested\nc: \"{{{\"\n").depth == 1)
    }

    @Test("the shipped example basin passes the server's default limits")
    func exampleBasinPasses() throws {
        let limits = BodyShapeScan.Limits(depth: ServerConfiguration().maxNestingDepth, aliases: ServerConfiguration().maxYAMLAliases, arrayItems: nil)
        let shape = try BodyShapeScan.check(Array(try Fixture.exampleBasin().utf8), syntax: .yaml, limits: limits)
        #expect(shape.depth >= 3 && shape.depth <= 8, "example basin depth \(shape.depth)")
        #expect(shape.aliases == 0)
    }

    @Test("every shipped model and example passes the server's default limits (no false refusal)")
    func shippedModelsPass() throws {
        let root = URL(fileURLWithPath: Fixture.exampleBasinPath).deletingLastPathComponent().deletingLastPathComponent()
        let defaults = ServerConfiguration()
        let limits = BodyShapeScan.Limits(depth: defaults.maxNestingDepth, aliases: defaults.maxYAMLAliases, arrayItems: nil)
        var checked = 0
        for folder in ["models", "examples"] {
            let files = FileManager.default.enumerator(atPath: root.appendingPathComponent(folder).path)?.allObjects as? [String] ?? []
            for file in files where [".yaml", ".yml", ".json"].contains(where: file.hasSuffix) {
                let bytes = try Array(Data(contentsOf: root.appendingPathComponent(folder).appendingPathComponent(file)))
                #expect(throws: Never.self, "\(folder)/\(file)") { _ = try BodyShapeScan.check(bytes, syntax: .yaml, limits: limits) }
                checked += 1
            }
        }
        #expect(checked >= 10, "found only \(checked) model files")
    }

    /// Deep documents in each style the scan must see through.
    enum Deep: String, CaseIterable, CustomTestStringConvertible {
        case flow, compactSequences, indentation, afterAnchorAndTag
        var text: String {
            switch self {
            case .flow: String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000)
            case .compactSequences: "nodes:\n" + String(repeating: "- ", count: 20_000) + "x\n"
            case .indentation: "a:\n" + (1...300).map { String(repeating: " ", count: $0) + "k:" }.joined(separator: "\n")
            case .afterAnchorAndTag: "a: &anchor !tag " + String(repeating: "[", count: 20_000)
            }
        }
        var testDescription: String { rawValue }
    }

    @Test("20,000 levels are refused at the limit", arguments: Deep.allCases)
    func deepRefused(_ deep: Deep) {
        #expect(throws: BodyShapeScan.Violation.self) {
            _ = try BodyShapeScan.check(Array(deep.text.utf8), syntax: .yaml, limits: .init(depth: 64, aliases: 100, arrayItems: nil))
        }
    }

    @Test("a quote left open by a block scalar does not hide the nesting after it")
    func openQuoteDoesNotHide() {
        let text = "note: |\n  \"unbalanced\nnodes: " + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "\n"
        #expect(throws: BodyShapeScan.Violation(kind: .depth, line: 3, limit: 64)) {
            _ = try BodyShapeScan.check(Array(text.utf8), syntax: .yaml, limits: .init(depth: 64, aliases: nil, arrayItems: nil))
        }
    }

    @Test("alias references are counted where a node starts")
    func aliases() throws {
        let text = "base: &b {x: 1}\none: *b\ntwo: [*b, *b]\nproduct: 2 * 3\nnote: \"*b\"\n"
        #expect(try Self.shape(text).aliases == 3)
        #expect(throws: BodyShapeScan.Violation(kind: .aliases, line: 3, limit: 2)) {
            _ = try BodyShapeScan.check(Array(text.utf8), syntax: .yaml, limits: .init(depth: 64, aliases: 2, arrayItems: nil))
        }
    }

    @Test("JSON arrays are counted item by item")
    func arrayItems() throws {
        #expect(try Self.shape(#"{"a": [1, 2, 3], "b": [], "c": [[4], 5]}"#, .json).longestArray == 3)
        let codes = "[" + (0..<5_000).map { "\"P\($0)\"" }.joined(separator: ",") + "]"
        #expect(throws: BodyShapeScan.Violation(kind: .arrayItems, line: 1, limit: 1_000)) {
            _ = try BodyShapeScan.check(Array(#"{"parties": \#(codes)}"#.utf8), syntax: .json, limits: .init(depth: 64, aliases: nil, arrayItems: 1_000))
        }
    }
}
