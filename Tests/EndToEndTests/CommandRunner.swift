import Foundation
import Testing

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

  /// Runs `ecprune` with `arguments` and waits for it, in `directory`
  /// when one is given, with `environment` added to this process's.
  static func run(
    _ arguments: [String], in directory: String? = nil,
    environment: [String: String] = [:]
  ) throws -> Result {
    guard let executable else {
      throw CocoaError(.fileNoSuchFile)
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(
      environment
    ) { _, added in added }
    if let directory {
      process.currentDirectoryURL = URL(fileURLWithPath: directory)
    }
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    // Read both pipes before waiting, at the same time, so a full pipe
    // cannot block the tool.
    let errorReader = PipeReader(error.fileHandleForReading.fileDescriptor)
    let reading = Thread { errorReader.readAll() }
    reading.start()
    let outputData = readAll(output.fileHandleForReading.fileDescriptor)
    let errorData = errorReader.wait()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus,
      standardOutput: String(decoding: outputData, as: UTF8.self),
      standardError: String(decoding: errorData, as: UTF8.self))
  }
}

/// Returns everything readable from `descriptor` until end of file.
///
/// Foundation's `readDataToEndOfFile` traps when a signal interrupts the
/// read (EINTR), which other child processes of the test run can cause;
/// this loop retries instead.
func readAll(_ descriptor: Int32) -> Data {
  var data = Data()
  var buffer = [UInt8](repeating: 0, count: 65_536)
  while true {
    let count = buffer.withUnsafeMutableBytes {
      read(descriptor, $0.baseAddress, $0.count)
    }
    if count > 0 {
      data.append(contentsOf: buffer[0..<count])
    } else if count == 0 || errno != EINTR {
      return data
    }
  }
}

/// Reads one pipe to its end on another thread.
final class PipeReader: @unchecked Sendable {
  private let descriptor: Int32
  private let done = DispatchSemaphore(value: 0)
  // Written by `readAll` before it signals `done`, read after `wait`.
  private var data = Data()

  init(_ descriptor: Int32) { self.descriptor = descriptor }

  func readAll() {
    data = EndToEndTests.readAll(descriptor)
    done.signal()
  }

  func wait() -> Data {
    done.wait()
    return data
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

/// Checks that a run was rejected as bad input: exit status 2, one line
/// on standard error that contains `fragment`, and nothing at `path`.
func expectRejected(
  _ result: CommandRunner.Result, naming fragment: String,
  leaving path: String? = nil,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(result.status == 2, sourceLocation: sourceLocation)
  #expect(
    result.standardError.split(separator: "\n").count == 1,
    sourceLocation: sourceLocation)
  #expect(
    result.standardError.contains(fragment),
    "stderr: \(result.standardError)", sourceLocation: sourceLocation)
  if let path {
    #expect(
      !FileManager.default.fileExists(atPath: path),
      "\(path) was written", sourceLocation: sourceLocation)
  }
}
