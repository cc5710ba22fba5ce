import NeuralNetwork
import TestSupport
import Testing

/// SGD with momentum and Adam against plain scalar loops of the published
/// update rules (PyTorch's forms), bit for bit.
@Suite struct OptimizerTests {
  /// Returns a one-layer network with `count` weights and seeded gradients.
  static func problem(count: Int) -> (Network, Gradients) {
    let network = Fixtures.randomNetwork(
      sizes: [count, 1], hidden: .identity, seed: 81)
    var gradients = Gradients(zerosFor: network, sampleCount: 1)
    gradients.weights[0] = Fixtures.randomMatrix(
      rows: 1, columns: count, seed: 82)
    gradients.biases[0] = [0.25]
    return (network, gradients)
  }

  // Sizes below and above the threshold where the update splits the work
  // over the cores; both must give the scalar loop's bits.
  static let sizes = [37, 100_003]

  @Test(arguments: sizes)
  func adamMatchesScalarRule(count: Int) {
    var (network, gradients) = Self.problem(count: count)
    var parameters = network.layers[0].weight.values
    let gradient = gradients.weights[0].values
    var first = [Double](repeating: 0, count: count)
    var second = [Double](repeating: 0, count: count)
    var optimizer = Optimizer(.adamDefaults, learningRate: 1e-2, for: network)

    for step in 1...3 {
      optimizer.step(&network, gradients: gradients)
      let correction1 = 1 - pow(0.9, Double(step))
      let correction2 = 1 - pow(0.999, Double(step))
      for index in 0..<count {
        let g = gradient[index]
        first[index] = 0.9 * first[index] + (1 - 0.9) * g
        second[index] = 0.999 * second[index] + (1 - 0.999) * (g * g)
        let mHat = first[index] / correction1
        let vHat = second[index] / correction2
        parameters[index] -= 1e-2 * mHat / (vHat.squareRoot() + 1e-8)
      }
      #expect(
        network.layers[0].weight.values.map(\.bitPattern)
          == parameters.map(\.bitPattern), "step \(step)")
    }
    #expect(optimizer.stepCount == 3)
  }

  @Test(arguments: sizes)
  func sgdMatchesScalarRule(count: Int) {
    var (network, gradients) = Self.problem(count: count)
    var parameters = network.layers[0].weight.values
    let gradient = gradients.weights[0].values
    var velocity = [Double](repeating: 0, count: count)
    var optimizer = Optimizer(
      .sgd(momentum: 0.9), learningRate: 0.1, for: network)
    for step in 1...3 {
      optimizer.step(&network, gradients: gradients)
      for index in 0..<count {
        velocity[index] = 0.9 * velocity[index] + gradient[index]
        parameters[index] -= 0.1 * velocity[index]
      }
      #expect(
        network.layers[0].weight.values.map(\.bitPattern)
          == parameters.map(\.bitPattern), "step \(step)")
    }
  }

  @Test(
    arguments: [OptimizerKind.adamDefaults, .sgd(momentum: 0.9)],
    [37, 100_003])
  func maskHoldsRemovedAndKeepsRestExact(kind: OptimizerKind, count: Int) {
    let (network, gradients) = Self.problem(count: count)
    var mask = WeightMask(keepingAllOf: network)
    for index in stride(from: 0, to: count, by: 3) {
      mask.remove(layer: 0, index: index)
    }
    var masked = network
    mask.apply(to: &masked)
    var unmasked = network
    var maskedOptimizer = Optimizer(kind, learningRate: 1e-2, for: network)
    var plainOptimizer = Optimizer(kind, learningRate: 1e-2, for: network)
    for _ in 1...3 {
      maskedOptimizer.step(&masked, gradients: gradients, mask: mask)
      plainOptimizer.step(&unmasked, gradients: gradients)
    }
    for index in 0..<count {
      let value = masked.layers[0].weight.values[index]
      if mask.isKept(layer: 0, index: index) {
        // Kept entries follow the unmasked rule bit for bit.
        #expect(
          value.bitPattern
            == unmasked.layers[0].weight.values[index].bitPattern)
      } else {
        // Removed entries are +0.0, not −0.0.
        #expect(value.bitPattern == 0)
      }
    }
  }

  @Test func sgdMomentumMatchesHandValues() {
    var (network, gradients) = Self.problem(count: 1)
    let start = network.layers[0].bias[0]
    var optimizer = Optimizer(
      .sgd(momentum: 0.5), learningRate: 0.1, for: network)
    optimizer.step(&network, gradients: gradients)
    optimizer.step(&network, gradients: gradients)
    // Bias gradient 0.25: v₁ = 0.25, v₂ = 0.5·0.25 + 0.25 = 0.375, so the
    // bias moves by 0.1·(0.25 + 0.375) = 0.0625, exact in binary.
    #expect(network.layers[0].bias[0] == start - 0.0625)
  }

  @Test func adamFirstStepIsLearningRateTimesSign() {
    var (network, gradients) = Self.problem(count: 50)
    let before = network.layers[0].weight.values
    var optimizer = Optimizer(.adamDefaults, learningRate: 1e-3, for: network)
    optimizer.step(&network, gradients: gradients)
    // After one step m̂ = g and v̂ = g², so Δp = −η g/(|g| + ε).
    for index in before.indices {
      let g = gradients.weights[0].values[index]
      let expected = -1e-3 * g / (abs(g) + 1e-8)
      let moved = network.layers[0].weight.values[index] - before[index]
      // Bias correction divides by 1 − β and multiplies back, which costs
      // a few ulps of η; 1e-15 is about ten ulps of 1e-3 here.
      #expect(abs(moved - expected) <= 1e-15)
    }
  }
}

#if canImport(Glibc)
  import Glibc
#endif
