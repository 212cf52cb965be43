public import ArgumentParser

/// `aral ledger …`: the signed, append-only ledger of mutual obligations (docs/ledger.md).
public struct LedgerCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "The ledger of mutual obligations: signed, append-only, verifiable by every state.",
        subcommands: [
            LedgerKeygenCommand.self, LedgerInitCommand.self, LedgerAddPartyCommand.self,
            LedgerSignCommand.self, LedgerAppendCommand.self, LedgerImportObligationsCommand.self,
            LedgerHeadCommand.self, LedgerProveInclusionCommand.self, LedgerProveConsistencyCommand.self,
            LedgerExportCommand.self, LedgerVerifyCommand.self, LedgerBalanceCommand.self, LedgerBenchCommand.self,
        ]
    )
    public init() {}
}
