import FileIO
import GSL

/// Solves the 1-D diffusion–sorption problem by the method of lines:
/// cell-centred finite volumes in x and GSL's implicit `msbdf` stepper
/// in t.
///
/// The grid has N cells of width h = 1/N with centres xᵢ = (i + ½)h. The
/// unknowns are the cell values uᵢ(t), and each obeys
///
///     duᵢ/dt = (F_{i−½} − F_{i+½}) / (h · R(uᵢ)),
///
/// where F is the diffusive flux −D ∂u/∂x through a face. Between two
/// cells F_{i+½} = −D (u_{i+1} − uᵢ)/h. R is evaluated at the cell value
/// and divides the whole balance, as in the form D/R(u) · ∂²u/∂x² that
/// PDEBench solves.
///
/// Boundary conditions:
///
/// - Left, Dirichlet u(0, t) = 1. The flux through x = 0 uses the face
///   value 1, half a cell from x₀: F_{−½} = −D (u₀ − 1)/(h/2).
/// - Right, Robin outflow u(1, t) = −D ∂u/∂x(1, t): the diffusive flux
///   leaving through x = 1 equals the concentration there, as at an
///   outlet into clean water with a transfer coefficient of 1. Solving the condition with the
///   half-cell difference for the face value gives
///   u_face = u_{N−1} / (1 + h/(2D)) and F_{N−½} = u_face.
///
/// Why this right boundary and not u(1, t) = +D ∂u/∂x(1, t), as PDEBench
/// writes it: PDEBench's simulator (`sim_diff_sorp.py`) does not impose
/// the written sign. Its stencil for the last cell uses a ghost value of
/// D times the backward difference (u_{N−2} − u_{N−1})/h, that is −D ∂u/∂x, so the
/// condition it discretises is the outflow one used here. The written
/// sign would make the face value u_{N−1} / (1 − h/(2D)). At 1024 cells
/// h/(2D) ≈ 0.977, so the face value would be about 43 times the cell
/// value and the flux, −u_face, would pump mass into the domain faster
/// the more there is, so the solution would grow without bound. With the outflow sign the face value lies between 0 and
/// u_{N−1}, mass only leaves, and the semi-discrete system keeps u in
/// [0, 1] when it starts there.
///
/// PDEBench also puts both boundary values at ghost points half a cell
/// outside the domain, not on the faces. That shifts each condition by
/// h/2 and makes its scheme first order in h. At h = 1/1024 the shift,
/// about 4.9 · 10⁻⁴, is as large as D in the Robin condition, so its
/// outflow acts as if the coefficient were about 2D. The face values
/// used here make the scheme second order, which the tests measure.
/// Both schemes converge to the same solution as h → 0.
public enum DiffusionSorptionSolver {
  /// The value u(0, t) of the left, Dirichlet boundary.
  public static let leftBoundaryValue = 1.0

  /// Returns the solution from the constant initial value
  /// `initialValue` at every output time and cell centre of `settings`.
  ///
  /// - Parameters:
  ///   - initialValue: u(x, 0) for every x, at least 0. PDEBench draws it
  ///     from U(0, 0.2). Values in [0, 1] keep the solution in [0, 1].
  ///   - settings: the physics, grid, times and tolerances.
  /// - Returns: `timeCount × cellCount` values, row-major by time. Row 0
  ///   is `initialValue` in every cell.
  /// - Throws: `InputError` when `settings` or `initialValue` is invalid,
  ///   and `GSLError` when the ODE driver fails.
  public static func solve(
    initialValue: Double, settings: DiffusionSorptionSettings
  ) throws -> [Double] {
    try settings.validate()
    guard initialValue.isFinite, initialValue >= 0 else {
      throw InputError(
        "diffusion–sorption initial value \(initialValue) is invalid; use "
          + "a concentration of at least 0")
    }
    let states = try ODEIntegrator.solve(
      system(settings),
      initial: Array(
        repeating: initialValue, count: settings.cellCount),
      times: settings.times, stepper: .msbdf,
      absoluteTolerance: settings.absoluteTolerance,
      relativeTolerance: settings.relativeTolerance)
    return states.flatMap { $0 }
  }

  /// Returns the face value u(1, t) that the right boundary condition
  /// gives for the last cell value: u_{N−1} / (1 + h/(2D)).
  public static func rightFaceValue(
    lastCellValue: Double, settings: DiffusionSorptionSettings
  ) -> Double {
    lastCellValue * rightFaceFactor(settings)
  }

  /// Returns the factor β = 2D/(2D + h) with u_face = β · u_{N−1}.
  static func rightFaceFactor(_ settings: DiffusionSorptionSettings) -> Double {
    let twiceDiffusion = 2 * settings.physics.diffusionCoefficient
    return twiceDiffusion / (twiceDiffusion + settings.cellWidth)
  }

  /// Returns the ODE system duᵢ/dt = fᵢ(u) of the cell values, with its
  /// analytic Jacobian.
  ///
  /// Dividing the flux balance by h gives fᵢ = D/(h² R(uᵢ)) · Lᵢ(u), where
  /// Lᵢ = u_{i−1} − 2uᵢ + u_{i+1} inside, L₀ = 2 − 3u₀ + u₁ at the left
  /// and L_{N−1} = u_{N−2} − (1 + γ) u_{N−1} at the right, with
  /// γ = 2h/(2D + h) = hβ/D. The Jacobian is tridiagonal:
  /// ∂fᵢ/∂uⱼ = D/(h² Rᵢ) · ∂Lᵢ/∂uⱼ − δᵢⱼ · D R′(uᵢ)/(h² Rᵢ²) · Lᵢ.
  static func system(_ settings: DiffusionSorptionSettings) -> ODESystem {
    let cellCount = settings.cellCount
    let physics = settings.physics
    let scale =
      physics.diffusionCoefficient / (settings.cellWidth * settings.cellWidth)
    let rightCoefficient =
      1 + settings.cellWidth * rightFaceFactor(settings)
      / physics.diffusionCoefficient

    // Lᵢ, whose derivative is 1 for each neighbour and −3, −2 or
    // −(1 + γ) for uᵢ itself.
    @Sendable func laplacian(_ u: UnsafeBufferPointer<Double>, _ i: Int)
      -> Double
    {
      let left = i == 0 ? 2 * leftBoundaryValue : u[i - 1]
      let right = i == cellCount - 1 ? 0 : u[i + 1]
      return left + right - diagonalCoefficient(i) * u[i]
    }
    @Sendable func diagonalCoefficient(_ i: Int) -> Double {
      if i == 0 { return 3 }
      if i == cellCount - 1 { return rightCoefficient }
      return 2
    }

    return ODESystem(
      dimension: cellCount,
      rightHandSide: { _, u, derivative in
        for i in 0..<cellCount {
          derivative[i] =
            scale / physics.retardation(u[i]) * laplacian(u, i)
        }
      },
      jacobian: { _, u, jacobian, timeDerivative in
        // GSL's driver takes the dense row-major matrix, of which only the
        // three diagonals are non-zero.
        jacobian.update(repeating: 0)
        timeDerivative.update(repeating: 0)
        for i in 0..<cellCount {
          let retardation = physics.retardation(u[i])
          let coefficient = scale / retardation
          let row = i * cellCount
          jacobian[row + i] =
            -coefficient * diagonalCoefficient(i)
            - coefficient * physics.retardationDerivative(u[i])
            / retardation * laplacian(u, i)
          if i > 0 { jacobian[row + i - 1] = coefficient }
          if i < cellCount - 1 { jacobian[row + i + 1] = coefficient }
        }
      })
  }
}
