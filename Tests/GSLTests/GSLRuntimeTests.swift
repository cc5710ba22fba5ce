import CGSL
import CGSLBLAS
import GSL
import Testing

@Suite struct GSLRuntimeTests {
  @Test func failingCallThrowsInsteadOfAborting() throws {
    GSLRuntime.disableAbortOnError()
    // A 2×2 times a 3×3 product is invalid; with the default handler GSL
    // would abort the process here.
    var a = [Double](repeating: 1, count: 4)
    var b = [Double](repeating: 1, count: 9)
    var c = [Double](repeating: 0, count: 4)
    let status = a.withUnsafeMutableBufferPointer { aValues in
      b.withUnsafeMutableBufferPointer { bValues in
        c.withUnsafeMutableBufferPointer { cValues in
          var aView = gsl_matrix_view_array(aValues.baseAddress, 2, 2)
          var bView = gsl_matrix_view_array(bValues.baseAddress, 3, 3)
          var cView = gsl_matrix_view_array(cValues.baseAddress, 2, 2)
          return gsl_blas_dgemm(
            CblasNoTrans, CblasNoTrans, 1, &aView.matrix, &bView.matrix, 0,
            &cView.matrix)
        }
      }
    }
    #expect(status == Int32(GSL_EBADLEN))
    let error = #expect(throws: GSLError.self) {
      try GSLRuntime.check(status, "gsl_blas_dgemm")
    }
    #expect(error?.call == "gsl_blas_dgemm")
    #expect(error?.reason == String(cString: gsl_strerror(Int32(GSL_EBADLEN))))
    #expect(error?.description.contains("gsl_blas_dgemm failed") == true)
  }

  @Test func openBLASServesCBLASSymbols() throws {
    // GSL's own product, so libgsl and libgslcblas are loaded and used.
    #expect(try BLASBinding.multiplyThroughGSL() == [19, 22, 43, 50])
    for symbol in ["cblas_dgemm", "cblas_dgemv", "cblas_ddot"] {
      let library = try #require(BLASBinding.library(serving: symbol))
      #expect(library.contains("openblas"), "\(symbol) comes from \(library)")
    }
  }

  @Test func derivativeOfSmoothFunctionIsAccurate() throws {
    let estimate = try FiniteDifference.derivative(
      of: { $0 * $0 * $0 }, at: 2, step: 1e-3)
    // d/dx x³ = 12 at 2; the central rule is exact for cubics up to
    // rounding, which GSL bounds in its error estimate.
    #expect(abs(estimate.value - 12) <= 1e-9)
    #expect(abs(estimate.value - 12) <= 10 * estimate.absoluteError + 1e-12)
  }

  @Test func oneSidedRulesSeeTheKink() throws {
    let relu = { (x: Double) in max(x, 0) }
    let forward = try FiniteDifference.derivative(
      of: relu, at: 0, step: 1e-3, stencil: .forward)
    let backward = try FiniteDifference.derivative(
      of: relu, at: 0, step: 1e-3, stencil: .backward)
    let central = try FiniteDifference.derivative(
      of: relu, at: 0, step: 1e-3, stencil: .central)
    #expect(abs(forward.value - 1) <= 1e-9)
    #expect(abs(backward.value) <= 1e-9)
    // The central rule averages the two slopes.
    #expect(abs(central.value - 0.5) <= 1e-9)
  }
}
