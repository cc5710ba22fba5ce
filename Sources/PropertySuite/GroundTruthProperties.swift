import NeuralNetwork
import PropertyChecks
import Pruning
import Verification

#if canImport(Glibc)
  import Glibc
#endif

/// Properties against the GSL ground truth β_true(ε) of small removals.
extension ClosedFormProperty {
  /// ReLU networks: removing the fraction ε = 2⁻²⁰ of a weight, when no
  /// pre-activation at or above its layer changes sign on any sample, the
  /// output is affine in zᵢ along the way, so β_true(ε) = ε·β* and
  /// E(β_true) = ε²·I up to rounding. Weights whose removal crosses a
  /// kink are skipped: there the error has no Taylor order.
  public static let exactInsideKinkRadius = ClosedFormProperty(
    name: "exactInsideKinkRadius",
    generator: .scoring(Shapes.relu), defaultCases: 40
  ) { scorer, scoringCase in
    // The ground truth measures the output; sign patterns decide
    // exactness only for piecewise-linear activations.
    let removal = 0x1p-20
    let network = scoringCase.network
    guard scoringCase.response == .output,
      network.layers.allSatisfy({ $0.activation.isPiecewiseLinear }),
      network.layers[network.layers.count - 1].activation == .identity
    else { return }
    let output = scorer.score(scoringCase.request())
    let objective = TrueObjective(network: network, inputs: scoringCase.inputs)
    let comparison = ScoreComparison(scoringCase)
    let before = ReferenceForward.run(network, on: scoringCase.inputs)
    var choices = scoringCase.choices
    for weight in sampledWeights(of: network, count: 4, &choices) {
      let truth = try TrueCompensationSolver.solve(
        objective, weight: weight, removal: removal)
      let (l, i, j) = (weight.layer, weight.row, weight.column)
      let w = network.layers[l].weight[i, j]
      let beta = output.compensation[l][i, j]
      let importance = output.importance[l][i, j]

      // Skip the weight if either shift makes a pre-activation at or
      // above layer l change sign.
      var crossed = false
      for shift in [truth.compensation, removal * beta] {
        var pruned = network
        pruned.layers[l].weight[i, j] *= 1 - removal
        pruned.layers[l].bias[i] += shift
        let after = ReferenceForward.run(pruned, on: scoringCase.inputs)
        for layer in l..<network.layers.count {
          for (old, new) in zip(
            before.preActivations[layer], after.preActivations[layer])
          where zip(old, new).contains(where: { ($0 > 0) != ($1 > 0) }) {
            crossed = true
          }
        }
      }
      guard !crossed else { continue }

      let betaAllowed =
        1e-9 * removal * (abs(beta) + abs(w) * comparison.largestInput[l][j])
      let importanceAllowed =
        removal * removal
        * (1e-8 * importance + 1e-12 * w * w
          * comparison.eliminationScale[l][i][j])
      guard abs(truth.compensation - removal * beta) <= betaAllowed,
        abs(truth.importance - removal * removal * importance)
          <= importanceAllowed
      else {
        throw PropertyViolation(
          "\(weight), ε = 2⁻²⁰ without a kink crossed: ε·β* = "
            + "\(removal * beta), β_true = \(truth.compensation); ε²·I = "
            + "\(removal * removal * importance), E(β_true) = "
            + "\(truth.importance)")
      }
    }
  }

