import Foundation
import Testing

/// The tool's behaviour on bad command lines: one line on stderr, exit
/// status 2, nothing written.
@Suite(.enabled(if: CommandRunner.executable != nil, "ecprune is not built"))
struct CommandLineTests {
  static let badLines: [([String], String)] = [
    (["train", "--epochs", "0"], "--epochs"),
    (["train", "--learning-rate", "nan"], "--learning-rate"),
    (["train", "--hidden", "300,x"], "--hidden"),
    (["train", "--activation", "swish"], "swish"),
    (["train", "--epochs"], "needs a value"),
    (["train", "--bogus"], "unknown option --bogus"),
    (["train", "--data-dir", "/nonexistent/ecprune"], "through --data-dir"),
    (["train", "--out", "/proc/ecprune/model.safetensors"], "/proc/ecprune"),
    (["frobnicate"], "unknown command 'frobnicate'"),
    (["train", "--hidden", "100000,100000"], "GB to train"),
    (["train", "--report", ""], "--report is empty"),
    (["train", "--out", ""], "output path is empty"),
    (["train", "--out", "/tmp/ecprune-e2e-dir/"], "ends in '/'"),
    (["train", "--data-dir", "/no\nsuch"], "/no\\nsuch"),
    (["train", "--training-samples", "60001"], "fewer than the 60001"),
    (["train", "--training-samples", "0"], "--training-samples"),
    (
      ["train", "--out", "/tmp/training.json", "--report", "/tmp"],
      "are the same file"
    ),
    (["bench", "--json", "--data-dir", "x"], "--json needs a value"),
    (["bench", "--truth-samples", "0"], "--truth-samples"),
    (["bench", "--truth-naive-weights", "-1"], "--truth-naive-weights"),
  ]

  @Test(arguments: badLines)
  func badLineFailsWithOneLine(arguments: [String], fragment: String) throws {
    let result = try CommandRunner.run(arguments)
    #expect(result.status == 2)
    let lines = result.standardError.split(separator: "\n")
    #expect(lines.count == 1, "stderr: \(result.standardError)")
    #expect(result.standardError.contains(fragment))
    #expect(result.standardError.hasPrefix("ecprune: error: "))
  }

  @Test func unwritableOutputFailsBeforeTraining() throws {
    let folder = try temporaryFolder()
    let blocker = folder + "/file"
    #expect(FileManager.default.createFile(atPath: blocker, contents: Data()))
    let result = try CommandRunner.run([
      "train", "--out", blocker + "/model.safetensors",
    ])
    #expect(result.status == 2)
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: folder) == ["file"])
  }

  @Test(arguments: ["train", "bench"])
  func helpListsOptionsAndExitsZero(command: String) throws {
    let result = try CommandRunner.run([command, "--help"])
    #expect(result.status == 0)
    #expect(result.standardOutput.contains("Usage: ecprune \(command)"))
    #expect(result.standardOutput.contains("--seed"))
    #expect(result.standardOutput.contains("Default:"))
  }

  @Test func mainHelpListsCommands() throws {
    let result = try CommandRunner.run(["--help"])
    #expect(result.status == 0)
    #expect(result.standardOutput.contains("train"))
    #expect(result.standardOutput.contains("bench"))
  }
}
