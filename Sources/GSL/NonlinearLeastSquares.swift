import CGSL

/// A nonlinear least-squares problem: minimise ½‖r(x)‖² over x ∈ Rᵖ.
public struct LeastSquaresProblem {
  /// n, the length of r.
  public let residualCount: Int
  /// p, the length of x.
  public let parameterCount: Int
  /// Returns r(x), n entries.
  public let residuals: ([Double]) -> [Double]
  /// Returns the Jacobian ∂r/∂x, n × p, row-major.
  public let jacobian: ([Double]) -> [Double]

  public init(
    residualCount: Int, parameterCount: Int,
    residuals: @escaping ([Double]) -> [Double],
    jacobian: @escaping ([Double]) -> [Double]
  ) {
    self.residualCount = residualCount
    self.parameterCount = parameterCount
    self.residuals = residuals
    self.jacobian = jacobian
  }
}

/// The outcome of `NonlinearLeastSquares.solve`.
public struct LeastSquaresSolution: Sendable {
  /// The minimiser x.
  public let parameters: [Double]
  /// The iterations GSL took.
  public let iterations: Int
  /// 1 when the step test (xtol) stopped the driver, 2 for the gradient
  /// test (gtol), as `gsl_multifit_nlinear_driver` reports in `info`; 0
  /// when `solve` was allowed to stop without meeting either.
  public let convergence: Int
  /// Whether a convergence test was met.
  public var converged: Bool { convergence != 0 }
}

/// The linear solver behind each trust-region step of
/// `NonlinearLeastSquares.solve`.
public enum LeastSquaresLinearSolver: Sendable {
  /// Column-pivoted QR of the n × p Jacobian, GSL's default. It is more
  /// accurate than the normal equations on ill-conditioned problems, but
  /// its unblocked Householder updates cost O(n·p²) per iteration without
  /// BLAS-3 speed.
  case qr
  /// The modified Cholesky factorisation (Gill, Murray and Wright) of the
  /// normal equations JᵀJ + μDᵀD, with JᵀJ formed once per Jacobian by
  /// `dsyrk`. It squares the condition number, but the modification keeps
  /// it working where rounding makes a rank-deficient JᵀJ + μDᵀD
  /// indefinite, where plain Cholesky would fail.
  case modifiedCholesky
}

/// Trust-region Levenberg–Marquardt through `gsl_multifit_nlinear`.
public enum NonlinearLeastSquares {
  /// Solves `problem` from `start`.
  ///
  /// GSL 2.7's driver does not check `ftol`, so convergence rests on
  /// `xtol` (relative step size) and `gtol` (scaled gradient).
  ///
  /// - Parameter acceptsStall: return the last point instead of throwing
  ///   when the driver stops with GSL_EMAXITER or GSL_ENOPROG. Use it for
  ///   rank-deficient problems, where the parameters drift along directions
  ///   that do not change the fit and neither test is met although the
  ///   objective no longer falls.
  /// - Parameter linearSolver: how each step's linear system is solved,
  ///   QR by default.
  /// - Throws: `GSLError` naming the failed call, for example GSL_EMAXITER
  ///   when `maximumIterations` pass or GSL_ENOPROG when no step improves
  ///   the fit.
  public static func solve(
    _ problem: LeastSquaresProblem, start: [Double], xtol: Double = 1e-14,
    gtol: Double = 1e-14, maximumIterations: Int = 200,
    acceptsStall: Bool = false, linearSolver: LeastSquaresLinearSolver = .qr
  ) throws -> LeastSquaresSolution {
    precondition(start.count == problem.parameterCount, "one start per x")
    GSLRuntime.disableAbortOnError()
    var parameters = gsl_multifit_nlinear_default_parameters()
    switch linearSolver {
    case .qr: parameters.solver = ecprune_multifit_nlinear_solver_qr()
    case .modifiedCholesky:
      parameters.solver = ecprune_multifit_nlinear_solver_mcholesky()
    }
    // GSL rejects fewer residuals than parameters by returning no
    // workspace, which would otherwise read as a failed allocation.
    guard problem.residualCount >= problem.parameterCount else {
      throw GSLError(
        call: "gsl_multifit_nlinear_alloc (\(problem.residualCount) "
          + "residuals for \(problem.parameterCount) parameters)",
        status: Int32(GSL_EBADLEN))
    }
    guard
      let workspace = gsl_multifit_nlinear_alloc(
        ecprune_multifit_nlinear_trust(), &parameters,
        problem.residualCount, problem.parameterCount)
    else {
      throw GSLError(
        call: "gsl_multifit_nlinear_alloc", status: Int32(GSL_ENOMEM))
    }
    defer { gsl_multifit_nlinear_free(workspace) }

    let box = ProblemBox(problem)
    var fdf = gsl_multifit_nlinear_fdf()
    fdf.f = { x, params, f in
      let problem = Unmanaged<ProblemBox>.fromOpaque(params!)
        .takeUnretainedValue().problem
      let r = problem.residuals(vectorValues(x!))
      for (index, value) in r.enumerated() { gsl_vector_set(f, index, value) }
      return Int32(GSL_SUCCESS)
    }
    fdf.df = { x, params, jacobian in
      let problem = Unmanaged<ProblemBox>.fromOpaque(params!)
        .takeUnretainedValue().problem
      let values = problem.jacobian(vectorValues(x!))
      for row in 0..<problem.residualCount {
        for column in 0..<problem.parameterCount {
          gsl_matrix_set(
            jacobian, row, column,
            values[row * problem.parameterCount + column])
        }
      }
      return Int32(GSL_SUCCESS)
    }
    fdf.fvv = nil
    fdf.n = problem.residualCount
    fdf.p = problem.parameterCount
    fdf.params = Unmanaged.passUnretained(box).toOpaque()

    return try withExtendedLifetime(box) {
      guard let x = gsl_vector_alloc(problem.parameterCount) else {
        throw GSLError(call: "gsl_vector_alloc", status: Int32(GSL_ENOMEM))
      }
      defer { gsl_vector_free(x) }
      for (index, value) in start.enumerated() {
        gsl_vector_set(x, index, value)
      }
      try GSLRuntime.check(
        gsl_multifit_nlinear_init(x, &fdf, workspace),
        "gsl_multifit_nlinear_init")
      var info: Int32 = 0
      let status = gsl_multifit_nlinear_driver(
        maximumIterations, xtol, gtol, 0, nil, nil, &info, workspace)
      let stalled =
        status == Int32(GSL_EMAXITER) || status == Int32(GSL_ENOPROG)
      if !(acceptsStall && stalled) {
        try GSLRuntime.check(status, "gsl_multifit_nlinear_driver")
      } else {
        info = 0
      }
      return LeastSquaresSolution(
        parameters: vectorValues(gsl_multifit_nlinear_position(workspace)),
        iterations: Int(gsl_multifit_nlinear_niter(workspace)),
        convergence: Int(info))
    }
  }
}

/// Holds a problem so GSL's C callbacks can reach it through `void *`.
final class ProblemBox {
  let problem: LeastSquaresProblem
  init(_ problem: LeastSquaresProblem) { self.problem = problem }
}

/// Copies a GSL vector into an array.
func vectorValues(_ vector: UnsafePointer<gsl_vector>) -> [Double] {
  (0..<vector.pointee.size).map { gsl_vector_get(vector, $0) }
}
