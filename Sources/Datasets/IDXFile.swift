import FileIO

/// Reads IDX files, the format of the MNIST and Fashion-MNIST data sets,
/// either raw or gzip-compressed.
///
/// An IDX file is big-endian. It opens with two zero bytes, a type code
/// (see `IDXElementType`) and a rank byte. Then come `rank` dimensions as
/// unsigned 32-bit integers, outermost first, and then the elements in
/// row-major order. Gzip is detected by the magic bytes 1f 8b, not by the
/// file name.
public enum IDXFile {
  /// The largest decompressed size `read` accepts by default, in bytes.
  public static var defaultMaximumSize: Int {
    min(Gzip.defaultMaximumOutputSize, Int(SystemMemory.physicalBytes / 8))
  }

  /// Reads and parses the IDX file at `path`, decompressing it first when
  /// it is gzip data.
  ///
  /// - Parameters:
  ///   - path: The file to read.
  ///   - maximumDecompressedSize: The maximum size a gzip file may
  ///     decompress to, in bytes. The default, `defaultMaximumSize`, is an
  ///     eighth of the physical memory (capped by
  ///     `Gzip.defaultMaximumOutputSize`), because a byte image becomes
  ///     eight bytes per pixel as doubles.
  /// - Throws: `InputError` naming `path` when the file cannot be read,
  ///   its gzip data is invalid, or `parse(_:path:)` rejects it.
  public static func read(
    _ path: String,
    maximumDecompressedSize: Int = defaultMaximumSize
  ) throws -> IDXArray {
    try decode(
      AtomicFile.read(path), path: path,
      maximumDecompressedSize: maximumDecompressedSize)
  }

  /// Parses the bytes of an IDX file, decompressing them first when they
  /// are gzip data, as `read(_:maximumDecompressedSize:)` does for a file.
  ///
  /// - Parameters:
  ///   - bytes: The whole file, raw or gzip-compressed.
  ///   - path: The file the bytes came from, named in every error.
  ///   - maximumDecompressedSize: The maximum size gzip data may
  ///     decompress to, in bytes; the default is `defaultMaximumSize`.
  /// - Throws: `InputError` naming `path` when the gzip data is invalid or
  ///   `parse(_:path:)` rejects the IDX bytes.
  public static func decode(
    _ bytes: [UInt8], path: String,
    maximumDecompressedSize: Int = defaultMaximumSize
  ) throws -> IDXArray {
    guard Gzip.isCompressed(bytes) else { return try parse(bytes, path: path) }
    let decompressed = try Gzip.decompress(
      bytes, path: path, maximumOutputSize: maximumDecompressedSize)
    return try parse(decompressed, path: path)
  }

