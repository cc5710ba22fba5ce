import FileIO

/// Named tensors and string metadata in the safetensors format.
///
/// A safetensors file is an 8-byte little-endian `UInt64` header length
/// `N`, then `N` bytes of UTF-8 JSON, then a data buffer. The JSON object
/// maps each tensor name to its `dtype`, `shape` and `data_offsets`
/// (`[begin, end)` in bytes, relative to the start of the buffer), and the
/// optional key `"__metadata__"` to an object of string values. Elements
/// are little-endian and row-major. Hugging Face's `safetensors` project
/// defines the format.
///
/// Decoding is strict because files may come from anywhere. Every length,
/// shape and offset is checked before tensor storage is allocated. The
/// tensors must cover the data buffer contiguously with no gap, overlap or
/// trailing byte. Duplicate keys, unknown fields in a tensor entry and
/// whitespace before the opening brace are rejected too, although the
/// `safetensors` 0.8.0 Python package accepts them. NaN and infinite
/// elements are accepted, so callers that need finite values check them.
public struct SafetensorsFile: Sendable {
  /// Tensors by name.
  public var tensors: [String: Tensor]
  /// Free-form string metadata, stored under `"__metadata__"`.
  public var metadata: [String: String]
  /// Element type each tensor had in the file that `decode` read.
  ///
  /// It is empty for a value built in memory. `encode` ignores it and
  /// writes every tensor as F64.
  public var storedElementTypes: [String: ElementType]

  /// The largest header accepted, 100 MB, the limit that Hugging Face's
  /// Rust implementation applies against denial-of-service headers.
  ///
  /// NOTE: Parsing builds a tree of the whole header, which for a hostile
  /// header made of tiny array elements takes many times the header's
  /// size: 1.7 GB at peak for a 98 MB header holding one shape of 49
  /// million zeros, measured in a release build on x86-64 Linux.
  public static let maximumHeaderByteCount = 100_000_000

  /// Creates a file value from tensors and metadata.
  public init(
    tensors: [String: Tensor] = [:], metadata: [String: String] = [:]
  ) {
    self.tensors = tensors
    self.metadata = metadata
    self.storedElementTypes = [:]
  }

  /// Reads and decodes the safetensors file at `path`.
  ///
  /// - Throws: `InputError` naming `path` when the file cannot be read or
  ///   is not a valid safetensors file of supported dtypes.
  public static func read(_ path: String) throws -> SafetensorsFile {
    try decode(AtomicFile.read(path), path: path)
  }

  /// Decodes the bytes of a safetensors file.
  ///
  /// Supported dtypes are F64, F32, I64, I32, I8 and U8, all converted to
  /// `Double` as `ElementType` describes.
  ///
  /// - Parameter path: The file the bytes came from, named in errors.
  /// - Throws: `InputError` naming `path` and the first problem found.
  public static func decode(
    _ bytes: [UInt8], path: String
  ) throws -> SafetensorsFile {
    // The 8-byte header length, checked against the file before use.
    guard bytes.count >= 8 else {
      throw InputError(
        path: path,
        "file has \(bytes.count) bytes, fewer than the 8-byte header "
          + "length of a safetensors file; the file is truncated or empty")
    }
    let headerLength = ElementDecoding.littleEndianInteger(
      bytes, at: 0, as: UInt64.self)
    guard headerLength <= UInt64(maximumHeaderByteCount) else {
      throw InputError(
        path: path,
        "safetensors header length \(headerLength) exceeds the "
          + "\(maximumHeaderByteCount)-byte limit; the file is damaged or "
          + "is not a safetensors file")
    }
    guard headerLength <= UInt64(bytes.count - 8) else {
      throw InputError(
        path: path,
        "safetensors header length \(headerLength) exceeds the "
          + "\(bytes.count - 8) bytes after the length field; the file is "
          + "truncated or is not a safetensors file")
    }

    // The header, validated against the buffer that follows it.
    let bufferStart = 8 + Int(headerLength)
    let header = try SafetensorsHeader.parse(
      bytes[8..<bufferStart], bufferCount: bytes.count - bufferStart,
      path: path)

    // The elements, now known to lie inside the buffer.
    var file = SafetensorsFile(metadata: header.metadata)
    for entry in header.entries {
      let values: [Double]
      do {
        values = try ElementDecoding.decode(
          bytes, offset: bufferStart + entry.begin,
          count: entry.elementCount, type: entry.elementType,
          byteOrder: .littleEndian)
      } catch {
        throw InputError(
          path: path,
          "tensor \"\(entry.name)\": element \(error.index) of dtype "
            + "\(entry.elementType.rawValue) is \(error.value), which a "
            + "Double cannot hold exactly; store it as F64")
      }
      file.tensors[entry.name] = Tensor(shape: entry.shape, values: values)
      file.storedElementTypes[entry.name] = entry.elementType
    }
    return file
  }

  /// Encodes the tensors and metadata and writes them to `path`
  /// atomically, creating missing parent folders.
  ///
  /// - Throws: `InputError` when encoding fails, as `encode` describes,
  ///   or naming `path` when the file cannot be written.
  public func write(to path: String) throws {
    try AtomicFile.write(encode(), to: path)
  }
}
