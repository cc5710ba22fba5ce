import NeuralNetwork
import PropertyChecks
import Pruning
import Verification

/// The cases where the closed form is exact, not only to first order.
extension ClosedFormProperty {
  /// A constant input column c: β* = w·c and I = 0 up to the rounding of
  /// a weighted mean, and the removal with that shift moves no first-layer
  /// pre-activation beyond rounding. (This package's scorer gives I = 0
  /// exactly; `EdgeCaseScoresTests` checks that.)
  public static let constantActivationIsExact = ClosedFormProperty(
    name: "constantActivationIsExact",
    generator: .scoring(Shapes.extreme, responses: Response.allCases)
  ) { scorer, drawn in
    var scoringCase = drawn
    var choices = scoringCase.choices
    let column = choices.integer(in: 0...(scoringCase.inputs.columns - 1))
    let constant = scoringCase.inputs[0, column]
    for n in 0..<scoringCase.inputs.rows {
      scoringCase.networkCase.inputs[n, column] = constant
    }
    let output = scorer.score(scoringCase.request())
    let layer = scoringCase.network.layers[0]
    let before = ReferenceForward.run(
      scoringCase.network, on: scoringCase.inputs)
    let totals = ScoreComparison(scoringCase).totalSensitivity[0]
    let count = Double(scoringCase.inputs.rows)
    let u = Double.ulpOfOne / 2
    for i in 0..<layer.unitCount {
      let w = layer.weight[i, column]
      let beta = output.compensation[0][i, column]
      let importance = output.importance[0][i, column]
      let zeroSensitivity = output.zeroSensitivityUnits[0].contains(i)

      // A weighted mean of N copies of c is c to about 2N rounding
      // units, so β* is w·c to that, and I, the weighted variance of
      // values off by that much, to (w²/N)·Σ s·(2N·u·c)². A bracket that
      // cancels is off by about u·(w²/N)·Σ s·c², some 1e14 times more.
      let expected = zeroSensitivity ? 0 : w * constant
      let meanError = 2 * count * u * abs(constant)
      let importanceAllowed =
        w * w / count * totals[i] * meanError * meanError
      guard importance >= 0, importance <= importanceAllowed,
        abs(beta - expected) <= (2 * count + 4) * u * abs(expected)
      else {
        throw PropertyViolation(
          "layers.0[\(i), \(column)] on the constant input \(constant): "
            + "β* = \(beta) (w·c = \(w * constant)), I = \(importance)")
      }
      guard !zeroSensitivity else { continue }

      // Remove w, add β* to the bias: zᵢ moves by rounding only, at most
      // a few ulps of the largest term of its sum.
      var pruned = scoringCase.network
      pruned.layers[0].weight[i, column] = 0
      pruned.layers[0].bias[i] += beta
      let after = ReferenceForward.run(pruned, on: scoringCase.inputs)
      for n in 0..<scoringCase.inputs.rows {
        var terms = abs(layer.bias[i]) + abs(beta)
        for j in 0..<layer.inputCount {
          terms += abs(layer.weight[i, j] * scoringCase.inputs[n, j])
        }
        let moved = abs(
          after.preActivations[0][n][i] - before.preActivations[0][n][i])
        guard moved <= (4 * count + 32) * u * terms else {
          throw PropertyViolation(
            "layers.0[\(i), \(column)]: removing w with β* = \(beta) moves "
              + "z of sample \(n) by \(moved)")
        }
      }
    }
  }

  /// A unit with no influence (Σ s = 0): β* = 0 and I = 0 for its whole
  /// row, exactly, and the unit is reported.
  public static let zeroSensitivityConvention = ClosedFormProperty(
    name: "zeroSensitivityConvention",
    generator: .scoring(Shapes.everyActivation, responses: Response.allCases)
  ) { scorer, drawn in
    let hidden = drawn.network.layers.count - 1
    guard hidden > 0 else { return }
    var scoringCase = drawn
    var choices = scoringCase.choices
    let layer = choices.integer(in: 0...(hidden - 1))
    let unit = choices.integer(
      in: 0...(scoringCase.network.layers[layer].unitCount - 1))

    // Switch a ReLU unit off on every sample, or cut its outgoing weights.
    let network = scoringCase.network
    if network.layers[layer].activation == .relu && choices.next() >> 63 == 1 {
      let inputs = ReferenceForward.layerInputs(network, on: scoringCase.inputs)
      var reach = 1.0
      for sample in inputs[layer] {
        var sum = 0.0
        for j in sample.indices {
          sum += abs(network.layers[layer].weight[unit, j] * sample[j])
        }
        reach = max(reach, 2 * sum + 1)
      }
      scoringCase.networkCase.network.layers[layer].bias[unit] = -reach
    } else {
      for k in 0..<network.layers[layer + 1].unitCount {
        scoringCase.networkCase.network.layers[layer + 1].weight[k, unit] = 0
      }
    }

    let output = scorer.score(scoringCase.request())
    let columns = network.layers[layer].inputCount
    let betas = (0..<columns).map { output.compensation[layer][unit, $0] }
    let importances = (0..<columns).map { output.importance[layer][unit, $0] }
    guard betas.allSatisfy({ $0 == 0 }), importances.allSatisfy({ $0 == 0 }),
      output.zeroSensitivityUnits[layer].contains(unit)
    else {
      throw PropertyViolation(
        "unit \(unit) of layers.\(layer) has no influence, yet β* = "
          + "\(betas), I = \(importances), reported units "
          + "\(output.zeroSensitivityUnits[layer])")
    }
  }

  /// Exactness where the output is affine in zᵢ (the output layer, and every layer
  /// of a network without nonlinear hidden layers), the GSL ground truth
  /// equals the closed form.
  public static let exactForLinearDownstream = ClosedFormProperty(
    name: "exactForLinearDownstream",
    generator: .scoring(Shapes.linearOrTanh), defaultCases: 40
  ) { scorer, scoringCase in
    // The ground truth measures the output itself, and only through an
    // identity output layer is the output affine in its pre-activations.
    let network = scoringCase.network
    guard scoringCase.response == .output,
      network.layers[network.layers.count - 1].activation == .identity
    else { return }
    let output = scorer.score(scoringCase.request())
    let objective = TrueObjective(network: network, inputs: scoringCase.inputs)
    let comparison = ScoreComparison(scoringCase)
    let allLinear = network.layers.allSatisfy { $0.activation == .identity }
    let last = network.layers.count - 1
    for l in network.layers.indices where allLinear || l == last {
      let layer = network.layers[l]
      for i in 0..<layer.unitCount {
        for j in 0..<layer.inputCount {
          let weight = WeightIndex(layer: l, row: i, column: j)
          let truth = try TrueCompensationSolver.solve(
            objective, weight: weight)
          let w = layer.weight[i, j]
          let beta = output.compensation[l][i, j]
          let importance = output.importance[l][i, j]
          // The solver brackets E′ to 1e-14 relative and E is formed from
          // differences without cancellation: 1e-9 leaves a wide margin.
          let betaAllowed =
            1e-9 * (abs(beta) + abs(w) * comparison.largestInput[l][j])
          let importanceAllowed =
            1e-9 * importance + 1e-12 * w * w
            * comparison.eliminationScale[l][i][j]
          guard abs(truth.compensation - beta) <= betaAllowed,
            abs(truth.importance - importance) <= importanceAllowed
          else {
            throw PropertyViolation(
              "\(weight), affine downstream: β* = \(beta), β_true = "
                + "\(truth.compensation); I = \(importance), E(β_true) = "
                + "\(truth.importance)")
          }
        }
      }
    }
  }
}
