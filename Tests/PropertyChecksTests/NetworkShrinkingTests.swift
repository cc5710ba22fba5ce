import NeuralNetwork
import PropertyChecks
import Testing

/// Network shrinking ends, stays inside the shape, and reaches the
/// smallest case on known properties.
@Suite struct NetworkShrinkingTests {
  static let shape = NetworkShape(
    hiddenLayers: 0...3, width: 1...5, inputs: 1...4, outputs: 1...3,
    samples: 2...9, activations: [.identity, .relu, .tanh],
    sameActivationEverywhere: false)

  /// Returns the order of `NetworkShrinker`'s doc comment as a tuple to
  /// compare lexicographically. Its value part is the sum of the classes,
  /// then of the magnitudes.
  static func measure(_ value: NetworkCase) -> [Double] {
    let network = value.network
    var values = value.inputs.values
    for layer in network.layers {
      values += layer.weight.values + layer.bias
    }
    let activations = network.layers.dropLast().map {
      Double(shape.activations.firstIndex(of: $0.activation)!)
    }
    return [
      Double(network.layers.count),
      Double(network.layers.reduce(0) { $0 + $1.unitCount }),
      Double(network.outputCount), Double(network.inputCount),
      Double(value.sampleCount), activations.reduce(0, +),
      Double(values.reduce(0) { $0 + ValueSimplicity.simplicityClass($1) }),
      values.reduce(0) { $0 + abs($1) },
    ]
  }

  /// Every candidate is a valid case of the shape and strictly smaller
  /// in some component of the order without growing in the count
  /// components, so greedy shrinking cannot cycle.
  @Test func candidatesAreSmallerAndInsideTheShape() {
    let generator = Generator<NetworkCase>.network(Self.shape)
    for seed in 0..<40 as Range<UInt64> {
      let drawn = generator.value(seed: seed)
      let before = Self.measure(drawn)
      for candidate in generator.shrink(drawn) {
        let after = Self.measure(candidate)
        #expect(after.lexicographicallyPrecedes(before) || after != before)
        #expect(zip(after.prefix(5), before.prefix(5)).allSatisfy { $0 <= $1 })
        #expect(candidate != drawn)
        #expect(Self.shape.samples.contains(candidate.sampleCount))
        #expect(Self.shape.hiddenLayers.contains(candidate.hiddenLayerCount))
      }
    }
  }

  /// A property that always fails shrinks, without reaching a limit, to
  /// the smallest case of the shape: no hidden layer, one input, one
  /// output, two samples, the first activation and every value 0.
  @Test func alwaysFailingShrinksToTheSmallestCase() throws {
    let result = PropertyCheck.run(
      "always fails", cases: 5, seed: 3,
      limits: ShrinkLimits(maximumSteps: 10_000, maximumTrials: 1_000_000),
      generator: .network(Self.shape)
    ) { _ in false }
    let failure = try #require(result.failure)
    let shrunk = failure.shrunk
    #expect(!failure.shrinkHitLimit)
    #expect(shrunk.network.sizes == [1, 1])
    #expect(shrunk.sampleCount == 2)
    #expect(shrunk.network.layers[0].weight.values == [0])
    #expect(shrunk.network.layers[0].bias == [0])
    #expect(shrunk.inputs.values == [0, 0])
  }

  /// "Every hidden layer has at most 2 units" shrinks to one hidden layer
  /// of exactly 3 units, with all else minimal.
  @Test func wideLayerShrinksToTheBoundary() throws {
    let result = PropertyCheck.run(
      "hidden width ≤ 2", cases: 100, seed: 11,
      limits: ShrinkLimits(maximumSteps: 10_000, maximumTrials: 1_000_000),
      generator: .network(Self.shape)
    ) { value in
      value.network.layers.dropLast().allSatisfy { $0.unitCount <= 2 }
    }
    let shrunk = try #require(result.failure?.shrunk)
    #expect(shrunk.network.sizes == [1, 3, 1])
    #expect(shrunk.network.layers[0].activation == .identity)
    #expect(shrunk.sampleCount == 2)
    let values = shrunk.network.layers.flatMap { $0.weight.values + $0.bias }
    #expect(values.allSatisfy { $0 == 0 })
  }

  /// "Every weight is below 1.55 in magnitude" shrinks to a single
  /// weight of 1.6: the one-decimal form, the simplest above the bound.
  @Test func largeWeightShrinksToAShortDecimal() throws {
    let shape = NetworkShape(
      hiddenLayers: 0...0, inputs: 1...2, outputs: 1...2, samples: 1...3,
      weightScale: 3)
    let result = PropertyCheck.run(
      "|w| < 1.55", cases: 100, seed: 5,
      limits: ShrinkLimits(maximumSteps: 10_000, maximumTrials: 1_000_000),
      generator: .network(shape)
    ) { value in
      value.network.layers[0].weight.values.allSatisfy { abs($0) < 1.55 }
    }
    let shrunk = try #require(result.failure?.shrunk)
    #expect(shrunk.network.sizes == [1, 1])
    #expect(shrunk.sampleCount == 1)
    let weight = shrunk.network.layers[0].weight.values[0]
    #expect(abs(weight) >= 1.55)
    #expect(abs(weight) <= 2)
    #expect(ValueSimplicity.simplicityClass(weight) <= 2)
  }

  /// Replaying with the seed and case count that a failure printed
  /// reproduces the same original and the same shrunk case.
  @Test func replayReproducesTheFailure() throws {
    let property = { (value: NetworkCase) -> Bool in
      value.network.weightCount < 12
    }
    let first = PropertyCheck.run(
      "fewer than 12 weights", cases: 200, seed: 99,
      generator: .network(Self.shape), property: property)
    let failure = try #require(first.failure)
    let environment = [
      PropertyCheck.seedVariable: "\(first.seed)",
      PropertyCheck.casesVariable: "\(failure.caseIndex + 1)",
    ]
    let replay = PropertyCheck.run(
      "fewer than 12 weights", environment: environment,
      generator: .network(Self.shape), property: property)
    #expect(replay.failure?.caseIndex == failure.caseIndex)
    #expect(replay.failure?.original == failure.original)
    #expect(replay.failure?.shrunk == failure.shrunk)
  }
}

extension Array where Element == Double {
  fileprivate func lexicographicallyPrecedes(_ other: [Double]) -> Bool {
    for (a, b) in zip(self, other) where a != b { return a < b }
    return count < other.count
  }
}
