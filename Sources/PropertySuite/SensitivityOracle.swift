import GSL
import NeuralNetwork
import Pruning

/// Sensitivities sᵢ(x) = ‖∂r/∂zᵢ(x)‖² from GSL finite differences, as an
/// oracle independent of the engine's backward pass.
///
/// A bias enters its pre-activation with coefficient 1, so
/// ∂r/∂zˡᵢ = ∂r/∂bˡᵢ: each entry is a kink-aware derivative of the
/// response r (`ReferenceForward`) in the bias, with GSL's central rule
/// and its one-sided rules compared to detect a kink within the step.
/// On smooth functions the central rule is good to about 1e-10
/// relative, so the oracle's sensitivities are good to about 1e-9.
public struct SensitivityOracle: Sendable {
  /// sᵢ(x) per layer, as `[unit][sample]`.
  public let values: [[[Double]]]
  /// Whether a kink lies within the step of some sample for each unit.
  public let kinked: [[Bool]]
  /// Whether GSL's error estimate exceeds 1e-7 of some sample's
  /// sensitivity for each unit (nearly flat responses, where the
  /// difference is mostly rounding).
  public let imprecise: [[Bool]]

  /// Returns whether the checks may use a unit: no kink and a precise
  /// estimate.
  public func isUsable(layer: Int, unit: Int) -> Bool {
    !kinked[layer][unit] && !imprecise[layer][unit]
  }

  /// Differentiates every unit's response for `scoringCase`.
  /// - Throws: `GSLError` when GSL fails.
  public init(_ scoringCase: ScoringCase) throws {
    let network = scoringCase.network
    let inputs = scoringCase.inputs
    let labels = scoringCase.networkCase.labels
    let response = scoringCase.response
    let base = ReferenceForward.run(network, on: inputs)
    var values: [[[Double]]] = []
    var kinked: [[Bool]] = []
    var imprecise: [[Bool]] = []
    for (index, layer) in network.layers.enumerated() {
      var layerValues: [[Double]] = []
      var layerKinks: [Bool] = []
      var layerImprecise: [Bool] = []
      for unit in 0..<layer.unitCount {
        // The responses at shifted biases, memoised by the shift, since
        // GSL's rules share their first evaluation points across samples.
        var memo: [Double: [[Double]]] = [:]
        func responses(_ shift: Double) -> [[Double]] {
          if let known = memo[shift] { return known }
          var shifted = network
          shifted.layers[index].bias[unit] += shift
          let output = ReferenceForward.run(shifted, on: inputs).output
          let result = ReferenceForward.response(
            response, output: output, labels: labels)
          memo[shift] = result
          return result
        }
        // A step on the scale of the unit's pre-activations.
        var scale = 1.0
        for sample in base.preActivations[index] {
          scale = max(scale, abs(sample[unit]))
        }
        var perSample: [Double] = []
        var kink = false
        var precise = true
        for n in 0..<inputs.rows {
          var total = 0.0
          var error = 0.0
          for k in 0..<responses(0)[n].count {
            let derivative = try KinkAwareDerivative.derivative(
              of: { responses($0)[n][k] }, at: 0, step: 1e-4 * scale)
            switch derivative {
            case .smooth(let estimate):
              total += estimate.value * estimate.value
              error +=
                2 * abs(estimate.value) * estimate.absoluteError
                + estimate.absoluteError * estimate.absoluteError
            case .kink: kink = true
            }
          }
          if error > 1e-7 * total { precise = false }
          perSample.append(total)
        }
        layerValues.append(perSample)
        layerKinks.append(kink)
        layerImprecise.append(!precise)
      }
      values.append(layerValues)
      kinked.append(layerKinks)
      imprecise.append(layerImprecise)
    }
    self.values = values
    self.kinked = kinked
    self.imprecise = imprecise
  }
}
