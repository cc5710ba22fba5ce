import NeuralNetwork
import Verification

/// The linearised objective of one weight, from oracle sensitivities.
struct LinearisedSums {
  /// sᵢ(x) per sample.
  let sensitivity: [Double]
  /// aⱼ(x) per sample.
  let activation: [Double]
  /// The weight w.
  let weight: Double

  /// L(β) = (1/N) Σ s (β − w a)², its half-slope Σ s (β − w a), and the
  /// scale Σ s (|β| + |w|·max|a|) that rounding and the oracle's error in
  /// s are relative to. The largest |a| is over every sample, those with
  /// s = 0 included, since a scorer may centre on any of them.
  func objective(at beta: Double)
    -> (value: Double, slope: Double, slopeScale: Double)
  {
    var value = 0.0
    var slope = 0.0
    var scale = 0.0
    for (s, a) in zip(sensitivity, activation) {
      let change = beta - weight * a
      value += s * change * change
      slope += s * change
      scale += s * (abs(beta) + abs(weight) * largestActivation)
    }
    return (value / Double(sensitivity.count), slope, scale)
  }

  /// E = L(0) = (w²/N) Σ s a², the uncompensated linearised change.
  var uncompensated: Double { objective(at: 0).value }

  /// max |a| over every sample.
  var largestActivation: Double { activation.reduce(0) { max($0, abs($1)) } }

  /// (w²/N)·Σ s·max a²: the size that the rounding of I is relative to.
  var roundingScale: Double {
    let total = sensitivity.reduce(0, +)
    let largest = largestActivation
    return weight * weight * total * largest * largest
      / Double(sensitivity.count)
  }
}

extension ClosedFormProperty {
  /// Calls `body` for every weight whose unit the oracle can use and
  /// whose oracle Σ s is positive.
  static func forEachWeight(
    of scoringCase: ScoringCase, oracle: SensitivityOracle,
    _ body: (WeightIndex, LinearisedSums) throws -> Void
  ) throws {
    let activations = ReferenceForward.layerInputs(
      scoringCase.network, on: scoringCase.inputs)
    for (l, layer) in scoringCase.network.layers.enumerated() {
      for i in 0..<layer.unitCount where oracle.isUsable(layer: l, unit: i) {
        let s = oracle.values[l][i]
        guard s.reduce(0, +) > 0 else { continue }
        for j in 0..<layer.inputCount {
          let sums = LinearisedSums(
            sensitivity: s, activation: activations[l].map { $0[j] },
            weight: layer.weight[i, j])
          try body(WeightIndex(layer: l, row: i, column: j), sums)
        }
      }
    }
  }
}
