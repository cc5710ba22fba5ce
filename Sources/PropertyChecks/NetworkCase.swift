import NeuralNetwork

/// A small network together with the samples it is checked on.
///
/// The value a network generator draws and shrinks. `inputs` has one
/// sample per row, and `labels` has one class in `0..<outputCount` per
/// sample, for the loss response.
public struct NetworkCase: Sendable, Equatable {
  /// The network under test.
  public var network: Network
  /// The samples, N × `network.inputCount`.
  public var inputs: Matrix
  /// One class per sample, each in `0..<network.outputCount`.
  public var labels: [Int]

  /// Creates a case.
  /// - Precondition: the inputs have `network.inputCount` columns, at
  ///   least one row, and one label per row inside the output width.
  public init(network: Network, inputs: Matrix, labels: [Int]) {
    precondition(inputs.columns == network.inputCount, "input width")
    precondition(inputs.rows >= 1, "a case needs at least one sample")
    precondition(labels.count == inputs.rows, "one label per sample")
    precondition(
      labels.allSatisfy { (0..<network.outputCount).contains($0) },
      "labels must be classes of the output")
    self.network = network
    self.inputs = inputs
    self.labels = labels
  }

  /// The number of samples N.
  public var sampleCount: Int { inputs.rows }

  /// The number of hidden layers (every layer but the output layer).
  public var hiddenLayerCount: Int { network.layers.count - 1 }
}

extension NetworkCase: CustomStringConvertible {
  /// The whole case, in a form that can be typed back in: sizes and
  /// activations, then every weight, bias, input and label.
  public var description: String {
    let activations = network.layers.map(\.activation.name)
    var lines = [
      "NetworkCase(sizes \(network.sizes), activations \(activations), "
        + "\(sampleCount) samples)"
    ]
    for (index, layer) in network.layers.enumerated() {
      lines.append(
        "  layers.\(index).weight \(Self.rows(of: layer.weight))")
      lines.append("  layers.\(index).bias \(layer.bias)")
    }
    lines.append("  inputs \(Self.rows(of: inputs))")
    lines.append("  labels \(labels)")
    return lines.joined(separator: "\n")
  }

  /// Formats the matrix as nested rows, `[[1.0, 2.0], [3.0, 4.0]]`.
  private static func rows(of matrix: Matrix) -> String {
    "["
      + (0..<matrix.rows).map { "\(matrix.row($0))" }
      .joined(separator: ", ") + "]"
  }
}
