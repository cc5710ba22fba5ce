import FileIO

extension SafetensorsFile {
  /// Encodes the tensors and metadata as safetensors bytes, every tensor as
  /// little-endian F64.
  ///
  /// The output depends only on the contents, so equal values encode to
  /// equal bytes. The header JSON has no whitespace, `"__metadata__"` comes
  /// first when metadata is present, and its keys and the tensor names are
  /// sorted by their UTF-8 bytes. Each entry lists `dtype`, `shape` and
  /// `data_offsets` in that order. The data of the tensors follows in the
  /// same sorted order with no gaps, and the header is padded with spaces to
  /// a multiple of 8 bytes so that the data starts 8-byte aligned. Every
  /// bit of each `Double` is kept, NaN payloads included.
  ///
  /// - Precondition: each tensor's `values.count` matches its `shape`.
  /// - Throws: `InputError` when a tensor is named `"__metadata__"`, which
  ///   the format reserves.
  public func encode() throws -> [UInt8] {
    guard tensors[SafetensorsHeader.metadataKey] == nil else {
      throw InputError(
        "a tensor is named \"\(SafetensorsHeader.metadataKey)\", which "
          + "safetensors reserves for metadata; rename the tensor")
    }
    let sortedTensors = tensors.sorted { Self.utf8Precedes($0.key, $1.key) }

    // Header JSON, with offsets that place the tensors back to back.
    var header: [UInt8] = [UInt8(ascii: "{")]
    var isFirstMember = true
    func beginMember(_ key: String) {
      if !isFirstMember { header.append(UInt8(ascii: ",")) }
      isFirstMember = false
      Self.appendJSONString(key, to: &header)
      header.append(UInt8(ascii: ":"))
    }
    if !metadata.isEmpty {
      beginMember(SafetensorsHeader.metadataKey)
      header.append(UInt8(ascii: "{"))
      let sortedMetadata = metadata.sorted {
        Self.utf8Precedes($0.key, $1.key)
      }
      for (index, (key, value)) in sortedMetadata.enumerated() {
        if index > 0 { header.append(UInt8(ascii: ",")) }
        Self.appendJSONString(key, to: &header)
        header.append(UInt8(ascii: ":"))
        Self.appendJSONString(value, to: &header)
      }
      header.append(UInt8(ascii: "}"))
    }
    var offset = 0
    for (name, tensor) in sortedTensors {
      precondition(
        tensor.isConsistent,
        "tensor \"\(name)\" has \(tensor.values.count) values, which does "
          + "not match its shape \(tensor.shape)")
      let end = offset + tensor.values.count * ElementType.float64.byteCount
      let shapeText = tensor.shape.map(String.init).joined(separator: ",")
      beginMember(name)
      header.append(
        contentsOf: "{\"dtype\":\"F64\",\"shape\":[\(shapeText)],"
          .utf8)
      header.append(contentsOf: "\"data_offsets\":[\(offset),\(end)]}".utf8)
      offset = end
    }
    header.append(UInt8(ascii: "}"))
    let padding = (8 - header.count % 8) % 8
    header.append(contentsOf: repeatElement(UInt8(ascii: " "), count: padding))

    // Length, header, then the data in the header's order.
    var bytes: [UInt8] = []
    bytes.reserveCapacity(8 + header.count + offset)
    withUnsafeBytes(of: UInt64(header.count).littleEndian) {
      bytes.append(contentsOf: $0)
    }
    bytes.append(contentsOf: header)
    for (_, tensor) in sortedTensors {
      ElementDecoding.appendFloat64(tensor.values, to: &bytes)
    }
    return bytes
  }

  /// Orders strings by their UTF-8 bytes, which unlike `String`'s `<` does
  /// not depend on Unicode normalization.
  private static func utf8Precedes(_ left: String, _ right: String) -> Bool {
    left.utf8.lexicographicallyPrecedes(right.utf8)
  }

  /// Appends `text` as a JSON string literal.
  ///
  /// Quotes, backslashes and control characters are escaped, and every
  /// other character is written as its UTF-8 bytes.
  private static func appendJSONString(_ text: String, to json: inout [UInt8]) {
    json.append(UInt8(ascii: "\""))
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "\""): json.append(contentsOf: "\\\"".utf8)
      case UInt8(ascii: "\\"): json.append(contentsOf: "\\\\".utf8)
      case 0x0A: json.append(contentsOf: "\\n".utf8)
      case 0x0D: json.append(contentsOf: "\\r".utf8)
      case 0x09: json.append(contentsOf: "\\t".utf8)
      case 0..<0x20:
        let digits = String(byte, radix: 16, uppercase: true)
        let padded = String(repeating: "0", count: 4 - digits.count) + digits
        json.append(contentsOf: "\\u\(padded)".utf8)
      default: json.append(byte)
      }
    }
    json.append(UInt8(ascii: "\""))
  }
}
