import FileIO

/// A JSON value as the strict parser read it.
///
/// Objects keep their members in file order, and numbers keep their literal
/// text so that integers too large for `Double` lose no digits.
enum JSONValue {
  case object([(key: String, value: JSONValue)])
  case array([JSONValue])
  case string(String)
  case number(String)
  case bool(Bool)
  case null

  /// Name of the value's JSON type, for error messages.
  var typeName: String {
    switch self {
    case .object: "an object"
    case .array: "an array"
    case .string: "a string"
    case .number: "a number"
    case .bool: "a boolean"
    case .null: "null"
    }
  }
}

/// Parses JSON text (RFC 8259) and rejects what lenient parsers accept.
///
/// Beyond the grammar, it rejects a key repeated in one object, where
/// Foundation's `JSONSerialization` keeps one of the values silently. Keys
/// count as repeated when Swift's `String` comparison finds them equal,
/// which includes keys that are canonically equivalent Unicode, because a
/// Swift dictionary could hold only one of them. It also rejects lone UTF-16
/// surrogates in `\u` escapes and nesting deeper than `maximumDepth`, which
/// keeps the recursion's stack use bounded on hostile input.
///
/// The caller validates the bytes as UTF-8 first, so every string built
/// from them is valid.
struct StrictJSONParser {
  /// Deepest nesting of arrays and objects accepted.
  static let maximumDepth = 64

  /// The text being parsed.
  let bytes: ArraySlice<UInt8>
  /// Index in `bytes` of the next byte to read.
  var position: Int
  private let path: String
  private let context: String

  /// Creates a parser over UTF-8 `bytes`.
  ///
  /// - Parameters:
  ///   - path: The file named in errors.
  ///   - context: What the text is, such as "safetensors header JSON",
  ///     which opens every error message.
  init(_ bytes: ArraySlice<UInt8>, path: String, context: String) {
    self.bytes = bytes
    self.position = bytes.startIndex
    self.path = path
    self.context = context
  }

  /// Parses the whole text as one value surrounded only by whitespace.
  mutating func parseDocument() throws -> JSONValue {
    skipWhitespace()
    let value = try parseValue(depth: 0)
    skipWhitespace()
    guard position == bytes.endIndex else {
      throw error("unexpected \(describeCurrentByte()) after the JSON value")
    }
    return value
  }

  // MARK: - Values

  private mutating func parseValue(depth: Int) throws -> JSONValue {
    guard position < bytes.endIndex else {
      throw error("the JSON text ends where a value is expected")
    }
    switch bytes[position] {
    case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
    case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "t"): return try parseLiteral("true", .bool(true))
    case UInt8(ascii: "f"): return try parseLiteral("false", .bool(false))
    case UInt8(ascii: "n"): return try parseLiteral("null", .null)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      return .number(try parseNumber())
    default:
      throw error(
        "unexpected \(describeCurrentByte()) where a value is expected")
    }
  }

  private mutating func parseObject(depth: Int) throws -> JSONValue {
    try checkDepth(depth)
    position += 1
    var members: [(key: String, value: JSONValue)] = []
    var keys: Set<String> = []
    skipWhitespace()
    if consume(UInt8(ascii: "}")) { return .object(members) }

    while true {
      guard position < bytes.endIndex, bytes[position] == UInt8(ascii: "\"")
      else {
        throw error("expected a quoted key, found \(describeCurrentByte())")
      }
      let keyOffset = position
      let key = try parseString()
      guard keys.insert(key).inserted else {
        position = keyOffset
        throw error("key \"\(key)\" appears more than once in one object")
      }
      skipWhitespace()
      try expect(UInt8(ascii: ":"), "after the key \"\(key)\"")
      skipWhitespace()
      members.append((key, try parseValue(depth: depth)))
      skipWhitespace()
      if consume(UInt8(ascii: "}")) { return .object(members) }
      try expect(UInt8(ascii: ","), "between object members")
      skipWhitespace()
    }
  }

  private mutating func parseArray(depth: Int) throws -> JSONValue {
    try checkDepth(depth)
    position += 1
    var elements: [JSONValue] = []
    skipWhitespace()
    if consume(UInt8(ascii: "]")) { return .array(elements) }

    while true {
      elements.append(try parseValue(depth: depth))
      skipWhitespace()
      if consume(UInt8(ascii: "]")) { return .array(elements) }
      try expect(UInt8(ascii: ","), "between array elements")
      skipWhitespace()
    }
  }

  private mutating func parseLiteral(
    _ word: String, _ value: JSONValue
  ) throws -> JSONValue {
    for letter in word.utf8 {
      guard position < bytes.endIndex, bytes[position] == letter else {
        throw error("invalid literal, expected \(word)")
      }
      position += 1
    }
    return value
  }

  // MARK: - Numbers

  /// Checks the RFC 8259 number grammar and returns the literal text:
  /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
  private mutating func parseNumber() throws -> String {
    let start = position
    _ = consume(UInt8(ascii: "-"))
    if consume(UInt8(ascii: "0")) {
      if isDigit() { throw error("a number has a leading zero") }
    } else {
      try requireDigits("in a number")
    }
    if consume(UInt8(ascii: ".")) {
      try requireDigits("after the decimal point")
    }
    if consume(UInt8(ascii: "e")) || consume(UInt8(ascii: "E")) {
      if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
      try requireDigits("in the exponent")
    }
    return String(decoding: bytes[start..<position], as: UTF8.self)
  }

  private mutating func requireDigits(_ place: String) throws {
    guard isDigit() else {
      throw error("expected a digit \(place), found \(describeCurrentByte())")
    }
    while isDigit() { position += 1 }
  }

  private func isDigit() -> Bool {
    position < bytes.endIndex
      && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position])
  }

  // MARK: - Helpers

  private mutating func skipWhitespace() {
    while position < bytes.endIndex {
      switch bytes[position] {
      case 0x20, 0x09, 0x0A, 0x0D: position += 1
      default: return
      }
    }
  }

  mutating func consume(_ byte: UInt8) -> Bool {
    guard position < bytes.endIndex, bytes[position] == byte else {
      return false
    }
    position += 1
    return true
  }

  private mutating func expect(_ byte: UInt8, _ place: String) throws {
    guard consume(byte) else {
      throw error(
        "expected '\(Character(Unicode.Scalar(byte)))' \(place), "
          + "found \(describeCurrentByte())")
    }
  }

  private func checkDepth(_ depth: Int) throws {
    guard depth <= Self.maximumDepth else {
      throw error(
        "arrays and objects nest deeper than \(Self.maximumDepth) levels")
    }
  }

  func describeCurrentByte() -> String {
    guard position < bytes.endIndex else { return "the end of the text" }
    let byte = bytes[position]
    if (0x21...0x7E).contains(byte) {
      return "'\(Character(Unicode.Scalar(byte)))'"
    }
    return "byte 0x" + hex(byte)
  }

  func hex<T: BinaryInteger>(_ value: T) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    let width = MemoryLayout<T>.size * 2
    return String(repeating: "0", count: max(0, width - digits.count))
      + digits
  }

  func error(_ message: String) -> InputError {
    InputError(
      path: path,
      "\(context) is invalid at byte \(position - bytes.startIndex): "
        + message)
  }
}
