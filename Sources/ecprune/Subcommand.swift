import OptionParsing

/// A subcommand of the tool: its options and what it does with them.
protocol Subcommand {
  /// The name, summary and options shown by `--help`.
  var specification: CommandSpecification { get }
  /// Runs the command and returns the exit status.
  func run(_ options: ParsedOptions) throws -> Int32
}
