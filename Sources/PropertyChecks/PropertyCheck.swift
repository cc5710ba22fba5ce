import Foundation

/// The outcome of one property check.
public struct PropertyCheckResult<Value> {
  /// The property's name, as given to `PropertyCheck.run`.
  public var name: String
  /// The run seed; case `i` draws from `PropertyCheck.caseSeed(seed, i)`.
  public var seed: UInt64
  /// Cases the run was asked for.
  public var cases: Int
  /// The first failure, or nil if every case passed.
  public var failure: PropertyFailure<Value>?

  /// True when every case passed.
  public var passed: Bool { failure == nil }

  public init(
    name: String, seed: UInt64, cases: Int, failure: PropertyFailure<Value>?
  ) {
    self.name = name
    self.seed = seed
    self.cases = cases
    self.failure = failure
  }
}

/// A failing case: where it was found and what it shrank to.
public struct PropertyFailure<Value> {
  /// Index of the first failing case, from 0.
  public var caseIndex: Int
  /// The seed of that case's generator, `caseSeed(runSeed, caseIndex)`.
  public var caseSeed: UInt64
  /// The value drawn for that case.
  public var original: Value
  /// The simplest failing value that shrinking reached.
  public var shrunk: Value
  /// Candidates accepted while shrinking.
  public var shrinkSteps: Int
  /// True when a shrink limit stopped shrinking early.
  public var shrinkHitLimit: Bool
  /// The error thrown on the shrunk value, if it threw.
  public var error: (any Error)?
}

/// A bad `PROPERTY_CASES` or `PROPERTY_SEED` value.
public struct PropertyEnvironmentError: Error, Equatable,
  CustomStringConvertible
{
  /// The variable's name.
  public var variable: String
  /// The text it held.
  public var value: String

  public var description: String {
    "\(variable)=\(value) is not a "
      + (variable == PropertyCheck.casesVariable
        ? "positive integer" : "UInt64 (decimal or 0x hex)")
  }
}

/// Runs properties over seeded random cases and shrinks failures.
///
/// Replay scheme: a run has one seed; case `i` draws its value from a
/// fresh `PropertyRandom(seed: caseSeed(seed, i))`. Running again with
/// `PROPERTY_SEED=<seed>` and `PROPERTY_CASES=<i + 1>` draws the same
/// cases 0…i, so it fails at case `i` on the same original value.
public enum PropertyCheck {
  /// Environment variable overriding the default case count.
  public static let casesVariable = "PROPERTY_CASES"
  /// Environment variable fixing the run seed, to replay a failure.
  public static let seedVariable = "PROPERTY_SEED"
  /// Cases per run when neither the caller nor the environment sets one.
  public static let defaultCases = 100

  /// Derives the seed of case `index`: the `(index + 1)`-th SplitMix64 output
  /// from `seed`, so nearby run seeds give unrelated cases.
  public static func caseSeed(_ seed: UInt64, _ index: Int) -> UInt64 {
    precondition(index >= 0)
    let gamma: UInt64 = 0x9E37_79B9_7F4A_7C15
    var random = PropertyRandom(
      seed: seed &+ UInt64(index) &* gamma)
    return random.next()
  }

  /// Parses the case count in `environment`, nil when `PROPERTY_CASES` is unset.
  /// - Throws: `PropertyEnvironmentError` unless it is an integer ≥ 1.
  public static func cases(
    from environment: [String: String]
  ) throws -> Int? {
    guard let text = environment[casesVariable] else { return nil }
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard let count = Int(trimmed), count >= 1 else {
      throw PropertyEnvironmentError(variable: casesVariable, value: text)
    }
    return count
  }

  /// Parses the run seed in `environment`, nil when `PROPERTY_SEED` is unset.
  /// - Throws: `PropertyEnvironmentError` unless it is a decimal or
  ///   `0x`-prefixed hexadecimal `UInt64`.
  public static func seed(
    from environment: [String: String]
  ) throws -> UInt64? {
    guard let text = environment[seedVariable] else { return nil }
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    let parsed =
      trimmed.hasPrefix("0x")
      ? UInt64(trimmed.dropFirst(2), radix: 16) : UInt64(trimmed)
    guard let seed = parsed else {
      throw PropertyEnvironmentError(variable: seedVariable, value: text)
    }
    return seed
  }

