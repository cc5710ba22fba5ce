import GSL
import NeuralNetwork
import Pruning
import TestSupport
import Testing

@testable import Verification

/// Tests of the batched ground truth against the per-weight reference
/// (GSL's Brent solver on E′) and against its own definitions.
@Suite struct GroundTruthTableTests {
  static func problem(_ hidden: Activation, seed: UInt64)
    -> (Network, Matrix)
  {
    let network = Fixtures.randomNetwork(
      sizes: [5, 6, 4, 3], hidden: hidden, seed: seed)
    let inputs = Fixtures.randomMatrix(rows: 30, columns: 5, seed: seed + 1)
    return (network, inputs)
  }

  /// Returns the natural size of β for a weight, |w|·max|aⱼ|.
  static func shiftScale(_ objective: TrueObjective, _ weight: WeightIndex)
    -> Double
  {
    let w = objective.network.layers[weight.layer].weight[
      weight.row, weight.column]
    let input = objective.trace.activations[weight.layer]
    let largest = (0..<input.rows).map { abs(input[$0, weight.column]) }.max()!
    return abs(w) * largest
  }

  @Test(arguments: [Activation.tanh, .sigmoid, .softplus, .identity])
  func smoothNetworksMatchBrent(hidden: Activation) throws {
    let (network, inputs) = Self.problem(hidden, seed: 401)
    let objective = TrueObjective(network: network, inputs: inputs)
    for removal in [1.0, 0.25] {
      let table = GroundTruth.solve(objective, removal: removal)
      #expect(table.failures.isEmpty)
      #expect(table.solvedCount == network.weightCount)
      for (layer, dense) in network.layers.enumerated() {
        for row in 0..<dense.unitCount {
          for column in 0..<dense.inputCount {
            let weight = WeightIndex(layer: layer, row: row, column: column)
            let reference = try TrueCompensationSolver.solve(
              objective, weight: weight, removal: removal)
            let beta = table.compensation[layer][row, column]
            // Brent stops at a bracket of 1e-14 relative and the Newton
            // iteration at a step of 1e-15. Both evaluate E′ to a few ulps
            // of its terms, so 1e-11 of β (or of β's natural size when β
            // is near 0) covers both.
            let size = max(
              abs(reference.compensation), Self.shiftScale(objective, weight))
            #expect(
              abs(beta - reference.compensation) <= 1e-11 * size,
              "\(weight) ε=\(removal): batched \(beta), Brent \(reference.compensation)"
            )
            let importance = table.importance[layer][row, column]
            #expect(
              abs(importance - reference.importance)
                <= 1e-11 * max(reference.importance, 1e-300),
              "\(weight) ε=\(removal): E \(importance) vs \(reference.importance)"
            )
            #expect(
              abs(
                table.uncompensated[layer][row, column]
                  - reference.uncompensated)
                <= 1e-13 * max(reference.uncompensated, 1e-300))
          }
        }
      }
    }
  }

  @Test(arguments: [Activation.relu, .leakyReLU, .gelu])
  func nonConvexNetworksReachAMinimum(hidden: Activation) throws {
    // E of a ReLU network is piecewise quadratic and need not be convex,
    // and GELU is not monotone, so the two solvers may stop in different
    // local minima downhill from 0. Each result must be a minimum (E no
    // smaller a little to either side) no worse than E(0). Where the two
    // agree on the minimum's value, they must also agree on β.
    let (network, inputs) = Self.problem(hidden, seed: 403)
    let objective = TrueObjective(network: network, inputs: inputs)
    let table = GroundTruth.solve(objective)
    #expect(table.failures.isEmpty)
    var agreeing = 0
    for (layer, dense) in network.layers.enumerated() {
      for row in 0..<dense.unitCount {
        for column in 0..<dense.inputCount {
          let weight = WeightIndex(layer: layer, row: row, column: column)
          let beta = table.compensation[layer][row, column]
          let importance = table.importance[layer][row, column]
          let size = max(abs(beta), Self.shiftScale(objective, weight), 1e-300)

          for step in [-1e-6 * size, 1e-6 * size] {
            let nearby = objective.evaluate(weight, shift: beta + step).value
            // Rounding in E is a few ulps of E.
            #expect(
              nearby >= importance * (1 - 1e-12),
              "\(weight): E(\(beta + step)) = \(nearby) < E(β) = \(importance)")
          }
          #expect(importance <= table.uncompensated[layer][row, column])

          let reference = try TrueCompensationSolver.solve(
            objective, weight: weight)
          if abs(reference.importance - importance)
            <= 1e-12 * max(importance, 1e-300)
          {
            agreeing += 1
            #expect(
              abs(beta - reference.compensation) <= 1e-9 * size,
              "\(weight): batched \(beta), Brent \(reference.compensation)")
          }
        }
      }
    }
    // Most weights have a single minimum; a handful of different local
    // minima is expected, not a majority.
    #expect(agreeing * 10 >= network.weightCount * 9, "\(agreeing) agree")
  }

  @Test(arguments: [Activation.tanh, .relu, .softplus])
  func unitObjectiveMatchesPerWeightAndNaiveObjectives(hidden: Activation) {
    let (network, inputs) = Self.problem(hidden, seed: 405)
    let objective = TrueObjective(network: network, inputs: inputs)
    let naive = FullReevaluationObjective(network: network, inputs: inputs)
    for (layer, row) in [(0, 2), (1, 3), (2, 1)] {
      let unit = UnitObjective(objective, layer: layer, row: row)
      let columns = Array(0..<network.layers[layer].inputCount)
      let shifts = columns.map { 0.1 * Double($0) - 0.2 }
      let removals = columns.map { 1 / Double($0 + 1) }
      let batched = unit.evaluate(
        columns: columns, removals: removals, shifts: shifts)
      for (q, column) in columns.enumerated() {
        let weight = WeightIndex(layer: layer, row: row, column: column)
        let single = objective.evaluate(
          weight, removal: removals[q], shift: shifts[q])
        let full = naive.evaluate(
          weight, removal: removals[q], shift: shifts[q])
        // The same differences by another order of operations: a few
        // ulps of E and of the size of E′'s terms.
        #expect(
          abs(batched[q].value - single.value) <= 1e-13 * single.value)
        #expect(
          abs(batched[q].derivative - single.derivative)
            <= 1e-13 * batched[q].derivativeScale)
        // The naive objective subtracts outputs of size 1, so it is good
        // to about 1e-15 absolute in Δy.
        #expect(
          abs(batched[q].value - full.value) <= 1e-12 * max(1, full.value))
        #expect(abs(batched[q].derivative - full.derivative) <= 1e-12)
      }
    }
  }

  @Test(arguments: [Activation.tanh, .sigmoid, .gelu])
  func curvatureMatchesFiniteDifference(hidden: Activation) throws {
    let (network, inputs) = Self.problem(hidden, seed: 407)
    let objective = TrueObjective(network: network, inputs: inputs)
    for (layer, row, column) in [(0, 1, 3), (1, 0, 5), (2, 2, 1)] {
      let unit = UnitObjective(objective, layer: layer, row: row)
      for shift in [-0.4, 0.1, 0.7] {
        let point = unit.evaluate(
          columns: [column], removals: [1], shifts: [shift])[0]
        let estimate = try FiniteDifference.derivative(
          of: {
            unit.evaluate(columns: [column], removals: [1], shifts: [$0])[0]
              .derivative
          }, at: shift, step: 1e-3)
        // The central rule's error on these O(1) smooth objectives is
        // below 1e-9 (GSL's estimate is printed on failure).
        #expect(
          abs(point.second - estimate.value) <= 1e-7
            * max(1, abs(point.second)),
          Comment(
            rawValue: "layers.\(layer)[\(row), \(column)] at β = \(shift): "
              + "E″ \(point.second), finite difference \(estimate.value) "
              + "± \(estimate.absoluteError)"))
      }
    }
  }

  @Test func subsetsSolveOnlyTheChosenWeights() {
    let (network, inputs) = Self.problem(.tanh, seed: 409)
    let objective = TrueObjective(network: network, inputs: inputs)
    let chosen = [
      WeightIndex(layer: 0, row: 1, column: 4),
      WeightIndex(layer: 2, row: 0, column: 0),
      WeightIndex(layer: 0, row: 1, column: 4),
    ]
    let table = GroundTruth.solve(objective, weights: chosen)
    #expect(table.solvedCount == 2)
    for (layer, dense) in network.layers.enumerated() {
      for row in 0..<dense.unitCount {
        for column in 0..<dense.inputCount {
          let isChosen = chosen.contains(
            WeightIndex(layer: layer, row: row, column: column))
          #expect(
            table.solved[layer][row * dense.inputCount + column] == isChosen)
          #expect(table.compensation[layer][row, column].isNaN == !isChosen)
        }
      }
    }
  }

  @Test func sameInputsGiveTheSameBytes() {
    let (network, inputs) = Self.problem(.softplus, seed: 411)
    let objective = TrueObjective(network: network, inputs: inputs)
    let first = GroundTruth.solve(objective)
    let second = GroundTruth.solve(objective)
    for layer in network.layers.indices {
      #expect(
        first.compensation[layer].values.map(\.bitPattern)
          == second.compensation[layer].values.map(\.bitPattern))
      #expect(
        first.importance[layer].values.map(\.bitPattern)
          == second.importance[layer].values.map(\.bitPattern))
    }
  }

  @Test func unconvergedWeightsAreReportedAndTheRunGoesOn() {
    // One round only: a weight whose E′(0) is not already zero cannot
    // converge, so it is reported with its reason and left NaN, while the
    // weights with a zero input column (E′ ≡ 0) are still solved.
    var (network, inputs) = Self.problem(.tanh, seed: 413)
    for sample in 0..<inputs.rows { inputs[sample, 2] = 0 }
    network.layers[0].weight[0, 0] = 0.5
    let objective = TrueObjective(network: network, inputs: inputs)
    let table = GroundTruth.solve(
      objective,
      weights: [
        WeightIndex(layer: 0, row: 0, column: 0),
        WeightIndex(layer: 0, row: 0, column: 2),
      ], maximumRounds: 1)
    #expect(
      table.failures.map(\.weight) == [WeightIndex(layer: 0, row: 0, column: 0)]
    )
    #expect(table.failures.first?.reason.contains("no convergence") == true)
    #expect(table.compensation[0][0, 0].isNaN)
    #expect(table.compensation[0][0, 2] == 0)
    #expect(table.solvedCount == 1)
  }
}

