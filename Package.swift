// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "DraftForge",
    products: [
        .executable(name: "draftforge", targets: ["draftforge"]),
        .library(name: "DraftForgeKit", targets: ["DraftForgeKit"]),
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
            resources: [.copy("epub"), .copy("site")]),
        .target(
            name: "DraftForgeKit",
            dependencies: [
                "CCmarkGFM", "CLibXML2", "SystemZlib", "DraftForgeTemplates",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .target(
            name: "DraftForgeCLI",
            dependencies: [
                "DraftForgeKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "draftforge", dependencies: ["DraftForgeCLI"]),

        .testTarget(
            name: "DraftForgeKitTests",
            dependencies: ["DraftForgeKit", "CLibXML2"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "DraftForgeCLITests",
            dependencies: ["draftforge"]),
    ]
)
