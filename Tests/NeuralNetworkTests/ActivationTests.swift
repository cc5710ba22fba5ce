import Foundation
import GSL
import NeuralNetwork
import Testing

/// Each activation's σ′ and σ″ against GSL central differences.
@Suite struct ActivationTests {
  static let points: [Double] = [-6, -2.5, -1, -0.3, 0.2, 0.7, 1.5, 4, 9]

  @Test(arguments: Activation.allCases)
  func derivativesMatchFiniteDifferences(activation: Activation) throws {
    for z in Self.points {
      let first = try FiniteDifference.derivative(
        of: activation.value, at: z, step: 1e-3)
      let second = try FiniteDifference.derivative(
        of: activation.derivative, at: z, step: 1e-3)
      // Away from kinks every σ here is analytic with O(1) higher
      // derivatives, so the central rule is good to ~1e-10.
      #expect(
        abs(activation.derivative(z) - first.value) <= 1e-8,
        "σ′(\(z)) of \(activation.name)")
      #expect(
        abs(activation.secondDerivative(z) - second.value) <= 1e-7,
        "σ″(\(z)) of \(activation.name)")
    }
  }

  @Test func kinksAreDeclared() {
    for activation in Activation.allCases {
      let hasKink = activation == .relu || activation == .leakyReLU
      #expect(activation.kinks == (hasKink ? [0] : []))
    }
    #expect(Activation.relu.derivative(0) == 0)
    #expect(Activation.leakyReLU.derivative(0) == Activation.leakySlope)
  }

  @Test func softplusAndSigmoidStayFinite() {
    #expect(Activation.softplus.value(1000) == 1000)
    #expect(Activation.softplus.value(-1000) == 0)
    #expect(Activation.sigmoid.value(-1000) == 0)
    #expect(Activation.sigmoid.value(1000) == 1)
  }

  @Test func namesRoundTrip() {
    for activation in Activation.allCases {
      #expect(Activation(name: activation.name) == activation)
    }
    #expect(Activation(name: "swish") == nil)
  }
}

/// σ(z + Δ) − σ(z) computed without cancellation.
@Suite struct ActivationChangeTests {
  @Test(arguments: Activation.allCases.filter { $0 != .gelu })
  func smallChangesKeepTheirPrecision(activation: Activation) {
    // For Δ = 1e-9 the series σ′Δ + σ″Δ²/2 has a remainder of order
    // σ‴Δ³/6 ≈ 1e-28, far below a rounding error of the difference
    // itself (≈ 1e-16 · |σ′Δ| ≈ 1e-25 where σ′ is not tiny), so it is an
    // oracle to about 1e-15 relative. The plain subtraction would miss it
    // by about 1e-7 relative at these z.
    let delta = 1e-9
    for z in [-3.0, -0.7, 0.4, 1.3, 2.5] {
      let series =
        activation.derivative(z) * delta
        + 0.5 * activation.secondDerivative(z) * delta * delta
      let change = activation.change(from: z, by: delta)
      #expect(
        abs(change - series) <= 1e-14 * abs(series),
        "\(activation) at z = \(z): change \(change), series \(series)")
    }
  }

  @Test(arguments: Activation.allCases)
  func largeChangesMatchTheDirectDifference(activation: Activation) {
    // Away from cancellation the direct difference is accurate to a few
    // rounding errors of σ, so the two agree to 1e-13 of the larger σ.
    for (z, delta) in [(-2.0, 3.5), (0.5, -1.7), (-0.3, 0.2), (4.0, -9.0)] {
      let direct = activation.value(z + delta) - activation.value(z)
      let change = activation.change(from: z, by: delta)
      let size = max(
        abs(activation.value(z)), abs(activation.value(z + delta)), 1)
      #expect(
        abs(change - direct) <= 1e-13 * size,
        "\(activation) at z = \(z), Δ = \(delta): \(change) vs \(direct)")
    }
  }

  @Test func extremeArgumentsStayFinite() {
    for activation in Activation.allCases {
      for (z, delta) in [(800.0, -1600.0), (-800.0, 1e-3), (1e3, 1e3)] {
        #expect(activation.change(from: z, by: delta).isFinite)
      }
    }
  }

  /// Far in the tails σ′ of tanh and sigmoid is tiny but not 0: forming
  /// it as 1 − t² or s(1 − s) rounds it to 0 once t or s rounds to ±1
  /// (|z| > 19 for tanh, z > 37 for sigmoid), which made a saturated unit
  /// look like one without influence. References: 4e^{−2|z|}/(1+e^{−2|z|})²
  /// and e^{−|z|}/(1+e^{−|z|})², computed here in the tail, where they are
  /// accurate to a few ulps; 1e-13 relative allows for exp's rounding.
  @Test(arguments: [20.0, -20.0, 37.0, 57.35, -57.35, 300.0])
  func tailDerivativesAreNotZero(z: Double) {
    let e2 = exp(-2 * abs(z))
    let tanhSlope = 4 * e2 / ((1 + e2) * (1 + e2))
    let e1 = exp(-abs(z))
    let sigmoidSlope = e1 / ((1 + e1) * (1 + e1))
    let tanhDerivative = Activation.tanh.derivative(z)
    let sigmoidDerivative = Activation.sigmoid.derivative(z)
    #expect(abs(tanhDerivative - tanhSlope) <= 1e-13 * tanhSlope)
    #expect(abs(sigmoidDerivative - sigmoidSlope) <= 1e-13 * sigmoidSlope)
    // σ″ = −2tσ′ for tanh and σ′(1 − 2s) for sigmoid, nonzero as well.
    #expect(Activation.tanh.secondDerivative(z) != 0)
    #expect(Activation.sigmoid.secondDerivative(z) != 0)
  }
}
