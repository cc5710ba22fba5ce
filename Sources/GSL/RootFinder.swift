import CGSL

/// A root of a scalar function bracketed by GSL's Brent solver.
public struct RootEstimate: Sendable, Equatable {
  /// The root.
  public let root: Double
  /// The final bracket, which contains a sign change of the function.
  public let lower: Double
  public let upper: Double
  /// The iterations taken.
  public let iterations: Int
}

/// One-dimensional root finding through `gsl_root_fsolver_brent`.
public enum RootFinder {
  /// Finds a root of `function` in [`lower`, `upper`] with Brent's method.
  ///
  /// Stops when `gsl_root_test_interval` accepts the bracket with
  /// `absoluteTolerance` and `relativeTolerance`, or when the function is
  /// exactly 0 at the current estimate.
  ///
  /// - Precondition: `lower < upper`.
  /// - Throws: `GSLError` when the endpoints do not straddle a root
  ///   (`gsl_root_fsolver_set` returns GSL_EINVAL), when an iteration
  ///   fails, or when `maximumIterations` pass without convergence
  ///   (GSL_EMAXITER).
  public static func brent(
    of function: (Double) -> Double, lower: Double, upper: Double,
    absoluteTolerance: Double = 0, relativeTolerance: Double = 1e-14,
    maximumIterations: Int = 200
  ) throws -> RootEstimate {
    precondition(lower < upper, "the bracket must have lower < upper")
    GSLRuntime.disableAbortOnError()
    guard let solver = gsl_root_fsolver_alloc(ecprune_root_fsolver_brent())
    else {
      throw GSLError(call: "gsl_root_fsolver_alloc", status: Int32(GSL_ENOMEM))
    }
    defer { gsl_root_fsolver_free(solver) }

    return try withoutActuallyEscaping(function) { escaping in
      let box = FunctionBox(escaping)
      var gslFunction = gsl_function(
        function: { x, params in
          Unmanaged<FunctionBox>.fromOpaque(params!).takeUnretainedValue()
            .call(x)
        },
        params: Unmanaged.passUnretained(box).toOpaque())
      return try withExtendedLifetime(box) {
        try GSLRuntime.check(
          gsl_root_fsolver_set(solver, &gslFunction, lower, upper),
          "gsl_root_fsolver_set")
        for iteration in 1...maximumIterations {
          try GSLRuntime.check(
            gsl_root_fsolver_iterate(solver), "gsl_root_fsolver_iterate")
          let root = gsl_root_fsolver_root(solver)
          let low = gsl_root_fsolver_x_lower(solver)
          let high = gsl_root_fsolver_x_upper(solver)
          let status = gsl_root_test_interval(
            low, high, absoluteTolerance, relativeTolerance)
          if status == Int32(GSL_SUCCESS) || box.call(root) == 0 {
            return RootEstimate(
              root: root, lower: low, upper: high, iterations: iteration)
          }
        }
        throw GSLError(
          call: "gsl_root_fsolver_iterate", status: Int32(GSL_EMAXITER))
      }
    }
  }
}
