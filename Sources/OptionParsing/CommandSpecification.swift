/// One `--name value` option or `--name` flag of a subcommand.
public struct OptionSpecification: Sendable {
  /// The name without the leading dashes, for example `epochs`.
  public let name: String
  /// The placeholder shown in help, for example `N`; `nil` for a flag.
  public let valueName: String?
  /// The help line: what the option sets, with its unit.
  public let help: String
  /// The value used when the option is absent, shown in help; `nil` when
  /// the option has no default.
  public let defaultValue: String?

  /// Creates an option that takes a value.
  public static func value(
    _ name: String, _ valueName: String, help: String,
    default defaultValue: String? = nil
  ) -> OptionSpecification {
    OptionSpecification(
      name: name, valueName: valueName, help: help, defaultValue: defaultValue)
  }

  /// Creates a flag, which takes no value and is off unless given.
  public static func flag(_ name: String, help: String) -> OptionSpecification {
    OptionSpecification(
      name: name, valueName: nil, help: help, defaultValue: nil)
  }
}

/// A subcommand: its name, a one-line summary and its options.
public struct CommandSpecification: Sendable {
  /// The subcommand name, for example `train`.
  public let name: String
  /// One line saying what the subcommand does.
  public let summary: String
  /// The options in the order help lists them.
  public let options: [OptionSpecification]

  public init(name: String, summary: String, options: [OptionSpecification]) {
    self.name = name
    self.summary = summary
    self.options = options
  }

  /// Returns the text `--help` prints: usage, summary, then one block per
  /// option.
  public func helpText(program: String) -> String {
    var lines = [
      "Usage: \(program) \(name) [options]", "", summary, "", "Options:",
    ]
    let helpOption = OptionSpecification.flag("help", help: "Show this help.")
    for option in options + [helpOption] {
      var heading = "  --\(option.name)"
      if let valueName = option.valueName { heading += " \(valueName)" }
      lines.append(heading)
      var description = option.help
      if let defaultValue = option.defaultValue {
        description += " Default: \(defaultValue)."
      }
      lines += wrap(description, width: 72).map { "      " + $0 }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Parses `arguments` (without the program and subcommand names).
  ///
  /// Accepts `--name value`, `--name=value` and `--flag`. Each option may
  /// appear once.
  ///
  /// - Throws: `UsageError.helpRequested` for `--help` or `-h`, and
  ///   `UsageError.invalid` for an unknown option, a missing value, a value
  ///   given to a flag, a repeated option or a stray argument.
  public func parse(_ arguments: [String]) throws -> ParsedOptions {
    var values: [String: String] = [:]
    var flags: Set<String> = []
    var index = 0
    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      if argument == "--help" || argument == "-h" {
        throw UsageError.helpRequested(command: name)
      }
      guard argument.hasPrefix("--"), argument.count > 2 else {
        throw UsageError.invalid(
          command: name,
          "unexpected argument '\(argument)'; options start with --")
      }

      // Split `--name=value`.
      var optionName = String(argument.dropFirst(2))
      var inlineValue: String? = nil
      if let equals = optionName.firstIndex(of: "=") {
        inlineValue = String(optionName[optionName.index(after: equals)...])
        optionName = String(optionName[..<equals])
      }
      guard let option = options.first(where: { $0.name == optionName })
      else {
        throw UsageError.invalid(
          command: name, "unknown option --\(optionName)")
      }
      guard values[optionName] == nil && !flags.contains(optionName) else {
        throw UsageError.invalid(
          command: name, "option --\(optionName) is given more than once")
      }

      if option.valueName == nil {
        guard inlineValue == nil else {
          throw UsageError.invalid(
            command: name, "flag --\(optionName) takes no value")
        }
        flags.insert(optionName)
        continue
      }
      if let inlineValue {
        values[optionName] = inlineValue
      } else if index < arguments.count
        && !(arguments[index].hasPrefix("--") && arguments[index].count > 2)
      {
        // A following `--name` is another option, not this one's value;
        // `--option=--value` passes such a value on purpose.
        values[optionName] = arguments[index]
        index += 1
      } else {
        throw UsageError.invalid(
          command: name,
          "option --\(optionName) needs a value (\(option.valueName!))")
      }
    }
    return ParsedOptions(command: self, values: values, flags: flags)
  }
}

/// Splits `text` into lines of at most `width` characters at spaces.
func wrap(_ text: String, width: Int) -> [String] {
  var lines: [String] = []
  var current = ""
  for word in text.split(separator: " ") {
    if !current.isEmpty && current.count + 1 + word.count > width {
      lines.append(current)
      current = ""
    }
    current += current.isEmpty ? String(word) : " " + word
  }
  if !current.isEmpty { lines.append(current) }
  return lines
}
