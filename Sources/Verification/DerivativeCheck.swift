import GSL
import NeuralNetwork
import SeededRandom

/// A check of the engine's analytic derivatives against GSL's finite
/// differences, on a seeded random draw of entries from every layer.
///
/// Each entry is a function f(t) of one shift t, differentiated at t = 0
/// by `KinkAwareDerivative`: `gsl_deriv_central` gives the numeric value
/// and its error estimate, and `gsl_deriv_forward` and
/// `gsl_deriv_backward` decide whether a kink lies within the step. A
/// kink is counted but not compared, because there the central rule
/// returns the mean of the two one-sided slopes while the engine returns
/// one of them. A smooth entry fails when
///
///     |analytic − numeric| / max(1, |numeric|) > tolerance
///
/// or when either value is NaN. Failing entries are returned in the
/// result, not thrown.
public struct DerivativeCheck: Sendable {
  /// The bound on the relative error of a smooth entry, 1e-7 by default.
  ///
  /// With the default step h = 1e-4 the central 5-point rule has a
  /// truncation error of h⁴·|f⁽⁵⁾|/480 ≈ 2e-19·|f⁽⁵⁾| and a rounding error
  /// of about 6ε·|f|/h ≈ 1e-11·|f| (ε = 2.2e-16). GSL may retry with a
  /// smaller step, and keeps it only when its own error estimate falls.
  /// For outputs and losses up to about 100 the numeric value is
  /// therefore good to roughly 1e-8, and the analytic one to a few ulps.
  /// A wrong formula, such as a missing σ′ factor, a transposed weight or
  /// a lost 1/N, is typically off by 1e-2 or more.
  public let tolerance: Double
  /// The initial step h of the differences, 1e-4 by default, in the units
  /// of the shifted pre-activation or weight. A kink farther than about h
  /// from the point is outside the stencil, so the entry is smooth.
  public let step: Double
  /// How many distinct entries are drawn from each layer: (unit, sample)
  /// pairs for the sensitivity check, weights for the gradient check. A
  /// layer with fewer has all of them checked.
  public let entriesPerLayer: Int
  /// The seed of the draws, which use the stream `.derivativeCheck`.
  public let seed: UInt64
  /// Maps each analytic value before it is compared. It is the identity
  /// except in tests, which plant a wrong derivative through it.
  var analyticTransform: @Sendable (DerivativeEntry, Double) -> Double = {
    $1
  }

  /// Creates a check.
  ///
  /// - Precondition: `entriesPerLayer > 0`, `tolerance > 0` and
  ///   `step > 0`.
  public init(
    seed: UInt64, entriesPerLayer: Int = 32, tolerance: Double = 1e-7,
    step: Double = 1e-4
  ) {
    precondition(entriesPerLayer > 0, "entriesPerLayer must be positive")
    precondition(tolerance > 0, "tolerance must be positive")
    precondition(step > 0, "step must be positive")
    self.seed = seed
    self.entriesPerLayer = entriesPerLayer
    self.tolerance = tolerance
    self.step = step
  }

  /// Compares ∂yₖ(xₙ)/∂zˡᵢ(xₙ) from the engine's stacked backward passes
  /// (`Network.preActivationJacobians`) with the central difference of
  /// yₖ(xₙ) when zˡᵢ(xₙ) alone moves by t.
  ///
  /// Each drawn (unit, sample) pair gives K entries, one per output, so a
  /// layer contributes up to K·`entriesPerLayer` entries. The engine runs
  /// on the drawn samples only, and each evaluation of f runs the layers
  /// from l up on one sample.
  ///
  /// - Parameter inputs: the samples xₙ, one per row, with
  ///   `network.inputCount` columns.
  /// - Precondition: `inputs` has at least one row.
  /// - Throws: `GSLError` when a GSL difference routine fails.
  public func checkSensitivities(
    of network: Network, inputs: Matrix
  ) throws -> DerivativeCheckResult {
    precondition(inputs.rows > 0, "a derivative check needs a sample")
    var generator = SeededGenerator(seed: seed, stream: .derivativeCheck)

    // Draw the (unit, sample) pairs, numbered n·units + i in each layer.
    var draws: [[(unit: Int, sample: Int)]] = []
    for layer in network.layers {
      let population = layer.unitCount * inputs.rows
      let picks = distinctIndices(
        min(entriesPerLayer, population), below: population,
        using: &generator)
      draws.append(
        picks.map { (unit: $0 % layer.unitCount, sample: $0 / layer.unitCount) }
      )
    }

    // The engine's Jacobians on the drawn samples, in increasing order.
    let samples = Set(draws.joined().map(\.sample)).sorted()
    var row: [Int: Int] = [:]
    for (position, sample) in samples.enumerated() { row[sample] = position }
    let trace = network.forward(inputs.rows(at: samples))
    let jacobians = network.preActivationJacobians(trace)

    var result = DerivativeCheckResult(
      layerCount: network.layers.count, tolerance: tolerance)
    for (layer, pairs) in draws.enumerated() {
      for (unit, sample) in pairs {
        let position = row[sample]!
        let preActivations = trace.preActivations[layer].rows(at: [position])
        for output in 0..<network.outputCount {
          let entry = DerivativeEntry.outputByPreActivation(
            layer: layer, unit: unit, sample: sample, output: output)
          // Row k·N + n of the stacked Jacobian is ∂yₖ/∂z on sample n.
          let analytic = jacobians[layer][
            output * samples.count + position, unit]
          try compare(entry, analytic: analytic, into: &result) { shift in
            var shifted = preActivations
            shifted[0, unit] += shift
            return Self.output(
              of: network, fromLayer: layer, preActivations: shifted)[
                0, output]
          }
        }
      }
    }
    return result
  }

