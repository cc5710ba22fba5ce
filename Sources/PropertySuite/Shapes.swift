import NeuralNetwork
import PropertyChecks

/// The network shapes the suite draws from, for tests built beside it.
public enum Shapes {
  /// Small networks of every activation and the ordinary hard cases:
  /// the shape of the properties whose oracle is finite differences.
  public static let everyActivation = NetworkShape(
    hiddenLayers: 0...2, width: 1...4, inputs: 1...3, outputs: 1...3,
    samples: 2...8,
    activations: [
      .identity, .relu, .leakyReLU, .tanh, .sigmoid, .softplus, .gelu,
    ],
    sameActivationEverywhere: false,
    outputActivations: [.identity, .sigmoid, .tanh, .relu])

  /// The same with extreme magnitudes among the hard cases, for the
  /// properties that compare the scorer with itself.
  public static let extreme = NetworkShape(
    hiddenLayers: 0...2, width: 1...4, inputs: 1...3, outputs: 1...3,
    samples: 2...8,
    activations: [
      .identity, .relu, .leakyReLU, .tanh, .sigmoid, .softplus, .gelu,
    ],
    sameActivationEverywhere: false, hardCases: .all)

  /// ReLU networks with at least one hidden layer.
  public static let relu = NetworkShape(
    hiddenLayers: 1...3, width: 1...4, inputs: 1...3, outputs: 1...3,
    samples: 2...8, activations: [.relu])

  /// Networks whose hidden layers are all linear or all tanh.
  public static let linearOrTanh = NetworkShape(
    hiddenLayers: 0...2, width: 1...4, inputs: 1...3, outputs: 1...3,
    samples: 2...8, activations: [.identity, .tanh])

  /// Smooth networks without hard cases, for the Taylor orders.
  public static let smooth = NetworkShape(
    hiddenLayers: 1...2, width: 1...4, inputs: 1...3, outputs: 1...3,
    samples: 2...8, activations: [.tanh, .sigmoid, .softplus],
    sameActivationEverywhere: false, hardCases: [])
}
