import OptionParsing

/// A command with every kind of option the tool's commands declare:
/// values with and without defaults, lists and flags.
private let command = CommandSpecification(
  name: "fuzz", summary: "A command for the options fuzzer.",
  options: [
    .value("count", "N", help: "An integer.", default: "10"),
    .value("seed", "SEED", help: "A seed.", default: "0"),
    .value("rate", "RATE", help: "A positive number.", default: "0.001"),
    .value("ratio", "R", help: "A number in [0, 1], no default."),
    .value("hidden", "SIZES", help: "Integers.", default: "300,100"),
    .value("ratios", "LIST", help: "Numbers in [0, 1].", default: "0,0.5"),
    .value("criteria", "NAMES", help: "Names.", default: "magnitude"),
    .value("out", "FILE", help: "A path, no default."),
    .flag("quick", help: "A flag."),
    .flag("per-sample", help: "Another flag."),
  ])

/// Fuzzes `CommandSpecification.parse` and the typed accessors of
/// `ParsedOptions`.
///
/// The input is the argument list with a NUL byte between arguments, as
/// the kernel passes them. Bytes that are not UTF-8 are replaced, as
/// Swift's `CommandLine.arguments` does. Parsing and every accessor must
/// either succeed or throw `UsageError`.
@_cdecl("LLVMFuzzerTestOneInput")
public func optionsTestOneInput(
  _ data: UnsafePointer<UInt8>?, _ size: Int
) -> Int32 {
  let arguments = Fuzz.bytes(data, size)
    .split(separator: 0, omittingEmptySubsequences: false)
    .map { String(decoding: $0, as: UTF8.self) }
  expectUsageErrorOnly {
    let options = try command.parse(arguments)
    _ = options.string("out")
    _ = options.flag("quick")
    expectUsageErrorOnly { _ = try options.integer("count", in: 1...100_000) }
    expectUsageErrorOnly { _ = try options.integer("count") }
    expectUsageErrorOnly { _ = try options.seed("seed") }
    expectUsageErrorOnly { _ = try options.double("rate", in: 1e-12...1e3) }
    expectUsageErrorOnly { _ = try options.double("ratio", in: 0...1) }
    expectUsageErrorOnly { _ = try options.double("ratio") }
    expectUsageErrorOnly {
      _ = try options.integerList("hidden", in: 1...100_000)
    }
    expectUsageErrorOnly { _ = try options.doubleList("ratios", in: 0...1) }
    expectUsageErrorOnly {
      _ = try options.nameList(
        "criteria", allowed: ["magnitude", "random", "gradient"])
    }
  }
  return 0
}

/// Runs `body` and stops the process on an error other than `UsageError`.
private func expectUsageErrorOnly(_ body: () throws -> Void) {
  do {
    try body()
  } catch is UsageError {
  } catch {
    Fuzz.fail("threw \(type(of: error)) instead of UsageError: \(error)")
  }
}
