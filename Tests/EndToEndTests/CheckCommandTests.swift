import Foundation
import Testing

/// `ecprune check` against claims computed by the independent NumPy
/// implementation in examples/, with and without planted faults.
@Suite(
  .enabled(
    if: fashionMNISTIsInstalled && interopPython != nil
      && CommandRunner.executable != nil,
    "needs dataset-fashion-mnist, ECPRUNE_PYTHON and the built tool"))
struct CheckCommandTests {
  /// A folder with a model whose layers 1 and 2 share a shape, 150 input
  /// samples and the example script's claims for them.
  static let folder: String? = {
    guard let folder = try? temporaryFolder() else { return nil }
    let trained = try? CommandRunner.run([
      "train", "--training-samples", "2000", "--epochs", "1", "--hidden",
      "12,12,12", "--seed", "6", "--out", folder + "/model.safetensors",
    ])
    guard trained?.status == 0 else { return nil }
    let script = """
      import sys; sys.path.insert(0, sys.argv[1] + "/scripts")
      import idx_files, numpy as np
      x, _ = idx_files.load_split("/usr/share/datasets/fashion-mnist", "t10k")
      np.save(sys.argv[2] + "/inputs.npy", x[:150])
      """
    guard
      python(["-c", script, repositoryRoot, folder]) == 0,
      python([
        repositoryRoot + "/examples/compute_claims.py", "--model",
        folder + "/model.safetensors", "--inputs", folder + "/inputs.npy",
        "--out", folder + "/claims.safetensors",
      ]) == 0,
      python([
        repositoryRoot + "/examples/plant_faults.py",
        folder + "/claims.safetensors", folder,
      ]) == 0
    else { return nil }
    return folder
  }()

  /// Runs the interop Python with `arguments` and returns its exit status.
  static func python(_ arguments: [String]) -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: interopPython!)
    process.arguments = arguments
    do {
      try process.run()
    } catch {
      return -1
    }
    process.waitUntilExit()
    return process.terminationStatus
  }

  func check(_ claims: String) throws -> CommandRunner.Result {
    let folder = try #require(Self.folder)
    return try CommandRunner.run([
      "check", "--model", folder + "/model.safetensors", "--inputs",
      folder + "/inputs.npy", "--claims", folder + "/" + claims,
    ])
  }

  @Test func independentClaimsAgree() throws {
    let result = try check("claims.safetensors")
    #expect(result.status == 0, "output: \(result.standardOutput)")
    #expect(result.standardOutput.contains("of "))
    #expect(result.standardOutput.contains("claims within tolerance"))
  }

  @Test func flippedSignIsNamed() throws {
    let result = try check("sign.safetensors")
    #expect(result.status == 1)
    #expect(result.standardOutput.contains("mismatches per layer: 0: 1,"))
    #expect(result.standardOutput.contains("| compensation |"))
  }

  @Test func smallRelativeOffsetIsNamed() throws {
    // 1e-3 relative is a thousand times the default tolerance.
    let result = try check("shift.safetensors")
    #expect(result.status == 1)
    #expect(result.standardOutput.contains("mismatches per layer: 0: 0, 1: 1,"))
  }

  @Test func swappedLayersAreNamed() throws {
    let result = try check("swap.safetensors")
    #expect(result.status == 1)
    let line = result.standardOutput.split(separator: "\n").first {
      $0.hasPrefix("mismatches per layer")
    }
    let counts = try #require(line)
    // Layers 1 and 2 mismatch, layers 0 and 3 do not.
    #expect(counts.contains("0: 0,"))
    #expect(!counts.contains("1: 0,"))
    #expect(!counts.contains("2: 0,"))
    #expect(counts.hasSuffix("3: 0"))
  }

  @Test func badClaimsFileFailsWithStatusTwo() throws {
    let folder = try #require(Self.folder)
    let result = try CommandRunner.run([
      "check", "--model", folder + "/model.safetensors", "--inputs",
      folder + "/inputs.npy", "--claims", folder + "/model.safetensors",
    ])
    #expect(result.status == 2)
    #expect(result.standardError.contains("missing metadata 'response'"))
  }
}
