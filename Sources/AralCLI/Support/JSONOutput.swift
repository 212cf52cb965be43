import Foundation

/// How `aral validate` and the corridor commands print `--json`: pretty, keys sorted (so output
/// diffs cleanly) and slashes unescaped (ids and file paths stay readable).
enum JSONOutput {
    static func print(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        Swift.print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
