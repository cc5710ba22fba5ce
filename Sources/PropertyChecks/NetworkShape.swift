import NeuralNetwork

/// The hard cases a network generator plants on purpose.
public struct HardCases: OptionSet, Sendable, Hashable {
  public let rawValue: Int
  public init(rawValue: Int) { self.rawValue = rawValue }

  /// Some weights exactly 0.
  public static let zeroWeights = HardCases(rawValue: 1 << 0)
  /// A hidden unit with no influence on the output: a ReLU-family unit
  /// whose pre-activation is negative on every sample, or a unit whose
  /// outgoing weights are all 0.
  public static let deadUnits = HardCases(rawValue: 1 << 1)
  /// An input column with the same value on every sample.
  public static let constantInputs = HardCases(rawValue: 1 << 2)
  /// A first-layer pre-activation exactly at 0, the kink of ReLU and
  /// leaky ReLU: sample 0 is the zero vector and one bias is 0.
  public static let kinkPreActivations = HardCases(rawValue: 1 << 3)
  /// A sample repeated in another row.
  public static let duplicatedSamples = HardCases(rawValue: 1 << 4)
  /// One layer's weights scaled by 1e-4 or 1e3, or the inputs by 1e-4 or
  /// 1e3.
  public static let extremeMagnitudes = HardCases(rawValue: 1 << 5)

  /// Every hard case but extreme magnitudes, which only some properties
  /// can take with their tolerances.
  public static let ordinary: HardCases = [
    .zeroWeights, .deadUnits, .constantInputs, .kinkPreActivations,
    .duplicatedSamples,
  ]
  /// Every hard case.
  public static let all: HardCases = [.ordinary, .extremeMagnitudes]
}

/// The networks and data sets a network generator draws.
///
/// Every count is a closed range drawn uniformly; shrinking never leaves
/// these ranges. Weights and biases are uniform on ±`weightScale`,
/// inputs on ±`inputScale`.
public struct NetworkShape: Sendable {
  /// Hidden layers; default 1…3.
  public var hiddenLayers: ClosedRange<Int>
  /// Units of each hidden layer, drawn per layer; default 1…5.
  public var width: ClosedRange<Int>
  /// Input width; default 1…4.
  public var inputs: ClosedRange<Int>
  /// Output width K; default 1…3.
  public var outputs: ClosedRange<Int>
  /// Samples N; default 2…12.
  public var samples: ClosedRange<Int>
  /// The hidden activations to draw from, simplest first: shrinking
  /// moves a layer toward the front of the list. Default ReLU and tanh.
  public var activations: [Activation]
  /// Whether every hidden layer shares one activation (default) or each
  /// draws its own.
  public var sameActivationEverywhere: Bool
  /// The output layer's σ to draw from, simplest first; default identity
  /// only (logits). Shrinking moves it toward the front.
  public var outputActivations: [Activation]
  /// Half-width of the weights and biases; default 1.
  public var weightScale: Double
  /// Half-width of the inputs; default 1.
  public var inputScale: Double
  /// The hard cases that may be planted; default `.ordinary`.
  public var hardCases: HardCases
  /// The chance that each allowed hard case is planted in a draw, in
  /// [0, 1]; default 0.25.
  public var hardCaseFrequency: Double

  /// Creates a shape; every argument has the default named above.
  /// - Precondition: counts are positive ranges (hidden layers may start
  ///   at 0), `activations` is not empty and the scales are positive.
  public init(
    hiddenLayers: ClosedRange<Int> = 1...3,
    width: ClosedRange<Int> = 1...5,
    inputs: ClosedRange<Int> = 1...4,
    outputs: ClosedRange<Int> = 1...3,
    samples: ClosedRange<Int> = 2...12,
    activations: [Activation] = [.relu, .tanh],
    sameActivationEverywhere: Bool = true,
    outputActivations: [Activation] = [.identity],
    weightScale: Double = 1,
    inputScale: Double = 1,
    hardCases: HardCases = .ordinary,
    hardCaseFrequency: Double = 0.25
  ) {
    precondition(hiddenLayers.lowerBound >= 0, "hidden layers ≥ 0")
    precondition(
      width.lowerBound >= 1 && inputs.lowerBound >= 1
        && outputs.lowerBound >= 1 && samples.lowerBound >= 1,
      "every width and the sample count must be at least 1")
    precondition(
      !activations.isEmpty && !outputActivations.isEmpty,
      "at least one hidden and one output activation")
    precondition(
      weightScale > 0 && inputScale > 0 && weightScale.isFinite
        && inputScale.isFinite,
      "positive, finite scales")
    precondition((0...1).contains(hardCaseFrequency), "a probability")
    self.hiddenLayers = hiddenLayers
    self.width = width
    self.inputs = inputs
    self.outputs = outputs
    self.samples = samples
    self.activations = activations
    self.sameActivationEverywhere = sameActivationEverywhere
    self.outputActivations = outputActivations
    self.weightScale = weightScale
    self.inputScale = inputScale
    self.hardCases = hardCases
    self.hardCaseFrequency = hardCaseFrequency
  }
}
