import GSL
import NeuralNetwork

/// The best output any bias compensation can reach after a mask: all
/// biases of the pruned network re-fitted together.
public struct JointBiasRefitResult: Sendable {
  /// The pruned network with the re-fitted biases.
  public let network: Network
  /// E of the network as given, (1/N) Σₓ ‖y_pruned − y‖².
  public let initialObjective: Double
  /// E after the re-fit.
  public let refittedObjective: Double
  /// Levenberg–Marquardt iterations.
  public let iterations: Int
  /// Whether GSL's step or gradient test was met. The biases of a network
  /// are not all identifiable (a shift can pass through a linear stretch
  /// of the layer above), so the driver may stop at its iteration limit
  /// with the objective already at its minimum.
  public let converged: Bool
}

/// Re-fits every bias of a pruned network to the original network's
/// outputs with `gsl_multifit_nlinear`.
public enum JointBiasRefit {
  /// Minimises E(b) = (1/N) Σₓ ‖y(x; W_pruned, b) − y_original(x)‖² over
  /// all biases b, starting from the pruned network's own biases.
  ///
  /// The residuals are (y − y_original)/√N over samples and outputs, and
  /// the Jacobian's column for bias bˡᵢ is ∂y/∂zˡᵢ, which the stacked
  /// vector–Jacobian products give for every layer at once. Each step
  /// solves the normal equations by modified Cholesky, with JᵀJ from one
  /// BLAS `dsyrk`, because the biases are not all identifiable and JᵀJ is
  /// often singular. GSL's default column-pivoted QR runs unblocked
  /// Householder updates on the whole N·K × P Jacobian instead, which is
  /// far slower for a LeNet-sized network (10,000 × 410 at 1,000
  /// samples).
  ///
  /// - Parameters:
  ///   - pruned: the network after removing weights (and perhaps after a
  ///     closed-form compensation).
  ///   - targets: the original network's outputs on `inputs`.
  /// - Throws: `GSLError` when the solver fails other than by stalling.
  public static func refit(
    _ pruned: Network, inputs: Matrix, targets: Matrix
  ) throws -> JointBiasRefitResult {
    let sampleCount = inputs.rows
    let outputCount = pruned.outputCount
    let scale = 1 / Double(sampleCount).squareRoot()
    let biasCounts = pruned.layers.map(\.unitCount)
    let parameterCount = biasCounts.reduce(0, +)

    func network(with biases: [Double]) -> Network {
      var candidate = pruned
      var offset = 0
      for index in candidate.layers.indices {
        let count = biasCounts[index]
        candidate.layers[index].bias = Array(biases[offset..<(offset + count)])
        offset += count
      }
      return candidate
    }

    // Residual (n, k) sits at row n·K + k, matching the Jacobian below.
    func residuals(_ biases: [Double]) -> [Double] {
      let output = network(with: biases).predict(inputs)
      return output.values.indices.map {
        (output.values[$0] - targets.values[$0]) * scale
      }
    }

    func jacobian(_ biases: [Double]) -> [Double] {
      let candidate = network(with: biases)
      let trace = candidate.forward(inputs)
      // Row k·N + n of layer l's matrix is ∂yₖ/∂zˡ at sample n.
      let jacobians = candidate.preActivationJacobians(trace)
      var values = [Double](
        repeating: 0, count: sampleCount * outputCount * parameterCount)
      var column = 0
      for (layer, matrix) in jacobians.enumerated() {
        for unit in 0..<biasCounts[layer] {
          for n in 0..<sampleCount {
            for k in 0..<outputCount {
              let row = n * outputCount + k
              values[row * parameterCount + column] =
                matrix[k * sampleCount + n, unit] * scale
            }
          }
          column += 1
        }
      }
      return values
    }

    let start = pruned.layers.flatMap(\.bias)
    let initial = residuals(start).reduce(0) { $0 + $1 * $1 }
    let solution = try NonlinearLeastSquares.solve(
      LeastSquaresProblem(
        residualCount: sampleCount * outputCount,
        parameterCount: parameterCount, residuals: residuals,
        jacobian: jacobian),
      start: start, xtol: 1e-12, gtol: 1e-12, acceptsStall: true,
      linearSolver: .modifiedCholesky)
    let refitted = residuals(solution.parameters).reduce(0) { $0 + $1 * $1 }
    return JointBiasRefitResult(
      network: network(with: solution.parameters), initialObjective: initial,
      refittedObjective: refitted, iterations: solution.iterations,
      converged: solution.converged)
  }
}
