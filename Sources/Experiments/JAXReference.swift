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

/// The scoring time of the same elimination–compensation statistics in JAX
/// float64, measured by `scripts/jax_reference_scoring.py`.
public struct JAXScoringResult: Sendable {
  /// JAX's version.
  public let jaxVersion: String
  /// The fastest scoring pass over all samples, in seconds.
  public let bestScoringSeconds: Double
  /// The fastest loss-gradient pass over the same samples, in seconds.
  public let bestBackwardSeconds: Double
}

/// Runs the JAX reference scripts as child processes.
public enum JAXReference {
  /// Runs the scoring script and parses its JSON.
  public static func runScoring(
    python: String, script: String, dataDirectory: String, samples: Int,
    batchSize: Int
  ) throws -> JAXScoringResult {
    let object = try runScript(
      python: python, script: script,
      arguments: [
        "--data-dir", dataDirectory, "--samples", String(samples),
        "--batch-size", String(batchSize),
      ])
    guard let version = object["jax_version"] as? String,
      let scoring = object["best_scoring_seconds"] as? Double,
      let backward = object["best_backward_seconds"] as? Double
    else {
      throw InputError(
        path: script,
        "printed no JSON object with jax_version, best_scoring_seconds and "
          + "best_backward_seconds")
    }
    return JAXScoringResult(
      jaxVersion: version, bestScoringSeconds: scoring,
      bestBackwardSeconds: backward)
  }

  /// Runs `script` with the interpreter `python` and parses its JSON.
  ///
  /// - Throws: `InputError` naming the interpreter or script when either
  ///   is missing, when the script fails, or when its output is not the
  ///   expected JSON object.
  public static func run(
    python: String, script: String, dataDirectory: String, epochs: Int
  ) throws -> JAXReferenceResult {
    let object = try runScript(
      python: python, script: script,
      arguments: [
        "--data-dir", dataDirectory, "--epochs", String(epochs),
      ])
    guard let version = object["jax_version"] as? String,
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

  /// Runs `script` with `arguments` and returns the JSON object it prints.
  private static func runScript(
    python: String, script: String, arguments: [String]
  ) throws -> [String: Any] {
    guard FileManager.default.isExecutableFile(atPath: python) else {
      throw InputError(
        path: python,
        "Python interpreter not found; run 'make bench', which creates it "
          + "with JAX from scripts/jax-requirements.txt")
    }
    guard FileManager.default.fileExists(atPath: script) else {
      throw InputError(path: script, "JAX reference script not found")
    }

    // Run the script and collect what it prints.
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = [script] + arguments
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
        as? [String: Any]
    else {
      throw InputError(path: script, "printed no JSON object")
    }
    return object
  }
}
