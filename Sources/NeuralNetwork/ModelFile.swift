import FileIO
import TensorFiles

/// Reads and writes networks as safetensors files.
///
/// Layout, shared with PyTorch and JAX users: tensors `layers.{l}.weight`
/// shaped [out, in] and `layers.{l}.bias` shaped [out] for l = 0, 1, …, and
/// metadata `activations` holding the activation names, comma-separated,
/// one per layer (for example `relu,relu,identity`). Weights are written as
/// F64; F64 and F32 files are read.
public enum ModelFile {
  /// The metadata key of the activation names.
  public static let activationsKey = "activations"

  /// Returns the safetensors contents for `network`, with `metadata` added
  /// beside the activations.
  public static func contents(
    of network: Network, metadata: [String: String] = [:]
  ) -> SafetensorsFile {
    var tensors: [String: Tensor] = [:]
    for (index, layer) in network.layers.enumerated() {
      tensors["layers.\(index).weight"] = Tensor(
        shape: [layer.unitCount, layer.inputCount],
        values: layer.weight.values)
      tensors["layers.\(index).bias"] = Tensor(
        shape: [layer.unitCount], values: layer.bias)
    }
    var allMetadata = metadata
    allMetadata[activationsKey] = network.layers.map(\.activation.name)
      .joined(separator: ",")
    return SafetensorsFile(tensors: tensors, metadata: allMetadata)
  }

  /// Writes `network` to `path` atomically.
  ///
  /// - Throws: `InputError` naming `path` when it cannot be written.
  public static func write(
    _ network: Network, to path: String, metadata: [String: String] = [:]
  ) throws {
    try contents(of: network, metadata: metadata).write(to: path)
  }

  /// Reads the network stored at `path`.
  ///
  /// - Throws: `InputError` naming `path` when the file is not a valid
  ///   safetensors file or does not describe a network. That covers
  ///   missing or extra tensors, shapes that do not chain, missing or
  ///   unknown activation names, and weights that are NaN or infinite.
  public static func read(_ path: String) throws -> Network {
    try network(from: SafetensorsFile.read(path), path: path)
  }

  /// Builds the network that a decoded model file describes.
  public static func network(
    from file: SafetensorsFile, path: String
  ) throws -> Network {
    // The layer count follows from the weight names, which must be
    // layers.0 … layers.(L-1) with nothing else beside them.
    let layerCount = file.tensors.keys.filter { $0.hasSuffix(".weight") }
      .count
    guard layerCount > 0 else {
      throw InputError(
        path: path, "no tensor layers.0.weight; this is not a model file")
    }
    var expectedNames: Set<String> = []
    for index in 0..<layerCount {
      expectedNames.insert("layers.\(index).weight")
      expectedNames.insert("layers.\(index).bias")
    }
    if let missing = expectedNames.subtracting(file.tensors.keys).sorted()
      .first
    {
      throw InputError(path: path, "missing tensor \(missing)")
    }
    if let extra = Set(file.tensors.keys).subtracting(expectedNames).sorted()
      .first
    {
      throw InputError(
        path: path,
        "unexpected tensor \(extra); a model holds only "
          + "layers.{l}.weight and layers.{l}.bias")
    }

    let activations = try parseActivations(
      file.metadata[activationsKey], layerCount: layerCount, path: path)
    var layers: [DenseLayer] = []
    for index in 0..<layerCount {
      let weight = file.tensors["layers.\(index).weight"]!
      let bias = file.tensors["layers.\(index).bias"]!
      try validate(
        weight: weight, bias: bias, layer: index,
        previousUnits: layers.last?.unitCount, path: path)
      layers.append(
        DenseLayer(
          weight: Matrix(
            rows: weight.shape[0], columns: weight.shape[1],
            values: weight.values),
          bias: bias.values, activation: activations[index]))
    }
    return Network(layers: layers)
  }

  private static func parseActivations(
    _ text: String?, layerCount: Int, path: String
  ) throws -> [Activation] {
    guard let text else {
      throw InputError(
        path: path,
        "missing metadata '\(activationsKey)'; add the activation names, "
          + "one per layer, for example relu,relu,identity")
    }
    let names = text.split(separator: ",", omittingEmptySubsequences: false)
      .map { String($0).trimmingSpaces() }
    guard names.count == layerCount else {
      throw InputError(
        path: path,
        "metadata '\(activationsKey)' names \(names.count) activations for "
          + "\(layerCount) layers")
    }
    return try names.map { name in
      guard let activation = Activation(name: name) else {
        let known = Activation.allCases.map(\.name).joined(separator: ", ")
        throw InputError(
          path: path, "unknown activation '\(name)'; known: \(known)")
      }
      return activation
    }
  }

  private static func validate(
    weight: Tensor, bias: Tensor, layer: Int, previousUnits: Int?,
    path: String
  ) throws {
    let name = "layers.\(layer)"
    guard weight.shape.count == 2, weight.shape[0] > 0, weight.shape[1] > 0
    else {
      throw InputError(
        path: path,
        "\(name).weight has shape \(weight.shape); expected [out, in] "
          + "with both positive")
    }
    guard bias.shape == [weight.shape[0]] else {
      throw InputError(
        path: path,
        "\(name).bias has shape \(bias.shape); expected [\(weight.shape[0])]")
    }
    if let previousUnits, previousUnits != weight.shape[1] {
      throw InputError(
        path: path,
        "\(name).weight takes \(weight.shape[1]) inputs but layer "
          + "\(layer - 1) has \(previousUnits) units")
    }
    for (tensorName, tensor) in [("weight", weight), ("bias", bias)] {
      if let index = tensor.values.firstIndex(where: { !$0.isFinite }) {
        throw InputError(
          path: path,
          "\(name).\(tensorName) holds \(tensor.values[index]) at flat "
            + "index \(index); weights and biases must be finite")
      }
    }
  }
}

extension String {
  func trimmingSpaces() -> String {
    var text = Substring(self)
    while text.first == " " { text = text.dropFirst() }
    while text.last == " " { text = text.dropLast() }
    return String(text)
  }
}