  /// Parses the bytes of an uncompressed IDX file.
  ///
  /// The header is checked before anything is allocated: the payload must
  /// be exactly the product of the dimensions times the element size, so
  /// a lying header is rejected and never sizes an allocation.
  ///
  /// - Parameters:
  ///   - bytes: The whole file.
  ///   - path: The file the bytes came from, named in every error.
  /// - Throws: `InputError` naming `path` when the file is empty, the
  ///   first two bytes are not zero, the type code is unknown, or the rank
  ///   is 0. It is also thrown when the header is truncated, the element
  ///   count overflows `Int`, or the payload is shorter or longer than the
  ///   shape needs.
  public static func parse(_ bytes: [UInt8], path: String) throws -> IDXArray {
    guard !bytes.isEmpty else {
      throw InputError(path: path, "the file is empty; expected an IDX file")
    }
    guard bytes.count >= 4 else {
      throw InputError(
        path: path,
        "the IDX header is truncated: the file has \(bytes.count) bytes, "
          + "fewer than the 4 of the magic number")
    }

    // Magic number: two zero bytes, the type code, the rank.
    guard bytes[0] == 0, bytes[1] == 0 else {
      throw InputError(
        path: path,
        "not an IDX file: it starts with \(hex(bytes[0])) \(hex(bytes[1])) "
          + "where an IDX file has 0x00 0x00")
    }
    guard let elementType = IDXElementType(rawValue: bytes[2]) else {
      let known = IDXElementType.allCases.map { hex($0.rawValue) }
      throw InputError(
        path: path,
        "unknown IDX type code \(hex(bytes[2])); expected one of "
          + known.joined(separator: ", "))
    }
    let rank = Int(bytes[3])
    guard rank >= 1 else {
      throw InputError(
        path: path, "the IDX rank is 0; an IDX file needs a dimension")
    }

    // Dimensions: `rank` big-endian 32-bit unsigned integers.
    let headerLength = 4 + 4 * rank
    guard bytes.count >= headerLength else {
      throw InputError(
        path: path,
        "the IDX header is truncated: rank \(rank) needs \(headerLength) "
          + "bytes, the file has \(bytes.count)")
    }
    let shape = (0..<rank).map { Int(readUInt32(bytes, at: 4 + 4 * $0)) }

    // Payload: exactly count × element size bytes.
    let shapeText = "[" + shape.map(String.init).joined(separator: ", ") + "]"
    guard let count = elementCount(of: shape),
      let payloadLength = elementCount(of: shape + [elementType.byteCount])
    else {
      throw InputError(
        path: path,
        "the IDX shape \(shapeText) has more elements than fit in memory; "
          + "the header is damaged")
    }
    let actualLength = bytes.count - headerLength
    guard actualLength == payloadLength else {
      let problem =
        actualLength < payloadLength ? "is truncated" : "has trailing bytes"
      throw InputError(
        path: path,
        "the IDX payload \(problem): shape \(shapeText) of "
          + "\(elementType.name)s needs \(payloadLength) bytes, "
          + "the file has \(actualLength)")
    }

    let values = decodeValues(
      bytes, from: headerLength, count: count, type: elementType)
    return IDXArray(elementType: elementType, shape: shape, values: values)
  }

  /// Returns the product of `shape`, or `nil` when it overflows `Int` or a
  /// dimension is negative.
  static func elementCount(of shape: [Int]) -> Int? {
    var product = 1
    for dimension in shape {
      guard dimension >= 0 else { return nil }
      let (next, overflow) = product.multipliedReportingOverflow(
        by: dimension)
      if overflow { return nil }
      product = next
    }
    return product
  }

  /// Decodes `count` big-endian elements of `type` starting at `offset`.
  ///
  /// - Precondition: `bytes` contains `count * type.byteCount` bytes from
  ///   `offset`, which `parse` checks first.
  private static func decodeValues(
    _ bytes: [UInt8], from offset: Int, count: Int, type: IDXElementType
  ) -> IDXValues {
    if type == .unsignedByte {
      return .unsignedBytes(Array(bytes[offset...]))
    }
    let numbers = [Double](unsafeUninitializedCapacity: count) {
      buffer, initialized in
      bytes.withUnsafeBytes { raw in
        let size = type.byteCount
        for index in 0..<count {
          let position = offset + index * size
          buffer[index] = decodeElement(raw, at: position, type: type)
        }
      }
      initialized = count
    }
    return .numbers(numbers)
  }

  private static func decodeElement(
    _ raw: UnsafeRawBufferPointer, at position: Int, type: IDXElementType
  ) -> Double {
    switch type {
    case .unsignedByte:
      return Double(raw[position])
    case .signedByte:
      return Double(Int8(bitPattern: raw[position]))
    case .int16:
      let bits = UInt16(
        bigEndian: raw.loadUnaligned(fromByteOffset: position, as: UInt16.self))
      return Double(Int16(bitPattern: bits))
    case .int32:
      let bits = UInt32(
        bigEndian: raw.loadUnaligned(fromByteOffset: position, as: UInt32.self))
      return Double(Int32(bitPattern: bits))
    case .float32:
      let bits = UInt32(
        bigEndian: raw.loadUnaligned(fromByteOffset: position, as: UInt32.self))
      return Double(Float(bitPattern: bits))
    case .float64:
      let bits = UInt64(
        bigEndian: raw.loadUnaligned(fromByteOffset: position, as: UInt64.self))
      return Double(bitPattern: bits)
    }
  }

  private static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
    var value: UInt32 = 0
    for byte in bytes[offset..<offset + 4] {
      value = value << 8 | UInt32(byte)
    }
    return value
  }

  private static func hex(_ byte: UInt8) -> String {
    let digits = String(byte, radix: 16, uppercase: true)
    return "0x" + (digits.count == 1 ? "0" + digits : digits)
  }
}
