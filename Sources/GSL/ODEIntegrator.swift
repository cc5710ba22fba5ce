import CGSL

/// A system of ordinary differential equations y′ = f(t, y), for
/// `ODEIntegrator`.
public struct ODESystem: Sendable {
  /// The number of unknowns.
  public let dimension: Int
  /// Writes f(t, y) into its third argument.
  public let rightHandSide:
    @Sendable (
      Double, UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>
    ) -> Void
  /// Writes ∂f/∂y (row-major, dimension × dimension) into its third
  /// argument and ∂f/∂t into its fourth; implicit steppers need it.
  public let jacobian:
    (
      @Sendable (
        Double, UnsafeBufferPointer<Double>,
        UnsafeMutableBufferPointer<Double>, UnsafeMutableBufferPointer<Double>
      ) -> Void
    )?

  public init(
    dimension: Int,
    rightHandSide:
      @escaping @Sendable (
        Double, UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>
      ) -> Void,
    jacobian: (
      @Sendable (
        Double, UnsafeBufferPointer<Double>,
        UnsafeMutableBufferPointer<Double>, UnsafeMutableBufferPointer<Double>
      ) -> Void
    )? = nil
  ) {
    self.dimension = dimension
    self.rightHandSide = rightHandSide
    self.jacobian = jacobian
  }
}

/// A GSL `odeiv2` stepping method.
public enum ODEStepper: String, Sendable, CaseIterable {
  /// Variable-order backward differentiation (implicit, for stiff
  /// systems; needs the Jacobian).
  case msbdf
  /// Implicit fourth-order Runge–Kutta (needs the Jacobian).
  case rk4imp
  /// Explicit embedded Runge–Kutta–Fehlberg (4, 5).
  case rkf45

  /// Whether the method calls the Jacobian.
  public var needsJacobian: Bool { self != .rkf45 }

  var gslType: UnsafePointer<gsl_odeiv2_step_type> {
    switch self {
    case .msbdf: return ecprune_odeiv2_step_msbdf()
    case .rk4imp: return ecprune_odeiv2_step_rk4imp()
    case .rkf45: return ecprune_odeiv2_step_rkf45()
    }
  }
}

/// Integrates an ODE system with GSL's `odeiv2` driver, which adapts the
/// step to keep the local error within the tolerances.
public enum ODEIntegrator {
  /// Returns y at each of `times`, starting from `initial` at `times[0]`.
  ///
  /// - Parameters:
  ///   - times: increasing output times; the first is the start time.
  ///   - maximumSteps: the driver's step limit per output interval
  ///     (0 for GSL's default, no limit).
  /// - Throws: `GSLError` naming the driver call and the time reached when
  ///   a step fails, the step limit is hit or the driver cannot be
  ///   allocated. `GSLError` with `GSL_EINVAL` when the stepper needs a
  ///   Jacobian that the system lacks, or the inputs do not fit.
  public static func solve(
    _ system: ODESystem, initial: [Double], times: [Double],
    stepper: ODEStepper = .msbdf, absoluteTolerance: Double = 1e-10,
    relativeTolerance: Double = 1e-10, initialStep: Double = 1e-6,
    maximumSteps: Int = 0
  ) throws -> [[Double]] {
    guard initial.count == system.dimension, times.count >= 1,
      zip(times, times.dropFirst()).allSatisfy({ $0 < $1 }),
      !stepper.needsJacobian || system.jacobian != nil
    else {
      throw GSLError(
        call: "ODEIntegrator.solve (dimension, times or Jacobian)",
        status: Int32(GSL_EINVAL))
    }
    GSLRuntime.disableAbortOnError()
    let box = SystemBox(system)
    var gslSystem = gsl_odeiv2_system()
    gslSystem.dimension = system.dimension
    gslSystem.params = Unmanaged.passUnretained(box).toOpaque()
    gslSystem.function = { t, y, dydt, params in
      let system = Unmanaged<SystemBox>.fromOpaque(params!)
        .takeUnretainedValue().system
      system.rightHandSide(
        t, UnsafeBufferPointer(start: y, count: system.dimension),
        UnsafeMutableBufferPointer(start: dydt, count: system.dimension))
      return Int32(GSL_SUCCESS)
    }
    gslSystem.jacobian = { t, y, dfdy, dfdt, params in
      let system = Unmanaged<SystemBox>.fromOpaque(params!)
        .takeUnretainedValue().system
      guard let jacobian = system.jacobian else { return Int32(GSL_EBADFUNC) }
      let n = system.dimension
      jacobian(
        t, UnsafeBufferPointer(start: y, count: n),
        UnsafeMutableBufferPointer(start: dfdy, count: n * n),
        UnsafeMutableBufferPointer(start: dfdt, count: n))
      return Int32(GSL_SUCCESS)
    }

    return try withExtendedLifetime(box) {
      guard
        let driver = gsl_odeiv2_driver_alloc_y_new(
          &gslSystem, stepper.gslType, initialStep, absoluteTolerance,
          relativeTolerance)
      else {
        throw GSLError(
          call: "gsl_odeiv2_driver_alloc_y_new", status: Int32(GSL_ENOMEM))
      }
      defer { gsl_odeiv2_driver_free(driver) }
      if maximumSteps > 0 {
        try GSLRuntime.check(
          gsl_odeiv2_driver_set_nmax(driver, UInt(maximumSteps)),
          "gsl_odeiv2_driver_set_nmax")
      }
      var y = initial
      var t = times[0]
      var states = [y]
      for target in times.dropFirst() {
        let status = gsl_odeiv2_driver_apply(driver, &t, target, &y)
        guard status == GSL_SUCCESS else {
          throw GSLError(
            call: "gsl_odeiv2_driver_apply (stopped at t = \(t) on the way "
              + "to \(target))", status: status)
        }
        states.append(y)
      }
      return states
    }
  }
}

/// Keeps the system alive and reachable from GSL's callbacks.
final class SystemBox {
  let system: ODESystem
  init(_ system: ODESystem) { self.system = system }
}
