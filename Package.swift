// swift-tools-version: 6.2
import PackageDescription

/// Settings every Swift target shares: explicit existentials, imports that must be spelled out,
/// and internal imports unless a module re-exports a type in its public API.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")
let collections: [Target.Dependency] = [
    .product(name: "DequeModule", package: "swift-collections"),
    .product(name: "HeapModule", package: "swift-collections"),
]

let package = Package(
    name: "Byline",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "byline", targets: ["BylineCLI"]),
        .library(name: "ArticleModel", targets: ["ArticleModel"]),
        .library(name: "WireProtocol", targets: ["WireProtocol"]),
        .library(name: "AnalyzerKit", targets: ["AnalyzerKit"]),
        .library(name: "AnalyzerRuntime", targets: ["AnalyzerRuntime"]),
        .library(name: "AnalyzerTesting", targets: ["AnalyzerTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.5.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // The HTTP front door (`byline serve`); swift-configuration support is not needed.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // The wire's JSON without Codable: a writer and a pull reader for types that code themselves.
        .target(name: "JSONCoding", path: "Modules/JSONCoding", swiftSettings: strictSettings),

        // Values only: the article model every other module speaks.
        .target(name: "ArticleModel", dependencies: ["JSONCoding"], path: "Modules/ArticleModel", swiftSettings: strictSettings),

        // libzmq from the system (Debian: libzmq3-dev), wrapped once.
        .systemLibrary(
            name: "CZeroMQ", path: "Modules/CZeroMQ", pkgConfig: "libzmq",
            providers: [.apt(["libzmq3-dev"])]),
        .target(name: "ZeroMQ", dependencies: ["CZeroMQ"], path: "Modules/ZeroMQ", swiftSettings: strictSettings),

        // libxml2's HTML parser and zlib from the system (Debian: libxml2-dev, zlib1g-dev), wrapped once each.
        .systemLibrary(
            name: "CLibXML2", path: "Modules/CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(
            name: "CZlib", path: "Modules/CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),

        // Threads of our own for work a caller waits on, and the cores this process may use.
        .target(name: "JobThreads", path: "Modules/JobThreads", swiftSettings: strictSettings),

        // Ingestion: HTML pages and WARC records become articles (main text and page metadata).
        .target(
            name: "Ingest", dependencies: ["ArticleModel", "JSONCoding", "JobThreads", "CLibXML2", "CZlib"],
            path: "Modules/Ingest", swiftSettings: strictSettings),

        // Tokens, sentences, paragraphs, title, dateline, headings: shared by every analyzer.
        .target(name: "TextKit", dependencies: ["ArticleModel"], path: "Modules/TextKit", swiftSettings: strictSettings),
        .target(name: "FeatureHashing", path: "Modules/FeatureHashing", swiftSettings: strictSettings),

        // Frame layout and payload codec of the wire protocol; no sockets.
        .target(name: "WireProtocol", dependencies: ["ArticleModel", "JSONCoding"], path: "Modules/WireProtocol", swiftSettings: strictSettings),

        // The plugin point: the Analyzer protocol, its descriptor and the output check.
        .target(name: "AnalyzerKit", dependencies: ["ArticleModel"], path: "Modules/AnalyzerKit", swiftSettings: strictSettings),

        // The worker side: session state machine plus the ZeroMQ loop that drives it.
        .target(
            name: "AnalyzerRuntime",
            dependencies: [
                "AnalyzerKit", "WireProtocol", "ZeroMQ", logging,
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Modules/AnalyzerRuntime", swiftSettings: strictSettings),

        // Conformance checks every analyzer should pass; a product so plugin authors can use it.
        .target(
            name: "AnalyzerTesting", dependencies: ["AnalyzerKit", "AnalyzerRuntime", "WireProtocol"],
            path: "Modules/AnalyzerTesting", swiftSettings: strictSettings),

        // The broker as a pure state machine and the merger; no sockets, no clocks.
        .target(
            name: "Coordinator", dependencies: ["ArticleModel", "WireProtocol"] + collections,
            path: "Modules/Coordinator", swiftSettings: strictSettings),

        // Sockets, the client, the process supervisor and configuration.
        .target(
            name: "CoordinatorService",
            dependencies: [
                "Coordinator", "ZeroMQ", "WireProtocol", logging,
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            path: "Modules/CoordinatorService", swiftSettings: strictSettings),

        // Batches: streamed inputs, ordered JSONL output, the SQLite journal and results store.
        .target(
            name: "Batch",
            dependencies: ["CoordinatorService", "ArticleModel", "WireProtocol", "JSONCoding", "Ingest", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Modules/Batch", swiftSettings: strictSettings),

        // HTML reports: an article page per analysis and a corpus dashboard, from mustache templates.
        .target(
            name: "Report",
            dependencies: ["ArticleModel", "JSONCoding", "JobThreads", .product(name: "Mustache", package: "swift-mustache")],
            path: "Modules/Report", resources: [.copy("Templates")], swiftSettings: strictSettings),

        // `byline serve`: the HTTP API over a coordinator (Hummingbird), metrics, keys, limits.
        .target(
            name: "Server",
            dependencies: [
                "ArticleModel", "Batch", "CoordinatorService", "Ingest", "JSONCoding", "Report", "WireProtocol", "ZeroMQ", logging,
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ] + collections,
            path: "Modules/Server", swiftSettings: strictSettings),

        // Analyzers shipped with byline.
        .target(
            name: "ReadabilityAnalyzer", dependencies: ["AnalyzerKit"],
            path: "Plugins/Readability", swiftSettings: strictSettings),
        .target(
            name: "EntitiesAnalyzer", dependencies: ["AnalyzerKit", "ArticleModel", "FeatureHashing", "TextKit"],
            path: "Plugins/Entities", exclude: ["README.md"], resources: [.copy("Resources/ner.model")],
            swiftSettings: strictSettings),
        .target(
            name: "StanceAnalyzer", dependencies: ["AnalyzerKit", "ArticleModel", "FeatureHashing", "TextKit"],
            path: "Plugins/Stance", exclude: ["Resources/README.md"],
            resources: [.copy("Resources/attribution.model"), .copy("Resources/sentiment.model")],
            swiftSettings: strictSettings),
        .target(
            name: "TimelineAnalyzer", dependencies: ["AnalyzerKit", "ArticleModel", "TextKit"],
            path: "Plugins/Timeline", swiftSettings: strictSettings),
        // Places: consumes entities and structure; the gazetteer is built by tools/build-gazetteer.
        .target(
            name: "PlacesAnalyzer", dependencies: ["AnalyzerKit", "ArticleModel", "EntitiesAnalyzer"],
            path: "Plugins/Places", resources: [.copy("Resources/gazetteer.bin")],
            swiftSettings: strictSettings),

        // The explicit list of analyzers built into byline.
        .target(
            name: "BuiltinAnalyzers",
            dependencies: ["AnalyzerKit", "ArticleModel", "EntitiesAnalyzer", "PlacesAnalyzer", "ReadabilityAnalyzer", "StanceAnalyzer", "TimelineAnalyzer"],
            path: "Modules/BuiltinAnalyzers", swiftSettings: strictSettings),

        // The composition root.
        .executableTarget(
            name: "BylineCLI",
            dependencies: [
                "CoordinatorService", "AnalyzerRuntime", "Batch", "BuiltinAnalyzers", "EntitiesAnalyzer", "Ingest", "JobThreads", "PlacesAnalyzer",
                "Report", "Server", "StanceAnalyzer", "TimelineAnalyzer", logging,
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            path: "Modules/BylineCLI", swiftSettings: strictSettings),

        // A Swift plugin outside the byline binary: what a third party writes.
        .executableTarget(
            name: "byline-example-links", dependencies: ["AnalyzerRuntime", "AnalyzerKit", "ArticleModel"],
            path: "Plugins/examples/swift/Links", swiftSettings: strictSettings),

        // A misbehaving plugin (hangs, crashes) for the fault-tolerance tests.
        .executableTarget(
            name: "byline-chaos-plugin", dependencies: ["AnalyzerRuntime", "AnalyzerKit", "ArticleModel"],
            path: "tools/ChaosPlugin", swiftSettings: strictSettings),

        // Benchmarks (print figures; never timed tests).
        .executableTarget(
            name: "bench-batch",
            dependencies: ["BuiltinAnalyzers", "AnalyzerKit", "ArticleModel", "Coordinator", "CoordinatorService", "JSONCoding", "TextKit", "WireProtocol", "ZeroMQ", logging],
            path: "tools/BenchBatch", swiftSettings: strictSettings),
        .executableTarget(
            name: "bench-report",
            dependencies: ["Report", "BuiltinAnalyzers", "AnalyzerKit", "ArticleModel", "Coordinator", "JSONCoding"],
            path: "tools/BenchReport", swiftSettings: strictSettings),
        .executableTarget(
            name: "bench-runtime",
            dependencies: ["CoordinatorService", "AnalyzerRuntime", "WireProtocol", "Coordinator"],
            path: "tools/BenchRuntime", swiftSettings: strictSettings),
        .executableTarget(
            name: "bench-timeline", dependencies: ["TimelineAnalyzer", "ArticleModel", "TextKit"],
            path: "tools/BenchTimeline", swiftSettings: strictSettings),
        .executableTarget(
            name: "train-attribution",
            dependencies: ["StanceAnalyzer", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "tools/TrainAttribution", swiftSettings: strictSettings),
        .executableTarget(
            name: "train-sentiment",
            dependencies: ["StanceAnalyzer", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "tools/TrainSentiment", swiftSettings: strictSettings),
        .executableTarget(
            name: "bench-stance", dependencies: ["StanceAnalyzer", "ArticleModel", "TextKit"],
            path: "tools/BenchStance", swiftSettings: strictSettings),

        .executableTarget(
            name: "bench-ingest", dependencies: ["Ingest", "JobThreads", "JSONCoding"],
            path: "tools/BenchIngest", swiftSettings: strictSettings),
        .executableTarget(
            name: "bench-entities", dependencies: ["EntitiesAnalyzer", "AnalyzerKit", "ArticleModel", "TextKit"],
            path: "tools/BenchEntities", swiftSettings: strictSettings),
        .executableTarget(
            name: "train-ner",
            dependencies: ["EntitiesAnalyzer", "FeatureHashing", "TextKit", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "tools/TrainNER", swiftSettings: strictSettings),

        .testTarget(
            name: "EntitiesTests",
            dependencies: ["EntitiesAnalyzer", "AnalyzerKit", "AnalyzerTesting", "ArticleModel", "TextKit"],
            path: "Tests/EntitiesTests"),
        .testTarget(name: "IngestTests", dependencies: ["Ingest", "JobThreads", "JSONCoding"], path: "Tests/IngestTests"),
        .testTarget(name: "ArticleModelTests", dependencies: ["ArticleModel", "JSONCoding"], path: "Tests/ArticleModelTests"),
        .testTarget(name: "TextKitTests", dependencies: ["TextKit", "ArticleModel"], path: "Tests/TextKitTests"),
        .testTarget(name: "ZeroMQTests", dependencies: ["ZeroMQ"], path: "Tests/ZeroMQTests"),
        .testTarget(name: "WireProtocolTests", dependencies: ["WireProtocol"], path: "Tests/WireProtocolTests"),
        .testTarget(
            name: "CoordinatorTests", dependencies: ["Coordinator", "WireProtocol", "ArticleModel"],
            path: "Tests/CoordinatorTests"),
        .testTarget(
            name: "AnalyzerRuntimeTests",
            dependencies: ["AnalyzerKit", "AnalyzerRuntime", "AnalyzerTesting", "ArticleModel", "ReadabilityAnalyzer", "WireProtocol"],
            path: "Tests/AnalyzerRuntimeTests"),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "AnalyzerKit", "AnalyzerRuntime", "ArticleModel", "CoordinatorService", "Ingest", "ReadabilityAnalyzer", "WireProtocol", "ZeroMQ",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/EndToEndTests"),
        .testTarget(
            name: "StanceTests",
            dependencies: ["StanceAnalyzer", "AnalyzerKit", "AnalyzerTesting", "ArticleModel", "TextKit", "FeatureHashing"],
            path: "Tests/StanceTests"),
        .testTarget(
            name: "PlacesTests",
            dependencies: ["PlacesAnalyzer", "EntitiesAnalyzer", "AnalyzerKit", "AnalyzerTesting", "ArticleModel"],
            path: "Tests/PlacesTests"),
        .executableTarget(
            name: "bench-places", dependencies: ["PlacesAnalyzer", "EntitiesAnalyzer", "AnalyzerKit", "ArticleModel", "TextKit"],
            path: "tools/BenchPlaces", swiftSettings: strictSettings),
        .testTarget(
            name: "ReportTests", dependencies: ["Report", "ArticleModel", "Batch", "JSONCoding"],
            path: "Tests/ReportTests"),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "ArticleModel", "CoordinatorService", "WireProtocol",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            path: "Tests/ServerTests"),
        .testTarget(
            name: "TimelineTests",
            dependencies: ["TimelineAnalyzer", "AnalyzerKit", "AnalyzerTesting", "ArticleModel"],
            path: "Tests/TimelineTests"),
    ]
)
