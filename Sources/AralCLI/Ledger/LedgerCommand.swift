public import ArgumentParser

/// `aral ledger …`: placeholder until the ledger lands.
public struct LedgerCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "ledger", abstract: "The ledger of mutual obligations.")
    public init() {}
}
