import NeuralNetwork
import Testing

/// Losses against hand-computed values.
@Suite struct LossTests {
  @Test func crossEntropyMatchesHandValue() {
    let logits = Matrix(rows: 1, columns: 3, values: [1, 2, 3])
    let loss = Loss.softmaxCrossEntropy.perSample(
      logits, targets: .classes([2]))
    // log(e¹ + e² + e³) − 3 = log(1 + e⁻¹ + e⁻²), evaluated in Python.
    #expect(abs(loss[0] - 0.4076059644443803) <= 1e-15)
  }

  @Test func crossEntropyGradientIsSoftmaxMinusOneHot() {
    let logits = Matrix(rows: 2, columns: 3, values: [1, 2, 3, 1, 2, 3])
    let (_, gradient) = Loss.softmaxCrossEntropy.meanAndGradient(
      logits, targets: .classes([2, 0]))
    // softmax(1, 2, 3) from Python; the mean over N = 2 halves each row.
    let softmax = [
      0.09003057317038046, 0.24472847105479764, 0.6652409557748218,
    ]
    let expected = [
      softmax[0], softmax[1], softmax[2] - 1,
      softmax[0] - 1, softmax[1], softmax[2],
    ].map { $0 / 2 }
    for index in expected.indices {
      #expect(abs(gradient.values[index] - expected[index]) <= 1e-15)
    }
  }

  @Test func crossEntropyDoesNotOverflow() {
    let logits = Matrix(rows: 2, columns: 2, values: [1000, 0, 1000, 0])
    let losses = Loss.softmaxCrossEntropy.perSample(
      logits, targets: .classes([0, 1]))
    #expect(losses[0] == 0)
    #expect(losses[1] == 1000)
  }

  @Test func meanSquaredErrorMatchesHandValue() {
    let output = Matrix(rows: 2, columns: 2, values: [1, 2, 0, 0])
    let targets = Matrix(rows: 2, columns: 2, values: [0, 4, 0, 1])
    let (mean, gradient) = Loss.meanSquaredError.meanAndGradient(
      output, targets: .values(targets))
    // Sample losses (1 + 4)/2 = 2.5 and (0 + 1)/2 = 0.5, mean 1.5.
    #expect(mean == 1.5)
    // ∂/∂y of the mean over N·K = 4 entries is 2(y − t)/4.
    #expect(gradient.values == [0.5, -1, 0, -0.5])
  }

  @Test func accuracyCountsArgmaxMatches() {
    let network = Network(layers: [
      DenseLayer(
        weight: Matrix(rows: 2, columns: 2, values: [1, 0, 0, 1]),
        bias: [0, 0], activation: .identity)
    ])
    let features = Matrix(
      rows: 4, columns: 2, values: [1, 0, 0, 1, 2, 1, 0, 3])
    let evaluation = network.evaluate(
      features: features, targets: .classes([0, 1, 1, 1]),
      loss: .softmaxCrossEntropy)
    #expect(evaluation.accuracy == 0.75)
  }
}
