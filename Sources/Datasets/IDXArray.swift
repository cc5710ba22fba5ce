/// The element type of an IDX file, stored in the third byte of its magic
/// number.
public enum IDXElementType: UInt8, Sendable, CaseIterable {
  case unsignedByte = 0x08
  case signedByte = 0x09
  case int16 = 0x0B
  case int32 = 0x0C
  case float32 = 0x0D
  case float64 = 0x0E

  /// The size of one element in bytes.
  public var byteCount: Int {
    switch self {
    case .unsignedByte, .signedByte: 1
    case .int16: 2
    case .int32, .float32: 4
    case .float64: 8
    }
  }

  /// A lower-case name for messages, such as "unsigned byte".
  public var name: String {
    switch self {
    case .unsignedByte: "unsigned byte"
    case .signedByte: "signed byte"
    case .int16: "16-bit integer"
    case .int32: "32-bit integer"
    case .float32: "32-bit float"
    case .float64: "64-bit float"
    }
  }
}

/// The elements of an IDX array, in row-major order.
///
/// Unsigned bytes stay bytes, so the 47 million pixels of Fashion-MNIST
/// take 47 MB and not eight times that. Every other type is widened to
/// `Double`, which represents all of them exactly.
public enum IDXValues: Sendable, Equatable {
  case unsignedBytes([UInt8])
  case numbers([Double])

  /// The number of elements.
  public var count: Int {
    switch self {
    case .unsignedBytes(let bytes): bytes.count
    case .numbers(let numbers): numbers.count
    }
  }

  /// The elements converted to `Double`.
  public var doubles: [Double] {
    switch self {
    case .unsignedBytes(let bytes): bytes.map { Double($0) }
    case .numbers(let numbers): numbers
    }
  }
}

/// A multidimensional array read from an IDX file: its element type, shape
/// and row-major values.
public struct IDXArray: Sendable, Equatable {
  /// The element type named by the file's magic number.
  public let elementType: IDXElementType
  /// The dimensions, outermost first; never empty.
  public let shape: [Int]
  /// The elements in row-major order; `values.count` is the product of
  /// `shape`.
  public let values: IDXValues

  /// Creates an array after checking that `values` fills `shape`.
  ///
  /// - Precondition: `shape` is non-empty, no dimension is negative, the
  ///   product of `shape` equals `values.count`, and `values` is
  ///   `.unsignedBytes` exactly when `elementType` is `.unsignedByte`.
  public init(
    elementType: IDXElementType, shape: [Int], values: IDXValues
  ) {
    precondition(!shape.isEmpty, "an IDX array needs at least one dimension")
    precondition(shape.allSatisfy { $0 >= 0 }, "negative IDX dimension")
    precondition(
      IDXFile.elementCount(of: shape) == values.count,
      "IDX shape does not match values")
    if case .unsignedBytes = values {
      precondition(elementType == .unsignedByte, "IDX storage mismatch")
    } else {
      precondition(elementType != .unsignedByte, "IDX storage mismatch")
    }
    self.elementType = elementType
    self.shape = shape
    self.values = values
  }

  /// The 32-bit magic number that opens the file: 0x0000, the type code,
  /// then the rank, such as 0x00000803 for rank-3 unsigned bytes.
  public var magicNumber: UInt32 {
    UInt32(elementType.rawValue) << 8 | UInt32(shape.count)
  }

  /// The number of elements, the product of `shape`.
  public var count: Int { values.count }

  /// The unsigned bytes when `elementType` is `.unsignedByte`, else `nil`.
  public var unsignedBytes: [UInt8]? {
    guard case .unsignedBytes(let bytes) = values else { return nil }
    return bytes
  }
}
