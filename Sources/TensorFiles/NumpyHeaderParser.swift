import FileIO

/// The three fields of an `.npy` header dictionary, before their meaning
/// is checked.
struct NumpyHeaderFields {
  let descr: String
  let fortranOrder: Bool
  let shape: [Int]
}

/// Parses the Python dictionary literal of an `.npy` header strictly.
///
/// NumPy writes the header as `repr` of a dict such as
/// `{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }`.
/// This parser accepts exactly that language. The dict has the keys
/// `'descr'` (a string), `'fortran_order'` (`True` or `False`) and
/// `'shape'` (a tuple of non-negative integers), each once. Strings are in
/// single or double quotes without escapes, trailing commas are allowed,
/// and spaces or tabs may separate tokens. After the closing brace only
/// spaces and newlines may follow, which is NumPy's padding. Anything else,
/// such as the list `descr` of a structured dtype, is rejected with a
/// message naming it.
struct NumpyHeaderParser {
  private let text: [UInt8]
  private var position = 0
  private let path: String

  init(_ text: [UInt8], path: String) {
    self.text = text
    self.path = path
  }

  /// Parses the dictionary and its trailing padding.
  mutating func parse() throws -> NumpyHeaderFields {
    var descr: String?
    var fortranOrder: Bool?
    var shape: [Int]?

    skipSpaces()
    try expect("{")
    skipSpaces()
    while !consume("}") {
      let key = try parseString()
      skipSpaces()
      try expect(":")
      skipSpaces()
      switch key {
      case "descr" where descr == nil:
        guard peek() != UInt8(ascii: "[") else {
          throw error(
            "'descr' is a list, which describes a structured dtype; "
              + "only plain numeric arrays are supported")
        }
        descr = try parseString()
      case "fortran_order" where fortranOrder == nil:
        fortranOrder = try parseBool()
      case "shape" where shape == nil:
        shape = try parseShape()
      case "descr", "fortran_order", "shape":
        throw error("the key '\(key)' appears more than once")
      default:
        throw error(
          "unknown key '\(key)'; the header may only contain 'descr', "
            + "'fortran_order' and 'shape'")
      }
      skipSpaces()
      if consume("}") { break }
      try expect(",")
      skipSpaces()
    }

    // Only NumPy's padding may follow the dictionary.
    while position < text.count {
      let byte = text[position]
      guard byte == 0x20 || byte == 0x0A else {
        throw error("unexpected \(describeCurrentByte()) after the dictionary")
      }
      position += 1
    }
    guard let descr else { throw error("the key 'descr' is missing") }
    guard let fortranOrder else {
      throw error("the key 'fortran_order' is missing")
    }
    guard let shape else { throw error("the key 'shape' is missing") }
    return NumpyHeaderFields(
      descr: descr, fortranOrder: fortranOrder, shape: shape)
  }

  // MARK: - Values

  private mutating func parseString() throws -> String {
    guard let quote = peek(), quote == 0x27 || quote == 0x22 else {
      throw error("expected a quoted string, found \(describeCurrentByte())")
    }
    position += 1
    let start = position
    while position < text.count, text[position] != quote {
      guard text[position] != UInt8(ascii: "\\"), text[position] != 0x0A
      else {
        throw error("a string contains a backslash or newline")
      }
      position += 1
    }
    guard position < text.count else { throw error("a string is not closed") }
    let value = String(decoding: text[start..<position], as: UTF8.self)
    position += 1
    return value
  }

  private mutating func parseBool() throws -> Bool {
    if consume("True") { return true }
    if consume("False") { return false }
    throw error(
      "'fortran_order' must be True or False, found \(describeCurrentByte())")
  }

  /// Parses `()`, `(n,)` or `(n, m, ...)` with an optional trailing comma.
  private mutating func parseShape() throws -> [Int] {
    guard consume("(") else {
      throw error(
        "'shape' must be a tuple such as (3,) or (2, 3), found "
          + describeCurrentByte())
    }
    var shape: [Int] = []
    skipSpaces()
    while !consume(")") {
      shape.append(try parseExtent())
      skipSpaces()
      if consume(",") {
        skipSpaces()
        continue
      }
      // Without a comma, `(3)` is a parenthesized integer in Python.
      guard consume(")") else {
        throw error(
          "expected ',' or ')' in 'shape', found \(describeCurrentByte())")
      }
      guard shape.count > 1 else {
        throw error(
          "'shape' is (\(shape[0])), an integer, not a tuple; "
            + "a one-axis shape is written (\(shape[0]),)")
      }
      break
    }
    return shape
  }

  /// Parses a non-negative decimal integer without leading zeros, as
  /// Python 3 writes it.
  private mutating func parseExtent() throws -> Int {
    if peek() == UInt8(ascii: "-") {
      throw error("'shape' contains a negative extent")
    }
    let start = position
    while let byte = peek(), byte >= 0x30, byte <= 0x39 { position += 1 }
    let digits = text[start..<position]
    guard !digits.isEmpty else {
      throw error(
        "expected an integer in 'shape', found \(describeCurrentByte())")
    }
    guard digits.count == 1 || digits.first != UInt8(ascii: "0") else {
      throw error("an extent in 'shape' has a leading zero")
    }
    guard let extent = Int(String(decoding: digits, as: UTF8.self)) else {
      throw error(
        "the extent \(String(decoding: digits, as: UTF8.self)) in 'shape' "
          + "exceeds Int.max")
    }
    return extent
  }

  // MARK: - Helpers

  private func peek() -> UInt8? {
    position < text.count ? text[position] : nil
  }

  private mutating func skipSpaces() {
    while let byte = peek(), byte == 0x20 || byte == 0x09 { position += 1 }
  }

  private mutating func consume(_ word: String) -> Bool {
    let utf8 = Array(word.utf8)
    guard text.count - position >= utf8.count,
      text[position..<position + utf8.count].elementsEqual(utf8)
    else { return false }
    position += utf8.count
    return true
  }

  private mutating func expect(_ word: String) throws {
    guard consume(word) else {
      throw error("expected '\(word)', found \(describeCurrentByte())")
    }
  }

  private func describeCurrentByte() -> String {
    guard let byte = peek() else { return "the end of the header" }
    if (0x21...0x7E).contains(byte) {
      return "'\(Character(Unicode.Scalar(byte)))'"
    }
    return "byte 0x" + String(byte, radix: 16, uppercase: true)
  }

  private func error(_ message: String) -> InputError {
    InputError(
      path: path,
      ".npy header dictionary is invalid at byte \(position): \(message)")
  }
}
