import AralCLI

await AralEntryPoint.run()
