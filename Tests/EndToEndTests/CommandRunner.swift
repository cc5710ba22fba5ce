import Foundation

/// Runs the built `ecprune` tool and captures what it prints.
struct CommandRunner {
  /// The result of one run.
  struct Result {
    let status: Int32
    let standardOutput: String
    let standardError: String
  }

  /// The `ecprune` executable beside the test bundle, which `swift test`
  /// builds because this target depends on it.
  static let executable: String? = {
    let bundleFolder = URL(fileURLWithPath: CommandLine.arguments[0])
      .deletingLastPathComponent()
    var candidates = [bundleFolder.appendingPathComponent("ecprune").path]
    // The bundle may be a folder (…/ecprunePackageTests.xctest/…).
    candidates.append(
      bundleFolder.deletingLastPathComponent()
        .appendingPathComponent("ecprune").path)
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
  }()

  /// Runs `ecprune` with `arguments` and waits for it.
  static func run(_ arguments: [String]) throws -> Result {
    guard let executable else {
      throw CocoaError(.fileNoSuchFile)
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    // Read both pipes before waiting so a full pipe cannot block the tool.
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus,
      standardOutput: String(decoding: outputData, as: UTF8.self),
      standardError: String(decoding: errorData, as: UTF8.self))
  }
}

/// Whether the Debian package's Fashion-MNIST files are installed.
let fashionMNISTIsInstalled = FileManager.default.fileExists(
  atPath: "/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz")

/// The Python interpreter with safetensors and numpy, set by the Makefile.
let interopPython = ProcessInfo.processInfo.environment["ECPRUNE_PYTHON"]

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().path

/// Creates a fresh empty folder under the system's temporary folder.
func temporaryFolder() throws -> String {
  let path = FileManager.default.temporaryDirectory
    .appendingPathComponent("ecprune-e2e-\(UUID().uuidString)").path
  try FileManager.default.createDirectory(
    atPath: path, withIntermediateDirectories: true)
  return path
}
