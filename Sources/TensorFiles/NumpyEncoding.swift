import FileIO

extension NumpyArray {
  /// Alignment of the data start that NumPy's writer uses, in bytes.
  static let headerAlignment = 64

  /// Encodes a tensor as an `.npy` file of little-endian float64 in
  /// row-major order.
  ///
  /// The header is the dict `{'descr': '<f8', 'fortran_order': False,
  /// 'shape': (...), }`, padded with spaces and ended by a newline so that
  /// the elements start at a multiple of 64 bytes, as NumPy pads. The
  /// format version is 1.0, or 2.0 when the header is longer than 65,535
  /// bytes, which takes a shape of thousands of axes. Every bit of each
  /// `Double` is kept, NaN payloads included.
  ///
  /// - Precondition: `tensor.values.count` matches `tensor.shape`.
  public static func encode(_ tensor: Tensor) -> [UInt8] {
    precondition(
      tensor.isConsistent,
      "tensor has \(tensor.values.count) values, which does not match its "
        + "shape \(tensor.shape)")

    // Python's repr of the shape tuple: (), (n,) or (n, m).
    let extents = tensor.shape.map(String.init)
    let shapeText =
      extents.count == 1
      ? "(\(extents[0]),)" : "(" + extents.joined(separator: ", ") + ")"
    let dictionary = Array(
      "{'descr': '<f8', 'fortran_order': False, 'shape': \(shapeText), }"
        .utf8)

    // The prefix is the magic, two version bytes and the length field.
    var prefixCount = magic.count + 2 + 2
    var paddedCount = paddedHeaderCount(dictionary.count, after: prefixCount)
    if paddedCount > Int(UInt16.max) {
      prefixCount = magic.count + 2 + 4
      paddedCount = paddedHeaderCount(dictionary.count, after: prefixCount)
    }

    var bytes = magic
    bytes.reserveCapacity(
      prefixCount + paddedCount + tensor.values.count * 8)
    bytes.append(prefixCount == 10 ? 1 : 2)
    bytes.append(0)
    if prefixCount == 10 {
      withUnsafeBytes(of: UInt16(paddedCount).littleEndian) {
        bytes.append(contentsOf: $0)
      }
    } else {
      withUnsafeBytes(of: UInt32(paddedCount).littleEndian) {
        bytes.append(contentsOf: $0)
      }
    }
    bytes.append(contentsOf: dictionary)
    bytes.append(
      contentsOf: repeatElement(
        UInt8(ascii: " "), count: paddedCount - dictionary.count - 1))
    bytes.append(UInt8(ascii: "\n"))
    ElementDecoding.appendFloat64(tensor.values, to: &bytes)
    return bytes
  }

  /// Encodes a tensor as `encode` does and writes it to `path` atomically,
  /// creating missing parent folders.
  ///
  /// - Throws: `InputError` naming `path` when the file cannot be written.
  public static func write(_ tensor: Tensor, to path: String) throws {
    try AtomicFile.write(encode(tensor), to: path)
  }

  /// Returns the header length, newline included, that makes
  /// `prefixCount` plus the header a multiple of `headerAlignment`.
  private static func paddedHeaderCount(
    _ dictionaryCount: Int, after prefixCount: Int
  ) -> Int {
    let unpadded = prefixCount + dictionaryCount + 1
    let padding =
      (headerAlignment - unpadded % headerAlignment)
      % headerAlignment
    return dictionaryCount + 1 + padding
  }

  /// Reorders column-major elements into row-major order.
  ///
  /// In column-major order the first axis varies fastest, so the element
  /// at index (i0, i1, ..., ik) sits at i0 + d0 * (i1 + d1 * (i2 + ...)),
  /// where d0, d1, ... are the extents of `shape`.
  static func rowMajor(
    fromColumnMajor stored: [Double], shape: [Int]
  ) -> [Double] {
    guard shape.count > 1, !stored.isEmpty else { return stored }

    // Column-major stride of each axis.
    var strides = [Int](repeating: 1, count: shape.count)
    for axis in 1..<shape.count {
      strides[axis] = strides[axis - 1] * shape[axis - 1]
    }

    // Walk the indices in row-major order like an odometer, keeping the
    // column-major offset of the current index up to date.
    var values: [Double] = []
    values.reserveCapacity(stored.count)
    var index = [Int](repeating: 0, count: shape.count)
    var offset = 0
    for _ in 0..<stored.count {
      values.append(stored[offset])
      var axis = shape.count - 1
      while axis >= 0 {
        index[axis] += 1
        offset += strides[axis]
        if index[axis] < shape[axis] { break }
        offset -= strides[axis] * shape[axis]
        index[axis] = 0
        axis -= 1
      }
    }
    return values
  }
}
