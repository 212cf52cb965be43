import ArgumentParser

/// `aral serve …`: listed in `aral --help`; runs `aral-server …` (see `Handover`).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API and the dashboard (the aral-server executable; `aral serve --help`).")

    @Argument(parsing: .captureForPassthrough, help: "Options of aral-server.")
    var arguments: [String] = []

    func run() throws {
        throw ExitCode(Handover.run("aral-server", subcommand: "serve", arguments: arguments))
    }
}

/// `aral ledger …`: listed in `aral --help`; runs `aral-ledger …` (see `Handover`).
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "The ledger of mutual obligations (the aral-ledger executable; `aral ledger --help`).")

    @Argument(parsing: .captureForPassthrough, help: "A ledger subcommand and its options.")
    var arguments: [String] = []

    func run() throws {
        throw ExitCode(Handover.run("aral-ledger", subcommand: "ledger", arguments: arguments))
    }
}
