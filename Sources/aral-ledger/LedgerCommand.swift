import ArgumentParser

/// `aral ledger …` (the executable `aral-ledger`, which `aral ledger` hands over to): the
/// signed, append-only ledger of mutual obligations (docs/ledger.md). Its own executable so that
/// `aral` links no cryptography (BoringSSL through swift-crypto). Run by `LedgerMain`.
struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aral ledger",
        abstract: "The ledger of mutual obligations: signed, append-only, verifiable by every state.",
        subcommands: [
            LedgerKeygenCommand.self, LedgerInitCommand.self, LedgerAddPartyCommand.self,
            LedgerSignCommand.self, LedgerAppendCommand.self, LedgerImportObligationsCommand.self,
            LedgerHeadCommand.self, LedgerProveInclusionCommand.self, LedgerProveConsistencyCommand.self,
            LedgerExportCommand.self, LedgerVerifyCommand.self, LedgerBalanceCommand.self,
            LedgerProposeObligationsCommand.self, LedgerProposeDeliveriesCommand.self, LedgerAcknowledgeCommand.self,
            LedgerDisputeCommand.self, LedgerProposeSettlementCommand.self,
        ]
    )
}
