/// An element type that the readers convert to `Double`.
///
/// The raw value is the safetensors dtype name. Floating-point elements
/// convert exactly. A `Float` NaN stays NaN, and on x86-64 and arm64 it
/// keeps its payload, shifted into the wider significand, with the quiet
/// bit set. An integer element converts only when `Double` represents it
/// exactly, as it does every integer of magnitude at most 2^53.
public enum ElementType: String, CaseIterable, Sendable {
  case float64 = "F64"
  case float32 = "F32"
  case int64 = "I64"
  case int32 = "I32"
  case int8 = "I8"
  case uint8 = "U8"

  /// Size of one element in bytes.
  public var byteCount: Int {
    switch self {
    case .float64, .int64: 8
    case .float32, .int32: 4
    case .int8, .uint8: 1
    }
  }

  /// NumPy's name for the type, such as `float64`.
  var numpyName: String {
    switch self {
    case .float64: "float64"
    case .float32: "float32"
    case .int64: "int64"
    case .int32: "int32"
    case .int8: "int8"
    case .uint8: "uint8"
    }
  }

  /// The supported safetensors dtype names, for error messages.
  static var supportedNames: String {
    allCases.map(\.rawValue).joined(separator: ", ")
  }
}

/// The order of the bytes inside one stored element.
public enum ByteOrder: Sendable {
  case littleEndian
  case bigEndian
}

/// An integer element that `Double` cannot represent exactly.
struct InexactElement: Error {
  /// Position of the element in the order it is stored.
  let index: Int
  let value: Int64
}

/// Converts stored elements to `Double`.
enum ElementDecoding {
  /// Converts `count` elements of `type` that start at `offset` in `bytes`.
  ///
  /// - Precondition: the elements lie inside `bytes`.
  /// - Throws: `InexactElement` for the first integer element that
  ///   `Double` cannot represent exactly.
  static func decode(
    _ bytes: [UInt8], offset: Int, count: Int, type: ElementType,
    byteOrder: ByteOrder
  ) throws(InexactElement) -> [Double] {
    precondition(offset >= 0 && count >= 0)
    precondition(count <= (bytes.count - offset) / type.byteCount)
    let isLittleEndian = byteOrder == .littleEndian
    var values: [Double] = []
    values.reserveCapacity(count)
    var inexact: InexactElement?

    bytes.withUnsafeBytes { raw in
      func load<T: FixedWidthInteger>(_ index: Int, as: T.Type) -> T {
        let stored = raw.loadUnaligned(
          fromByteOffset: offset + index * type.byteCount, as: T.self)
        return isLittleEndian
          ? T(littleEndian: stored) : T(bigEndian: stored)
      }

      // Only Int64 has values that Double cannot represent exactly, so it
      // is the only type checked. Int32 and the byte types always fit.
      switch type {
      case .float64:
        for i in 0..<count {
          values.append(Double(bitPattern: load(i, as: UInt64.self)))
        }
      case .float32:
        for i in 0..<count {
          values.append(Double(Float(bitPattern: load(i, as: UInt32.self))))
        }
      case .int64:
        for i in 0..<count {
          let value = load(i, as: Int64.self)
          let converted = Double(value)
          guard Int64(exactly: converted) == value else {
            inexact = InexactElement(index: i, value: value)
            return
          }
          values.append(converted)
        }
      case .int32:
        for i in 0..<count { values.append(Double(load(i, as: Int32.self))) }
      case .int8:
        for i in 0..<count { values.append(Double(load(i, as: Int8.self))) }
      case .uint8:
        for i in 0..<count { values.append(Double(load(i, as: UInt8.self))) }
      }
    }
    if let inexact { throw inexact }
    return values
  }

  /// Appends each value's IEEE 754 binary64 bits in little-endian order.
  static func appendFloat64(_ values: [Double], to bytes: inout [UInt8]) {
    bytes.reserveCapacity(bytes.count + values.count * 8)
    for value in values {
      withUnsafeBytes(of: value.bitPattern.littleEndian) {
        bytes.append(contentsOf: $0)
      }
    }
  }

  /// Reads a little-endian integer of `T`'s width at `offset`.
  ///
  /// - Precondition: the integer lies inside `bytes`.
  static func littleEndianInteger<T: FixedWidthInteger>(
    _ bytes: [UInt8], at offset: Int, as: T.Type
  ) -> T {
    precondition(offset >= 0 && offset <= bytes.count - T.bitWidth / 8)
    return bytes.withUnsafeBytes {
      T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self))
    }
  }
}