  /// Compares ∂ℒ/∂Wˡᵢⱼ of the mean loss ℒ = (1/N) Σₙ ℓ(y(xₙ), tₙ) from
  /// the engine's backward pass (`Loss.meanAndGradient`, then
  /// `Network.backward`) with the central difference of ℒ when Wˡᵢⱼ alone
  /// moves by t.
  ///
  /// Moving Wˡᵢⱼ by t moves zˡᵢ(xₙ) by t·aˡ⁻¹ⱼ(xₙ) on every sample, so each
  /// evaluation of ℒ starts from the cached zˡ and runs only the layers
  /// from l up, on all N samples. Memory and time grow with N, so pass a
  /// subset of a large data set.
  ///
  /// - Parameters:
  ///   - inputs: the samples xₙ, one per row, with `network.inputCount`
  ///     columns.
  ///   - targets: one target per sample, of the kind `loss` takes.
  /// - Precondition: `inputs` has at least one row and `targets` one entry
  ///   per row.
  /// - Throws: `GroundTruthError` naming the weight when a GSL difference
  ///   routine fails.
  public func checkGradients(
    of network: Network, inputs: Matrix, targets: Targets, loss: Loss
  ) throws -> DerivativeCheckResult {
    precondition(inputs.rows > 0, "a derivative check needs a sample")
    precondition(targets.count == inputs.rows, "one target per sample")
    var generator = SeededGenerator(seed: seed, stream: .derivativeCheck)

    // The engine's gradients of the mean loss.
    let trace = network.forward(inputs)
    let lossGradient = loss.meanAndGradient(trace.output, targets: targets)
    let gradients = network.backward(
      trace, outputCotangent: lossGradient.gradient)

    var result = DerivativeCheckResult(
      layerCount: network.layers.count, tolerance: tolerance)
    for (layer, parameters) in network.layers.enumerated() {
      let population = parameters.weight.values.count
      let picks = distinctIndices(
        min(entriesPerLayer, population), below: population,
        using: &generator)
      let input = trace.activations[layer]
      for index in picks {
        let weight = WeightIndex(
          layer: layer, row: index / parameters.inputCount,
          column: index % parameters.inputCount)
        let meanLoss = { (shift: Double) -> Double in
          var shifted = trace.preActivations[layer]
          for n in 0..<shifted.rows {
            shifted[n, weight.row] += shift * input[n, weight.column]
          }
          let losses = loss.perSample(
            Self.output(
              of: network, fromLayer: layer, preActivations: shifted),
            targets: targets)
          return losses.reduce(0, +) / Double(losses.count)
        }
        do {
          try compare(
            .lossByWeight(weight),
            analytic: gradients.weights[layer][weight.row, weight.column],
            into: &result, function: meanLoss)
        } catch let error as GSLError {
          throw GroundTruthError(weight: weight, reason: "\(error)")
        }
      }
    }
    return result
  }

  /// Differentiates `function` at 0 and records the entry as a kink or as
  /// a comparison with `analytic`.
  private func compare(
    _ entry: DerivativeEntry, analytic: Double,
    into result: inout DerivativeCheckResult,
    function: (Double) -> Double
  ) throws {
    let analytic = analyticTransform(entry, analytic)
    switch try KinkAwareDerivative.derivative(
      of: function, at: 0, step: step)
    {
    case .kink:
      result.recordKink(entry)
    case .smooth(let estimate):
      result.record(
        DerivativeComparison(
          entry: entry, analytic: analytic, numeric: estimate.value,
          numericError: estimate.absoluteError))
    }
  }

  /// Runs the network from the pre-activations of layer `layer`, one row
  /// per sample: σ of that layer, then every layer above it. Returns the
  /// output y, one row per sample.
  static func output(
    of network: Network, fromLayer layer: Int, preActivations: Matrix
  ) -> Matrix {
    var activations = apply(
      network.layers[layer].activation, to: preActivations)
    for index in (layer + 1)..<network.layers.count {
      let above = network.layers[index]
      var z = Matrix(rows: activations.rows, columns: above.unitCount)
      for n in 0..<z.rows {
        for k in 0..<above.unitCount { z[n, k] = above.bias[k] }
      }
      LinearAlgebra.gemm(
        activations, .none, above.weight, .transposed, beta: 1, into: &z)
      activations = apply(above.activation, to: z)
    }
    return activations
  }

  private static func apply(
    _ activation: Activation, to z: Matrix
  ) -> Matrix {
    Matrix(
      rows: z.rows, columns: z.columns, values: z.values.map(activation.value))
  }
}

/// Returns `count` distinct integers from 0..<`population` in increasing
/// order, drawn by Floyd's algorithm in O(`count`) memory, so a draw from
/// a large layer times many samples allocates no index array.
///
/// - Precondition: `0 <= count <= population`.
private func distinctIndices(
  _ count: Int, below population: Int,
  using generator: inout SeededGenerator
) -> [Int] {
  precondition(count >= 0 && count <= population, "count out of range")
  var chosen = Set<Int>()
  for bound in (population - count)..<population {
    let pick = generator.integer(below: bound + 1)
    chosen.insert(chosen.contains(pick) ? bound : pick)
  }
  return chosen.sorted()
}
