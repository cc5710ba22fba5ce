import NeuralNetwork
import PropertyChecks
import Pruning

/// The properties that hold the closed form to the linearised objective
/// L(β) = (1/N) Σ s (β − w a)², with s from `SensitivityOracle`.
///
/// The oracle's sensitivities are good to 1e-7 relative, or the unit is
/// skipped. A tolerance of 1e-6 of the scale of each sum therefore leaves
/// a margin of ten over the oracle, while a wrong formula is off by O(1).
extension ClosedFormProperty {
  /// β* is a stationary point of L and I equals L(β*), for every weight
  /// of every unit the oracle can differentiate, for all three responses.
  public static let linearisedOptimum = ClosedFormProperty(
    name: "linearisedOptimum",
    generator: .scoring(Shapes.everyActivation, responses: Response.allCases)
  ) { scorer, scoringCase in
    let output = scorer.score(scoringCase.request())
    let oracle = try SensitivityOracle(scoringCase)
    try forEachWeight(of: scoringCase, oracle: oracle) { weight, sums in
      let beta = output.compensation[weight.layer][weight.row, weight.column]
      let importance = output.importance[weight.layer][
        weight.row, weight.column]
      let objective = sums.objective(at: beta)
      guard abs(objective.slope) <= 1e-6 * objective.slopeScale else {
        throw PropertyViolation(
          "\(weight): β* = \(beta) is not a stationary point of L: "
            + "Σ s(β* − w a) = \(objective.slope), "
            + "scale \(objective.slopeScale)")
      }
      let allowed = 1e-6 * objective.value + 1e-12 * sums.roundingScale
      guard abs(importance - objective.value) <= allowed else {
        throw PropertyViolation(
          "\(weight): I = \(importance) but L(β*) = \(objective.value)")
      }
    }
  }

  /// 0 ≤ I ≤ E, with E = (w²/N) Σ s a² from the oracle.
  public static let importanceBounds = ClosedFormProperty(
    name: "importanceBounds",
    generator: .scoring(Shapes.everyActivation, responses: Response.allCases)
  ) { scorer, scoringCase in
    let output = scorer.score(scoringCase.request())
    let oracle = try SensitivityOracle(scoringCase)
    try forEachWeight(of: scoringCase, oracle: oracle) { weight, sums in
      let importance = output.importance[weight.layer][
        weight.row, weight.column]
      guard importance >= 0,
        importance
          <= sums.uncompensated * (1 + 1e-6) + 1e-12 * sums.roundingScale
      else {
        throw PropertyViolation(
          "\(weight): I = \(importance) is outside "
            + "[0, E = \(sums.uncompensated)]")
      }
    }
  }

  /// The summed β* of any set of weights of one row equals the optimum
  /// of the joint linearised problem, Σ s c / Σ s with c = Σ_R wⱼaⱼ.
  public static let withinRowAdditivity = ClosedFormProperty(
    name: "withinRowAdditivity",
    generator: .scoring(Shapes.everyActivation, responses: Response.allCases)
  ) { scorer, scoringCase in
    let output = scorer.score(scoringCase.request())
    let oracle = try SensitivityOracle(scoringCase)
    let activations = ReferenceForward.layerInputs(
      scoringCase.network, on: scoringCase.inputs)
    var choices = scoringCase.choices
    for (l, layer) in scoringCase.network.layers.enumerated() {
      for i in 0..<layer.unitCount where oracle.isUsable(layer: l, unit: i) {
        let s = oracle.values[l][i]
        let total = s.reduce(0, +)
        guard total > 0 else { continue }

        // A random non-empty set of the row's columns.
        var removed = (0..<layer.inputCount).filter { _ in
          choices.next() >> 63 == 1
        }
        if removed.isEmpty { removed = [0] }

        // The joint optimum from the oracle, and the summed claims.
        // The spread is Σ s·Σ_R |wⱼ|·max|aⱼ|, the size rounding is
        // relative to (the maxima over every sample, as in LinearisedSums).
        var weighted = 0.0
        var spread = 0.0
        let reach = removed.reduce(0.0) { sum, j in
          sum + abs(layer.weight[i, j])
            * activations[l].reduce(0.0) { max($0, abs($1[j])) }
        }
        for (n, sample) in activations[l].enumerated() {
          let change = removed.reduce(0.0) {
            $0 + layer.weight[i, $1] * sample[$1]
          }
          weighted += s[n] * change
          spread += s[n] * reach
        }
        let joint = weighted / total
        let claims = removed.map { output.compensation[l][i, $0] }
        let summed = claims.reduce(0, +)
        let scale = claims.reduce(0) { $0 + abs($1) } + spread / total
        guard abs(summed - joint) <= 1e-6 * scale else {
          throw PropertyViolation(
            "layers.\(l) row \(i), columns \(removed): summed β* = "
              + "\(summed) but the joint optimum is \(joint)")
        }
      }
    }
  }

