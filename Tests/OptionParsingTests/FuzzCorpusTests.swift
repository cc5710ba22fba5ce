import FuzzCorpus
import OptionParsing
import Testing

/// Replays the argument lists that crashed the options fuzz target, saved
/// under `Fuzz/crashes/options` as arguments separated by NUL bytes, on
/// the same command: parsing and each accessor must return or throw
/// `UsageError`, never trap.
@Suite struct FuzzCorpusTests {
  /// The fuzz target's command (Fuzz/Targets/OptionsFuzzer.swift).
  static let command = CommandSpecification(
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

  @Test(arguments: FuzzCorpus.crashes("options"))
  func crashIsHandled(file: CorpusFile) throws {
    let arguments = try file.bytes()
      .split(separator: 0, omittingEmptySubsequences: false)
      .map { String(decoding: $0, as: UTF8.self) }
    expectUsageErrorOnly {
      let options = try Self.command.parse(arguments)
      expectUsageErrorOnly {
        _ = try options.integer("count", in: 1...100_000)
      }
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
  }

  private func expectUsageErrorOnly(
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
  ) {
    do {
      try body()
    } catch is UsageError {
    } catch {
      Issue.record(
        "expected a UsageError, got \(error)", sourceLocation: sourceLocation)
    }
  }
}
