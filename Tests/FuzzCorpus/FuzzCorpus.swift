import FileIO
import Foundation
import Testing

/// A file of the on-disk corpora under `Fuzz/`, as a test argument.
public struct CorpusFile: Sendable, CustomTestStringConvertible {
  /// The file's absolute path.
  public let path: String
  /// Whether the reader must reject the file. Files under `Fuzz/malformed`
  /// must be rejected; a crash that libFuzzer saved under `Fuzz/crashes`
  /// may also be a valid file, as long as reading it does not trap.
  public let mustBeRejected: Bool
  /// The path inside `Fuzz/`, such as `malformed/npy/empty.npy`.
  public let testDescription: String

  /// The file's contents.
  public func bytes() throws -> [UInt8] {
    try AtomicFile.read(path)
  }
}

/// The malformed files and saved fuzzing crashes under `Fuzz/`, which
/// the regression tests feed to the readers.
///
/// `Fuzz/malformed/<format>/` holds files written by
/// `Fuzz/make_corpus.py`, and `Fuzz/crashes/<target>/` the inputs that
/// crashed a fuzz target of `make fuzz` before the reader was fixed.
public enum FuzzCorpus {
  /// The repository's `Fuzz` folder, found from this file's path.
  public static let folder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fuzz").path

  /// The 3-4-2 model that the claims files are shaped for.
  public static let claimsModelPath = folder + "/claims-model.safetensors"

  /// The files under `Fuzz/malformed/<format>`, sorted by name.
  public static func malformed(_ format: String) -> [CorpusFile] {
    files(in: "malformed/" + format, mustBeRejected: true)
  }

  /// The files under `Fuzz/crashes/<target>`, sorted by name; none when
  /// the target has never crashed.
  public static func crashes(_ target: String) -> [CorpusFile] {
    files(in: "crashes/" + target, mustBeRejected: false)
  }

  /// Checks that `read`, given the file's path, throws an `InputError`
  /// that names the file, or, for a saved crash, returns normally.
  public static func expectRejected(
    _ file: CorpusFile, sourceLocation: SourceLocation = #_sourceLocation,
    _ read: (String) throws -> Void
  ) {
    do {
      try read(file.path)
      #expect(
        !file.mustBeRejected, "\(file.testDescription) was accepted",
        sourceLocation: sourceLocation)
    } catch let error as InputError {
      #expect(
        error.path == file.path, "error: \(error)",
        sourceLocation: sourceLocation)
      #expect(
        error.description.hasPrefix(file.path + ": "),
        sourceLocation: sourceLocation)
    } catch {
      Issue.record(
        "expected an InputError, got \(type(of: error)): \(error)",
        sourceLocation: sourceLocation)
    }
  }

  private static func files(
    in subfolder: String, mustBeRejected: Bool
  ) -> [CorpusFile] {
    let path = folder + "/" + subfolder
    let names =
      (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    return names.filter { !$0.hasPrefix(".") }.sorted().map {
      CorpusFile(
        path: path + "/" + $0, mustBeRejected: mustBeRejected,
        testDescription: subfolder + "/" + $0)
    }
  }
}
