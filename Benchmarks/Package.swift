// swift-tools-version: 6.1
// Benchmarks live in their own package so the main build and CI never compile them.
import PackageDescription

/// A path dependency is identified by its directory's name, whatever the clone is called.
let root = Context.packageDirectory.split(separator: "/").dropLast().last.map { String($0).lowercased() } ?? "gradsync"

let package = Package(
    name: "GradSyncBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
        // "RuntimeInterposer", the default trait, needs a package that is not available here.
        .package(url: "https://github.com/ordo-one/benchmark.git", exact: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
        // The workbench pages are served in-process through Hummingbird's test client.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1"),
    ],
    targets: [
        // Realistic graduates, the plain-SQLite baselines and helpers shared by every benchmark.
        .target(
            name: "BenchSupport",
            dependencies: [
                .product(name: "GradSyncCore", package: root),
                .product(name: "GradSyncStore", package: root),
                .product(name: "GradSyncPlacement", package: root),
                .product(name: "GradSyncSync", package: root),
                .product(name: "GradSyncServer", package: root),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            path: "Sources/BenchSupport"
        ),
        // The end-to-end sync benchmark: a fresh replica, a real loopback HTTP node, the built `gradsync` client.
        .executableTarget(
            name: "bench-sync",
            dependencies: ["BenchSupport"],
            path: "Sources/bench-sync"
        ),
        // The central node under load: many departments pushing and many fresh replicas filling at once.
        .executableTarget(
            name: "bench-load",
            dependencies: ["BenchSupport"],
            path: "Sources/bench-load"
        ),
        .executableTarget(
            name: "StoreBenchmarks",
            dependencies: [
                "BenchSupport",
                .product(name: "GradSyncRecords", package: root),
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            path: "Benchmarks/StoreBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The central node's dashboard pages and reports at university scale, beside plain SQLite over the same file.
        .executableTarget(
            name: "CentralBenchmarks",
            dependencies: [
                "BenchSupport",
                .product(name: "GradSyncRecords", package: root),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/CentralBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
