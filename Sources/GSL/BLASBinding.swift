import CGSL
internal import CGSLBLAS
import CLoader

/// The shared library that serves the CBLAS symbols in this process.
///
/// GSL ships its own reference CBLAS (libgslcblas), which libgsl.so lists
/// as a dependency, and OpenBLAS exports the same `cblas_*` names. The
/// dynamic loader binds every reference, libgsl's included, to the first
/// library in load order that defines the name. The executable links
/// OpenBLAS directly, so OpenBLAS comes before libgslcblas.
public enum BLASBinding {
  /// Returns the path of the library whose definition of `symbol` the
  /// loader's global lookup finds, or `nil` when no loaded library has it.
  public static func library(serving symbol: String) -> String? {
    guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), symbol)
    else { return nil }
    var info = Dl_info()
    guard dladdr(address, &info) != 0, let name = info.dli_fname else {
      return nil
    }
    return String(cString: name)
  }

  /// Multiplies two 2×2 matrices with `gsl_blas_dgemm`, so that libgsl
  /// makes a real `cblas_dgemm` call whose binding the loader can report.
  ///
  /// Returns the product of [[1, 2], [3, 4]] and [[5, 6], [7, 8]], which is
  /// [[19, 22], [43, 50]].
  public static func multiplyThroughGSL() throws -> [Double] {
    GSLRuntime.disableAbortOnError()
    var a: [Double] = [1, 2, 3, 4]
    var b: [Double] = [5, 6, 7, 8]
    var c: [Double] = [0, 0, 0, 0]
    let status = a.withUnsafeMutableBufferPointer { aValues in
      b.withUnsafeMutableBufferPointer { bValues in
        c.withUnsafeMutableBufferPointer { cValues in
          var aView = gsl_matrix_view_array(aValues.baseAddress, 2, 2)
          var bView = gsl_matrix_view_array(bValues.baseAddress, 2, 2)
          var cView = gsl_matrix_view_array(cValues.baseAddress, 2, 2)
          return gsl_blas_dgemm(
            CblasNoTrans, CblasNoTrans, 1, &aView.matrix, &bView.matrix, 0,
            &cView.matrix)
        }
      }
    }
    try GSLRuntime.check(status, "gsl_blas_dgemm")
    return c
  }
}
