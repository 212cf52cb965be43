import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `aral serve` and `aral ledger` hand over to the sibling executables `aral-server` and
/// `aral-ledger`, as `git` and `cargo` do with their subcommands: `aral` itself then links no
/// HTTP stack and no cryptography, so the README's first command compiles only what a run uses.
///
/// The sibling is looked up next to the running `aral`. When it is missing and `aral` runs from
/// a package checkout (`…/.build/<config>/aral`), it is built on first use with the same
/// configuration — saying so — and then run; elsewhere the message says what to build.
enum Handover {
    /// Subcommands that belong to a sibling executable, and that executable's product name.
    static let siblings: [String: String] = ["serve": "aral-server", "ledger": "aral-ledger"]

    /// Replaces this process by `product` with `arguments`; returns only if that fails.
    static func run(_ product: String, subcommand: String, arguments: [String]) -> Int32 {
        let me = executablePath()
        let directory = (me as NSString).deletingLastPathComponent
        let sibling = directory + "/" + product
        if !FileManager.default.isExecutableFile(atPath: sibling) {
            guard let build = PackageBuild(binaryDirectory: directory) else {
                note("aral \(subcommand) needs the \(product) executable next to aral (\(sibling)), and it is missing. "
                     + "In the Aral package checkout, build it with: swift build -c release --product \(product)")
                return 127
            }
            note("aral \(subcommand): building \(product) on first use (\(build.commandLine(product: product)))…")
            guard build.run(product: product), FileManager.default.isExecutableFile(atPath: sibling) else {
                note("aral \(subcommand): building \(product) failed; run it yourself in \(build.root): \(build.commandLine(product: product))")
                return 1
            }
        }
        let argv = [sibling] + arguments
        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) }
        cArguments.append(nil)
        execv(sibling, cArguments)
        note("aral \(subcommand): cannot run \(sibling): \(String(cString: strerror(errno)))")
        return 126
    }

    /// The running executable, symlinks resolved (`/proc/self/exe` on Linux).
    static func executablePath() -> String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        let path = Bundle.main.executablePath ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }
}

/// The SwiftPM build `aral` came from: `ROOT/SCRATCH/[TRIPLE/]CONFIG/aral` with `ROOT/Package.swift`.
struct PackageBuild {
    var root: String
    var scratch: String
    var configuration: String

    init?(binaryDirectory: String) {
        let configDir = URL(fileURLWithPath: binaryDirectory)
        let configuration = configDir.lastPathComponent
        guard configuration == "debug" || configuration == "release" else { return nil }
        // SCRATCH/TRIPLE/CONFIG (the real folder) or SCRATCH/CONFIG (SwiftPM's symlink).
        for scratch in [configDir.deletingLastPathComponent().deletingLastPathComponent(), configDir.deletingLastPathComponent()] {
            let root = scratch.deletingLastPathComponent()
            if FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path),
               FileManager.default.fileExists(atPath: root.appendingPathComponent("Sources/aral").path) {
                self.root = root.path
                self.scratch = scratch.path
                self.configuration = configuration
                return
            }
        }
        return nil
    }

    var usesDefaultScratch: Bool { (scratch as NSString).lastPathComponent == ".build" }

    func arguments(product: String) -> [String] {
        ["build", "-c", configuration] + (usesDefaultScratch ? [] : ["--scratch-path", scratch]) + ["--product", product]
    }

    func commandLine(product: String) -> String { (["swift"] + arguments(product: product)).joined(separator: " ") }

    /// Runs `swift build …` in the checkout, its output on our stderr.
    func run(product: String) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift"] + arguments(product: product)
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        process.standardOutput = FileHandle.standardError
        do { try process.run() } catch { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
