import FileIO

/// One tensor's description in a safetensors header, after validation.
struct SafetensorsEntry {
  let name: String
  let elementType: ElementType
  let shape: [Int]
  let elementCount: Int
  /// Byte range inside the data buffer, which starts after the header.
  let begin: Int
  let end: Int
}

/// The validated JSON header of a safetensors file.
///
/// Every size and offset in it has been checked against the data buffer, so
/// reading an entry's bytes cannot go out of bounds, and the decoded values
/// take at most 8 bytes (one `Double`) per byte of the buffer.
struct SafetensorsHeader {
  /// Entries in the order of their data in the buffer.
  let entries: [SafetensorsEntry]
  let metadata: [String: String]

  /// The key whose value is string-to-string metadata, not a tensor.
  static let metadataKey = "__metadata__"

  /// Parses and validates the header text against a buffer of
  /// `bufferCount` bytes.
  ///
  /// - Throws: `InputError` naming `path` and the first problem found.
  static func parse(
    _ text: ArraySlice<UInt8>, bufferCount: Int, path: String
  ) throws -> SafetensorsHeader {
    // The format requires the text to open with '{' and allows trailing
    // spaces as padding, which the JSON grammar accepts as whitespace.
    guard text.first == UInt8(ascii: "{") else {
      let found = text.first.map { "byte 0x" + String($0, radix: 16) }
      throw InputError(
        path: path,
        "safetensors header must start with '{' but starts with "
          + "\(found ?? "nothing (the header is empty)"); "
          + "the file is damaged or is not a safetensors file")
    }
    guard String(validating: text, as: UTF8.self) != nil else {
      throw InputError(
        path: path,
        "safetensors header is not valid UTF-8; "
          + "the file is damaged or is not a safetensors file")
    }
    var parser = StrictJSONParser(
      text, path: path, context: "safetensors header JSON")
    guard case .object(let members) = try parser.parseDocument() else {
      throw InputError(path: path, "safetensors header is not a JSON object")
    }

    // Validate each member on its own, then the layout of all of them.
    var entries: [SafetensorsEntry] = []
    var metadata: [String: String] = [:]
    for (key, value) in members {
      if key == metadataKey {
        metadata = try parseMetadata(value, path: path)
      } else {
        entries.append(
          try parseEntry(
            name: key, value, bufferCount: bufferCount, path: path))
      }
    }
    let ordered = try checkLayout(entries, bufferCount: bufferCount, path: path)
    return SafetensorsHeader(entries: ordered, metadata: metadata)
  }

  /// Reads the metadata object. A `null` counts as no metadata, as the
  /// `safetensors` 0.8.0 Python package reads it.
  private static func parseMetadata(
    _ value: JSONValue, path: String
  ) throws -> [String: String] {
    if case .null = value { return [:] }
    guard case .object(let members) = value else {
      throw InputError(
        path: path,
        "\"\(metadataKey)\" is \(value.typeName) but must be an object "
          + "mapping strings to strings")
    }
    var metadata: [String: String] = [:]
    for (key, entry) in members {
      guard case .string(let text) = entry else {
        throw InputError(
          path: path,
          "metadata value for \"\(key)\" is \(entry.typeName) but must be "
            + "a string")
      }
      metadata[key] = text
    }
    return metadata
  }

  // MARK: - Entries