  /// Near-constant activations c + mₙ·2⁻²⁰ with c = ±2¹³ and small
  /// integers mₙ: I matches the exact weighted variance, which the naive
  /// bracket Σ s a² − (Σ s a)²/Σ s loses entirely (its terms are 2⁶⁶
  /// times larger than their difference).
  public static let stableNearConstantActivations = ClosedFormProperty(
    name: "stableNearConstantActivations",
    generator: .scoring(Shapes.everyActivation)
  ) { scorer, drawn in
    // Plant the column; scale its weights by 2⁻¹³ so the pre-activations
    // keep their size. Both steps are exact in binary.
    var scoringCase = drawn
    var choices = scoringCase.choices
    let column = choices.integer(in: 0...(scoringCase.inputs.columns - 1))
    let centre = choices.next() >> 63 == 1 ? 8192.0 : -8192.0
    let offsets = (0..<scoringCase.inputs.rows).map { _ in
      Double(choices.integer(in: -8...8))
    }
    for n in offsets.indices {
      scoringCase.networkCase.inputs[n, column] = centre + offsets[n] * 0x1p-20
    }
    for i in 0..<scoringCase.network.layers[0].unitCount {
      scoringCase.networkCase.network.layers[0].weight[i, column] *= 0x1p-13
    }

    let output = scorer.score(scoringCase.request())
    let oracle = try SensitivityOracle(scoringCase)
    let count = Double(offsets.count)
    let plainMean = offsets.reduce(0, +) / count
    for i in 0..<scoringCase.network.layers[0].unitCount
    where oracle.isUsable(layer: 0, unit: i) {
      let s = oracle.values[0][i]
      let total = s.reduce(0, +)
      guard total > 0 else { continue }

      // The exact variance, from the offsets taken relative to the first
      // (exact small integers, so equal offsets give exactly 0), in two
      // passes.
      let w = scoringCase.network.layers[0].weight[i, column]
      let relative = offsets.map { $0 - offsets[0] }
      var shift = 0.0
      for n in offsets.indices { shift += s[n] * relative[n] }
      shift /= total
      let mean = offsets[0] + shift
      var centred = 0.0
      var spread = 0.0
      for n in offsets.indices {
        centred += s[n] * (relative[n] - shift) * (relative[n] - shift)
        spread += s[n] * (offsets[n] - plainMean) * (offsets[n] - plainMean)
      }
      let unit = w * w * 0x1p-40 / count
      let expected = unit * centred
      let importance = output.importance[0][i, column]
      // 1e-6 for the oracle's s; 1e-12 of the plain spread for rounding
      // of a variance that may be exactly 0; and the squared rounding of a
      // weighted mean near the centre c, (2N·u·c)², which a scorer that
      // subtracts its mean in a second pass cannot avoid. The naive
      // bracket is off by about u·c², over 1e13 times more.
      let meanError = count * Double.ulpOfOne * abs(centre)
      let allowed =
        1e-6 * expected + 1e-12 * unit * spread
        + w * w / count * total * meanError * meanError
      guard abs(importance - expected) <= allowed else {
        throw PropertyViolation(
          "layers.0[\(i), \(column)] with activations \(centre) + "
            + "\(offsets)·2⁻²⁰: I = \(importance), exact \(expected)")
      }
      let beta = output.compensation[0][i, column]
      let exactBeta = w * (centre + mean * 0x1p-20)
      let betaAllowed =
        4 * Double.ulpOfOne * abs(w * centre) + 1e-6 * abs(w) * 8 * 0x1p-20
      guard abs(beta - exactBeta) <= betaAllowed else {
        throw PropertyViolation(
          "layers.0[\(i), \(column)]: β* = \(beta), exact \(exactBeta)")
      }
    }
  }
}
