import ArgumentParser
import AralSchema

/// A command's output options, checked before it works: no output is one of the command's
/// inputs or another of its outputs, and an existing file is replaced only if it holds what
/// the option writes (`OutputFile.checkReplaceable`). Outputs replaced the model being planned,
/// its inflow record and a shard (found from outside); checked first, no work is lost to a bad
/// file name. Each refusal is an error line and exit 1, without the usage banner.
enum OutputChecks {
    static func distinct(outputs: [(option: String, path: String)], inputs: [(name: String, path: String?)]) throws {
        for output in outputs {
            for case let (name, path?) in inputs where OutputFile.samePath(path, output.path) {
                Terminal.error("\(output.option) \(output.path) is \(name) being read; write it to another file")
                throw ExitCode.failure
            }
        }
        for (i, a) in outputs.enumerated() {
            for b in outputs[(i + 1)...] where OutputFile.samePath(a.path, b.path) {
                Terminal.error("\(a.option) and \(b.option) are both \(a.path); give each its own file")
                throw ExitCode.failure
            }
        }
    }

    static func replaceable(_ path: String, option: String, holds what: String, looksLike: (String) -> Bool) throws {
        do { try OutputFile.checkReplaceable(path, holds: what, looksLike: looksLike) } catch {
            Terminal.error("cannot write \(option) \(path): \(error.message)")
            throw ExitCode.failure
        }
    }
}
