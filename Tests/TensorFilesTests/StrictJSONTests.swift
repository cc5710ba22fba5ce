import FileIO
import Testing

@testable import TensorFiles

@Suite struct StrictJSONTests {
  let path = "header.json"

  func parse(_ text: String) throws -> JSONValue {
    let bytes = Array(text.utf8)
    var parser = StrictJSONParser(
      bytes[...], path: path, context: "test JSON")
    return try parser.parseDocument()
  }

  func parseString(_ text: String) throws -> String? {
    guard case .string(let value) = try parse(text) else { return nil }
    return value
  }

  @Test func objectKeepsMemberOrder() throws {
    let value = try parse(#" { "b" : 1 , "a" : [true, false, null] } "#)
    guard case .object(let members) = value else {
      Issue.record("expected an object, got \(value.typeName)")
      return
    }
    #expect(members.map(\.key) == ["b", "a"])
    guard case .array(let elements) = members[1].value else {
      Issue.record("expected an array")
      return
    }
    #expect(elements.count == 3)
  }

  @Test func numbersKeepLiteralText() throws {
    guard
      case .array(let elements) = try parse(
        "[0,-12,3.25e-7,1E+2,18446744073709551616]")
    else {
      Issue.record("expected an array")
      return
    }
    let texts = elements.map { element -> String in
      if case .number(let text) = element { return text }
      return "?"
    }
    #expect(texts == ["0", "-12", "3.25e-7", "1E+2", "18446744073709551616"])
  }

  @Test func stringResolvesSimpleEscapes() throws {
    let value = try parseString(#""q\"b\\s\/b\bf\fn\nr\rt\t""#)
    #expect(value == "q\"b\\s/b\u{8}f\u{C}n\nr\rt\t")
  }

  @Test func stringResolvesUnicodeEscapes() throws {
    #expect(try parseString(#""\u00e9\u4E2D\u0000""#) == "é中\u{0}")
  }

  @Test func stringJoinsSurrogatePair() throws {
    #expect(try parseString(#""\uD83D\uDE00""#) == "😀")
  }

  @Test func stringKeepsRawUTF8() throws {
    #expect(try parseString("\"é😀\"") == "é😀")
  }

  @Test(arguments: [
    ("", "ends where a value"),
    ("{", "expected a quoted key"),
    ("{\"a\":1,}", "expected a quoted key"),
    ("[1,]", "unexpected ']'"),
    ("[1 2]", "between array elements"),
    ("{\"a\" 1}", "after the key"),
    ("{'a':1}", "expected a quoted key"),
    ("01", "leading zero"),
    ("1.", "after the decimal point"),
    ("-", "in a number"),
    ("1e", "in the exponent"),
    (".5", "unexpected '.'"),
    ("+1", "unexpected '+'"),
    ("NaN", "unexpected 'N'"),
    ("tru", "expected true"),
    ("\"abc", "is not closed"),
    ("\"a\u{1}b\"", "control character 0x01"),
    (#""\x41""#, "invalid escape \\x"),
    (#""\u12G4""#, "four hex digits"),
    (#""\uD800""#, "has no low surrogate"),
    (#""\uD800\u0041""#, "not a low surrogate"),
    (#""\uDC00""#, "has no high surrogate"),
    ("{} {}", "after the JSON value"),
    ("{\"k\":1,\"k\":2}", "\"k\" appears more than once"),
  ])
  func rejectsInvalidText(text: String, fragment: String) {
    expectInputError(path: path, containing: fragment) {
      _ = try parse(text)
    }
  }

  @Test func rejectsCanonicallyEquivalentKeys() {
    // U+00E9 and "e" + U+0301 are one key to a Swift dictionary.
    expectInputError(path: path, containing: "appears more than once") {
      _ = try parse("{\"\u{E9}\":1,\"e\u{301}\":2}")
    }
  }

  @Test func acceptsNestingAtDepthLimit() throws {
    let depth = StrictJSONParser.maximumDepth
    let text =
      String(repeating: "[", count: depth)
      + String(repeating: "]", count: depth)
    _ = try parse(text)
  }

  @Test func rejectsNestingPastDepthLimit() {
    let depth = 100_000
    let text =
      String(repeating: "[", count: depth)
      + String(repeating: "]", count: depth)
    expectInputError(path: path, containing: "nest deeper than 64") {
      _ = try parse(text)
    }
  }
}
