/// A dense array of `Double` values with a shape, stored in row-major order.
///
/// The last axis varies fastest, as in C, NumPy's default layout and
/// safetensors. An empty `shape` is a scalar with one value, and a shape
/// containing a zero has no values.
///
/// Equality compares `values` element by element with `Double`'s `==`, so
/// `-0.0` equals `0.0` and two separately built tensors containing NaN are
/// unequal. `Array`'s `==` skips the comparison for two copies sharing one
/// buffer, so a tensor with NaN still equals its own copy. Compare
/// `bitPattern`s when a test needs the exact bits.
public struct Tensor: Equatable, Sendable {
  /// Extent of each axis, outermost first. Every entry is non-negative.
  public var shape: [Int]
  /// The elements in row-major order, as many as the product of `shape`.
  public var values: [Double]

  /// Creates a tensor from a shape and its row-major values.
  ///
  /// - Precondition: every entry of `shape` is non-negative, their product
  ///   does not overflow `Int`, and it equals `values.count`.
  public init(shape: [Int], values: [Double]) {
    guard let count = Tensor.elementCount(of: shape) else {
      preconditionFailure(
        "shape \(shape) has a negative entry or its product overflows Int")
    }
    precondition(
      count == values.count,
      "shape \(shape) needs \(count) values but \(values.count) were given")
    self.shape = shape
    self.values = values
  }

  /// Creates a rank-0 tensor of one value.
  public init(scalar: Double) {
    self.init(shape: [], values: [scalar])
  }

  /// Returns the number of elements a tensor of `shape` has, or `nil` when
  /// an entry is negative or the product overflows `Int`.
  ///
  /// The empty shape has one element, the scalar.
  public static func elementCount(of shape: [Int]) -> Int? {
    var count = 1
    for extent in shape {
      guard extent >= 0 else { return nil }
      let (product, overflow) = count.multipliedReportingOverflow(by: extent)
      guard !overflow else { return nil }
      count = product
    }
    return count
  }

  /// Whether `values.count` matches `shape`, which can break when callers
  /// assign the two public properties separately.
  var isConsistent: Bool {
    Tensor.elementCount(of: shape) == values.count
  }
}
