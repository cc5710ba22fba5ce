import NeuralNetwork
import Pruning
import TestSupport
import Testing

@testable import Verification

/// Tests of the nonlinear-compensation criterion: ground-truth scores where solved,
/// the closed form elsewhere.
@Suite struct NonlinearCompensationTests {
  static func data(_ inputs: Matrix) -> ScoringData {
    ScoringData(
      features: inputs,
      targets: .classes([Int](repeating: 0, count: inputs.rows)))
  }

  @Test func allWeightsCarryTheGroundTruth() {
    let network = Fixtures.randomNetwork(
      sizes: [4, 5, 3], hidden: .tanh, seed: 501)
    let inputs = Fixtures.randomMatrix(rows: 40, columns: 4, seed: 502)
    let result = NonlinearCompensation.score(
      network, data: Self.data(inputs), sampleCount: 25)
    #expect(result.coverage.isComplete)
    #expect(result.coverage.sampleCount == 25)
    #expect(result.scores.criterion == .nonlinearCompensation)
    // The truth is measured on the first 25 samples only.
    let first = inputs.rows(at: Array(0..<25))
    let table = GroundTruth.solve(
      TrueObjective(network: network, inputs: first))
    for layer in network.layers.indices {
      #expect(result.scores.scores[layer] == table.importance[layer])
      #expect(result.scores.compensation?[layer] == table.compensation[layer])
    }
  }

  /// With one solver round most weights cannot converge: they are
  /// counted, keep the closed form's finite scores, and pruning with the
  /// result still gives a finite network.
  @Test func unconvergedWeightsFallBackAndPruningGoesOn() {
    let network = Fixtures.randomNetwork(
      sizes: [4, 5, 3], hidden: .tanh, seed: 505)
    let inputs = Fixtures.randomMatrix(rows: 30, columns: 4, seed: 506)
    let data = Self.data(inputs)
    let result = NonlinearCompensation.score(
      network, data: data, sampleCount: 30, maximumRounds: 1)
    #expect(!result.failures.isEmpty)
    #expect(result.coverage.failedWeights == result.failures.count)
    #expect(
      result.coverage.solvedWeights + result.coverage.failedWeights
        == network.weightCount)
    #expect(result.coverage.summary.contains("not converged"))

    let closedForm = EliminationCompensation.scores(
      of: network, on: data, response: .output)
    for failure in result.failures {
      let (l, i, j) = (
        failure.weight.layer, failure.weight.row, failure.weight.column
      )
      #expect(result.scores.scores[l][i, j] == closedForm.importance[l][i, j])
      #expect(
        result.scores.compensation?[l][i, j] == closedForm.compensation[l][i, j]
      )
    }
    let pruned = Pruner.prune(
      network, scores: result.scores, ratio: 0.5, scope: .global)
    for layer in pruned.network.layers {
      #expect(layer.weight.values.allSatisfy { $0.isFinite })
      #expect(layer.bias.allSatisfy { $0.isFinite })
    }
  }

  @Test func subsetFallsBackToTheClosedForm() {
    let network = Fixtures.randomNetwork(
      sizes: [4, 5, 3], hidden: .sigmoid, seed: 503)
    let inputs = Fixtures.randomMatrix(rows: 30, columns: 4, seed: 504)
    let result = NonlinearCompensation.score(
      network, data: Self.data(inputs), sampleCount: 30, weightLimit: 7,
      seed: 3)
    #expect(result.coverage.solvedWeights == 7)
    #expect(!result.coverage.isComplete)
    #expect(result.coverage.summary.contains("random 7 of 35 weights"))
    let closedForm = EliminationCompensation.scores(
      of: network, on: Self.data(inputs), response: .output)
    let table = GroundTruth.solve(
      TrueObjective(network: network, inputs: inputs))
    let chosen = Set(NonlinearCompensation.sample(network, count: 7, seed: 3))
    for (layer, dense) in network.layers.enumerated() {
      for row in 0..<dense.unitCount {
        for column in 0..<dense.inputCount {
          let isChosen = chosen.contains(
            WeightIndex(layer: layer, row: row, column: column))
          let expected = isChosen ? table.importance : closedForm.importance
          #expect(
            result.scores.scores[layer][row, column]
              == expected[layer][row, column])
        }
      }
    }
  }

  @Test func sampleDrawsDistinctWeightsInOrder() {
    let network = Fixtures.randomNetwork(
      sizes: [6, 5, 4], hidden: .relu, seed: 505)
    let drawn = NonlinearCompensation.sample(network, count: 20, seed: 9)
    #expect(drawn.count == 20)
    #expect(Set(drawn).count == 20)
    let flat = drawn.map {
      ($0.layer == 0 ? 0 : 30) + $0.row * network.layers[$0.layer].inputCount
        + $0.column
    }
    #expect(flat == flat.sorted())
    #expect(NonlinearCompensation.sample(network, count: 20, seed: 9) == drawn)
  }

  @Test func linearNetworkMatchesTheClosedForm() {
    // With identity activations E is an exact quadratic in β, so the
    // ground truth and the closed form agree to rounding (1e-10 leaves
    // room for sums of 20 terms).
    let network = Fixtures.randomNetwork(
      sizes: [3, 4, 2], hidden: .identity, seed: 507)
    let inputs = Fixtures.randomMatrix(rows: 20, columns: 3, seed: 508)
    let result = NonlinearCompensation.score(
      network, data: Self.data(inputs), sampleCount: 20)
    let closedForm = EliminationCompensation.scores(
      of: network, on: Self.data(inputs), response: .output)
    for layer in network.layers.indices {
      for (truth, estimate) in zip(
        result.scores.scores[layer].values,
        closedForm.importance[layer].values)
      {
        #expect(abs(truth - estimate) <= 1e-10 * max(estimate, 1e-14))
      }
    }
  }
}
