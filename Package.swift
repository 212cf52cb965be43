// swift-tools-version: 6.1
import PackageDescription

/// Strict settings on every Swift target: Swift 6 language mode comes from the tools version;
/// these upcoming features keep existentials and imports explicit.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// Where CLP's headers live: Debian/Ubuntu (`coinor-libclp-dev`) and Homebrew (`brew install clp`).
let clpHeaderFlags: [String] = [
    "-I/usr/include/coin", "-I/usr/local/include/coin",
    "-I/opt/homebrew/include/clp/coin", "-I/opt/homebrew/include/coinutils/coin",
]

let package = Package(
    name: "Aral",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "aral", targets: ["aral"]),
        .library(name: "AralEngine", targets: ["AralEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.21.0"),
    ],
    targets: [
        // MARK: - Model core (no I/O)
        .target(
            name: "AralModel",
            swiftSettings: strictSettings
        ),

        // MARK: - Solver layer
        .target(
            name: "AralSolver",
            swiftSettings: strictSettings
        ),
        .target(
            name: "CClpShim",
            cxxSettings: [.unsafeFlags(clpHeaderFlags)],
            linkerSettings: [
                .linkedLibrary("Clp"), .linkedLibrary("CoinUtils"),
                .unsafeFlags(["-L/opt/homebrew/lib", "-L/usr/local/lib"]),
            ]
        ),
        .target(
            name: "AralClp",
            dependencies: ["AralSolver", "CClpShim"],
            swiftSettings: strictSettings
        ),

        // MARK: - Engine
        .target(
            name: "AralEngine",
            dependencies: ["AralModel", "AralSolver"],
            // The step loop touches a class's buffers millions of times; dynamic exclusivity
            // checks cost about a quarter of the engine's own time there (measured with perf).
            swiftSettings: strictSettings + [.unsafeFlags(["-enforce-exclusivity=unchecked"])]
        ),

        // MARK: - Formats and store
        .target(
            name: "AralFormats",
            dependencies: [
                "AralModel", "AralEngine",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "AralStore",
            dependencies: [
                "AralModel", "AralEngine",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: - Interoperability, planning, ensembles
        // zlib from the system, for Pywr's gzipped CSV data files.
        .systemLibrary(
            name: "CZlib",
            path: "Sources/CZlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        // The HDF5 C library from the system, for Pywr's TablesRecorder result files.
        .systemLibrary(
            name: "CHDF5",
            path: "Sources/CHDF5",
            pkgConfig: "hdf5",
            providers: [.apt(["libhdf5-dev"]), .brew(["hdf5"])]
        ),
        .target(
            name: "AralPywr",
            dependencies: ["AralModel", "AralEngine", "AralFormats", "CZlib", "CHDF5"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "AralPlanning",
            dependencies: ["AralModel", "AralSolver", "AralEngine"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "AralEnsemble",
            dependencies: [
                "AralModel", "AralSolver", "AralEngine", "AralFormats",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Numerics", package: "swift-numerics"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: - Ledger
        .target(
            name: "AralLedger",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: - Server
        .target(
            name: "AralServer",
            dependencies: [
                "AralModel", "AralSolver", "AralClp", "AralEngine", "AralFormats", "AralStore", "AralLedger",
                "AralPywr", "AralPlanning", "AralCorridors",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: strictSettings
        ),

        // MARK: - Corridors
        .target(
            name: "AralCorridors",
            dependencies: ["AralSolver", "AralModel", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),

        // MARK: - Command line
        .target(
            name: "AralCLI",
            dependencies: [
                "AralModel", "AralSolver", "AralClp", "AralEngine", "AralFormats", "AralStore", "AralLedger",
                "AralPywr", "AralPlanning", "AralEnsemble", "AralServer",
                "AralCorridors",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "aral",
            dependencies: ["AralCLI"],
            swiftSettings: strictSettings
        ),

        // MARK: - Tests
        .testTarget(
            name: "AralClpTests",
            dependencies: ["AralClp", "AralSolver"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AralEngineTests",
            dependencies: [
                "AralModel", "AralSolver", "AralClp", "AralEngine", "AralFormats",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AralLedgerTests",
            dependencies: [
                "AralLedger",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AralPywrTests",
            dependencies: ["AralPywr", "AralModel", "AralEngine", "AralClp", "AralFormats", "CHDF5"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AralPlanningTests",
            dependencies: ["AralPlanning", "AralModel", "AralEngine", "AralClp", "AralFormats", "AralLedger"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AralEnsembleTests",
            dependencies: ["AralEnsemble", "AralModel", "AralEngine", "AralClp", "AralFormats"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AralServerTests",
            dependencies: [
                "AralServer", "AralLedger", "AralStore",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AralModelsTests",
            dependencies: ["AralModel", "AralEngine", "AralClp", "AralFormats"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AralCorridorsTests",
            dependencies: ["AralCorridors", "AralClp", "AralSolver", "AralModel"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AralCLITests",
            dependencies: ["AralCLI", "AralEnsemble"],
            swiftSettings: strictSettings
        ),
    ],
    cxxLanguageStandard: .cxx17
)
