import ArgumentParser

/// The thin entry point of the `aral` executable, so `@main` holds no logic.
public enum AralEntryPoint {
    public static func run() async {
        await AralCommand.main()
    }
}
