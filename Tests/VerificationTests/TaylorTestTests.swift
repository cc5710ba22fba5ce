import GSL
import NeuralNetwork
import Pruning
import TestSupport
import Testing
import Verification

/// Checks the Taylor test's observed orders where the theory predicts
/// them.
@Suite struct TaylorTestTests {
  static func run(
    hidden: Activation, weight: WeightIndex, seed: UInt64
  ) throws -> TaylorTestResult {
    let network = Fixtures.randomNetwork(
      sizes: [4, 6, 5, 3], hidden: hidden, scale: 1.5, seed: seed)
    let inputs = Fixtures.randomMatrix(rows: 40, columns: 4, seed: seed + 1)
    let scores = EliminationCompensation.scores(
      of: network,
      on: ScoringData(
        features: inputs, targets: .classes([Int](repeating: 0, count: 40))),
      response: .output)
    return try TaylorTest.run(
      TrueObjective(network: network, inputs: inputs), weight: weight,
      compensation: scores.compensation[weight.layer][
        weight.row, weight.column],
      importance: scores.importance[weight.layer][weight.row, weight.column])
  }

  @Test(arguments: [Activation.tanh, .sigmoid, .softplus])
  func smoothActivationsGiveOrdersTwoAndThree(hidden: Activation) throws {
    let result = try Self.run(
      hidden: hidden, weight: WeightIndex(layer: 0, row: 2, column: 1),
      seed: 161)
    // The remainder of β is O(ε²) and of I is O(ε³); the fitted slopes
    // over ε = 1 … 2⁻¹² include the larger-ε points where higher terms
    // still count, hence the ± 0.15 and ± 0.2 bands.
    #expect(
      abs(result.compensation.fittedOrder - 2) <= 0.15,
      "β order \(result.compensation.fittedOrder)")
    #expect(
      abs(result.importance.fittedOrder - 3) <= 0.2,
      "I order \(result.importance.fittedOrder)")
    #expect(!result.compensation.isExact)
    #expect(result.compensation.constant > 0)
    #expect(result.points.count == 13)
  }

  @Test func linearNetworkIsExactAtEveryScale() throws {
    let result = try Self.run(
      hidden: .identity, weight: WeightIndex(layer: 0, row: 1, column: 3),
      seed: 163)
    #expect(result.compensation.isExact)
    #expect(result.importance.isExact)
    #expect(result.compensation.roundingReachedAt == 1)
  }

  @Test func linearFitRecoversKnownLine() throws {
    let fit = try LinearFit(x: [0, 1, 2, 3], y: [1, 3, 5, 7])
    #expect(abs(fit.slope - 2) <= 1e-15)
    #expect(abs(fit.intercept - 1) <= 1e-15)
  }
}
