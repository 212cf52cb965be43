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
        .executable(name: "aral-server", targets: ["aral-server"]),
        .executable(name: "aral-ledger", targets: ["aral-ledger"]),
        .executable(name: "aral-bench", targets: ["aral-bench"]),
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
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // MARK: - Model core (no I/O)
        .target(
            name: "AralModel",
            swiftSettings: strictSettings
        ),

        // MARK: - Schema: the input layer (documents, located reader, compiler to the model)
        .target(
            name: "AralSchema",
            dependencies: ["AralModel", .product(name: "Yams", package: "Yams")],
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
            dependencies: ["AralSchema", "AralModel", "AralSolver"],
            // The step loop touches a class's buffers millions of times; dynamic exclusivity
            // checks cost about a quarter of the engine's own time there (measured with perf).
            swiftSettings: strictSettings + [.unsafeFlags(["-enforce-exclusivity=unchecked"])]
        ),

        // MARK: - Formats and store
        .target(
            name: "AralFormats",
            dependencies: ["AralModel", "AralEngine"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "AralStore",
            dependencies: [
                "AralSchema", "AralModel", "AralEngine",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: - Interoperability, planning, ensembles
        // zlib from the system, for Pywr's gzipped CSV data files (not named CZlib: that is
        // ZIPFoundation's own zlib module, and module names are global).
        .systemLibrary(
            name: "CSystemZlib",
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
            dependencies: ["AralSchema", "AralModel", "AralSolver", "AralEngine", "AralFormats", "CSystemZlib", "CHDF5",
                           .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "AralPlanning",
            dependencies: ["AralSchema", "AralModel", "AralSolver"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "AralEnsemble",
            dependencies: [
                "AralSchema",
                "AralModel", "AralSolver", "AralEngine",
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
                "AralSchema", "AralModel",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: - Server
        .target(
            name: "AralServer",
            dependencies: [
                "AralSchema",
                "AralModel", "AralSolver", "AralClp", "AralEngine", "AralLedger",
                "AralPywr", "AralPlanning", "AralCorridors", "AralWorkflows", "AralEnsemble",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: strictSettings
        ),

        // MARK: - Corridors
        .target(
            name: "AralCorridors",
            dependencies: ["AralSchema", "AralSolver", "AralModel", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),

        // MARK: - Workflows: what a user does, shared by the CLI and the server
        .target(
            name: "AralWorkflows",
            dependencies: [
                "AralSchema", "AralModel", "AralSolver", "AralClp", "AralEngine", "AralFormats", "AralPywr", "AralPlanning",
                "AralEnsemble",
            ],
            swiftSettings: strictSettings
        ),

        // MARK: - Command line
        // `aral` links no server and no ledger (no SwiftNIO, no BoringSSL): `aral serve` and
        // `aral ledger` hand over to the sibling executables `aral-server` and `aral-ledger`.
        .target(
            name: "AralCLI",
            dependencies: [
                "AralSchema",
                "AralModel", "AralSolver", "AralClp", "AralEngine", "AralFormats", "AralStore",
                "AralPywr", "AralPlanning", "AralEnsemble", "AralCorridors", "AralWorkflows",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "aral",
            dependencies: ["AralCLI"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "aral-server",
            dependencies: [
                "AralServer",
                "AralWorkflows",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "aral-ledger",
            dependencies: [
                "AralLedger",
                "AralSchema",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // Benchmarks are not part of the product: their own executable (docs/benchmarks.md).
        .executableTarget(
            name: "aral-bench",
            dependencies: [
                "AralModel", "AralSolver", "AralClp", "AralEngine", "AralFormats", "AralPlanning", "AralEnsemble",
                "AralCorridors", "AralLedger", "AralCLI", "AralWorkflows",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: - Tests
        .testTarget(
            name: "AralSchemaTests",
            dependencies: [
                "AralSchema", "AralModel", "AralPywr", "AralLedger", "AralCorridors",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AralClpTests",
            dependencies: ["AralClp", "AralSolver"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AralEngineTests",
            dependencies: [
                "AralSchema",
                "AralModel", "AralClp", "AralEngine",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AralLedgerTests",
            dependencies: [
                "AralLedger", "AralSchema",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AralPywrTests",
            dependencies: ["AralSchema", "AralPywr", "AralModel", "AralEngine", "AralClp", "CHDF5",
                           .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            exclude: ["Fixtures"],  // Pywr models, read by path and by scripts/pywr-crossval.sh
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AralPlanningTests",
            dependencies: ["AralSchema", "AralPlanning", "AralModel", "AralSolver", "AralEngine", "AralClp", "AralLedger"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AralEnsembleTests",
            dependencies: ["AralEnsemble", "AralSchema", "AralModel", "AralSolver", "AralEngine", "AralClp",
                           .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AralServerTests",
            dependencies: [
                "AralServer", "AralSchema", "AralLedger", "AralPlanning", "AralWorkflows", "AralEnsemble", "AralModel",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ShippedModelsTests",
            dependencies: ["AralSchema", "AralModel", "AralEngine", "AralClp", "AralFormats", "AralPlanning", "AralSolver"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AralCorridorsTests",
            dependencies: ["AralCorridors", "AralSchema", "AralClp", "AralModel"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AralWorkflowsTests",
            dependencies: ["AralWorkflows", "AralSchema", "AralModel", "AralEngine", "AralClp", "AralPlanning", "AralPywr", "AralEnsemble"],
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
