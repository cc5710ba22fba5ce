import NeuralNetwork
import Pruning
import SeededRandom
import TestSupport
import Testing

/// Facts the closed form guarantees on any network and data.
@Suite struct ClosedFormPropertiesTests {
  static let activations: [Activation] = [.relu, .tanh, .gelu, .sigmoid]

  static func data(seed: UInt64, samples: Int = 40, batchSize: Int = 40)
    -> ScoringData
  {
    let features = Fixtures.randomMatrix(
      rows: samples, columns: 5, seed: seed)
    var generator = SeededGenerator(seed: seed + 1)
    let labels = (0..<samples).map { _ in generator.integer(below: 3) }
    return ScoringData(
      features: features, targets: .classes(labels), batchSize: batchSize)
  }

  @Test(arguments: activations, Response.allCases)
  func importanceIsBetweenZeroAndElimination(
    activation: Activation, response: Response
  ) {
    let network = Fixtures.randomNetwork(
      sizes: [5, 6, 4, 3], hidden: activation, seed: 91)
    let scores = EliminationCompensation.scores(
      of: network, on: Self.data(seed: 92), response: response)
    for layer in network.layers.indices {
      for index in scores.importance[layer].values.indices {
        let importance = scores.importance[layer].values[index]
        let elimination = scores.eliminationOnly[layer].values[index]
        #expect(importance >= 0, "layer \(layer) weight \(index)")
        // I = E − W μ² w²/N, so I ≤ E up to one rounding of E.
        #expect(
          importance <= elimination * (1 + 1e-14),
          "layer \(layer) weight \(index): I \(importance) > E \(elimination)")
      }
    }
  }

  @Test(arguments: [0.5, 2, -3])
  func compensationLinearAndImportanceQuadratic(factor: Double) {
    let network = Fixtures.randomNetwork(
      sizes: [5, 6, 3], hidden: .tanh, seed: 93)
    // Scale row 1 of the linear output layer. Its inputs are the hidden
    // activations and its sensitivities are 1, so neither changes: β* and
    // I see the scaling only through their factors w and w².
    var scaled = network
    for j in 0..<6 { scaled.layers[1].weight[1, j] *= factor }
    let data = Self.data(seed: 94)
    let original = EliminationCompensation.scores(
      of: network, on: data, response: .output)
    let changed = EliminationCompensation.scores(
      of: scaled, on: data, response: .output)
    for j in 0..<6 {
      let beta = original.compensation[1][1, j]
      let importance = original.importance[1][1, j]
      let scaledBeta = changed.compensation[1][1, j]
      let scaledImportance = changed.importance[1][1, j]
      // The statistics are bit-identical, so only the final products
      // round differently: a few ulps.
      #expect(abs(scaledBeta - factor * beta) <= 1e-14 * abs(factor * beta))
      #expect(
        abs(scaledImportance - factor * factor * importance)
          <= 1e-14 * factor * factor * importance)
    }
  }

  @Test(arguments: activations)
  func batchingDoesNotChangeScores(activation: Activation) {
    let network = Fixtures.randomNetwork(
      sizes: [5, 7, 3], hidden: activation, seed: 95)
    let whole = EliminationCompensation.scores(
      of: network, on: Self.data(seed: 96, samples: 53, batchSize: 53),
      response: .output)
    let batched = EliminationCompensation.scores(
      of: network, on: Self.data(seed: 96, samples: 53, batchSize: 7),
      response: .output)
    for layer in network.layers.indices {
      for index in whole.importance[layer].values.indices {
        let expected = whole.importance[layer].values[index]
        let actual = batched.importance[layer].values[index]
        // Merging moments of 8 batches reorders sums of 53 terms: a few
        // ulps each, so 1e-12 relative.
        #expect(abs(actual - expected) <= 1e-12 * max(expected, 1e-300))
        let beta = whole.compensation[layer].values[index]
        let betaBatched = batched.compensation[layer].values[index]
        #expect(abs(betaBatched - beta) <= 1e-12 * max(abs(beta), 1e-300))
      }
    }
  }

  @Test func permutingHiddenUnitsPermutesScores() {
    let network = Fixtures.randomNetwork(
      sizes: [5, 4, 3], hidden: .relu, seed: 97)
    let permutation = [2, 0, 3, 1]
    var permuted = network
    for (newUnit, oldUnit) in permutation.enumerated() {
      for j in 0..<5 {
        permuted.layers[0].weight[newUnit, j] =
          network.layers[0].weight[oldUnit, j]
      }
      permuted.layers[0].bias[newUnit] = network.layers[0].bias[oldUnit]
      for k in 0..<3 {
        permuted.layers[1].weight[k, newUnit] =
          network.layers[1].weight[k, oldUnit]
      }
    }
    let data = Self.data(seed: 98)
    let original = EliminationCompensation.scores(
      of: network, on: data, response: .output)
    let moved = EliminationCompensation.scores(
      of: permuted, on: data, response: .output)
    for (newUnit, oldUnit) in permutation.enumerated() {
      for j in 0..<5 {
        let expected = original.importance[0][oldUnit, j]
        let actual = moved.importance[0][newUnit, j]
        // The same sums in a different GEMM column order: 1e-12 relative.
        #expect(abs(actual - expected) <= 1e-12 * max(expected, 1e-300))
      }
      for k in 0..<3 {
        let expected = original.importance[1][k, oldUnit]
        let actual = moved.importance[1][k, newUnit]
        #expect(abs(actual - expected) <= 1e-12 * max(expected, 1e-300))
      }
    }
  }

  @Test func withinRowSumIsJointLinearisedOptimum() {
    let network = Fixtures.randomNetwork(
      sizes: [5, 4, 3], hidden: .tanh, seed: 99)
    let data = Self.data(seed: 100)
    let scores = EliminationCompensation.scores(
      of: network, on: data, response: .output)
    // Remove weights 0, 2 and 3 of row 1 together. The joint linearised
    // objective (1/N) Σ s (β − Σⱼ wⱼaⱼ)² is minimised by the s-weighted mean
    // of Σⱼ wⱼaⱼ, computed here directly in one pass.
    let trace = network.forward(data.features)
    let sensitivities = network.sensitivities(trace)
    let removed = [0, 2, 3]
    var weighted = 0.0
    var total = 0.0
    for n in 0..<data.count {
      let s = sensitivities[0][n, 1]
      let change = removed.reduce(0.0) {
        $0 + network.layers[0].weight[1, $1] * data.features[n, $1]
      }
      weighted += s * change
      total += s
    }
    let joint = weighted / total
    let summed = removed.reduce(0.0) { $0 + scores.compensation[0][1, $1] }
    #expect(abs(summed - joint) <= 1e-13 * max(1, abs(joint)))
  }
}
