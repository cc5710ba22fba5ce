import CGSL
import GSL
import NeuralNetwork
import Pruning
import TestSupport
import Testing
import Verification

/// The ground-truth compensation against the closed form where the theory
/// predicts they agree, and its own accuracy.
@Suite struct TrueCompensationTests {
  static func closedForm(_ network: Network, _ inputs: Matrix)
    -> CompensationScores
  {
    EliminationCompensation.scores(
      of: network,
      on: ScoringData(
        features: inputs,
        targets: .classes([Int](repeating: 0, count: inputs.rows))),
      response: .output)
  }

  @Test func linearNetworkIsExact() throws {
    // With identity activations the output is affine in β, so E is an
    // exact quadratic and its minimiser is β*.
    let network = Fixtures.randomNetwork(
      sizes: [4, 5, 3, 2], hidden: .identity, seed: 141)
    let inputs = Fixtures.randomMatrix(rows: 20, columns: 4, seed: 142)
    let objective = TrueObjective(network: network, inputs: inputs)
    let scores = Self.closedForm(network, inputs)
    for layer in network.layers.indices {
      for row in 0..<network.layers[layer].unitCount {
        for column in 0..<network.layers[layer].inputCount {
          let weight = WeightIndex(layer: layer, row: row, column: column)
          let truth = try TrueCompensationSolver.solve(
            objective, weight: weight)
          let beta = scores.compensation[layer][row, column]
          let importance = scores.importance[layer][row, column]
          // Both sides are exact up to rounding in sums of 20 terms.
          #expect(
            abs(truth.compensation - beta) <= 1e-10 * max(abs(beta), 1e-12),
            "\(weight): true \(truth.compensation), closed form \(beta)")
          #expect(
            abs(truth.importance - importance)
              <= 1e-10 * max(importance, 1e-14),
            "\(weight): true E \(truth.importance), closed form \(importance)")
        }
      }
    }
  }

  @Test(arguments: [Activation.tanh, .relu])
  func lastLayerIsExact(hidden: Activation) throws {
    // A linear output layer takes the removal directly: y changes by
    // β − w·aⱼ, so E is quadratic whatever lies below.
    let network = Fixtures.randomNetwork(
      sizes: [4, 6, 3], hidden: hidden, seed: 143)
    let inputs = Fixtures.randomMatrix(rows: 25, columns: 4, seed: 144)
    let objective = TrueObjective(network: network, inputs: inputs)
    let scores = Self.closedForm(network, inputs)
    for row in 0..<3 {
      for column in 0..<6 {
        let weight = WeightIndex(layer: 1, row: row, column: column)
        let truth = try TrueCompensationSolver.solve(objective, weight: weight)
        let beta = scores.compensation[1][row, column]
        #expect(abs(truth.compensation - beta) <= 1e-10 * max(abs(beta), 1e-12))
      }
    }
  }

  @Test func derivativeVanishesAtOptimum() throws {
    let network = Fixtures.randomNetwork(
      sizes: [4, 6, 5, 3], hidden: .tanh, seed: 145)
    let inputs = Fixtures.randomMatrix(rows: 30, columns: 4, seed: 146)
    let objective = TrueObjective(network: network, inputs: inputs)
    for (row, column) in [(0, 0), (2, 3), (5, 1)] {
      let weight = WeightIndex(layer: 0, row: row, column: column)
      let truth = try TrueCompensationSolver.solve(objective, weight: weight)
      // E′ is a sum of O(1) products; at the root it is zero up to a few
      // hundred ulps of its terms.
      #expect(abs(truth.derivativeAtOptimum) <= 1e-12, "\(weight)")
      // The optimum is a minimum: nearby shifts do no better.
      let step = 1e-4 * max(abs(truth.compensation), 1e-3)
      for shift in [truth.compensation - step, truth.compensation + step] {
        let nearby = objective.evaluate(weight, shift: shift).value
        #expect(nearby >= truth.importance)
      }
      #expect(truth.importance <= truth.uncompensated)
    }
  }

  @Test(arguments: [Activation.tanh, .sigmoid, .softplus])
  func compensationErrorIsSecondOrder(hidden: Activation) throws {
    // Removing the fraction ε of w: β_true(ε) − ε·β* = O(ε²) for smooth
    // activations, so halving ε divides the error by about 4.
    let network = Fixtures.randomNetwork(
      sizes: [4, 6, 5, 3], hidden: hidden, scale: 1.5, seed: 147)
    let inputs = Fixtures.randomMatrix(rows: 40, columns: 4, seed: 148)
    let objective = TrueObjective(network: network, inputs: inputs)
    let scores = Self.closedForm(network, inputs)
    let weight = WeightIndex(layer: 0, row: 2, column: 1)
    let beta = scores.compensation[0][2, 1]
    var errors: [Double] = []
    let removals = [0.25, 0.125, 0.0625, 0.03125]
    for removal in removals {
      let truth = try TrueCompensationSolver.solve(
        objective, weight: weight, removal: removal, guess: removal * beta)
      errors.append(abs(truth.compensation - removal * beta))
    }
    // The observed order from the last pair of halvings.
    let order = log2(errors[2] / errors[3])
    #expect(abs(order - 2) <= 0.15, "observed order \(order), errors \(errors)")
  }

  @Test(arguments: [Activation.tanh, .gelu, .relu])
  func objectiveDerivativeMatchesFiniteDifference(hidden: Activation) throws {
    let network = Fixtures.randomNetwork(
      sizes: [4, 6, 5, 3], hidden: hidden, seed: 151)
    let inputs = Fixtures.randomMatrix(rows: 12, columns: 4, seed: 152)
    let objective = TrueObjective(network: network, inputs: inputs)
    for (layer, row, column) in [(0, 1, 2), (1, 3, 4), (2, 0, 4)] {
      let weight = WeightIndex(layer: layer, row: row, column: column)
      for shift in [-0.3, 0.05, 0.4] {
        let result = try KinkAwareDerivative.derivative(
          of: { objective.evaluate(weight, shift: $0).value }, at: shift)
        guard case .smooth(let estimate) = result else { continue }
        let analytic = objective.evaluate(weight, shift: shift).derivative
        // The central rule is good to ~1e-10 on these O(1) objectives.
        #expect(
          abs(analytic - estimate.value) <= 1e-7 * max(1, abs(analytic)),
          Comment(
            rawValue: "\(weight) at β = \(shift): E′ \(analytic), "
              + "finite difference \(estimate.value)"))
      }
    }
  }

  @Test func optimumOutsideFirstBracketIsFound() throws {
    let network = Fixtures.randomNetwork(
      sizes: [3, 4, 2], hidden: .tanh, seed: 149)
    let inputs = Fixtures.randomMatrix(rows: 15, columns: 3, seed: 150)
    let objective = TrueObjective(network: network, inputs: inputs)
    let weight = WeightIndex(layer: 1, row: 0, column: 2)
    let good = try TrueCompensationSolver.solve(objective, weight: weight)
    // A guess far to one side makes the first bracket miss the optimum.
    let far = try TrueCompensationSolver.solve(
      objective, weight: weight, guess: good.compensation + 1e6)
    #expect(far.bracketWidenings > 0)
    #expect(
      abs(far.compensation - good.compensation)
        <= 1e-10 * max(abs(good.compensation), 1e-12))
  }

  @Test func bracketWithoutSignChangeThrowsGSLError() {
    // Brent needs f(lower) and f(upper) of opposite signs; GSL reports
    // GSL_EINVAL and the wrapper turns it into a thrown error.
    let error = #expect(throws: GSLError.self) {
      _ = try RootFinder.brent(of: { $0 * $0 + 1 }, lower: -1, upper: 1)
    }
    #expect(error?.status == Int32(GSL_EINVAL))
    #expect(error?.call == "gsl_root_fsolver_set")
  }

  @Test func brentFindsKnownRoot() throws {
    let estimate = try RootFinder.brent(
      of: { $0 * $0 - 2 }, lower: 0, upper: 2)
    #expect(abs(estimate.root - 2.0.squareRoot()) <= 4e-16)
  }
}

