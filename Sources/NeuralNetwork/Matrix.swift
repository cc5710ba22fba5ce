import CBLAS

/// A dense row-major matrix of doubles.
///
/// Rows index samples and columns index units throughout the engine, so a
/// batch of N inputs of width n is an N×n matrix.
public struct Matrix: Equatable, Sendable {
  /// The number of rows.
  public let rows: Int
  /// The number of columns.
  public let columns: Int
  /// The entries, row after row: entry (r, c) is `values[r * columns + c]`.
  public var values: [Double]

  /// Creates a matrix from row-major `values`.
  ///
  /// - Precondition: `values.count == rows * columns`.
  public init(rows: Int, columns: Int, values: [Double]) {
    precondition(rows >= 0 && columns >= 0, "matrix sizes must be >= 0")
    precondition(
      values.count == rows * columns,
      "\(values.count) values do not fill a \(rows)×\(columns) matrix")
    self.rows = rows
    self.columns = columns
    self.values = values
  }

  /// Creates a matrix with every entry equal to `value`.
  public init(rows: Int, columns: Int, repeating value: Double = 0) {
    self.init(
      rows: rows, columns: columns,
      values: [Double](repeating: value, count: rows * columns))
  }

  /// Reads or writes entry (`row`, `column`).
  @inlinable
  public subscript(row: Int, column: Int) -> Double {
    get { values[row * columns + column] }
    set { values[row * columns + column] = newValue }
  }

  /// Returns row `row` as an array.
  public func row(_ row: Int) -> [Double] {
    Array(values[(row * columns)..<((row + 1) * columns)])
  }

  /// Returns the matrix of the rows at `indices`, in that order.
  public func rows(at indices: [Int]) -> Matrix {
    var result = Matrix(rows: indices.count, columns: columns)
    values.withUnsafeBufferPointer { source in
      result.values.withUnsafeMutableBufferPointer { target in
        for (position, index) in indices.enumerated() {
          let from = source.baseAddress! + index * columns
          let to = target.baseAddress! + position * columns
          to.update(from: from, count: columns)
        }
      }
    }
    return result
  }

  /// Returns the transpose.
  public func transposed() -> Matrix {
    var result = Matrix(rows: columns, columns: rows)
    for row in 0..<rows {
      for column in 0..<columns {
        result.values[column * rows + row] = values[row * columns + column]
      }
    }
    return result
  }
}

/// The transposition of one operand of a product.
public enum Transpose: Sendable {
  case none
  case transposed

  var cblas: CBLAS_TRANSPOSE {
    self == .none ? CblasNoTrans : CblasTrans
  }
}

/// Dense products through CBLAS (OpenBLAS): every matrix product in the
/// engine goes through `gemm`.
public enum LinearAlgebra {
  /// Computes `c = alpha · op(a) · op(b) + beta · c` with `cblas_dgemm`.
  ///
  /// - Precondition: the shapes of `op(a)`, `op(b)` and `c` agree.
  public static func gemm(
    _ a: Matrix, _ transposeA: Transpose = .none,
    _ b: Matrix, _ transposeB: Transpose = .none,
    alpha: Double = 1, beta: Double = 0, into c: inout Matrix
  ) {
    let m = transposeA == .none ? a.rows : a.columns
    let k = transposeA == .none ? a.columns : a.rows
    let kB = transposeB == .none ? b.rows : b.columns
    let n = transposeB == .none ? b.columns : b.rows
    precondition(k == kB, "inner dimensions \(k) and \(kB) differ")
    precondition(
      c.rows == m && c.columns == n,
      "result is \(c.rows)×\(c.columns), product is \(m)×\(n)")
    guard m > 0 && n > 0 else { return }
    if k == 0 {
      // BLAS leaves C untouched when k = 0 only if beta = 1; scale by hand.
      for index in c.values.indices { c.values[index] *= beta }
      return
    }
    a.values.withUnsafeBufferPointer { aValues in
      b.values.withUnsafeBufferPointer { bValues in
        c.values.withUnsafeMutableBufferPointer { cValues in
          cblas_dgemm(
            CblasRowMajor, transposeA.cblas, transposeB.cblas,
            Int32(m), Int32(n), Int32(k), alpha,
            aValues.baseAddress, Int32(a.columns),
            bValues.baseAddress, Int32(b.columns), beta,
            cValues.baseAddress, Int32(c.columns))
        }
      }
    }
  }

  /// Computes `c = a · bᵀ + beta · c` on raw row-major storage: a is
  /// m×k, b is n×k and c is m×n, each with its own leading dimension. For
  /// hot loops that keep their buffers between calls.
  public static func gemmTransposedB(
    m: Int, n: Int, k: Int,
    a: UnsafePointer<Double>, leadingA: Int,
    b: UnsafePointer<Double>, leadingB: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, leadingC: Int
  ) {
    guard m > 0 && n > 0 && k > 0 else { return }
    cblas_dgemm(
      CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(k),
      1, a, Int32(leadingA), b, Int32(leadingB), beta, c, Int32(leadingC))
  }

  /// Returns `op(a) · op(b)`.
  public static func product(
    _ a: Matrix, _ transposeA: Transpose = .none,
    _ b: Matrix, _ transposeB: Transpose = .none
  ) -> Matrix {
    let m = transposeA == .none ? a.rows : a.columns
    let n = transposeB == .none ? b.columns : b.rows
    var c = Matrix(rows: m, columns: n)
    gemm(a, transposeA, b, transposeB, into: &c)
    return c
  }

  /// Sets the number of threads OpenBLAS uses for later calls.
  public static func setThreadCount(_ count: Int) {
    openblas_set_num_threads(Int32(count))
  }

  /// The number of threads OpenBLAS uses.
  public static var threadCount: Int { Int(openblas_get_num_threads()) }

  /// OpenBLAS's description of its build, for example
  /// `OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64`.
  public static var blasConfiguration: String {
    String(cString: openblas_get_config())
  }
}
