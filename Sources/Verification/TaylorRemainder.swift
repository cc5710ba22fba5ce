import NeuralNetwork

/// The leading terms of the closed form's error for one weight, from the
/// second derivatives of the output with respect to the unit's
/// pre-activation.
///
/// Removing the fraction ε of w = Wˡᵢⱼ and shifting bᵢ by β moves zˡᵢ by
/// δ(x) = β − ε·w·aⱼ(x). With J = ∂y/∂zˡᵢ and H = ∂²y/∂(zˡᵢ)² per sample,
/// sₓ = ‖J‖², qₓ = ⟨J, H⟩ and dₓ = β* − w·aⱼ(x) (Proofs/taylor-remainder.md):
///
///     β_true(ε)    = ε·β* + γ·ε² + O(ε³),  γ = −(3/2) Σ q d² / Σ s
///     E(β_true(ε)) = ε²·I + κ·ε³ + O(ε⁴),  κ = (1/N) Σ q d³
///
/// Both vanish when H = 0 on every sample: a linear network above the
/// unit, or a ReLU network while no unit above crosses its kink.
public struct LeadingTerms: Sendable, Equatable {
  /// β*, recomputed from J so that the terms are self-consistent.
  public let compensation: Double
  /// I, recomputed from J.
  public let importance: Double
  /// γ, the coefficient of ε² in β_true(ε) − ε·β*.
  public let compensationCoefficient: Double
  /// κ, the coefficient of ε³ in E(β_true(ε)) − ε²·I.
  public let importanceCoefficient: Double
}

/// Computes `LeadingTerms` by propagating a first- and a second-order
/// forward tangent from one unit to the output.
public enum TaylorRemainder {
  /// Returns the leading terms of each weight in `weights`, in the order
  /// given, on the samples of `trace`.
  ///
  /// Each distinct unit costs one forward pass of two tangents through
  /// the layers above it. A unit with Σ s = 0 gets zero terms, as the
  /// closed form's zero-sensitivity convention gives β* = I = 0.
  public static func leadingTerms(
    of network: Network, trace: ForwardTrace, weights: [WeightIndex]
  ) -> [LeadingTerms] {
    var responses: [UnitKey: (s: [Double], q: [Double])] = [:]
    return weights.map { weight in
      let key = UnitKey(layer: weight.layer, row: weight.row)
      let response =
        responses[key]
        ?? unitResponse(
          of: network, trace: trace, layer: weight.layer, row: weight.row)
      responses[key] = response
      return terms(
        weight: network.layers[weight.layer].weight[weight.row, weight.column],
        inputs: trace.activations[weight.layer], column: weight.column,
        s: response.s, q: response.q)
    }
  }

  /// Returns sₓ = ‖J‖² and qₓ = ⟨J, H⟩ per sample for unit `row` of
  /// layer `layer`.
  ///
  /// The tangents obey ż′ = W·(σ′(z) ż) and
  /// z̈′ = W·(σ′(z) z̈ + σ″(z) ż²), starting from ż = eᵢ, z̈ = 0 at the unit.
  public static func unitResponse(
    of network: Network, trace: ForwardTrace, layer: Int, row: Int
  ) -> (s: [Double], q: [Double]) {
    let sampleCount = trace.sampleCount
    let unitZ = trace.preActivations[layer]
    let activation = network.layers[layer].activation

    // At the unit itself: ȧ = σ′(z)·eᵢ and ä = σ″(z)·eᵢ, kept as scalars.
    var first = Matrix(rows: sampleCount, columns: 1)
    var second = Matrix(rows: sampleCount, columns: 1)
    for n in 0..<sampleCount {
      let z = unitZ[n, row]
      first.values[n] = activation.derivative(z)
      second.values[n] = activation.secondDerivative(z)
    }
    var selector: Matrix? = nil
    for above in (layer + 1)..<network.layers.count {
      let next = network.layers[above]
      // Pre-activation tangents of the next layer: the first step uses
      // only column i of W, later steps the whole matrix.
      let weight =
        selector == nil
        ? Matrix(
          rows: next.unitCount, columns: 1,
          values: (0..<next.unitCount).map { next.weight[$0, row] })
        : next.weight
      selector = weight
      var zDot = LinearAlgebra.product(first, .none, weight, .transposed)
      var zDotDot = LinearAlgebra.product(second, .none, weight, .transposed)
      let z = trace.preActivations[above]
      for index in zDot.values.indices {
        let slope = next.activation.derivative(z.values[index])
        let curvature = next.activation.secondDerivative(z.values[index])
        let tangent = zDot.values[index]
        zDotDot.values[index] =
          slope * zDotDot.values[index] + curvature * tangent * tangent
        zDot.values[index] = slope * tangent
      }
      first = zDot
      second = zDotDot
    }

    // At the output, J = ȧ and H = ä, one row per sample.
    var s = [Double](repeating: 0, count: sampleCount)
    var q = [Double](repeating: 0, count: sampleCount)
    for n in 0..<sampleCount {
      for k in 0..<first.columns {
        let j = first[n, k]
        s[n] += j * j
        q[n] += j * second[n, k]
      }
    }
    return (s, q)
  }

  /// Returns the terms of one weight w with input column `column` of
  /// `inputs`, given sₓ and qₓ of its unit.
  static func terms(
    weight w: Double, inputs: Matrix, column: Int, s: [Double], q: [Double]
  ) -> LeadingTerms {
    let sampleCount = s.count
    var sensitivitySum = 0.0
    var weightedInput = 0.0
    for n in 0..<sampleCount {
      sensitivitySum += s[n]
      weightedInput += s[n] * inputs[n, column]
    }
    guard sensitivitySum > 0 else {
      return LeadingTerms(
        compensation: 0, importance: 0, compensationCoefficient: 0,
        importanceCoefficient: 0)
    }
    let compensation = w * weightedInput / sensitivitySum

    // d = β* − w·a per sample, then the three sums over samples.
    var importance = 0.0
    var squareCurvature = 0.0
    var cubeCurvature = 0.0
    for n in 0..<sampleCount {
      let d = compensation - w * inputs[n, column]
      importance += s[n] * d * d
      squareCurvature += q[n] * d * d
      cubeCurvature += q[n] * d * d * d
    }
    let count = Double(sampleCount)
    return LeadingTerms(
      compensation: compensation, importance: importance / count,
      compensationCoefficient: -1.5 * squareCurvature / sensitivitySum,
      importanceCoefficient: cubeCurvature / count)
  }

  private struct UnitKey: Hashable {
    let layer: Int
    let row: Int
  }
}
