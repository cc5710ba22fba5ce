/// A JSON document built in code and written with stable formatting.
///
/// Object members keep the order they were given in, numbers are written
/// in Swift's shortest round-trip form, and nothing depends on the clock,
/// so the same values always give the same bytes.
public indirect enum JSONValue: Equatable, Sendable {
  case null
  case bool(Bool)
  case integer(Int)
  /// A double; NaN and ±∞ have no JSON form and are written as `null`.
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([(String, JSONValue)])

  public static func == (left: JSONValue, right: JSONValue) -> Bool {
    left.rendered() == right.rendered()
  }

  /// Returns the document as pretty-printed text with two-space indents and
  /// a final newline.
  public func rendered() -> String {
    var output = ""
    write(to: &output, indent: 0)
    return output + "\n"
  }

  private func write(to output: inout String, indent: Int) {
    let padding = String(repeating: "  ", count: indent + 1)
    let closing = String(repeating: "  ", count: indent)
    switch self {
    case .null: output += "null"
    case .bool(let value): output += value ? "true" : "false"
    case .integer(let value): output += String(value)
    case .number(let value):
      output += value.isFinite ? "\(value)" : "null"
    case .string(let value): output += JSONValue.quote(value)
    case .array(let elements):
      guard !elements.isEmpty else {
        output += "[]"
        return
      }
      output += "[\n"
      for (index, element) in elements.enumerated() {
        output += padding
        element.write(to: &output, indent: indent + 1)
        output += index == elements.count - 1 ? "\n" : ",\n"
      }
      output += closing + "]"
    case .object(let members):
      guard !members.isEmpty else {
        output += "{}"
        return
      }
      output += "{\n"
      for (index, (key, value)) in members.enumerated() {
        output += padding + JSONValue.quote(key) + ": "
        value.write(to: &output, indent: indent + 1)
        output += index == members.count - 1 ? "\n" : ",\n"
      }
      output += closing + "}"
    }
  }

  /// Returns `text` as a JSON string literal, escaping quotes, backslashes
  /// and control characters.
  static func quote(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          result.unicodeScalars.append(scalar)
        }
      }
    }
    return result + "\""
  }
}