  /// Returns the error in `PROPERTY_CASES` or `PROPERTY_SEED`, if either
  /// is set to something that does not parse.
  public static func environmentError(
    _ environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> PropertyEnvironmentError? {
    do {
      _ = try cases(from: environment)
      _ = try seed(from: environment)
      return nil
    } catch let error as PropertyEnvironmentError {
      return error
    } catch {
      return nil
    }
  }

  /// Checks `property` on `cases` values of `generator`.
  ///
  /// The count is `cases`, else `PROPERTY_CASES`, else 100; the seed is
  /// `seed`, else `PROPERTY_SEED`, else a random one. A case fails when
  /// the property returns false or throws; the first failing case is
  /// shrunk with `generator.shrink` within `limits`.
  /// - Precondition: `cases`, if given, is at least 1. Environment
  ///   variables that do not parse stop the process with a message that
  ///   names them; `checkProperty` records an issue instead.
  public static func run<Value>(
    _ name: String,
    cases: Int? = nil,
    seed: UInt64? = nil,
    limits: ShrinkLimits = ShrinkLimits(),
    environment: [String: String] = ProcessInfo.processInfo.environment,
    generator: Generator<Value>,
    property: (Value) throws -> Bool
  ) -> PropertyCheckResult<Value> {
    // Settle the count and the seed.
    let count: Int
    let runSeed: UInt64
    do {
      count = try cases ?? self.cases(from: environment) ?? defaultCases
      runSeed =
        try seed ?? self.seed(from: environment)
        ?? UInt64.random(in: .min ... .max)
    } catch {
      // fatalError keeps its message in optimised builds, which a
      // precondition does not.
      fatalError("\(error); fix or unset it")
    }
    precondition(count >= 1, "a property check needs at least one case")
    var result = PropertyCheckResult<Value>(
      name: name, seed: runSeed, cases: count, failure: nil)

    // Draw and test each case; stop at the first failure.
    func fails(_ value: Value) -> Bool { (try? property(value)) != true }
    for index in 0..<count {
      let caseSeed = caseSeed(runSeed, index)
      let original = generator.value(seed: caseSeed)
      guard fails(original) else { continue }

      // Shrink, then keep the error the shrunk value throws, if any.
      let outcome = shrink(
        original, using: generator.shrink, limits: limits, fails: fails)
      var error: (any Error)?
      do { _ = try property(outcome.value) } catch let thrown {
        error = thrown
      }
      result.failure = PropertyFailure(
        caseIndex: index, caseSeed: caseSeed, original: original,
        shrunk: outcome.value, shrinkSteps: outcome.steps,
        shrinkHitLimit: outcome.hitLimit, error: error)
      return result
    }
    return result
  }
}

extension PropertyCheckResult {
  /// Builds the shell command that replays this run's failure.
  /// - Parameter filter: the `swift test --filter` pattern, by default
  ///   the property's name.
  public func replayCommand(filter: String? = nil) -> String {
    let cases = (failure?.caseIndex ?? self.cases - 1) + 1
    return "\(PropertyCheck.seedVariable)=\(seed) "
      + "\(PropertyCheck.casesVariable)=\(cases) "
      + "swift test --filter '\(filter ?? name)'"
  }

  /// Describes the failure: seed, case, replay command and values.
  public func failureMessage(filter: String? = nil) -> String? {
    guard let failure else { return nil }
    var lines = [
      "Property '\(name)' failed at case \(failure.caseIndex) of \(cases)"
        + " (seed \(seed), case seed \(failure.caseSeed)).",
      "Replay: \(replayCommand(filter: filter))",
      "Shrunk counterexample (\(failure.shrinkSteps) steps"
        + (failure.shrinkHitLimit ? ", stopped at a limit" : "") + "): "
        + String(describing: failure.shrunk),
      "Original counterexample: " + String(describing: failure.original),
    ]
    if let error = failure.error {
      lines.append("Thrown: " + String(describing: error))
    }
    return lines.joined(separator: "\n")
  }
}
