import CGSL
import GSL
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// GSL's odeiv2 driver through `ODEIntegrator`, against exact solutions.
@Suite struct ODEIntegratorTests {
  /// y′ = A·y with A = [[−1, 1], [0, −100]]: stiff (rates 1 and 100) with
  /// the exact solution y₂ = c·e^(−100t),
  /// y₁ = (y₁(0) + c/99)·e^(−t) − (c/99)·e^(−100t), c = y₂(0).
  static let stiff = ODESystem(
    dimension: 2,
    rightHandSide: { _, y, dydt in
      dydt[0] = -y[0] + y[1]
      dydt[1] = -100 * y[1]
    },
    jacobian: { _, _, dfdy, dfdt in
      dfdy[0] = -1
      dfdy[1] = 1
      dfdy[2] = 0
      dfdy[3] = -100
      dfdt[0] = 0
      dfdt[1] = 0
    })

  static func exact(_ t: Double) -> [Double] {
    let c = 1.0
    let first = (2 + c / 99) * exp(-t) - c / 99 * exp(-100 * t)
    return [first, c * exp(-100 * t)]
  }

  @Test(arguments: ODEStepper.allCases)
  func stiffLinearSystemMatchesItsExactSolution(stepper: ODEStepper) throws {
    let times = [0, 0.01, 0.1, 1, 5]
    let states = try ODEIntegrator.solve(
      Self.stiff, initial: [2, 1], times: times, stepper: stepper,
      absoluteTolerance: 1e-12, relativeTolerance: 1e-12)
    #expect(states.count == times.count)
    for (t, state) in zip(times, states) {
      let truth = Self.exact(t)
      for component in 0..<2 {
        // Local tolerances of 1e-12 accumulate over a few hundred steps
        // to well below 1e-9 of the solution's size (at most 2).
        #expect(
          abs(state[component] - truth[component]) <= 1e-9,
          "t = \(t), y\(component + 1): \(state[component]) vs \(truth[component])"
        )
      }
    }
  }

  @Test func stepLimitBecomesAnError() {
    #expect(throws: GSLError.self) {
      _ = try ODEIntegrator.solve(
        Self.stiff, initial: [2, 1], times: [0, 100], maximumSteps: 2)
    }
    do {
      _ = try ODEIntegrator.solve(
        Self.stiff, initial: [2, 1], times: [0, 100], maximumSteps: 2)
    } catch let error as GSLError {
      #expect(error.call.contains("gsl_odeiv2_driver_apply"))
      #expect(error.status == Int32(GSL_EMAXITER))
    } catch {
      Issue.record("unexpected error \(error)")
    }
  }

  @Test func implicitStepperWithoutJacobianIsRejected() {
    let system = ODESystem(
      dimension: 1, rightHandSide: { _, y, dydt in dydt[0] = -y[0] })
    #expect(throws: GSLError.self) {
      _ = try ODEIntegrator.solve(
        system, initial: [1], times: [0, 1], stepper: .msbdf)
    }
    // The explicit stepper needs no Jacobian: y = e^(−t).
    let states = try? ODEIntegrator.solve(
      system, initial: [1], times: [0, 1], stepper: .rkf45)
    #expect(abs((states?.last?[0] ?? .nan) - exp(-1)) <= 1e-8)
  }

  @Test func unorderedTimesAreRejected() {
    #expect(throws: GSLError.self) {
      _ = try ODEIntegrator.solve(
        Self.stiff, initial: [2, 1], times: [0, 1, 0.5])
    }
  }
}
