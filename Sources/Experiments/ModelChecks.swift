import FileIO
import NeuralNetwork

/// Checks that a model read from a file fits the data it is used with.
public enum ModelChecks {
  /// Throws when `network` does not take `featureCount` inputs or does not
  /// give `classCount` outputs.
  public static func matches(
    _ network: Network, featureCount: Int, classCount: Int, modelPath: String
  ) throws {
    guard network.inputCount == featureCount else {
      throw InputError(
        path: modelPath,
        "the model takes \(network.inputCount) inputs but the data has "
          + "\(featureCount) features; use a model trained on this data")
    }
    guard network.outputCount == classCount else {
      throw InputError(
        path: modelPath,
        "the model has \(network.outputCount) outputs but the data has "
          + "\(classCount) classes; use a model trained on this data")
    }
  }
}
