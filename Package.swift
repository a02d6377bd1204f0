// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "star",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "star", targets: ["star"]),
        .library(name: "StarCore", targets: ["StarCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", exact: "3.12.3"),
        // XLSForm workbooks (.xlsx) are ZIP archives of XML parts.
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", exact: "0.9.20"),
    ],
    targets: [
        .target(
            name: "StarCore",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .executableTarget(
            name: "star",
            dependencies: [
                "StarCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "StarCoreTests",
            dependencies: ["StarCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // Runs the built `star` binary on fixture repositories; Fixtures/ and Golden/ are read by path.
        .testTarget(
            name: "StarCLITests",
            dependencies: ["star", "StarCore"],
            exclude: ["Fixtures", "Golden"]
        ),
    ]
)
