import Testing

/// Checks a property inside a Swift Testing test and records an issue at
/// the caller when it fails.
///
/// The issue's message gives the seed, the replay command
/// (`PROPERTY_SEED=… PROPERTY_CASES=… swift test --filter …`, the filter
/// being the current test's function name) and the shrunk and original
/// counterexamples. Parameters as in `PropertyCheck.run`.
/// - Returns: the result, for further checks.
@discardableResult
public func checkProperty<Value>(
  _ name: String,
  cases: Int? = nil,
  seed: UInt64? = nil,
  generator: Generator<Value>,
  sourceLocation: SourceLocation = #_sourceLocation,
  property: (Value) throws -> Bool
) -> PropertyCheckResult<Value> {
  // A bad PROPERTY_CASES or PROPERTY_SEED fails the test with its name.
  if let error = PropertyCheck.environmentError() {
    Issue.record(
      Comment(rawValue: "\(error); fix or unset it"),
      sourceLocation: sourceLocation)
    return PropertyCheckResult(name: name, seed: 0, cases: 0, failure: nil)
  }
  let result = PropertyCheck.run(
    name, cases: cases, seed: seed, generator: generator,
    property: property)
  if let message = result.failureMessage(filter: testFilter()) {
    Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
  }
  return result
}

/// The current test's function name without its argument list.
private func testFilter() -> String? {
  guard let name = Test.current?.name else { return nil }
  return String(name.prefix { $0 != "(" })
}
