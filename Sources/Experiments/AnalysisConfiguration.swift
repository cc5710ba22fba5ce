import NeuralNetwork

/// The data sets the analyses train on.
public enum AnalysisDataset: String, CaseIterable, Sendable {
  /// Fashion-MNIST classifiers: 784 pixels to 10 logits.
  case fashionMNIST = "fashion-mnist"
  /// Diffusion–sorption regressors: (x, t, u₀) to u.
  case diffusionSorption = "diffusion-sorption"

  /// The name reports use.
  public var title: String {
    switch self {
    case .fashionMNIST: return "Fashion-MNIST"
    case .diffusionSorption: return "diffusion–sorption"
    }
  }
}

/// The analyses `ecprune analyze` can run.
public enum AnalysisKind: String, CaseIterable, Sendable {
  /// Error curves against the removal fraction ε, per layer, on the
  /// reference network of each data set and activation.
  case perturbation
  /// The same measures on networks of 1 to 8 hidden layers.
  case depth
  /// The same measures on networks trained at several noise levels.
  case noise
  /// Pruning at many ratios on the reference networks: summed
  /// predictions against the pruned network, and the joint re-fit.
  case ratio
}

/// One trained network of the analyses.
public struct AnalysisConfiguration: Sendable, Hashable {
  public let dataset: AnalysisDataset
  public let activation: Activation
  /// Hidden layers, all of `width` units.
  public let depth: Int
  public let width: Int
  /// The noise level, as a fraction of the standard deviation of what it
  /// is added to (targets for regression, pixels for classification).
  public let noise: Double

  public init(
    dataset: AnalysisDataset, activation: Activation, depth: Int, width: Int,
    noise: Double
  ) {
    self.dataset = dataset
    self.activation = activation
    self.depth = depth
    self.width = width
    self.noise = noise
  }

  /// A short label such as `fashion-mnist tanh depth 2 noise 0.05`.
  public var label: String {
    "\(dataset.rawValue) \(activation.rawValue) depth \(depth) noise "
      + "\(noise)"
  }

  /// Returns the layer widths from input to output.
  public func sizes(inputCount: Int, outputCount: Int) -> [Int] {
    [inputCount] + [Int](repeating: width, count: depth) + [outputCount]
  }
}
