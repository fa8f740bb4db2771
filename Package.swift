// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "GradSync",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "gradsync", targets: ["gradsync"]),
        .library(name: "GradSyncCore", targets: ["GradSyncCore"]),
        .library(name: "GradSyncStore", targets: ["GradSyncStore"]),
        // For the separate Benchmarks/ package, which measures these layers.
        .library(name: "GradSyncPlacement", targets: ["GradSyncPlacement"]),
        .library(name: "GradSyncSync", targets: ["GradSyncSync"]),
        .library(name: "GradSyncServer", targets: ["GradSyncServer"]),
        .library(name: "GradSyncRecords", targets: ["GradSyncRecords"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", exact: "3.12.3"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", exact: "2.0.1"),
        // The server's own NIO-level parts (connection guard, TLS, HTTP types) use these directly; the versions are those
        // Hummingbird resolves.
        .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", exact: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", exact: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types.git", exact: "1.8.0"),
        // The workbench's roster upload is multipart/form-data; a maintained parser rather than a hand-written one.
        .package(url: "https://github.com/vapor/multipart-kit.git", exact: "4.7.1"),
        // Excel rosters in and out: the ZIP container and the XML parts of an .xlsx file.
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", exact: "0.9.20"),
        .package(url: "https://github.com/CoreOffice/XMLCoder.git", exact: "0.18.2"),
    ],
    targets: [
        // Pure: clocks, ids, changes, version vectors, merge rules. No I/O, no dependencies.
        .target(name: "GradSyncCore"),
        // SQLite store: change log, materialised state, heads, vectors, conflict journal.
        .target(
            name: "GradSyncStore",
            dependencies: [
                "GradSyncCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The placement domain: graduate schema, official code lists, validation, roster import, reports.
        .target(
            name: "GradSyncPlacement",
            dependencies: [
                "GradSyncCore",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "XMLCoder", package: "XMLCoder"),
            ]
        ),
        // Placement records in a replica: every read, check and write of a record, each write one transaction.
        .target(name: "GradSyncRecords", dependencies: ["GradSyncCore", "GradSyncStore", "GradSyncPlacement"]),
        // zlib for the sync's gzip bodies. Not named CZlib: ZIPFoundation's own zlib module has that name.
        .systemLibrary(name: "GradSyncZlib", path: "Sources/CZlib"),
        // Sync: versioned wire messages, gzip bodies, the URLSession (libcurl) client.
        .target(
            name: "GradSyncSync",
            dependencies: ["GradSyncCore", "GradSyncStore", "GradSyncZlib", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The HTTP face of a replica: sync endpoints, auth, health, metrics, the central office's dashboard and the
        // secretaries' workbench (`gradsync ui`).
        .target(
            name: "GradSyncServer",
            dependencies: [
                "GradSyncCore", "GradSyncStore", "GradSyncSync", "GradSyncPlacement", "GradSyncRecords",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ]
        ),
        // Temporary replicas and other helpers shared by the test targets.
        .target(
            name: "GradSyncTesting",
            dependencies: ["GradSyncCore", "GradSyncStore"],
            path: "Tests/GradSyncTesting"
        ),
        .executableTarget(
            name: "gradsync",
            dependencies: [
                "GradSyncCore",
                "GradSyncStore",
                "GradSyncPlacement",
                "GradSyncRecords",
                "GradSyncSync",
                "GradSyncServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "GradSyncCoreTests",
            dependencies: [
                "GradSyncCore",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "GradSyncCLITests",
            dependencies: [
                "gradsync", "GradSyncCore", "GradSyncStore", "GradSyncTesting",
                // The help-text test measures lines as a terminal shows them (CJK characters take two columns).
                "GradSyncPlacement",
                // Tests that stand in for older or newer replicas edit the SQLite file directly.
                .product(name: "GRDB", package: "GRDB.swift"),
                // Tests of .xlsx rosters look inside the workbooks LibreOffice makes, to know what they hold.
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "GradSyncRecordsTests",
            dependencies: ["GradSyncCore", "GradSyncStore", "GradSyncPlacement", "GradSyncRecords", "GradSyncTesting"]
        ),
        .testTarget(
            name: "GradSyncPlacementTests",
            dependencies: [
                "GradSyncCore", "GradSyncPlacement", "GradSyncTesting",
                // Tests of the .xlsx reader make hostile ZIP files (bombs, too many entries) and edit saved workbooks.
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            resources: [.copy("Fixtures")]
        ),
        // Loads protocol/ (examples and vectors) so the spec cannot drift from the code.
        .testTarget(
            name: "GradSyncSyncTests",
            dependencies: ["GradSyncCore", "GradSyncStore", "GradSyncSync", "GradSyncTesting"]
        ),
        .testTarget(
            name: "GradSyncServerTests",
            dependencies: [
                "GradSyncCore", "GradSyncStore", "GradSyncSync", "GradSyncServer", "GradSyncTesting", "GradSyncPlacement",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "GradSyncStoreTests",
            dependencies: [
                "GradSyncCore", "GradSyncStore", "GradSyncTesting",
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            resources: [.copy("Vectors")]
        ),
        // The secretaries' workbench in-process: sign-in, Host and CSRF checks, every page and write.
        .testTarget(
            name: "GradSyncWorkbenchTests",
            dependencies: [
                "GradSyncServer", "GradSyncRecords", "GradSyncStore", "GradSyncCore", "GradSyncPlacement", "GradSyncSync", "GradSyncTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .testTarget(
            name: "GradSyncDashboardTests",
            dependencies: [
                "GradSyncServer", "GradSyncStore", "GradSyncCore", "GradSyncPlacement", "GradSyncTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
