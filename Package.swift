// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "DraftForge",
    products: [
        .executable(name: "draftforge", targets: ["draftforge"]),
        .library(name: "DraftForgeKit", targets: ["DraftForgeKit"]),
        // The libFuzzer target (scripts/fuzz); built alone, since libFuzzer brings its own main.
        .executable(name: "draftforge-fuzz", targets: ["DraftForgeFuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // One system-library shim per C library (see Sources/<name>/shim.h).
        .systemLibrary(
            name: "CCmarkGFM", pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        .systemLibrary(
            name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // Not "CZlib": ZIPFoundation owns that module name.
        .systemLibrary(name: "SystemZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        .target(
            name: "DraftForgeTemplates",
            path: "Templates",
            resources: [.copy("epub"), .copy("site"), .copy("docx"), .copy("pdf"), .copy("init"), .copy("themes"), .copy("strings"), .copy("engines")]),
        .target(
            name: "DraftForgeKit",
            dependencies: [
                "CCmarkGFM", "CLibXML2", "SystemZlib", "DraftForgeTemplates",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // Foundation's own ICU (with its dictionaries) segments Thai, Lao, Khmer and Myanmar.
            linkerSettings: [.linkedLibrary("_FoundationICU")]),
        // `draftforge serve`: build once, watch, rebuild, serve with live reload. Its HTTP/1.1
        // server is its own (HTTPListener.swift): it bounds what each client may hold.
        .target(name: "DraftForgePreview", dependencies: ["DraftForgeKit"]),
        .target(
            name: "DraftForgeCLI",
            dependencies: [
                "DraftForgeKit", "DraftForgePreview",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "draftforge", dependencies: ["DraftForgeCLI"]),
        // The fuzzer's checks, outside the core: the libFuzzer entry point and the tests use them.
        .target(name: "DraftForgeFuzzChecks", dependencies: ["DraftForgeKit"]),
        .executableTarget(name: "DraftForgeFuzz", dependencies: ["DraftForgeFuzzChecks"]),

        // What the test targets share (TestError, runCommand, headless Chromium, a loopback socket).
        .target(name: "DraftForgeTestSupport", path: "Tests/DraftForgeTestSupport"),
        .testTarget(
            name: "DraftForgeKitTests",
            dependencies: ["DraftForgeKit", "DraftForgeFuzzChecks", "CLibXML2", "DraftForgeTemplates", "DraftForgeTestSupport"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "DraftForgePreviewTests",
            dependencies: ["DraftForgePreview", "DraftForgeKit", "DraftForgeTestSupport"]),
        .testTarget(
            name: "DraftForgeCLITests",
            dependencies: ["draftforge", "DraftForgeTestSupport"],
            // Command transcripts, read from the source tree (TranscriptTests).
            exclude: ["Transcripts"]),
    ]
)
