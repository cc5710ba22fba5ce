/// String literals: quotes, escapes and UTF-16 surrogate pairs.
extension StrictJSONParser {
  /// Parses a quoted string, resolving escapes, with `position` on the
  /// opening quote.
  mutating func parseString() throws -> String {
    let start = position
    position += 1
    var utf8: [UInt8] = []
    while true {
      guard position < bytes.endIndex else {
        throw error(
          "the string opened at byte \(start - bytes.startIndex) "
            + "is not closed")
      }
      let byte = bytes[position]
      position += 1
      switch byte {
      case UInt8(ascii: "\""):
        return String(decoding: utf8, as: UTF8.self)
      case UInt8(ascii: "\\"):
        try parseEscape(into: &utf8)
      case 0..<0x20:
        throw error(
          "a string contains the control character 0x"
            + hex(byte) + "; write it as a \\u escape")
      default:
        utf8.append(byte)
      }
    }
  }

  /// Parses one escape after its backslash and appends its UTF-8 bytes.
  private mutating func parseEscape(into utf8: inout [UInt8]) throws {
    guard position < bytes.endIndex else {
      throw error("the JSON text ends inside an escape")
    }
    let letter = bytes[position]
    position += 1
    let simple: UInt8? =
      switch letter {
      case UInt8(ascii: "\""): UInt8(ascii: "\"")
      case UInt8(ascii: "\\"): UInt8(ascii: "\\")
      case UInt8(ascii: "/"): UInt8(ascii: "/")
      case UInt8(ascii: "b"): 0x08
      case UInt8(ascii: "f"): 0x0C
      case UInt8(ascii: "n"): 0x0A
      case UInt8(ascii: "r"): 0x0D
      case UInt8(ascii: "t"): 0x09
      default: nil
      }
    if let simple {
      utf8.append(simple)
      return
    }
    guard letter == UInt8(ascii: "u") else {
      position -= 2
      guard (0x21...0x7E).contains(letter) else {
        throw error("a backslash is followed by byte 0x" + hex(letter))
      }
      throw error("invalid escape \\\(Character(Unicode.Scalar(letter)))")
    }

    // A \u escape is one UTF-16 code unit. A high surrogate must be
    // followed by a \u escape holding a low surrogate, and together they
    // name one scalar above U+FFFF.
    let unit = try parseHexQuad()
    var scalarValue = UInt32(unit)
    if (0xD800...0xDBFF).contains(unit) {
      guard consume(UInt8(ascii: "\\")), consume(UInt8(ascii: "u")) else {
        throw error("the high surrogate \\u\(hex(unit)) has no low surrogate")
      }
      let low = try parseHexQuad()
      guard (0xDC00...0xDFFF).contains(low) else {
        throw error(
          "the high surrogate \\u\(hex(unit)) is followed by "
            + "\\u\(hex(low)), which is not a low surrogate")
      }
      scalarValue =
        0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
    } else if (0xDC00...0xDFFF).contains(unit) {
      throw error("the low surrogate \\u\(hex(unit)) has no high surrogate")
    }
    guard let scalar = Unicode.Scalar(scalarValue) else {
      throw error("\\u escape is not a Unicode scalar")
    }
    utf8.append(contentsOf: scalar.utf8)
  }

  private mutating func parseHexQuad() throws -> UInt16 {
    var unit: UInt16 = 0
    for _ in 0..<4 {
      guard position < bytes.endIndex,
        let digit = hexDigitValue(bytes[position])
      else {
        throw error(
          "a \\u escape needs four hex digits, found \(describeCurrentByte())")
      }
      unit = unit << 4 | UInt16(digit)
      position += 1
    }
    return unit
  }

  private func hexDigitValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
  }
}
