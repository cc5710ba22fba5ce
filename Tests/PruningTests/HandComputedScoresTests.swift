import NeuralNetwork
import Pruning
import Testing

/// Elimination–compensation scores of a 2-2-1 linear network, worked out
/// by hand from the closed form.
///
/// With identity activations, ∂y/∂z¹ᵢ = W²₀ᵢ on every sample, so s¹ = (4, 1)
/// for W² = (2, −1), and s² = 1. The weighted statistics then reduce to
/// plain means and population variances of the inputs:
/// x ∈ {(1, 2), (3, 0), (2, 4)} has means (2, 2) and variances (2/3, 8/3);
/// the hidden activations h = W¹x have means (−2, 7) and variances
/// (14, 66.5/3).
@Suite struct HandComputedScoresTests {
  static let network = Network(layers: [
    DenseLayer(
      weight: Matrix(rows: 2, columns: 2, values: [1, -2, 0.5, 3]),
      bias: [0, 0], activation: .identity),
    DenseLayer(
      weight: Matrix(rows: 1, columns: 2, values: [2, -1]), bias: [0],
      activation: .identity),
  ])
  static let data = ScoringData(
    features: Matrix(rows: 3, columns: 2, values: [1, 2, 3, 0, 2, 4]),
    targets: .values(Matrix(rows: 3, columns: 1)), loss: .meanSquaredError,
    batchSize: 2)

  /// Checks `actual` against `expected` to 1e-13 relative: every input is
  /// a small integer or half, so only a few roundings separate the two.
  func expectClose(
    _ actual: [Double], _ expected: [Double], _ name: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(actual.count == expected.count, sourceLocation: sourceLocation)
    for (index, (value, target)) in zip(actual, expected).enumerated() {
      #expect(
        abs(value - target) <= 1e-13 * max(1, abs(target)),
        "\(name)[\(index)]: \(value), expected \(target)",
        sourceLocation: sourceLocation)
    }
  }

  @Test func compensationsMatchHandValues() {
    let scores = EliminationCompensation.scores(
      of: Self.network, on: Self.data, response: .output)
    // β* = w · mean(a).
    expectClose(scores.compensation[0].values, [2, -4, 1, 6], "β* layer 0")
    expectClose(scores.compensation[1].values, [-4, -7], "β* layer 1")
  }

  @Test func importancesMatchHandValues() {
    let scores = EliminationCompensation.scores(
      of: Self.network, on: Self.data, response: .output)
    // I = w² · s · var(a).
    expectClose(
      scores.importance[0].values, [8.0 / 3, 128.0 / 3, 1.0 / 6, 24],
      "I layer 0")
    expectClose(scores.importance[1].values, [56, 66.5 / 3], "I layer 1")
    // E = w² · s · mean(a²) = w² · s · (var + mean²).
    expectClose(
      scores.eliminationOnly[0].values,
      [
        4 * (2.0 / 3 + 4), 16 * (8.0 / 3 + 4), 0.25 * (2.0 / 3 + 4),
        9 * (8.0 / 3 + 4),
      ],
      "E layer 0")
    #expect(scores.zeroSensitivityUnits == [[], []])
    #expect(scores.sampleCount == 3)
  }

  @Test func compensationKeepsLinearNetworkExactOnAverage() {
    // For a linear network the first-order model is exact: removing a
    // weight with its compensation changes the output by w(μ − a) times
    // the downstream gain, whose mean over the data is 0.
    let scores = EliminationCompensation.scores(
      of: Self.network, on: Self.data, response: .output)
    var pruned = Self.network
    pruned.layers[0].weight[0, 1] = 0
    pruned.layers[0].bias[0] += scores.compensation[0][0, 1]
    let before = Self.network.predict(Self.data.features)
    let after = pruned.predict(Self.data.features)
    let differences = zip(after.values, before.values).map { $0 - $1 }
    let mean = differences.reduce(0, +) / 3
    let meanSquare = differences.map { $0 * $0 }.reduce(0, +) / 3
    #expect(abs(mean) <= 1e-13)
    // The mean squared change is the importance, exactly here.
    #expect(abs(meanSquare - scores.importance[0][0, 1]) <= 1e-12)
  }
}
