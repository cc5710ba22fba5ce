import NeuralNetwork
import Pruning
import TestSupport
import Testing
import Verification

@Suite struct JointBiasRefitTests {
  static func setting(_ hidden: Activation) -> (Network, Matrix, PruningOutcome)
  {
    let network = Fixtures.randomNetwork(
      sizes: [5, 6, 4, 3], hidden: hidden, seed: 181)
    let inputs = Fixtures.randomMatrix(rows: 40, columns: 5, seed: 182)
    let data = ScoringData(
      features: inputs, targets: .classes([Int](repeating: 0, count: 40)))
    let outcome = Pruner.prune(
      network, data: data,
      settings: PruningSettings(
        criterion: .eliminationCompensation, ratio: 0.4, scope: .global))
    return (network, inputs, outcome)
  }

  @Test(arguments: [Activation.tanh, .relu])
  func refitBeatsClosedForm(hidden: Activation) throws {
    let (network, inputs, outcome) = Self.setting(hidden)
    let targets = network.predict(inputs)
    let result = try JointBiasRefit.refit(
      outcome.network, inputs: inputs, targets: targets)
    // Levenberg–Marquardt accepts only steps that lower ‖r‖², starting
    // from the closed-form biases.
    #expect(result.refittedObjective <= result.initialObjective)
    // The weights are untouched, the mask still holds.
    for layer in network.layers.indices {
      #expect(
        result.network.layers[layer].weight
          == outcome.network.layers[layer].weight)
    }
    // And the re-fit beats keeping the original biases as well.
    var uncompensated = outcome.network
    for layer in network.layers.indices {
      uncompensated.layers[layer].bias = network.layers[layer].bias
    }
    let baseline = try JointBiasRefit.refit(
      uncompensated, inputs: inputs, targets: targets)
    #expect(result.refittedObjective <= baseline.initialObjective)
  }

  @Test func linearNetworkReachesLeastSquaresOptimum() throws {
    // With identity activations E is an exact quadratic in the biases, so
    // the optimum has zero gradient: moving any bias cannot lower E.
    let (network, inputs, outcome) = Self.setting(.identity)
    let targets = network.predict(inputs)
    let result = try JointBiasRefit.refit(
      outcome.network, inputs: inputs, targets: targets)
    func objective(_ candidate: Network) -> Double {
      let output = candidate.predict(inputs)
      return zip(output.values, targets.values).reduce(0) {
        $0 + ($1.0 - $1.1) * ($1.0 - $1.1)
      } / Double(inputs.rows)
    }
    let best = objective(result.network)
    for layer in network.layers.indices {
      for unit in 0..<network.layers[layer].unitCount {
        for step in [-1e-4, 1e-4] {
          var moved = result.network
          moved.layers[layer].bias[unit] += step
          // A quadratic rises by about step² times its curvature, far
          // above the rounding of E.
          #expect(objective(moved) >= best * (1 - 1e-12))
        }
      }
    }
  }

  @Test func deadUnitsDoNotStopTheRefit() throws {
    // A unit whose pre-activation is negative on every sample gives the
    // Jacobian a zero column for its bias, so JᵀJ is singular. The
    // modified Cholesky steps must still run and lower E.
    var (network, inputs, _) = Self.setting(.relu)
    network.layers[0].bias[0] = -100
    network.layers[1].bias[1] = -100
    let data = ScoringData(
      features: inputs, targets: .classes([Int](repeating: 0, count: 40)))
    let outcome = Pruner.prune(
      network, data: data,
      settings: PruningSettings(
        criterion: .eliminationCompensation, ratio: 0.5, scope: .global))
    let targets = network.predict(inputs)
    let result = try JointBiasRefit.refit(
      outcome.network, inputs: inputs, targets: targets)
    #expect(result.refittedObjective <= result.initialObjective)
    #expect(result.refittedObjective.isFinite)
    // The dead units' biases have no influence, so they stay where they
    // were: a zero gradient gives a zero step.
    #expect(result.network.layers[0].bias[0] == -100)
  }
}