  /// Smooth activations: the compensation's error against the ground
  /// truth shrinks like ε² or faster and the importance's like ε³, as ε
  /// halves from 2⁻⁴ to 2⁻¹⁸ (Proofs/taylor-remainder.md). The order is
  /// read where the expansion has settled: the median of the last three
  /// successive orders log₂(eₖ/eₖ₊₁) above rounding. The bars 1.8 and
  /// 2.8 leave room for the next term, while a wrong β* gives order 1 and
  /// a wrong I order 2.
  public static let smoothActivationOrders = ClosedFormProperty(
    name: "smoothActivationOrders",
    generator: .scoring(Shapes.smooth), defaultCases: 30
  ) { scorer, scoringCase in
    // The ground truth measures the output, and the orders need σ″.
    let network = scoringCase.network
    guard scoringCase.response == .output else { return }
    let output = scorer.score(scoringCase.request())
    let objective = TrueObjective(network: network, inputs: scoringCase.inputs)
    let comparison = ScoreComparison(scoringCase)
    var choices = scoringCase.choices
    for weight in sampledWeights(of: network, count: 3, &choices) {
      let (l, i, j) = (weight.layer, weight.row, weight.column)
      let w = network.layers[l].weight[i, j]
      let result = try TaylorTest.run(
        objective, weight: weight, compensation: output.compensation[l][i, j],
        importance: output.importance[l][i, j], exponents: 4...18)

      // The ground truth forms εβ − εw·a and E from output changes, so it
      // rounds relative to εw·max|a| and ε²·w²·max a²·Σ s/N, not to the
      // predictions themselves, which can be far smaller.
      let betaScale = abs(w) * comparison.largestInput[l][j]
      let importanceScale = w * w * comparison.eliminationScale[l][i][j]
      let compensation = settledOrder(
        result.points.map {
          (
            $0.removal, $0.compensationError, $0.predictedCompensation,
            1e-14 * $0.removal * betaScale
          )
        })
      let importance = settledOrder(
        result.points.map {
          (
            $0.removal, $0.importanceError, $0.predictedImportance,
            1e-14 * $0.removal * $0.removal * importanceScale
          )
        })
      // nil: fewer than two points above rounding, which no wrong
      // formula reaches.
      guard (compensation ?? 2) >= 1.8, (importance ?? 3) >= 2.8 else {
        throw PropertyViolation(
          "\(weight): settled orders \(compensation ?? .nan) for β "
            + "(expected ≥ 2) and \(importance ?? .nan) for I "
            + "(expected ≥ 3); errors "
            + "\(result.points.map(\.compensationError)) and "
            + "\(result.points.map(\.importanceError))")
      }
    }
  }

  /// Returns the median of the last three successive orders between
  /// neighbouring points whose errors are above rounding, or nil when no
  /// two neighbours are.
  ///
  /// Each point is (ε, error, prediction, floor); an error is rounding
  /// when it is at most 1e-13 of the prediction or at most the floor.
  /// The solver brackets β_true to 1e-14 of its size and E is formed
  /// without cancellation, so 1e-13 is above their noise. The looser
  /// `TaylorTest.roundingLevel` would cut off the settled part of curves
  /// whose ε³ term overtakes the ε⁴ term late.
  static func settledOrder(_ points: [(Double, Double, Double, Double)])
    -> Double?
  {
    func aboveRounding(_ point: (Double, Double, Double, Double)) -> Bool {
      point.1 > 1e-13 * abs(point.2) && point.1 > point.3
    }
    var orders: [Double] = []
    for (first, second) in zip(points, points.dropFirst())
    where aboveRounding(first) && aboveRounding(second) {
      orders.append(log(first.1 / second.1) / log(first.0 / second.0))
    }
    guard !orders.isEmpty else { return nil }
    let last = orders.suffix(3).sorted()
    return last[last.count / 2]
  }

  /// Up to `count` distinct weights of `network`, drawn uniformly.
  static func sampledWeights(
    of network: Network, count: Int, _ random: inout PropertyRandom
  ) -> [WeightIndex] {
    var all: [WeightIndex] = []
    for (l, layer) in network.layers.enumerated() {
      for i in 0..<layer.unitCount {
        for j in 0..<layer.inputCount {
          all.append(WeightIndex(layer: l, row: i, column: j))
        }
      }
    }
    let order = permutation(of: all.count, &random)
    return order.prefix(count).map { all[$0] }
  }
}
