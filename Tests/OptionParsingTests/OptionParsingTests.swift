import OptionParsing
import Testing

@Suite struct OptionParsingTests {
  static let command = CommandSpecification(
    name: "train", summary: "Trains a network.",
    options: [
      .value("epochs", "N", help: "Passes over the data.", default: "10"),
      .value(
        "learning-rate", "RATE", help: "Adam's step size.", default: "1e-3"),
      .value("hidden", "SIZES", help: "Hidden widths.", default: "300,100"),
      .value("seed", "SEED", help: "Random seed.", default: "0"),
      .value("out", "FILE", help: "Output model file."),
      .flag("quick", help: "Run a reduced version."),
    ])

  @Test func defaultsApplyWhenAbsent() throws {
    let options = try Self.command.parse([])
    #expect(try options.integer("epochs", in: 1...1000) == 10)
    #expect(try options.double("learning-rate") == 1e-3)
    #expect(try options.integerList("hidden") == [300, 100])
    #expect(options.string("out") == nil)
    #expect(!options.flag("quick"))
  }

  @Test func dashedValueNeedsEqualsForm() throws {
    let options = try Self.command.parse(["--out=--odd-name"])
    #expect(options.string("out") == "--odd-name")
  }

  @Test func bothSpellingsParse() throws {
    let options = try Self.command.parse([
      "--epochs", "3", "--hidden=50", "--quick", "--seed",
      "18446744073709551615",
    ])
    #expect(try options.integer("epochs") == 3)
    #expect(try options.integerList("hidden") == [50])
    #expect(options.flag("quick"))
    #expect(try options.seed("seed") == UInt64.max)
  }

  static let invalidLines: [([String], String)] = [
    (["--epoch", "3"], "unknown option --epoch"),
    (["--epochs"], "needs a value"),
    (["--epochs", "3", "--epochs", "4"], "more than once"),
    (["--quick=yes"], "takes no value"),
    (["stray"], "unexpected argument 'stray'"),
    (["--out", "--quick"], "--out needs a value"),
  ]

  @Test(arguments: invalidLines)
  func invalidLinesAreRejected(arguments: [String], fragment: String) {
    #expect {
      _ = try Self.command.parse(arguments)
    } throws: { error in
      "\(error)".contains(fragment)
    }
  }

  static let invalidValues: [(String, String)] = [
    ("epochs", "0"), ("epochs", "ten"), ("learning-rate", "nan"),
    ("learning-rate", "-1"), ("hidden", "300,,100"), ("seed", "-4"),
  ]

  @Test(arguments: invalidValues)
  func invalidValuesNameOptionAndValue(name: String, value: String) throws {
    let options = try Self.command.parse(["--\(name)", value])
    #expect {
      switch name {
      case "epochs": _ = try options.integer(name, in: 1...1000)
      case "learning-rate": _ = try options.double(name, in: 1e-12...10)
      case "hidden": _ = try options.integerList(name, in: 1...100_000)
      default: _ = try options.seed(name)
      }
    } throws: { error in
      "\(error)".contains("--\(name)") && "\(error)".contains("'\(value)'")
    }
  }

  @Test func helpListsEveryOptionWithDefault() {
    #expect(throws: UsageError.helpRequested(command: "train")) {
      _ = try Self.command.parse(["--epochs", "2", "--help"])
    }
    let help = Self.command.helpText(program: "ecprune")
    for option in Self.command.options {
      #expect(help.contains("--\(option.name)"))
    }
    #expect(help.contains("Default: 10."))
  }
}
