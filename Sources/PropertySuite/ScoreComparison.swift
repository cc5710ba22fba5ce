import NeuralNetwork
import Pruning
import Verification

/// A weight-by-weight comparison of the scores of two related networks,
/// with tolerances for rounding only.
struct ScoreComparison {
  /// (Σ s)·max aⱼ²/N per layer, unit and input of the original case: the
  /// size of E = (w²/N) Σ s a² up to the factor w².
  let eliminationScale: [[[Double]]]
  /// max |aⱼ| per layer and input.
  let largestInput: [[Double]]
  /// Σ s per layer and unit.
  let totalSensitivity: [[Double]]
  /// The number of samples N.
  let sampleCount: Int

  /// 2⁵² times the smallest normal double, about 1e-292.
  static let gradualUnderflow = Double.leastNormalMagnitude * 0x1p52

  /// Measures the scales on `scoringCase` with the engine's backward
  /// pass, which serves here only to size a tolerance.
  init(_ scoringCase: ScoringCase) {
    let network = scoringCase.network
    let trace = network.forward(scoringCase.inputs)
    let cotangents = scoringCase.response.cotangents(
      output: trace.output, targets: .classes(scoringCase.networkCase.labels),
      loss: .softmaxCrossEntropy)
    let sensitivities = network.sensitivities(
      trace, outputCotangents: cotangents)
    let count = Double(scoringCase.inputs.rows)
    var scales: [[[Double]]] = []
    var largest: [[Double]] = []
    var totals: [[Double]] = []
    for (l, layer) in network.layers.enumerated() {
      let inputs = trace.activations[l]
      let peaks = (0..<layer.inputCount).map { j in
        (0..<inputs.rows).reduce(0.0) { max($0, abs(inputs[$1, j])) }
      }
      largest.append(peaks)
      let unitTotals = (0..<layer.unitCount).map { i in
        (0..<inputs.rows).reduce(0.0) { $0 + sensitivities[l][$1, i] }
      }
      totals.append(unitTotals)
      scales.append(
        unitTotals.map { total in peaks.map { total * $0 * $0 / count } })
    }
    eliminationScale = scales
    largestInput = largest
    totalSensitivity = totals
    sampleCount = scoringCase.inputs.rows
  }

  /// Checks that every weight's β and I in `original` map onto `changed`.
  ///
  /// `map` names, for each weight of the original network, the weight of
  /// the changed one and the factors that β and I are multiplied by.
  /// Allowed: 1e-12 of (|β| + |w|·max|aⱼ|) for β, which is the size of
  /// its rounding, and for I 1e-9 of I plus 1e-14 of E's scale, since
  /// re-centred sums of squares round relative to the mean they remove;
  /// both plus what gradual underflow can lose.
  func check(
    _ context: String, original: ScorerOutput, changed: ScorerOutput,
    network: Network,
    map: (WeightIndex) -> (WeightIndex, beta: Double, importance: Double)
  ) throws {
    for (l, layer) in network.layers.enumerated() {
      for i in 0..<layer.unitCount {
        for j in 0..<layer.inputCount {
          let source = WeightIndex(layer: l, row: i, column: j)
          let (target, betaFactor, importanceFactor) = map(source)
          let w = layer.weight[i, j]
          let beta = original.compensation[l][i, j] * betaFactor
          let importance = original.importance[l][i, j] * importanceFactor
          let newBeta = changed.compensation[target.layer][
            target.row, target.column]
          let newImportance = changed.importance[target.layer][
            target.row, target.column]

          // Σ s within 2⁵² of the subnormal range: the products s·a and
          // s·a² keep only some of their bits, so no rounding bound applies
          // and the scores need only be finite and non-negative.
          if totalSensitivity[l][i] < Self.gradualUnderflow {
            guard newBeta.isFinite, newImportance.isFinite, newImportance >= 0
            else {
              throw PropertyViolation(
                "\(context): \(target) has β \(newBeta), I \(newImportance)")
            }
            continue
          }
          // Products s·a and s·d² below the normal range keep an absolute
          // precision of about one subnormal each, which moves the
          // weighted mean by up to N such units over Σ s.
          let underflow =
            4 * Double(sampleCount) * Double.leastNonzeroMagnitude
          let betaAllowed =
            abs(betaFactor)
            * (1e-12 * (abs(beta) + abs(w) * largestInput[l][j])
              + underflowShift(w, underflow, totalSensitivity[l][i]))
          // I itself cannot resolve less than a few subnormals.
          let importanceAllowed =
            1e-9 * max(importance, newImportance) + importanceFactor * w * w
            * 1e-14 * eliminationScale[l][i][j]
            + max(underflow, importanceFactor * w * w * underflow)
          guard abs(newBeta - beta) <= betaAllowed,
            abs(newImportance - importance) <= importanceAllowed
          else {
            throw PropertyViolation(
              "\(context): \(source) → \(target): expected β \(beta), "
                + "I \(importance); got β \(newBeta), I \(newImportance)")
          }
        }
      }
    }
  }

  /// |w|·(lost units)/Σ s: how far underflow can move β; nothing for a
  /// weight of 0, and no bound at all when Σ s is 0.
  private func underflowShift(
    _ w: Double, _ underflow: Double, _ total: Double
  ) -> Double {
    if w == 0 { return 0 }
    // Divide first: |w|·underflow would itself underflow to 0.
    return total > 0 ? abs(w) * (underflow / total) : .infinity
  }
}
