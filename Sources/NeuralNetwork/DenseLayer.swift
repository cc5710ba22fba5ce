/// One fully-connected layer: z = W·a + b, then σ(z) elementwise.
public struct DenseLayer: Equatable, Sendable {
  /// The weights W, shaped outputs × inputs (PyTorch's `Linear.weight`).
  public var weight: Matrix
  /// The biases b, one per output unit.
  public var bias: [Double]
  /// The activation σ.
  public var activation: Activation

  /// Creates a layer from its parameters.
  ///
  /// - Precondition: `bias.count == weight.rows`.
  public init(weight: Matrix, bias: [Double], activation: Activation) {
    precondition(
      bias.count == weight.rows,
      "\(bias.count) biases for \(weight.rows) units")
    self.weight = weight
    self.bias = bias
    self.activation = activation
  }

  /// The number of inputs.
  public var inputCount: Int { weight.columns }
  /// The number of output units.
  public var unitCount: Int { weight.rows }
}
