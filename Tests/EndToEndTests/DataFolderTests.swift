import Foundation
import Testing

/// Data folders whose files are each valid but do not fit together.
@Suite(.enabled(if: CommandRunner.executable != nil, "ecprune is not built"))
struct DataFolderTests {
  /// Returns an unsigned-byte IDX file: magic 0x0000080N, the big-endian
  /// dimensions, then the payload.
  static func idx(_ shape: [Int], payload: [UInt8]) -> Data {
    var bytes: [UInt8] = [0, 0, 0x08, UInt8(shape.count)]
    for dimension in shape {
      bytes += withUnsafeBytes(of: UInt32(dimension).bigEndian) { Array($0) }
    }
    return Data(bytes + payload)
  }

  /// Writes a data folder with `trainingSide`×`trainingSide` training
  /// images and `testSide`×`testSide` test images, 20 of each.
  static func folder(trainingSide: Int, testSide: Int) throws -> String {
    let folder = try temporaryFolder()
    let labels = (0..<20).map { UInt8($0 % 10) }
    let files: [(String, Data)] = [
      (
        "train-images-idx3-ubyte",
        idx(
          [20, trainingSide, trainingSide],
          payload: [UInt8](
            repeating: 7, count: 20 * trainingSide * trainingSide))
      ),
      ("train-labels-idx1-ubyte", idx([20], payload: labels)),
      (
        "t10k-images-idx3-ubyte",
        idx(
          [20, testSide, testSide],
          payload: [UInt8](repeating: 9, count: 20 * testSide * testSide))
      ),
      ("t10k-labels-idx1-ubyte", idx([20], payload: labels)),
    ]
    for (name, data) in files {
      try data.write(to: URL(fileURLWithPath: folder + "/" + name))
    }
    return folder
  }

  @Test func mismatchedImageSizesAreRejected() throws {
    let data = try Self.folder(trainingSide: 28, testSide: 10)
    let model = try temporaryFolder() + "/model.safetensors"
    let result = try CommandRunner.run([
      "train", "--data-dir", data, "--epochs", "1", "--hidden", "4",
      "--out", model,
    ])
    #expect(result.status == 2)
    #expect(result.standardError.split(separator: "\n").count == 1)
    #expect(
      result.standardError.contains("784 pixels but test images have 100"))
    #expect(!FileManager.default.fileExists(atPath: model))
  }

  @Test func smallConsistentFolderTrains() throws {
    let data = try Self.folder(trainingSide: 10, testSide: 10)
    let model = try temporaryFolder() + "/deeper/model.safetensors"
    let result = try CommandRunner.run([
      "train", "--data-dir", data, "--epochs", "1", "--hidden", "4",
      "--out", model,
    ])
    #expect(result.status == 0, "stderr: \(result.standardError)")
    #expect(FileManager.default.fileExists(atPath: model))
    #expect(result.standardOutput.contains("test accuracy"))
  }
}
