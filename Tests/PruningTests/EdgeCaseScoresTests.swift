import NeuralNetwork
import Pruning
import SeededRandom
import TestSupport
import Testing

/// Constant, nearly constant and uninfluential inputs.
@Suite struct EdgeCaseScoresTests {
  /// Features uniform on [-1, 1] except column `column`, which is
  /// `constant + spread · u` with u uniform on [-1, 1].
  static func data(
    column: Int, constant: Double, spread: Double, seed: UInt64,
    batchSize: Int = 64
  ) -> ScoringData {
    var features = Fixtures.randomMatrix(rows: 64, columns: 4, seed: seed)
    var generator = SeededGenerator(seed: seed + 1)
    for n in 0..<64 {
      features[n, column] = constant + spread * generator.uniform(-1, 1)
    }
    return ScoringData(
      features: features, targets: .classes([Int](repeating: 0, count: 64)),
      batchSize: batchSize)
  }

  @Test(arguments: [64, 10])
  func constantInputHasZeroImportance(batchSize: Int) {
    let network = Fixtures.randomNetwork(
      sizes: [4, 5, 3], hidden: .tanh, seed: 111)
    let data = Self.data(
      column: 2, constant: 0.7, spread: 0, seed: 112, batchSize: batchSize)
    let scores = EliminationCompensation.scores(
      of: network, on: data, response: .output)
    for i in 0..<5 {
      #expect(scores.importance[0][i, 2] == 0, "unit \(i)")
      #expect(
        scores.compensation[0][i, 2] == network.layers[0].weight[i, 2] * 0.7)
    }

