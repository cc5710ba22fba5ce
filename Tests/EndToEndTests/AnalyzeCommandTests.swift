import Foundation
import Testing

/// Bad input to `ecprune analyze` and `ecprune report`: rejected before
/// any work with one line and exit status 2, and no report files left.
@Suite(.enabled(if: CommandRunner.executable != nil, "ecprune is not built"))
struct AnalyzeCommandTests {
  @Test func largestSeedIsRecordedExactly() throws {
    let folder = try temporaryFolder()
    let result = try CommandRunner.run([
      "analyze", "--quick", "--datasets", "diffusion-sorption", "--analyses",
      "ratio", "--seed", "18446744073709551615", "--cache-dir",
      folder + "/cache", "--out-dir", folder + "/out",
    ])
    #expect(result.status == 0, Comment(rawValue: result.standardError))
    let json = try String(
      contentsOfFile: folder + "/out/analysis.json", encoding: .utf8)
    #expect(json.contains("\"seed\": \"18446744073709551615\""))
  }

  @Test func unwritableCacheIsRejectedFirst() throws {
    let folder = try temporaryFolder()
    let file = folder + "/file"
    try Data("x".utf8).write(to: URL(fileURLWithPath: file))
    let result = try CommandRunner.run([
      "analyze", "--quick", "--cache-dir", file + "/cache", "--out-dir",
      folder + "/out",
    ])
    expectRejected(
      result, naming: "trajectory cache cannot be written",
      leaving: folder + "/out")
  }

  @Test func unknownAnalysisIsRejected() throws {
    let folder = try temporaryFolder()
    let result = try CommandRunner.run([
      "analyze", "--analyses", "depth,width", "--out-dir", folder + "/out",
    ])
    expectRejected(result, naming: "width", leaving: folder + "/out")
  }

  @Test func reportChecksLaterOutputsFirst() throws {
    // A folder where a page of the fourth step goes: the report must stop
    // before training, so the model file of step one is not written.
    let folder = try temporaryFolder()
    try FileManager.default.createDirectory(
      atPath: folder + "/Reports/analysis/ratio.md",
      withIntermediateDirectories: true)
    let result = try CommandRunner.run([
      "report", "--quick", "--out-dir", folder + "/Reports", "--cache-dir",
      folder + "/cache",
    ])
    expectRejected(
      result, naming: "ratio.md",
      leaving: folder + "/Reports/model.safetensors")
  }
}
