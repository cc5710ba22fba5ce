/// A problem with the command line, or a request for help.
public enum UsageError: Error, Equatable, CustomStringConvertible, Sendable {
  /// `--help` or `-h` was given for `command`.
  case helpRequested(command: String)
  /// The command line is invalid; the message names the option and value.
  case invalid(command: String, String)

  public var description: String {
    switch self {
    case .helpRequested(let command): return "help requested for \(command)"
    case .invalid(let command, let message):
      return "\(message) (see 'ecprune \(command) --help')"
    }
  }
}

/// The options of one parsed command line, with typed accessors that
/// apply the defaults and validate ranges.
public struct ParsedOptions: Sendable {
  /// The subcommand the options belong to.
  public let command: CommandSpecification
  /// The values given, by option name.
  public let values: [String: String]
  /// The flags given.
  public let flags: Set<String>

  /// Returns whether flag `name` was given.
  public func flag(_ name: String) -> Bool { flags.contains(name) }

  /// Returns the value of `name`, or its default, or `nil` when neither.
  public func string(_ name: String) -> String? {
    values[name] ?? specification(name).defaultValue
  }

  /// Returns the value of `name` as an integer in `range`.
  ///
  /// - Throws: `UsageError.invalid` naming the option and the value when it
  ///   is missing, not an integer or outside `range`.
  public func integer(
    _ name: String, in range: ClosedRange<Int> = Int.min...Int.max
  ) throws -> Int {
    let text = try required(name)
    guard let value = Int(text), range.contains(value) else {
      throw invalid(name, text, expected: "an integer in \(describe(range))")
    }
    return value
  }

  /// Returns the value of `name` as an unsigned 64-bit seed.
  public func seed(_ name: String) throws -> UInt64 {
    let text = try required(name)
    guard let value = UInt64(text) else {
      throw invalid(name, text, expected: "an integer from 0 to 2^64 - 1")
    }
    return value
  }

  /// Returns the value of `name` as a finite double in `range`.
  public func double(
    _ name: String,
    in range: ClosedRange<Double> = -Double
      .greatestFiniteMagnitude...Double
      .greatestFiniteMagnitude
  ) throws -> Double {
    let text = try required(name)
    guard let value = Double(text), value.isFinite, range.contains(value)
    else {
      throw invalid(name, text, expected: "a number in \(describe(range))")
    }
    return value
  }

  /// Returns the value of `name` as a comma-separated list of integers,
  /// each in `range`; an empty value gives an empty list.
  public func integerList(
    _ name: String, in range: ClosedRange<Int> = Int.min...Int.max
  ) throws -> [Int] {
    let text = try required(name)
    if text.isEmpty { return [] }
    return try text.split(separator: ",", omittingEmptySubsequences: false)
      .map { part in
        guard let value = Int(part), range.contains(value) else {
          throw invalid(
            name, text,
            expected: "comma-separated integers in \(describe(range))")
        }
        return value
      }
  }

  /// Returns the value of `name` as a comma-separated list of finite
  /// doubles, each in `range`.
  public func doubleList(
    _ name: String, in range: ClosedRange<Double>
  ) throws -> [Double] {
    let text = try required(name)
    return try text.split(separator: ",", omittingEmptySubsequences: false)
      .map { part in
        guard let value = Double(part), value.isFinite, range.contains(value)
        else {
          throw invalid(
            name, text,
            expected: "comma-separated numbers in \(describe(range))")
        }
        return value
      }
  }

  /// Returns the value of `name` as a comma-separated list of names, each
  /// one of `allowed`.
  public func nameList(_ name: String, allowed: [String]) throws -> [String] {
    let text = try required(name)
    return try text.split(separator: ",", omittingEmptySubsequences: false)
      .map { part in
        guard allowed.contains(String(part)) else {
          throw invalid(
            name, text,
            expected: "comma-separated names from "
              + allowed.joined(separator: ", "))
        }
        return String(part)
      }
  }

  private func required(_ name: String) throws -> String {
    guard let text = string(name) else {
      throw UsageError.invalid(
        command: command.name, "missing option --\(name)")
    }
    return text
  }

  private func specification(_ name: String) -> OptionSpecification {
    guard let option = command.options.first(where: { $0.name == name }) else {
      preconditionFailure("\(command.name) declares no option --\(name)")
    }
    return option
  }

  private func invalid(
    _ name: String, _ text: String, expected: String
  ) -> UsageError {
    .invalid(
      command: command.name,
      "invalid value '\(text)' for --\(name): expected \(expected)")
  }

  private func describe(_ range: ClosedRange<Int>) -> String {
    if range.upperBound == Int.max { return "[\(range.lowerBound), ∞)" }
    return "[\(range.lowerBound), \(range.upperBound)]"
  }

  private func describe(_ range: ClosedRange<Double>) -> String {
    if range.upperBound == .greatestFiniteMagnitude {
      return "[\(range.lowerBound), ∞)"
    }
    return "[\(range.lowerBound), \(range.upperBound)]"
  }
}
