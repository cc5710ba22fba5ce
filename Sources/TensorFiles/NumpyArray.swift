import FileIO

/// Reads and writes single arrays in NumPy's `.npy` format.
///
/// A file is the magic bytes `\x93NUMPY`, a major and a minor version byte,
/// a little-endian header length (`UInt16` in version 1.0, `UInt32` in 2.0
/// and 3.0), the header, and the elements. The header is a Python dict
/// literal with the keys `descr` (the dtype string), `fortran_order` and
/// `shape`. Version 3.0 allows UTF-8 in the header, and earlier versions
/// only ASCII. The format is specified in NumPy's `numpy.lib.format`.
///
/// Reading accepts the dtypes `f8`, `f4`, `i8`, `i4`, `i1` and `u1` in
/// either byte order and converts them to `Double` as `ElementType`
/// describes. Fortran-ordered arrays are transposed into row-major order.
/// The payload must hold exactly the elements the shape needs.
public enum NumpyArray {
  /// The validated header of an `.npy` file.
  public struct Header: Equatable, Sendable {
    /// Major format version: 1, 2 or 3.
    public var majorVersion: Int
    public var elementType: ElementType
    public var byteOrder: ByteOrder
    /// Whether the elements are stored in column-major (Fortran) order.
    public var fortranOrder: Bool
    public var shape: [Int]
    /// Number of elements, the product of `shape`.
    public var elementCount: Int
    /// Byte offset of the first element in the file.
    public var dataOffset: Int
  }

  /// Reads the `.npy` file at `path` into a row-major tensor.
  ///
  /// - Throws: `InputError` naming `path` when the file cannot be read or
  ///   is not a valid `.npy` file of a supported dtype.
  public static func read(_ path: String) throws -> Tensor {
    try decode(AtomicFile.read(path), path: path)
  }

  /// Decodes the bytes of an `.npy` file into a row-major tensor.
  ///
  /// - Parameter path: The file the bytes came from, named in errors.
  /// - Throws: `InputError` naming `path` and the first problem found.
  public static func decode(_ bytes: [UInt8], path: String) throws -> Tensor {
    let header = try decodeHeader(bytes, path: path)

    // The payload must hold exactly the elements, so truncated files and
    // trailing bytes are both rejected before anything is allocated.
    let payloadCount = bytes.count - header.dataOffset
    let (needed, overflow) = header.elementCount.multipliedReportingOverflow(
      by: header.elementType.byteCount)
    guard !overflow, payloadCount == needed else {
      let neededText = overflow ? "more than Int.max" : "\(needed)"
      throw InputError(
        path: path,
        ".npy payload has \(payloadCount) bytes but shape "
          + "\(header.shape) of \(header.elementType.numpyName) needs "
          + "\(neededText); the file is truncated or has trailing data")
    }

    let stored: [Double]
    do {
      stored = try ElementDecoding.decode(
        bytes, offset: header.dataOffset, count: header.elementCount,
        type: header.elementType, byteOrder: header.byteOrder)
    } catch {
      throw InputError(
        path: path,
        ".npy element \(error.index) of dtype "
          + "\(header.elementType.numpyName) is \(error.value), which a "
          + "Double cannot hold exactly; save the array as float64")
    }
    let values =
      header.fortranOrder
      ? rowMajor(fromColumnMajor: stored, shape: header.shape) : stored
    return Tensor(shape: header.shape, values: values)
  }

  /// Decodes and validates the header of an `.npy` file without reading
  /// its elements.
  ///
  /// - Throws: `InputError` naming `path` when the magic, version, header
  ///   length, header dictionary or dtype is invalid or unsupported.
  public static func decodeHeader(
    _ bytes: [UInt8], path: String
  ) throws -> Header {
    // Magic and version.
    guard bytes.count >= 10, bytes[0..<6].elementsEqual(magic) else {
      throw InputError(
        path: path,
        "file does not start with the .npy magic bytes \\x93NUMPY; "
          + "it is not an .npy file or is truncated")
    }
    let (major, minor) = (Int(bytes[6]), Int(bytes[7]))
    guard [1, 2, 3].contains(major), minor == 0 else {
      throw InputError(
        path: path,
        ".npy format version \(major).\(minor) is not supported; "
          + "versions 1.0, 2.0 and 3.0 are")
    }

    // Header length, checked against the file.
    let lengthEnd = major == 1 ? 10 : 12
    guard bytes.count >= lengthEnd else {
      throw InputError(
        path: path, ".npy file ends inside its header length field")
    }
    let headerLength =
      major == 1
      ? Int(ElementDecoding.littleEndianInteger(bytes, at: 8, as: UInt16.self))
      : Int(ElementDecoding.littleEndianInteger(bytes, at: 8, as: UInt32.self))
    guard headerLength <= bytes.count - lengthEnd else {
      throw InputError(
        path: path,
        ".npy header length \(headerLength) exceeds the "
          + "\(bytes.count - lengthEnd) bytes after the length field; "
          + "the file is truncated")
    }
    let dataOffset = lengthEnd + headerLength
    let text = Array(bytes[lengthEnd..<dataOffset])

    // Header text: ASCII before version 3.0, UTF-8 from it on.
    if major < 3, let index = text.firstIndex(where: { $0 >= 0x80 }) {
      throw InputError(
        path: path,
        ".npy header has the non-ASCII byte 0x"
          + String(text[index], radix: 16, uppercase: true)
          + " at \(index), which version \(major).0 does not allow")
    }
    guard String(validating: text, as: UTF8.self) != nil else {
      throw InputError(path: path, ".npy header is not valid UTF-8")
    }
    var parser = NumpyHeaderParser(text, path: path)
    let fields = try parser.parse()

    // Meaning of the fields.
    let (elementType, byteOrder) = try parseDescr(fields.descr, path: path)
    guard let elementCount = Tensor.elementCount(of: fields.shape) else {
      throw InputError(
        path: path,
        ".npy shape \(fields.shape) has more elements than Int.max")
    }
    return Header(
      majorVersion: major, elementType: elementType, byteOrder: byteOrder,
      fortranOrder: fields.fortranOrder, shape: fields.shape,
      elementCount: elementCount, dataOffset: dataOffset)
  }

  static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

  /// Maps a NumPy dtype string such as `<f8` to an element type and byte
  /// order.
  ///
  /// NumPy writes `<` or `>` for multi-byte types and `|` for one-byte
  /// types. The native-order mark `=` is rejected because the file does not
  /// record which machine wrote it.
  private static func parseDescr(
    _ descr: String, path: String
  ) throws -> (ElementType, ByteOrder) {
    let unsupported = InputError(
      path: path,
      ".npy dtype '\(descr)' is not supported; supported dtypes are "
        + "'<f8', '<f4', '<i8', '<i4', '|i1' and '|u1' and their "
        + "big-endian '>' forms, so save the array as float64 or float32")
    let utf8 = Array(descr.utf8)
    guard utf8.count == 3 else { throw unsupported }
    let code = String(decoding: utf8[1...], as: UTF8.self)
    let elementType: ElementType
    switch code {
    case "f8": elementType = .float64
    case "f4": elementType = .float32
    case "i8": elementType = .int64
    case "i4": elementType = .int32
    case "i1": elementType = .int8
    case "u1": elementType = .uint8
    default: throw unsupported
    }
    switch utf8[0] {
    case UInt8(ascii: "<"): return (elementType, .littleEndian)
    case UInt8(ascii: ">"): return (elementType, .bigEndian)
    case UInt8(ascii: "|") where elementType.byteCount == 1:
      return (elementType, .littleEndian)
    default: throw unsupported
    }
  }
}
