import FileIO
import NeuralNetwork
import Pruning
import TensorFiles

/// Another implementation's claimed compensations and importances.
///
/// Read from a safetensors file with tensors `layers.{l}.compensation` and
/// `layers.{l}.importance`, each shaped like the layer's weight, and
/// metadata `response` naming what the importances measure (`output`,
/// `probabilities` or `loss`).
public struct Claims: Sendable {
  /// β* per layer, shaped like the weights.
  public let compensation: [Matrix]
  /// I per layer, shaped like the weights.
  public let importance: [Matrix]
  /// The response the claims measure.
  public let response: Response

  /// Reads the claims at `path` for `network`.
  ///
  /// - Throws: `InputError` naming `path` when the file is invalid, a
  ///   tensor is missing or extra, a shape differs from the weight's, a
  ///   value is not finite, or `response` is missing or unknown.
  public static func read(_ path: String, for network: Network) throws
    -> Claims
  {
    try decode(AtomicFile.read(path), path: path, for: network)
  }

  /// Decodes the bytes of a claims file for `network`.
  ///
  /// - Parameter path: The file the bytes came from, named in errors.
  /// - Throws: `InputError` naming `path`, for the problems `read` lists.
  public static func decode(
    _ bytes: [UInt8], path: String, for network: Network
  ) throws -> Claims {
    let file = try SafetensorsFile.decode(bytes, path: path)
    guard let name = file.metadata["response"] else {
      throw InputError(
        path: path,
        "missing metadata 'response'; set it to output, probabilities or "
          + "loss")
    }
    guard let response = Response(rawValue: name) else {
      throw InputError(
        path: path,
        "unknown response '\(name)'; expected output, probabilities or loss")
    }
    var expected: Set<String> = []
    var compensation: [Matrix] = []
    var importance: [Matrix] = []
    for (index, layer) in network.layers.enumerated() {
      for kind in ["compensation", "importance"] {
        let tensorName = "layers.\(index).\(kind)"
        expected.insert(tensorName)
        guard let tensor = file.tensors[tensorName] else {
          throw InputError(path: path, "missing tensor \(tensorName)")
        }
        guard tensor.shape == [layer.unitCount, layer.inputCount] else {
          throw InputError(
            path: path,
            "\(tensorName) has shape \(tensor.shape); the model's "
              + "layers.\(index).weight is [\(layer.unitCount), "
              + "\(layer.inputCount)]")
        }
        if let bad = tensor.values.firstIndex(where: { !$0.isFinite }) {
          throw InputError(
            path: path,
            "\(tensorName) holds \(tensor.values[bad]) at flat index \(bad); "
              + "claims must be finite")
        }
        let matrix = Matrix(
          rows: layer.unitCount, columns: layer.inputCount,
          values: tensor.values)
        if kind == "compensation" {
          compensation.append(matrix)
        } else {
          importance.append(matrix)
        }
      }
    }
    if let extra = Set(file.tensors.keys).subtracting(expected).sorted().first {
      throw InputError(
        path: path,
        "unexpected tensor \(extra); claims hold only "
          + "layers.{l}.compensation and layers.{l}.importance")
    }
    return Claims(
      compensation: compensation, importance: importance, response: response)
  }
}