  private static func parseEntry(
    name: String, _ value: JSONValue, bufferCount: Int, path: String
  ) throws -> SafetensorsEntry {
    func invalid(_ message: String) -> InputError {
      InputError(path: path, "tensor \"\(name)\": \(message)")
    }
    guard case .object(let members) = value else {
      throw invalid(
        "entry is \(value.typeName) but must be an object with "
          + "dtype, shape and data_offsets")
    }
    var fields: [String: JSONValue] = [:]
    for (key, field) in members {
      guard ["dtype", "shape", "data_offsets"].contains(key) else {
        throw invalid(
          "unknown field \"\(key)\"; only dtype, shape and data_offsets "
            + "are allowed")
      }
      fields[key] = field
    }

    // dtype: one of the supported names.
    guard let dtypeValue = fields["dtype"] else {
      throw invalid("the dtype field is missing")
    }
    guard case .string(let dtype) = dtypeValue else {
      throw invalid("dtype is \(dtypeValue.typeName) but must be a string")
    }
    guard let elementType = ElementType(rawValue: dtype) else {
      throw invalid(
        "dtype \"\(dtype)\" is not supported; supported dtypes are "
          + "\(ElementType.supportedNames), so convert the tensor to F64 "
          + "or F32 before saving")
    }

    // shape: non-negative integers whose product fits in Int.
    let shape = try integerArray(
      fields["shape"], field: "shape", invalid: invalid)
    guard let elementCount = Tensor.elementCount(of: shape) else {
      throw invalid("shape \(shape) has more elements than Int.max")
    }
    let (byteCount, overflow) = elementCount.multipliedReportingOverflow(
      by: elementType.byteCount)
    guard !overflow else {
      throw invalid(
        "shape \(shape) of \(dtype) needs more bytes than Int.max")
    }

    // data_offsets: [begin, end] inside the buffer, spanning the shape.
    let offsets = try integerArray(
      fields["data_offsets"], field: "data_offsets", invalid: invalid)
    guard offsets.count == 2 else {
      throw invalid("data_offsets \(offsets) must be [begin, end]")
    }
    let (begin, end) = (offsets[0], offsets[1])
    guard begin <= end else {
      throw invalid("data_offsets [\(begin), \(end)] has begin after end")
    }
    guard end <= bufferCount else {
      throw invalid(
        "data_offsets [\(begin), \(end)] run past the end of the "
          + "\(bufferCount)-byte data buffer; the file may be truncated")
    }
    guard end - begin == byteCount else {
      throw invalid(
        "data_offsets [\(begin), \(end)] span \(end - begin) bytes but "
          + "shape \(shape) of \(dtype) needs \(byteCount)")
    }
    return SafetensorsEntry(
      name: name, elementType: elementType, shape: shape,
      elementCount: elementCount, begin: begin, end: end)
  }

  /// Reads a JSON array of non-negative integers that each fit in `Int`.
  private static func integerArray(
    _ value: JSONValue?, field: String, invalid: (String) -> InputError
  ) throws -> [Int] {
    guard let value else { throw invalid("the \(field) field is missing") }
    guard case .array(let elements) = value else {
      throw invalid("\(field) is \(value.typeName) but must be an array")
    }
    return try elements.map { element in
      guard case .number(let literal) = element else {
        throw invalid(
          "\(field) contains \(element.typeName) but must hold integers")
      }
      guard !literal.hasPrefix("-") else {
        throw invalid("\(field) contains the negative number \(literal)")
      }
      guard literal.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
        throw invalid(
          "\(field) contains \(literal), which is not a whole number "
            + "written without fraction or exponent")
      }
      guard let integer = Int(literal) else {
        throw invalid("\(field) contains \(literal), which exceeds Int.max")
      }
      return integer
    }
  }

  // MARK: - Layout

  /// Checks that the entries tile the buffer: sorted by offset, each begins
  /// where the previous one ends, the first at 0 and the last at the end.
  ///
  /// The format requires this, so no byte is shared by two tensors and
  /// none is left unread.
  private static func checkLayout(
    _ entries: [SafetensorsEntry], bufferCount: Int, path: String
  ) throws -> [SafetensorsEntry] {
    let ordered = entries.sorted {
      ($0.begin, $0.end) < ($1.begin, $1.end)
    }
    var covered = 0
    var previous: SafetensorsEntry?
    for entry in ordered {
      if entry.begin < covered, let previous {
        throw InputError(
          path: path,
          "tensors \"\(previous.name)\" [\(previous.begin), "
            + "\(previous.end)] and \"\(entry.name)\" [\(entry.begin), "
            + "\(entry.end)] overlap in the data buffer")
      }
      if entry.begin > covered {
        throw InputError(
          path: path,
          "data buffer bytes \(covered)..<\(entry.begin) before tensor "
            + "\"\(entry.name)\" belong to no tensor; the format requires "
            + "tensors to be contiguous")
      }
      covered = entry.end
      previous = entry
    }
    guard covered == bufferCount else {
      let place =
        ordered.isEmpty
        ? "the header lists no tensors"
        : "they follow the last tensor"
      throw InputError(
        path: path,
        "data buffer bytes \(covered)..<\(bufferCount) belong to no "
          + "tensor because \(place); the file may have been appended to "
          + "or its header damaged")
    }
    return ordered
  }
}
