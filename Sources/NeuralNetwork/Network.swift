import SeededRandom

/// A fully-connected feed-forward network: a⁰ = x, zˡ = Wˡaˡ⁻¹ + bˡ,
/// aˡ = σˡ(zˡ), y = aᴸ.
///
/// Layers are numbered from 0 in code and in model files
/// (`layers.0.weight` is W¹ in the formulas).
public struct Network: Equatable, Sendable {
  /// The layers, from input to output.
  public var layers: [DenseLayer]

  /// Creates a network from layers whose sizes chain.
  ///
  /// - Precondition: at least one layer, and each layer's input count equals
  ///   the previous layer's unit count.
  public init(layers: [DenseLayer]) {
    precondition(!layers.isEmpty, "a network needs at least one layer")
    for index in layers.indices.dropFirst() {
      precondition(
        layers[index].inputCount == layers[index - 1].unitCount,
        "layer \(index) takes \(layers[index].inputCount) inputs but "
          + "layer \(index - 1) has \(layers[index - 1].unitCount) units")
    }
    self.layers = layers
  }

  /// Creates a randomly initialised network.
  ///
  /// Weights are uniform on [-r, r] with r = √(6/fan-in) for the ReLU family
  /// (He initialisation) and r = √(6/(fan-in + fan-out)) otherwise (Glorot);
  /// biases start at 0.
  ///
  /// - Parameters:
  ///   - sizes: the widths from input to output, at least two entries, each
  ///     positive; for example `[784, 300, 100, 10]`.
  ///   - hiddenActivation: σ of every layer but the last.
  ///   - outputActivation: σ of the last layer; `identity` gives logits.
  ///   - seed: fixes every weight.
  public init(
    sizes: [Int], hiddenActivation: Activation,
    outputActivation: Activation = .identity, seed: UInt64
  ) {
    precondition(sizes.count >= 2, "sizes needs an input and an output width")
    precondition(sizes.allSatisfy { $0 > 0 }, "every width must be positive")
    var generator = SeededGenerator(seed: seed, stream: .weightInitialisation)
    var layers: [DenseLayer] = []
    for index in 0..<(sizes.count - 1) {
      let fanIn = sizes[index]
      let fanOut = sizes[index + 1]
      let isLast = index == sizes.count - 2
      let activation = isLast ? outputActivation : hiddenActivation
      let heFamily = [.relu, .leakyReLU, .gelu].contains(activation)
      let radius =
        heFamily
        ? (6.0 / Double(fanIn)).squareRoot()
        : (6.0 / Double(fanIn + fanOut)).squareRoot()
      let weights = (0..<(fanIn * fanOut)).map { _ in
        generator.uniform(-radius, radius)
      }
      layers.append(
        DenseLayer(
          weight: Matrix(rows: fanOut, columns: fanIn, values: weights),
          bias: [Double](repeating: 0, count: fanOut),
          activation: activation))
    }
    self.init(layers: layers)
  }

  /// The input width.
  public var inputCount: Int { layers[0].inputCount }
  /// The output width K.
  public var outputCount: Int { layers[layers.count - 1].unitCount }
  /// The widths from input to output, for example `[784, 300, 100, 10]`.
  public var sizes: [Int] { [inputCount] + layers.map(\.unitCount) }
  /// The number of weights, biases excluded.
  public var weightCount: Int {
    layers.reduce(0) { $0 + $1.weight.values.count }
  }
  /// The number of weights and biases.
  public var parameterCount: Int {
    layers.reduce(0) { $0 + $1.weight.values.count + $1.bias.count }
  }

  /// A short description such as `784-300-100-10 relu`.
  public var architecture: String {
    let widths = sizes.map(String.init).joined(separator: "-")
    let activations = layers.map(\.activation.name)
    let hidden = Set(activations.dropLast())
    if hidden.count <= 1 {
      let hiddenName = hidden.first ?? activations[activations.count - 1]
      let last = activations[activations.count - 1]
      return last == "identity" || hidden.isEmpty
        ? "\(widths) \(hiddenName)" : "\(widths) \(hiddenName)/\(last)"
    }
    return "\(widths) \(activations.joined(separator: ","))"
  }
}