    // Removing the weight with its compensation leaves the real output
    // unchanged: zˡᵢ moves by β − w·0.7 = 0, up to the rounding of the sum.
    var pruned = network
    pruned.layers[0].bias[3] += scores.compensation[0][3, 2]
    pruned.layers[0].weight[3, 2] = 0
    let before = network.predict(data.features)
    let after = pruned.predict(data.features)
    for index in before.values.indices {
      #expect(abs(after.values[index] - before.values[index]) <= 1e-14)
    }
  }

  @Test func nearlyConstantInputIsScoredAccurately() {
    let network = Fixtures.randomNetwork(
      sizes: [4, 5, 3], hidden: .tanh, seed: 113)
    // Variance about 3e-12 against a squared mean of 9: the one-pass
    // bracket Σ sa² − (Σ sa)²/Σ s loses about 13 of 16 digits here.
    let data = Self.data(
      column: 1, constant: 3, spread: 3e-6, seed: 114, batchSize: 16)
    let scores = EliminationCompensation.scores(
      of: network, on: data, response: .output)

    // Two-pass reference: the weighted mean first, then Σ s (a − μ)².
    let sensitivities = network.sensitivities(network.forward(data.features))
    for i in 0..<5 {
      var total = 0.0
      var weighted = 0.0
      for n in 0..<data.count {
        total += sensitivities[0][n, i]
        weighted += sensitivities[0][n, i] * data.features[n, 1]
      }
      let mean = weighted / total
      var centred = 0.0
      var naiveSquares = 0.0
      for n in 0..<data.count {
        let d = data.features[n, 1] - mean
        centred += sensitivities[0][n, i] * d * d
        naiveSquares +=
          sensitivities[0][n, i] * data.features[n, 1] * data.features[n, 1]
      }
      let w = network.layers[0].weight[i, 1]
      let reference = w * w * centred / Double(data.count)
      // Centring leaves errors of order ε relative to the spread, so the
      // importance keeps about 8 digits.
      let actual = scores.importance[0][i, 1]
      #expect(
        abs(actual - reference) <= 1e-8 * reference,
        "unit \(i): \(actual), two-pass \(reference)")

      // The naive bracket is visibly wrong on the same data, so this case
      // does exercise the cancellation.
      let naive =
        w * w * (naiveSquares - weighted * weighted / total)
        / Double(data.count)
      #expect(abs(naive - reference) > 1e-6 * reference)
    }
  }

  @Test func deadUnitHasZeroScoresAndIsListed() {
    var network = Fixtures.randomNetwork(
      sizes: [4, 5, 3], hidden: .relu, seed: 115)
    // Inputs lie in [-1, 1]⁴ and weights in [-1, 1], so z ≤ 4 − 50 < 0.
    network.layers[0].bias[3] = -50
    let data = Self.data(column: 0, constant: 0, spread: 1, seed: 116)
    let scores = EliminationCompensation.scores(
      of: network, on: data, response: .output)
    #expect(scores.zeroSensitivityUnits[0] == [3])
    for j in 0..<4 {
      #expect(scores.compensation[0][3, j] == 0)
      #expect(scores.importance[0][3, j] == 0)
      #expect(scores.eliminationOnly[0][3, j] == 0)
    }
    // The dead unit's outgoing weights see a zero activation: β* = 0 and
    // I = 0 there too, but the output units themselves are live.
    #expect(scores.zeroSensitivityUnits[1].isEmpty)
    for k in 0..<3 {
      #expect(scores.importance[1][k, 3] == 0)
      #expect(scores.compensation[1][k, 3] == 0)
    }
  }

  /// A subnormal Σ s, as a softmax probability near 1e-155 gives, has an
  /// infinite reciprocal; the statistics must stay finite. Found by the
  /// property `batchingInvariance`, which drew logits 800 apart.
  @Test func subnormalSensitivitiesGiveFiniteStatistics() {
    var statistics = LayerStatistics(units: 1, inputs: 2)
    let tiny = Double.leastNormalMagnitude / 0x1p10  // about 2e-311
    statistics.accumulate(
      sensitivities: Matrix(rows: 2, columns: 1, values: [tiny, tiny]),
      activations: Matrix(rows: 2, columns: 2, values: [0, 1, 0, 3]))
    #expect(statistics.weightedMean.values.allSatisfy { $0.isFinite })
    #expect(statistics.centredSquares.values.allSatisfy { $0.isFinite })
    // Column 0 is constant 0, column 1 has equal weights on 1 and 3.
    #expect(statistics.weightedMean[0, 0] == 0)
    #expect(statistics.weightedMean[0, 1] == 2)
    #expect(statistics.centredSquares[0, 0] == 0)
  }

  /// Activations 2²⁰ + k·2⁻³² in four batches of 16: the centred sum of
  /// squares matches the exact value to a few ulps. Merging batch means
  /// stored at the size of 2²⁰ would lose about u·|μ|/σ ≈ 1e-4 relative;
  /// the running mean kept as an offset from a shared reference does not.
  @Test func nearlyConstantInputMergesAcrossBatchesExactly() {
    var generator = SeededGenerator(seed: 117)
    let offsets = (0..<64).map { _ in
      Double(generator.integer(below: 2001) - 1000)
    }
    var statistics = LayerStatistics(units: 1, inputs: 1)
    for batch in 0..<4 {
      let rows = Array(offsets[(16 * batch)..<(16 * batch + 16)])
      statistics.accumulate(
        sensitivities: Matrix(rows: 16, columns: 1, repeating: 1),
        activations: Matrix(
          rows: 16, columns: 1, values: rows.map { 0x1p20 + $0 * 0x1p-32 }))
    }
    // Σk and Σk² are exact integers and 64 is a power of 2, so the exact
    // centred sum Σk² − (Σk)²/64, times 2⁻⁶⁴, is a double computed exactly.
    let sum = offsets.reduce(0, +)
    let squares = offsets.reduce(0) { $0 + $1 * $1 }
    let exact = (squares - sum * sum / 64) * 0x1p-64
    let computed = statistics.centredSquares[0, 0]
    #expect(abs(computed - exact) <= 16 * Double.ulpOfOne * exact)
    let exactMean = 0x1p20 + sum / 64 * 0x1p-32
    #expect(abs(statistics.weightedMean[0, 0] - exactMean) <= 0x1p-32)
  }
}
