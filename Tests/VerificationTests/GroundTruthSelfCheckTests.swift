import NeuralNetwork
import TestSupport
import Testing

@testable import Verification

/// Tests of the self-check of the batched ground truth against GSL's
/// Brent solver.
@Suite struct GroundTruthSelfCheckTests {
  static func objective(_ hidden: Activation, seed: UInt64) -> TrueObjective {
    let network = Fixtures.randomNetwork(
      sizes: [5, 6, 4, 3], hidden: hidden, seed: seed)
    let inputs = Fixtures.randomMatrix(rows: 30, columns: 5, seed: seed + 1)
    return TrueObjective(network: network, inputs: inputs)
  }

  static func allWeights(of network: Network) -> [WeightIndex] {
    network.layers.enumerated().flatMap { layer, dense in
      (0..<dense.weight.values.count).map {
        WeightIndex(
          layer: layer, row: $0 / dense.inputCount,
          column: $0 % dense.inputCount)
      }
    }
  }

  @Test func smoothNetworkAgreesEverywhere() {
    // For tanh the two solvers reach the same minimum to about 1e-11 of
    // β's size (GroundTruthTableTests), well inside 1e-9.
    let objective = Self.objective(.tanh, seed: 501)
    let table = GroundTruth.solve(objective)
    let weights = Self.allWeights(of: objective.network)
    let result = GroundTruthSelfCheck.run(
      objective, table: table, weights: weights, tolerance: 1e-9)
    #expect(result.compared == weights.count)
    #expect(result.agreeing == weights.count, "\(result.disagreements)")
    #expect(result.disagreements.isEmpty)
    #expect(result.unsolved == 0)
    #expect(result.tolerance == 1e-9)
  }

  @Test func countsAddUpOnReLU() {
    let objective = Self.objective(.relu, seed: 503)
    let table = GroundTruth.solve(objective)
    let weights = Self.allWeights(of: objective.network)
    let result = GroundTruthSelfCheck.run(
      objective, table: table, weights: weights)
    #expect(result.compared + result.unsolved == weights.count)
    #expect(
      result.agreeing + result.batchedLower + result.referenceLower
        + result.equalObjective == result.compared)
    #expect(result.disagreements.count == result.compared - result.agreeing)
  }

  @Test func plantedWrongCompensationIsCaught() {
    // Moving one β_true of the table off its minimum raises E there, so
    // the Brent solver's value must be the lower one.
    let objective = Self.objective(.tanh, seed: 505)
    let table = GroundTruth.solve(objective)
    let weight = WeightIndex(layer: 1, row: 2, column: 3)
    var compensation = table.compensation
    let beta = compensation[1][2, 3]
    let moved = beta + 0.1 * max(abs(beta), 1e-3)
    compensation[1][2, 3] = moved
    var importance = table.importance
    importance[1][2, 3] = objective.evaluate(weight, shift: moved).value
    let planted = GroundTruthTable(
      compensation: compensation, importance: importance,
      uncompensated: table.uncompensated, solved: table.solved,
      failures: table.failures, evaluations: table.evaluations,
      solvedCount: table.solvedCount, removal: table.removal)
    let result = GroundTruthSelfCheck.run(
      objective, table: planted, weights: [weight])
    #expect(result.compared == 1)
    #expect(result.agreeing == 0)
    #expect(result.referenceLower == 1)
    #expect(result.disagreements.first?.weight == weight)
    #expect(result.disagreements.first?.batched.compensation == moved)
  }

  @Test func unsolvedWeightIsSkipped() {
    let objective = Self.objective(.tanh, seed: 507)
    let weight = WeightIndex(layer: 0, row: 1, column: 2)
    // Solve every weight but this one.
    let others = Self.allWeights(of: objective.network).filter {
      $0 != weight
    }
    let table = GroundTruth.solve(objective, weights: others)
    let result = GroundTruthSelfCheck.run(
      objective, table: table, weights: [weight, others[0]])
    #expect(result.unsolved == 1)
    #expect(result.compared == 1)
    #expect(result.agreeing == 1)
  }
}