#if canImport(Glibc)
  import Glibc
#endif

@Suite struct LeastSquaresSolverTests {
  @Test(arguments: [Activation.tanh, .gelu, .relu])
  func bothSolversAgree(hidden: Activation) throws {
    let network = Fixtures.randomNetwork(
      sizes: [4, 6, 5, 3], hidden: hidden, seed: 171)
    let inputs = Fixtures.randomMatrix(rows: 30, columns: 4, seed: 172)
    let objective = TrueObjective(network: network, inputs: inputs)
    for (layer, row, column) in [(0, 1, 2), (1, 4, 0), (2, 2, 3)] {
      let weight = WeightIndex(layer: layer, row: row, column: column)
      let root = try TrueCompensationSolver.solve(objective, weight: weight)
      let fitted = try TrueCompensationSolver.solveByLeastSquares(
        objective, weight: weight, guess: 0)
      // Brent on E′ and Levenberg–Marquardt on the residuals share only
      // the forward evaluation. Brent's root has E′ = 0 to rounding (see
      // derivativeVanishesAtOptimum). Gauss–Newton steps converge only
      // linearly when the residuals at the optimum are not small, as here,
      // and the driver's step test then stops 1e-9 to 1e-7 relative short
      // of the minimiser, so the check allows 1e-6.
      #expect(
        abs(root.compensation - fitted)
          <= 1e-6 * max(abs(root.compensation), 1e-6),
        "\(weight): root of E′ \(root.compensation), least squares \(fitted)")
    }
  }

  @Test(arguments: [Activation.tanh, .softplus])
  func tangentMatchesFiniteDifference(hidden: Activation) throws {
    let network = Fixtures.randomNetwork(
      sizes: [4, 6, 5, 3], hidden: hidden, seed: 173)
    let inputs = Fixtures.randomMatrix(rows: 5, columns: 4, seed: 174)
    let objective = TrueObjective(network: network, inputs: inputs)
    let weight = WeightIndex(layer: 0, row: 3, column: 1)
    let tangent = objective.residualsAndTangent(weight, shift: 0.2).tangent
    for index in tangent.values.indices {
      let estimate = try FiniteDifference.derivative(
        of: {
          objective.residualsAndTangent(weight, shift: $0).residuals
            .values[index]
        }, at: 0.2, step: 1e-3)
      // Smooth O(1) outputs: the central rule is good to ~1e-10.
      #expect(abs(tangent.values[index] - estimate.value) <= 1e-8)
    }
  }
}
