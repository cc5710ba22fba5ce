import FileIO
import Foundation

/// The epoch time of the same training in JAX float64, measured by
/// `scripts/jax_reference_epoch.py` in the same benchmark run.
public struct JAXReferenceResult: Sendable {
  /// JAX's version, for example `0.10.2`.
  public let jaxVersion: String
  /// Wall-clock seconds of each timed epoch, after a warm-up epoch that
  /// includes compilation.
  public let epochSeconds: [Double]
  /// Test accuracy after the timed epochs, a check that it trained.
  public let testAccuracy: Double

  /// The fastest timed epoch.
  public var bestEpochSeconds: Double { epochSeconds.min() ?? .nan }
}

/// Runs the JAX reference script as a child process.
public enum JAXReference {
  /// Runs `script` with the interpreter `python` and parses its JSON.
  ///
  /// - Throws: `InputError` naming the interpreter or script when either
  ///   is missing, when the script fails, or when its output is not the
  ///   expected JSON object.
  public static func run(
    python: String, script: String, dataDirectory: String, epochs: Int
  ) throws -> JAXReferenceResult {
    guard FileManager.default.isExecutableFile(atPath: python) else {
      throw InputError(
        path: python,
        "Python interpreter not found; run 'make bench', which creates it "
          + "with JAX from scripts/jax-requirements.txt")
    }
    guard FileManager.default.fileExists(atPath: script) else {
      throw InputError(path: script, "JAX reference script not found")
    }

    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = [
      script, "--data-dir", dataDirectory, "--epochs", String(epochs),
    ]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw InputError(
        path: script,
        "failed with exit status \(process.terminationStatus); its "
          + "messages are above")
    }

    guard
      let object = try? JSONSerialization.jsonObject(with: data)
        as? [String: Any],
      let version = object["jax_version"] as? String,
      let epochs = object["epoch_seconds"] as? [Double],
      !epochs.isEmpty,
      let accuracy = object["test_accuracy"] as? Double
    else {
      throw InputError(
        path: script,
        "printed no JSON object with jax_version, epoch_seconds and "
          + "test_accuracy")
    }
    return JAXReferenceResult(
      jaxVersion: version, epochSeconds: epochs, testAccuracy: accuracy)
  }
}