/// Exactness of the closed form for ReLU networks inside the kink radius.
@Suite struct ReLUExactnessTests {
  @Test func smallRemovalWithoutKinkCrossingIsExact() throws {
    // While no pre-activation changes sign, the network is affine in the
    // removed weight and the shift, so β_true(ε) = ε·β* and
    // E(β_true) = ε²·I up to rounding. Weights whose solution flips a
    // unit are checked by pattern and left out; most must remain.
    let network = Fixtures.randomNetwork(
      sizes: [4, 6, 5, 3], hidden: .relu, seed: 421)
    let inputs = Fixtures.randomMatrix(rows: 30, columns: 4, seed: 422)
    let removal = 1.0 / 1024
    let objective = TrueObjective(network: network, inputs: inputs)
    let table = GroundTruth.solve(objective, removal: removal)
    let closedForm = EliminationCompensation.scores(
      of: network,
      on: ScoringData(
        features: inputs,
        targets: .classes([Int](repeating: 0, count: inputs.rows))),
      response: .output)
    let pattern = { (trace: ForwardTrace) -> [[Bool]] in
      trace.preActivations.dropLast().map { $0.values.map { $0 > 0 } }
    }
    let original = pattern(objective.trace)
    var checked = 0
    for (layer, dense) in network.layers.enumerated() {
      for row in 0..<dense.unitCount {
        for column in 0..<dense.inputCount {
          let beta = table.compensation[layer][row, column]
          var moved = network
          moved.layers[layer].weight[row, column] *= 1 - removal
          moved.layers[layer].bias[row] += beta
          guard pattern(moved.forward(inputs)) == original else { continue }
          checked += 1
          let predicted = removal * closedForm.compensation[layer][row, column]
          let importance =
            removal * removal * closedForm.importance[layer][row, column]
          // Both sides are sums of 30 to 90 terms of size ε·|w|; 1e-10
          // relative leaves room for their rounding. Where β* is itself
          // rounding noise (a true value of 0), the floor is 1e-3 of β's
          // natural size ε·|w|·max|aⱼ|. The closed form's centred sums
          // leave noise of about 1e-17 of the layer's largest ε²·E_elim
          // in I, so E's absolute floor is 1e-15 of it.
          let weight = WeightIndex(layer: layer, row: row, column: column)
          let scale = max(
            abs(predicted),
            1e-3 * removal * GroundTruthTableTests.shiftScale(objective, weight)
          )
          let floor =
            1e-15 * removal * removal
            * closedForm.eliminationOnly[layer].values.max()!
          #expect(
            abs(beta - predicted) <= 1e-10 * scale,
            "layers.\(layer)[\(row), \(column)]: β_true \(beta), εβ* \(predicted)"
          )
          #expect(
            abs(table.importance[layer][row, column] - importance)
              <= max(1e-10 * importance, floor),
            "\(weight): E_true \(table.importance[layer][row, column]), ε²I \(importance)"
          )
        }
      }
    }
    #expect(checked * 10 >= network.weightCount * 8, "\(checked) checked")
  }
}
